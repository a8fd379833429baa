"""`lsmsim run` outputs for CI and tools: --junit (read back with xml.etree and junitparser),
--trace-json (every line parsed, agreeing with --trace's text), --audit-dir (each daemon's log
read back by the real ausearch), --progress (on a real pseudo-terminal), and `lsmsim explain`.
Everything runs the real command line (`python -m lsmsim`, or the native executable when ctest
names it in LSMSIM_NATIVE_CLI)."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import junitparser
import pytest

from audit_oracles import ausearch_raw

ROOT = Path(__file__).resolve().parents[2]
NSPAWN = "scenarios/flagship/08_selinux_namespace_nspawn.yaml"
FIRST_DENIER = "scenarios/flagship/02_stacking_first_denier.yaml"
STACKED_AA = "scenarios/apparmor/stacked_exec.yaml"
AUDIT = "scenarios/flagship/12_audit_containers.yaml"
BAD = "scenarios/invalid/bad_mode.yaml"
MATRIX = "scenarios/format/02_matrix_lsm_order.yaml"
CELLS = ["a_then_b", "b_then_a", "a_exclusive", "b_exclusive"]

# A scenario with one passing step, one unmet expectation, one step that cannot run, and
# text XML 1.0 cannot carry as is (a C0 control character, NUL, a tab, markup characters).
MIXED = """\
name: mixed <results> & "quotes"
boot: {lsm: capability}
steps:
  - {as: init, fork: a, note: "tab\\there, control \\x01 and NUL \\0 & <markup>"}
  - {as: a, mkdir: /made, expect: {error: EPERM}, note: "ctl \\x02 <fail> & more"}
  - {as: a, exit: 0}
  - {as: a, mkdir: /never}
"""


def lsmsim() -> list[str]:
    native = os.environ.get("LSMSIM_NATIVE_CLI")
    return [native] if native else [sys.executable, "-m", "lsmsim"]


# PYTHONPATH made absolute: some commands run in a scratch folder.
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(
    str(Path(p).resolve()) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)}


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*lsmsim(), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False, env=ENV)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    p = tmp_path / "mixed.yaml"
    p.write_text(MIXED)
    return p


def step_lines(text: str) -> list[tuple[int, str]]:
    """(index, rest of line) for every step line of a verbose text report."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^(?:PASS|FAIL)  \[(\d+)\] (.*)$", line)
        if m:
            out.append((int(m.group(1)), f"[{m.group(1)}] {m.group(2)}"))
    return out


# ---------------------------------------------------------------- JUnit

def test_junit_structure_and_counts(tmp_path: Path, mixed: Path) -> None:
    xml = tmp_path / "report.xml"
    files = [NSPAWN, FIRST_DENIER, str(mixed), BAD]
    proc = run("run", "--junit", str(xml), *files)
    assert proc.returncode == 2, proc.stderr  # bad input wins
    root = ET.parse(xml).getroot()  # a real XML reader: any invalid character fails here
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == files

    # Each valid file: one testcase per step, named as the text report names the step.
    for suite, f in zip(suites[:2], files[:2]):
        verbose = run("run", "-v", f).stdout
        steps = step_lines(verbose)
        cases = suite.findall("testcase")
        step_cases = [c for c in cases if not c.get("name").startswith("boot: ")]
        assert len(step_cases) == len(steps) > 0
        for case, (_, line) in zip(step_cases, steps):
            assert line.startswith(case.get("name")), (case.get("name"), line)
        assert int(suite.get("tests")) == len(cases)
        assert suite.get("failures") == suite.get("errors") == "0"
        stem = Path(f).with_suffix("").as_posix().replace("/", ".")
        assert {c.get("classname") for c in cases} == {stem}

    # The mixed file: 4 steps, one failure with expected/actual, one error.
    m = suites[2]
    cases = m.findall("testcase")
    assert (m.get("tests"), m.get("failures"), m.get("errors")) == ("4", "1", "1")
    assert [c.get("name")[:4] for c in cases] == ["[1] ", "[2] ", "[3] ", "[4] "]
    failure = cases[1].find("failure")
    assert failure is not None and cases[1].find("error") is None
    assert failure.get("message").startswith("expected: error EPERM; actual: ")
    assert "expected: error EPERM" in failure.text and "actual:" in failure.text
    error = cases[3].find("error")
    assert error is not None and "has exited" in error.get("message")
    assert cases[0].find("failure") is None and cases[0].find("error") is None
    # Text XML cannot carry is replaced visibly; the rest survives the round trip.
    out0 = cases[0].find("system-out").text
    assert "tab\there" in out0 and "& <markup>" in out0
    assert "\\x01" in out0 and "\\x00" in out0
    assert "\\x02 <fail> & more" in failure.text

    # Bad input: one testsuite with an <error> giving file:line:col.
    b = suites[3]
    assert (b.get("tests"), b.get("failures"), b.get("errors")) == ("1", "0", "1")
    msg = b.find("testcase/error").get("message")
    assert msg.startswith(f"{BAD}:3:33: ") and msg in proc.stderr

    # Totals are the sums.
    for attr in ("tests", "failures", "errors"):
        assert int(root.get(attr)) == sum(int(s.get(attr)) for s in suites)
    assert abs(float(root.get("time")) - sum(float(s.get("time")) for s in suites)) < 1e-3


