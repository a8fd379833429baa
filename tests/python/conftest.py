"""Shared fixtures for the bindings and CLI tests.

These tests run against the lsmsim package on PYTHONPATH (ctest points it at the dev build's
``build/<preset>/python``) or an installed one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import lsmsim

# The scenario from the README (docs/scenario-format.md describes the format): it passes on a
# complete lsmsim. The other two are the same file with a wrong expectation and broken YAML.
PASSING_SCENARIO = """\
name: an unprivileged user namespace owns its own capabilities
boot: {lsm: capability}
steps:
  - {as: init, fork: alice}
  - {as: alice, setresuid: [1000, 1000, 1000]}
  - {as: alice, unshare: [user]}
  - {as: alice, write: /proc/self/uid_map, data: "0 1000 1"}
  - {as: alice, read: /proc/self/status, expect: {contains: "CapEff:\\t000001ffffffffff"}}
"""

FAILING_SCENARIO = PASSING_SCENARIO.replace(
    "CapEff:\\t000001ffffffffff", "CapEff:\\t0000000000000000"
)

BAD_SCENARIO = """\
name: broken
boot: {lsm: capability}
steps:
  - {as: init, fork: [unclosed
"""


@pytest.fixture
def kernel() -> lsmsim.Kernel:
    return lsmsim.Kernel()


@pytest.fixture
def scenario_files(tmp_path: Path) -> dict[str, Path]:
    """Three scenario files: 'pass' (exit 0), 'fail' (exit 1) and 'bad' (exit 2)."""
    files = {}
    for key, text in (
        ("pass", PASSING_SCENARIO),
        ("fail", FAILING_SCENARIO),
        ("bad", BAD_SCENARIO),
    ):
        path = tmp_path / f"{key}.yaml"
        path.write_text(text)
        files[key] = path
    return files
