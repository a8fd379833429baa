"""Runs every ```python block of docs/python.md, docs/lsm-syscalls.md, docs/selinux.md,
docs/apparmor.md and docs/smack.md, and
every complete ```yaml scenario (one starting with ``name:``) of docs/lsm-syscalls.md, so the
documented examples stay true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import lsmsim

DOCS = Path(__file__).resolve().parents[2] / "docs"
PY_DOCS = [DOCS / "python.md", DOCS / "lsm-syscalls.md", DOCS / "selinux.md", DOCS / "apparmor.md",
           DOCS / "smack.md"]


def blocks(doc: Path, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", doc.read_text(), flags=re.S | re.M)


BLOCKS = [(doc, code) for doc in PY_DOCS for code in blocks(doc, "python")]
SCENARIOS = [y for y in blocks(DOCS / "lsm-syscalls.md", "yaml") if y.startswith("name:")]


def block_id(doc: Path, code: str) -> str:
    first = next(
        line for line in code.splitlines() if line and not line.startswith(("import", "from"))
    )
    return doc.stem + ":" + re.sub(r"\W+", "_", first)[:40]


def test_doc_has_examples() -> None:
    assert len(blocks(DOCS / "python.md", "python")) >= 6
    assert len(blocks(DOCS / "lsm-syscalls.md", "python")) >= 4
    assert len(blocks(DOCS / "selinux.md", "python")) >= 2
    assert len(blocks(DOCS / "apparmor.md", "python")) >= 3
    assert len(blocks(DOCS / "smack.md", "python")) >= 2
    assert SCENARIOS


@pytest.mark.parametrize(("doc", "code"), BLOCKS, ids=[block_id(d, c) for d, c in BLOCKS])
def test_doc_example(doc: Path, code: str) -> None:
    exec(compile(code, str(doc), "exec"), {"__name__": "docs_example"})


@pytest.mark.parametrize("text", SCENARIOS)
def test_doc_scenario(text: str) -> None:
    report = lsmsim.run_scenario_text(text, "docs/lsm-syscalls.md")
    assert report.passed, report.text
