"""Runs every ```python block of docs/python.md, so the documented examples stay true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "python.md"
BLOCKS = re.findall(r"^```python\n(.*?)^```", DOC.read_text(), flags=re.S | re.M)


def block_id(code: str) -> str:
    first = next(line for line in code.splitlines() if line and not line.startswith("import"))
    return re.sub(r"\W+", "_", first)[:40]


def test_doc_has_examples() -> None:
    assert len(BLOCKS) >= 6


@pytest.mark.parametrize("code", BLOCKS, ids=[block_id(b) for b in BLOCKS])
def test_doc_example(code: str) -> None:
    exec(compile(code, str(DOC), "exec"), {"__name__": "docs_example"})
