"""The analysis from Python and the command line: lsmsim.reach(), `lsmsim reach` and
`lsmsim transitions`, and the examples of docs/analysis.md (run as written)."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import lsmsim

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "analysis.md"
ESCAPE = REPO / "scenarios" / "analysis" / "stacked_escape.yaml"
NO_ESCAPE = REPO / "scenarios" / "analysis" / "stacked_no_escape.yaml"
SETUP = 15  # the steps that set the container up


def cli() -> list[str]:
    native = os.environ.get("LSMSIM_NATIVE_CLI")
    return [native] if native else [sys.executable, "-m", "lsmsim"]


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cli() + args, capture_output=True, text=True, timeout=120,
                          check=False, cwd=REPO)


def test_reach_finds_the_two_step_escape() -> None:
    r = lsmsim.reach(ESCAPE, from_task="ctr", after_step=SETUP,
                     access="open /etc/shadow O_WRONLY", per_lsm=True)
    assert r.reachable and bool(r)
    assert [s["via"] for s in r.path] == ["exec /usr/bin/update", "exec /usr/sbin/admin"]
    assert r.path[0]["file_context"] == "system_u:object_r:update_exec_t:s0"
    assert r.path[0]["to"] == r.path[1]["from"]
    assert r.states[0]["labels"] == {"selinux": "system_u:system_r:container_t:s0",
                                     "apparmor": "ctr (enforce)"}
    assert r.states[0]["access_allowed"] is False
    target = [s for s in r.states if s["access_allowed"]]
    assert [s["labels"] for s in target] == [r.path[-1]["to"]]
    assert set(r.per_lsm) == {"selinux", "apparmor"}
    assert r.transitions > 0 and r.refused > 0


def test_the_same_question_in_its_two_spellings() -> None:
    a = lsmsim.reach(str(ESCAPE), from_task="ctr", after_step=SETUP,
                     to={"selinux": "update_t", "apparmor": "ctr-admin"})
    b = lsmsim.reach(ESCAPE, from_task="ctr", after_step=SETUP,
                     to="selinux=update_t,apparmor=ctr-admin")
    assert a.reachable and b.reachable and a.path == b.path
    c = lsmsim.reach(ESCAPE, from_task="ctr", after_step=SETUP,
                     access={"open": "/etc/shadow", "flags": "O_WRONLY"})
    assert [s["via"] for s in c.path] == [s["via"] for s in a.path]


def test_no_escape_is_proven_and_each_lsm_alone_disagrees() -> None:
    r = lsmsim.reach(NO_ESCAPE, from_task="ctr", after_step=SETUP,
                     access="open /etc/shadow O_WRONLY", per_lsm=True)
    assert not r.reachable and r.path == []
    assert all(s["access_allowed"] is False for s in r.states)
    assert {s["access_denied_by"] for s in r.states} == {"selinux", "apparmor"}
    for lsm, alone in r.per_lsm.items():
        assert alone["reachable"], lsm
        assert all(set(s["labels"]) == {lsm} for s in alone["states"])
    assert "no reachable state of the stack is allowed by all" in r.text


def test_self_changes_add_label_changes_the_task_asks_for() -> None:
    plain = lsmsim.reach(NO_ESCAPE, from_task="ctr", after_step=SETUP,
                         access="open /etc/shadow O_WRONLY")
    more = lsmsim.reach(NO_ESCAPE, from_task="ctr", after_step=SETUP,
                        access="open /etc/shadow O_WRONLY", self_changes=True)
    assert not more.reachable
    assert more.refused > plain.refused
    listing = run(["transitions", str(NO_ESCAPE), "--from", "ctr", "--after-step", str(SETUP),
                   "--self-changes"])
    assert "by setexeccon system_u:system_r:update_t:s0; exec /usr/bin/update" in listing.stdout
    assert "change_profile ctr-admin" in listing.stdout


def test_to_dot_renders_with_graphviz(tmp_path: Path) -> None:
    r = lsmsim.reach(ESCAPE, from_task="ctr", after_step=SETUP, access="open /etc/shadow O_WRONLY")
    dot = r.to_dot()
    assert dot.startswith("digraph") and "color=red" in dot
    assert len(re.findall(r"^\d+\[shape=box", dot, flags=re.M)) == len(r.states)
    if shutil.which("dot"):
        out = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True,
                             check=True)
        assert "<svg" in out.stdout


def test_bad_queries_are_value_errors_and_limits_are_named() -> None:
    with pytest.raises(ValueError, match="expected LSM=LABEL"):
        lsmsim.reach(ESCAPE, from_task="ctr", to="selinux")
    with pytest.raises(ValueError, match="unknown open flag 'O_NOPE'"):
        lsmsim.reach(ESCAPE, from_task="ctr", access="open /etc/shadow O_NOPE")
    with pytest.raises(ValueError, match="no task 'nobody'"):
        lsmsim.reach(ESCAPE, from_task="nobody")
    with pytest.raises(lsmsim.AnalysisLimitExceeded, match="max_states = 1"):
        lsmsim.reach(ESCAPE, from_task="ctr", after_step=SETUP, max_states=1)
    with pytest.raises(ValueError, match="cannot open scenario file"):
        lsmsim.reach(REPO / "no-such.yaml", from_task="ctr")


def test_cli_reach_exit_status() -> None:
    yes = run(["reach", str(ESCAPE), "--from", "ctr", "--after-step", str(SETUP),
               "--access", "open /etc/shadow O_WRONLY", "--per-lsm"])
    assert yes.returncode == 0, yes.stderr
    assert "2. exec /usr/sbin/admin" in yes.stdout
    assert "selinux alone: reachable in 1 step: exec /usr/bin/update" in yes.stdout
    no = run(["reach", str(NO_ESCAPE), "--from", "ctr", "--after-step", str(SETUP),
              "--access", "open /etc/shadow O_WRONLY"])
    assert no.returncode == 1, no.stderr
    assert "reachable: no" in no.stdout
    bad = run(["reach", str(ESCAPE), "--from", "ctr", "--to", "selinux"])
    assert bad.returncode == 2 and "expected LSM=LABEL" in bad.stderr
    limit = run(["reach", str(ESCAPE), "--from", "ctr", "--max-states", "1"])
    assert limit.returncode == 2 and "max_states = 1" in limit.stderr


def test_cli_dot_outputs(tmp_path: Path) -> None:
    out = tmp_path / "g.dot"
    r = run(["reach", str(ESCAPE), "--from", "ctr", "--after-step", str(SETUP),
             "--to", "apparmor=ctr-admin", "--dot", str(out)])
    assert r.returncode == 0, r.stderr
    assert out.read_text().startswith("digraph")
    t = run(["transitions", str(ESCAPE), "--from", "ctr", "--after-step", str(SETUP), "--dot"])
    assert t.returncode == 0 and t.stdout.startswith("digraph")
    listing = run(["transitions", str(ESCAPE), "--from", "ctr", "--after-step", str(SETUP)])
    assert "refused by apparmor: /sbin/init" in listing.stdout


def test_cli_reach_across_apparmor_namespaces() -> None:
    # Flagship 09: the container's task is in a stack with its own policy namespace; after
    # container root loaded cupsd's profile (step 30), exec enters ":ns:/usr/sbin/cupsd".
    r = run(["reach", "scenarios/flagship/09_apparmor_lxd_on_selinux.yaml", "--from", "c1",
             "--after-step", "30", "--to", "apparmor=/usr/sbin/cupsd"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1. exec /usr/sbin/cupsd" in r.stdout
    assert ":lxd-c1_<var-snap-lxd-common-lxd>:/usr/sbin/cupsd (enforce)" in r.stdout


def test_cli_reach_inside_an_selinux_namespace() -> None:
    # Flagship 08: nspawn is nspawn_t at the host and init_t in its own SELinux namespace; the
    # state keeps the task's own view, so a type of the child policy is a target.
    r = run(["reach", "scenarios/flagship/08_selinux_namespace_nspawn.yaml", "--from", "nspawn",
             "--after-step", "50", "--to", "selinux=guest_daemon_t", "--self-changes"])
    assert r.returncode == 0, r.stdout + r.stderr
    assert "selinux=system_u:system_r:nspawn_t:s0 (own view: system_u:system_r:init_t:s0)" in r.stdout
    assert "1. setcon system_u:system_r:guest_daemon_t:s0" in r.stdout
    without = run(["reach", "scenarios/flagship/08_selinux_namespace_nspawn.yaml", "--from",
                   "nspawn", "--after-step", "50", "--to", "selinux=guest_daemon_t"])
    assert without.returncode == 1, without.stdout + without.stderr


def doc_blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", DOC.read_text(), flags=re.S | re.M)


def test_doc_has_examples() -> None:
    assert len(doc_blocks("python")) >= 2 and len(doc_blocks("console")) >= 2


@pytest.mark.parametrize("code", doc_blocks("python"))
def test_doc_python_example(code: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    exec(compile(code, str(DOC), "exec"), {"__name__": "docs_example"})


@pytest.mark.parametrize("block", doc_blocks("console"))
def test_doc_console_example(block: str) -> None:
    first, *output = block.splitlines()
    assert first.startswith("$ lsmsim ")
    r = run(shlex.split(first[len("$ lsmsim "):]))
    assert r.returncode in (0, 1), r.stderr
    assert r.stdout.splitlines() == output


def test_doc_yaml_steps_run_in_the_scenario() -> None:
    # The steps docs/analysis.md shows are those of the scenario, which passes.
    text = ESCAPE.read_text()
    assert 'reachable: {from: ctr, to: "selinux=admin_t,apparmor=ctr-admin"}' in text
    assert lsmsim.run_scenario(ESCAPE).passed
    assert lsmsim.run_scenario(NO_ESCAPE).passed
