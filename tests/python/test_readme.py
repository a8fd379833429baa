"""Every YAML example in README.md is a complete scenario that runs and passes."""

from __future__ import annotations

import re
from pathlib import Path

import lsmsim

ROOT = Path(__file__).resolve().parents[2]


def yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown, flags=re.S)


def test_readme_scenarios_pass() -> None:
    blocks = yaml_blocks((ROOT / "README.md").read_text())
    assert blocks, "README.md should show at least one scenario"
    for i, block in enumerate(blocks):
        report = lsmsim.run_scenario_text(block, name=f"README.md#yaml{i + 1}")
        assert report.passed, report.text + report.error
