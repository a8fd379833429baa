"""The real Debian audit readers as oracles (docs/audit-readers.md): ausearch, aureport,
libauparse (python3-audit) and sepolgen/audit2allow, run on a log file in auditd's raw format.

auparse and sepolgen are modules of Debian's /usr/bin/python3, not of the project's .venv,
so they run in a subprocess. Every tool runs with TZ=UTC LC_ALL=C (reference §4.4 items 9-10).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent / "audit_readers"
SYSTEM_PYTHON = "/usr/bin/python3"
ENV = {**os.environ, "TZ": "UTC", "LC_ALL": "C"}
ENV.pop("PYTHONPATH", None)  # the system interpreter must not see the venv's packages

_STAMP = re.compile(r"msg=audit\((\d+)\.(\d{3}):(\d+)\)")


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=120, check=False)


def write_log(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines))
    return path


def serial_of(line: str) -> int:
    m = _STAMP.search(line)
    if not m:
        raise ValueError(f"not an audit log line: {line!r}")
    return int(m.group(3))


def ausearch_raw(log: Path, *criteria: str) -> list[str]:
    """`ausearch -if LOG CRITERIA --raw`: the matching records' lines, in file order."""
    r = _run(["ausearch", "-if", str(log), *criteria, "--raw"])
    if r.returncode not in (0, 1):
        raise RuntimeError(f"ausearch failed ({r.returncode}): {r.stderr}")
    return [] if r.returncode == 1 else [x for x in r.stdout.splitlines() if x]


@dataclass(frozen=True)
class AvcRow:
    """One row of `aureport --avc`:
    `N. DATE TIME comm subj syscall class perm... obj result event`."""

    comm: str
    subj: str
    syscall: str
    tclass: str
    perm: str
    obj: str
    result: str
    serial: int


def aureport_avc(log: Path) -> list[AvcRow]:
    r = _run(["aureport", "-if", str(log), "--avc"])
    if r.returncode == 1 and "<no events of interest were found>" in r.stdout:
        return []  # aureport's rc 1: nothing to report
    if r.returncode != 0:
        raise RuntimeError(f"aureport failed ({r.returncode}): {r.stderr}")
    rows = []
    for line in r.stdout.splitlines():
        if not re.match(r"^\d+\. ", line):
            continue
        f = line.split()
        if len(f) < 11:
            raise AssertionError(f"aureport row with {len(f)} columns: {line!r}")
        # The permission column holds every permission of the record, space separated.
        rows.append(AvcRow(f[3], f[4], f[5], f[6], " ".join(f[7:-3]), f[-3], f[-2], int(f[-1])))
    return rows


def unquote(value: str) -> str:
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value


def auparse_records(log: Path) -> list[dict]:
    """Every record libauparse reads: {"type", "type_number", "serial", "time", "fields"} with
    fields as [name, value] pairs in order, quotes removed, without auparse's leading type."""
    r = _run([SYSTEM_PYTHON, str(HERE / "auparse_dump.py"), str(log)])
    if r.returncode != 0:
        raise RuntimeError(f"auparse failed ({r.returncode}): {r.stderr}")
    out = []
    for line in r.stdout.splitlines():
        rec = json.loads(line)
        rec["fields"] = [(k, unquote(v)) for k, v in rec["fields"] if k != "type"]
        out.append(rec)
    return out


def sepolgen_allow_rules(log: Path) -> set[str]:
    """The allow rules sepolgen (audit2allow's library) generates for the log's AVC denials,
    one per source/target/class with its permission set: "allow a_t b_t:file { read write };"."""
    r = _run([SYSTEM_PYTHON, str(HERE / "sepolgen_allow.py"), str(log)])
    if r.returncode != 0:
        raise RuntimeError(f"sepolgen failed ({r.returncode}): {r.stderr}")
    return {x.strip() for x in r.stdout.splitlines() if x.strip().startswith("allow ")}


def audit2allow(log: Path, policy: Path) -> tuple[int, str]:
    """`audit2allow -p POLICY -i LOG` (a binary policy is required offline, reference §4.3)."""
    r = _run(["audit2allow", "-p", str(policy), "-i", str(log)])
    return r.returncode, r.stdout