def test_junitparser_reads_it(tmp_path: Path, mixed: Path) -> None:
    xml = tmp_path / "report.xml"
    run("run", "--junit", str(xml), FIRST_DENIER, str(mixed), BAD)
    doc = junitparser.JUnitXml.fromfile(str(xml))
    suites = list(doc)
    assert [s.name for s in suites] == [FIRST_DENIER, str(mixed), BAD]
    kinds = []
    for s in suites:
        cases = list(s)
        assert s.tests == len(cases)
        results = [type(r).__name__ for c in cases for r in c.result]
        assert s.failures == results.count("Failure")
        assert s.errors == results.count("Error")
        kinds.append(results)
    assert kinds[0] == []
    assert kinds[1] == ["Failure", "Error"]
    assert kinds[2] == ["Error"]
    assert doc.tests == sum(s.tests for s in suites)


def test_junit_on_an_unwritable_path_is_an_error(tmp_path: Path) -> None:
    proc = run("run", "--junit", str(tmp_path / "no" / "such" / "dir.xml"), FIRST_DENIER)
    assert proc.returncode == 2
    assert "--junit: cannot write" in proc.stderr


# ---------------------------------------------------------------- JSON lines

def text_trace(text: str) -> list[tuple[int, str, str, int]]:
    """(step, hook, lsm, rc) from the `--trace` text report."""
    out, step = [], None
    for line in text.splitlines():
        m = re.match(r"^(?:PASS|FAIL)  \[(\d+)\] ", line)
        if m:
            step = int(m.group(1))
            continue
        m = re.match(r"^\s+hook (\S+) -> (\S+) = (-?\d+)", line)
        if m:
            out.append((step, m.group(1), m.group(2), int(m.group(3))))
    return out


@pytest.mark.parametrize("scenario", [NSPAWN, FIRST_DENIER, STACKED_AA])
def test_trace_json_agrees_with_the_text_trace(tmp_path: Path, scenario: str) -> None:
    jl = tmp_path / "trace.jsonl"
    proc = run("run", "--trace", "--trace-json", str(jl), scenario)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = [json.loads(line) for line in jl.read_text().splitlines()]
    assert rows
    assert [(r["step"], r["hook"], r["lsm"], r["rc"]) for r in rows] == text_trace(proc.stdout)
    for r in rows:
        assert r["file"] == scenario and r["cell"] is None
        assert (r["errno"] is None) == (r["rc"] >= 0)
        if r["rc"] < 0:
            assert r["errno"].startswith("E")
        else:
            assert r["reason"] is None
        for lv in r["levels"]:
            assert set(lv) == {"level", "subject", "rc", "errno", "reason"}


def test_trace_json_levels_of_a_selinux_namespace(tmp_path: Path) -> None:
    jl = tmp_path / "trace.jsonl"
    run("run", "--trace-json", str(jl), NSPAWN)
    rows = [json.loads(line) for line in jl.read_text().splitlines()]
    # Step 18: the child's policy allows, the host level (init) denies.
    denied = [r for r in rows if r["step"] == 18 and r["rc"] < 0]
    assert len(denied) == 1
    d = denied[0]
    assert (d["lsm"], d["errno"], d["ns_level"]) == ("selinux", "EACCES", "init")
    assert "scontext=system_u:system_r:nspawn_t:s0" in d["reason"]
    levels = [(lv["level"], lv["rc"]) for lv in d["levels"]]
    assert len(levels) == 2 and levels[1] == ("init", -13)
    child = levels[0][0]
    assert child != "init" and levels[0][1] == 0
    # Step 23: the guest's own enforcing policy denies at the child level; init is not asked.
    d23 = [r for r in rows if r["step"] == 23 and r["rc"] < 0]
    assert len(d23) == 1 and d23[0]["ns_level"] == child
    assert [lv["level"] for lv in d23[0]["levels"]] == [child]
    # Every SELinux hook call of the containerised task names its levels.
    for r in rows:
        if r["lsm"] == "selinux" and r["levels"]:
            assert r["ns_level"] in {lv["level"] for lv in r["levels"]}


