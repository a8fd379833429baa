"""Keeps the examples of docs/selinux-policy.md true.

Each ```policy block must compile with the real checkpolicy (``-M -c 33``) and load through
``Kernel().selinux.load_policy(text, "docs")``. Each ```policy-bad block must be refused by
both. Each ```policy-unsupported block must compile with checkpolicy and be refused by
lsmsim. For the last two kinds, the line after the block reads
``lsmsim: `docs:LINE:COL: message` ``, and str() of the PolicyError must be exactly that.
An optional next line ``checkpolicy: `text` `` gives text that checkpolicy's output must
contain. The ```python blocks of the page are run as well.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

import lsmsim

DOC = Path(__file__).resolve().parents[2] / "docs" / "selinux-policy.md"
FENCE = re.compile(r"^```(policy|policy-bad|policy-unsupported|python)\n(.*?)^```\n", re.S | re.M)
LSMSIM_LINE = re.compile(r"\A\n*lsmsim: `([^`\n]+)`\n")
CHECKPOLICY_LINE = re.compile(r"\Acheckpolicy: `([^`\n]+)`\n")


@dataclass
class Block:
    kind: str  # "policy", "policy-bad", "policy-unsupported" or "python"
    text: str
    line: int  # line of the opening fence in the page
    lsmsim_error: str | None = None
    checkpolicy_says: str | None = None

    @property
    def id(self) -> str:
        return f"{self.kind}@{self.line}"


def doc_blocks() -> list[Block]:
    page = DOC.read_text()
    out = []
    for m in FENCE.finditer(page):
        b = Block(m.group(1), m.group(2), page.count("\n", 0, m.start()) + 1)
        if b.kind in ("policy-bad", "policy-unsupported"):
            after = page[m.end():]
            err = LSMSIM_LINE.match(after)
            b.lsmsim_error = err.group(1) if err else None
            if err:
                cp = CHECKPOLICY_LINE.match(after[err.end():])
                b.checkpolicy_says = cp.group(1) if cp else None
        out.append(b)
    return out


BLOCKS = doc_blocks()
POLICIES = [b for b in BLOCKS if b.kind != "python"]


def checkpolicy(text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("checkpolicy") or next(
        (p for p in ("/usr/bin/checkpolicy", "/usr/sbin/checkpolicy") if Path(p).exists()), None
    )
    if tool is None:
        pytest.fail(
            "checkpolicy is not installed: run scripts/setup.sh (Debian package checkpolicy)"
        )
    conf = tmp_path / "docs.conf"
    conf.write_text(text)
    return subprocess.run(
        [tool, "-M", "-c", "33", "-o", str(tmp_path / "policy.33"), str(conf)],
        capture_output=True,
        text=True,
        check=False,
    )


def load(text: str) -> None:
    lsmsim.Kernel().selinux.load_policy(text, "docs")


def test_page_has_its_examples() -> None:
    kinds = [b.kind for b in BLOCKS]
    assert kinds.count("policy") >= 1
    assert kinds.count("policy-bad") >= 3
    assert kinds.count("policy-unsupported") >= 1
    for b in POLICIES:
        if b.kind != "policy":
            assert b.lsmsim_error, f"line {b.line}: no 'lsmsim: `docs:L:C: ...`' line follows"
            assert re.match(r"docs:\d+:\d+: ", b.lsmsim_error), b.lsmsim_error


@pytest.mark.parametrize("block", POLICIES, ids=[b.id for b in POLICIES])
def test_policy_block(block: Block, tmp_path: Path) -> None:
    cp = checkpolicy(block.text, tmp_path)
    cp_out = cp.stdout + cp.stderr
    if block.kind == "policy-bad":
        assert cp.returncode != 0, f"checkpolicy accepts the policy-bad block at line {block.line}"
    else:
        assert cp.returncode == 0, f"checkpolicy refuses the block at line {block.line}:\n{cp_out}"
    if block.checkpolicy_says is not None:
        assert block.checkpolicy_says in cp_out, cp_out

    if block.kind == "policy":
        load(block.text)
        return
    with pytest.raises(lsmsim.PolicyError) as info:
        load(block.text)
    err = info.value
    assert str(err).startswith(re.match(r"docs:\d+:\d+:", block.lsmsim_error).group(0))
    assert str(err) == block.lsmsim_error
    assert err.file == "docs"
    assert f"docs:{err.line}:{err.column}: {err.message}" == block.lsmsim_error
    if block.kind == "policy-unsupported":
        assert err.message.startswith("unsupported construct: ")


@pytest.mark.parametrize("block", [b for b in BLOCKS if b.kind == "python"], ids=lambda b: b.id)
def test_python_block(block: Block) -> None:
    exec(compile(block.text, str(DOC), "exec"), {"__name__": "docs_example"})