def test_trace_json_levels_of_smack_namespaces(tmp_path: Path) -> None:
    jl = tmp_path / "trace.jsonl"
    run("run", "--trace-json", str(jl), "scenarios/flagship/11_smack_namespaced_containers.yaml")
    rows = [json.loads(line) for line in jl.read_text().splitlines()]
    # Access checks (smk_access/smk_tskacc) note their level; a refused label write does not.
    denied = [r for r in rows if r["lsm"] == "smack" and r["rc"] < 0 and r["levels"]]
    assert len(denied) >= 5
    # Each refusal happened inside a container's Smack namespace (its user namespace's label
    # map), named as the scenario names the namespace; the level named is the refusing one.
    levels = {r["ns_level"] for r in denied}
    assert levels and "init" not in levels and None not in levels
    for r in denied:
        assert any(lv["level"] == r["ns_level"] and lv["rc"] < 0 for lv in r["levels"])


# ---------------------------------------------------------------- audit directory

def test_audit_dir_logs_read_back_by_ausearch(tmp_path: Path) -> None:
    out = tmp_path / "audit"
    proc = run("run", "--audit-dir", str(out), AUDIT, FIRST_DENIER)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    folder = out / Path(AUDIT).stem
    logs = sorted(p.name for p in folder.iterdir())
    assert logs == ["ctr.log", "host.log", "kmsg.txt"]
    assert (out / Path(FIRST_DENIER).stem / "kmsg.txt").exists()  # no daemon: kmsg only
    for name in ("host.log", "ctr.log"):
        log = folder / name
        lines = log.read_text().splitlines()
        assert lines
        # ausearch reads every record of the file, in order, unchanged.
        assert ausearch_raw(log) == lines
    host = folder / "host.log"
    logins = ausearch_raw(host, "-m", "USER_LOGIN")
    assert any('acct="ftp"' in x for x in logins)
    # The container daemon's records are its own: the host's key "web" rule is not there.
    assert ausearch_raw(folder / "ctr.log", "-k", "web") == []
    assert ausearch_raw(host, "-k", "web")


def test_audit_dir_same_stem_twice(tmp_path: Path) -> None:
    out = tmp_path / "audit"
    run("run", "--audit-dir", str(out), AUDIT, AUDIT)
    assert sorted(p.name for p in out.iterdir()) == [Path(AUDIT).stem, Path(AUDIT).stem + ".2"]


# ---------------------------------------------------------------- progress

def run_on_pty(*args: str) -> tuple[int, str, str]:
    """Runs lsmsim with stderr on a pseudo-terminal (stdout a pipe)."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([*lsmsim(), *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=slave, text=True)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    stdout, _ = proc.communicate(timeout=300)
    return proc.returncode, stdout, b"".join(chunks).decode(errors="replace")


def test_progress_on_a_terminal() -> None:
    rc, stdout, tty = run_on_pty("run", "-q", NSPAWN, FIRST_DENIER)
    assert rc == 0, stdout + tty
    assert f"\r\x1b[K[1/2] {NSPAWN}" in tty
    assert f"\r\x1b[K[2/2] {FIRST_DENIER}" in tty
    assert re.search(r"\[1/2\] \S+ step 24/24", tty)  # the last step is always drawn
    assert tty.endswith("\r\x1b[K")  # the line is erased at the end
    assert "\x1b" not in stdout


def test_no_progress_unless_asked() -> None:
    rc, _, tty = run_on_pty("run", "-q", "--progress", "never", FIRST_DENIER)
    assert rc == 0 and "[1/1]" not in tty
    # Bytes: text mode would turn the \r into \n.
    def piped(*args: str) -> bytes:
        return subprocess.run([*lsmsim(), "run", "-q", *args, FIRST_DENIER], cwd=ROOT,
                              capture_output=True, timeout=300, check=True).stderr

    assert piped() == b""
    assert piped("--progress", "auto") == b""
    forced = piped("--progress", "always").decode()
    assert f"\r\x1b[K[1/1] {FIRST_DENIER} step 3/3" in forced
    assert forced.endswith("\r\x1b[K")


# ---------------------------------------------------------------- explain

def test_explain_text_and_json() -> None:
    text = run("explain", NSPAWN, "--step", "18")
    assert text.returncode == 0, text.stderr
    first = text.stdout.splitlines()[0]
    assert re.match(rf"^{re.escape(NSPAWN)}:\d+:\d+: denied: step 18: nspawn\$ read\(", first)
    assert "level init [system_u:system_r:nspawn_t:s0]: denied" in text.stdout
    assert "=> EACCES (13), decided by selinux in inode_permission, namespace level init" in text.stdout
    js = run("explain", NSPAWN, "--step", "18", "--json")
    doc = json.loads(js.stdout)
    assert doc["verdict"] == "denied" and doc["decided_by"]["ns_level"] == "init"
    # The JSON trace of `run` and explain agree on the deciding hook call.
    assert doc["calls"][-1]["decided_by"] == "selinux"


def test_explain_shows_the_lsms_never_called() -> None:
    out = run("explain", FIRST_DENIER, "--step", "3").stdout
    assert "probe_c     not called: probe_b already answered -13 EACCES" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--step", "99"], "there is no step 99"),
    (["--step", "1", "--cell", "x"], "no matrix cell named 'x'"),
])
def test_explain_bad_input(args: list[str], message: str) -> None:
    proc = run("explain", FIRST_DENIER, *args)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{FIRST_DENIER}:1:1: ") and message in proc.stderr


# ---------------------------------------------------------------- matrix cells

def test_matrix_cells_in_every_output(tmp_path: Path) -> None:
    xml, jl, audit = tmp_path / "r.xml", tmp_path / "t.jsonl", tmp_path / "audit"
    proc = run("run", "-q", "--junit", str(xml), "--trace-json", str(jl), "--audit-dir",
               str(audit), MATRIX)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    suites = ET.parse(xml).getroot().findall("testsuite")
    assert [s.get("name") for s in suites] == [f"{MATRIX} [{c}]" for c in CELLS]
    stem = Path(MATRIX).with_suffix("").as_posix().replace("/", ".")
    for s, c in zip(suites, CELLS):
        assert {t.get("classname") for t in s.findall("testcase")} == {f"{stem}.{c}"}
        assert s.find("properties/property[@name='cell']").get("value") == c
    rows = [json.loads(line) for line in jl.read_text().splitlines()]
    assert sorted({r["cell"] for r in rows}) == sorted(CELLS)
    # Step 2's denier is the first LSM of each cell's order.
    deniers = {r["cell"]: r["lsm"] for r in rows if r["step"] == 2 and r["rc"] < 0}
    assert deniers == {"a_then_b": "probe_a", "b_then_a": "probe_b",
                       "a_exclusive": "probe_a", "b_exclusive": "probe_b"}
    assert sorted(p.name for p in audit.iterdir()) == sorted(
        f"{Path(MATRIX).stem}.{c}" for c in CELLS)


@pytest.mark.parametrize(("cell", "denier", "other", "rc"), [
    ("a_then_b", "probe_a", "probe_b", "-13 EACCES"),
    ("b_then_a", "probe_b", "probe_a", "-1 EPERM"),
])
def test_explain_a_matrix_cell(cell: str, denier: str, other: str, rc: str) -> None:
    proc = run("explain", MATRIX, "--step", "2", "--cell", cell)
    assert proc.returncode == 0, proc.stderr
    assert f": denied: step 2 [{cell}]: init$ open(" in proc.stdout.splitlines()[0]
    assert f"{other:<11} not called: {denier} already answered {rc}" in proc.stdout
    bad = run("explain", MATRIX, "--step", "2")
    assert bad.returncode == 2 and "name a cell with --cell" in bad.stderr
    assert all(c in bad.stderr for c in CELLS)


# ---------------------------------------------------------------- docs/cli.md

def doc_commands() -> list[tuple[str, int]]:
    """Every `$ lsmsim ...` line of docs/cli.md's ```console blocks, with the exit status the
    block states after it ("# exit N"; 0 when none)."""
    text = (ROOT / "docs" / "cli.md").read_text()
    out = []
    for block in re.findall(r"^```console\n(.*?)^```", text, flags=re.S | re.M):
        for m in re.finditer(r"^\$ (lsmsim .*?)(?:\s+# exit (\d))?$", block, flags=re.M):
            out.append((m.group(1), int(m.group(2) or 0)))
    return out


def test_docs_have_examples() -> None:
    cmds = [c for c, _ in doc_commands()]
    for sub in ("run", "explain"):
        assert any(c.startswith(f"lsmsim {sub} ") for c in cmds), sub
    for opt in ("--junit", "--trace-json", "--audit-dir", "--progress", "--step", "--json"):
        assert any(opt in c for c in cmds), opt


@pytest.mark.parametrize(("command", "status"), doc_commands())
def test_docs_example(tmp_path: Path, command: str, status: int) -> None:
    # Run in a scratch folder that sees the scenario library, so outputs land there.
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios")
    args = command.split()[1:]
    proc = run(*args, cwd=tmp_path)
    assert proc.returncode == status, proc.stdout + proc.stderr
