"""`lsmsim ps` and `lsmsim graph` (docs/ps-and-graph.md): the CLI through `python -m lsmsim`,
Kernel.ps from Python, the `ps:` scenario op, and every example of the doc page: its
```console blocks are run and their output compared, its ```yaml scenario and ```python block
run. The DOT is read back by Graphviz itself (`dot -Tplain`) and the SVG parsed as XML."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import lsmsim

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "ps-and-graph.md"
NSPAWN = "scenarios/flagship/08_selinux_namespace_nspawn.yaml"
LXD = "scenarios/flagship/09_apparmor_lxd_on_selinux.yaml"


def lsmsim_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lsmsim", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
    )


def blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", DOC.read_text(), flags=re.S | re.M)


def console_examples() -> list[tuple[str, str]]:
    """(command line, expected output) for every `$ lsmsim ...` of the console blocks."""
    out = []
    for block in blocks("console"):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, expected = chunk.partition("\n")
            out.append((command, expected))
    return out


EXAMPLES = console_examples()


def test_doc_has_examples() -> None:
    assert len(EXAMPLES) >= 8
    assert any("graph" in c for c, _ in EXAMPLES)
    assert len(blocks("yaml")) == 1
    assert len(blocks("python")) == 1


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_doc_console_example(command: str, expected: str) -> None:
    # `| grep PATTERN` keeps the matching lines, as the shell would.
    command, _, grep = command.partition(" | grep ")
    argv = shlex.split(command)
    assert argv[0] == "lsmsim"
    r = lsmsim_cli(*argv[1:])
    assert r.returncode == 0, r.stderr
    got = r.stdout
    if grep:
        got = "".join(line + "\n" for line in got.splitlines() if grep in line)
    assert got == expected


def test_doc_scenario() -> None:
    report = lsmsim.run_scenario_text(blocks("yaml")[0], "docs/ps-and-graph.md")
    assert report.passed, report.text


def test_doc_python() -> None:
    exec(compile(blocks("python")[0], str(DOC), "exec"), {"__name__": "docs_example"})


# ---- ps ----


def test_ps_json_matches_the_table() -> None:
    table = lsmsim_cli("ps", LXD, "--lsm", "all", "--as", "c1")
    as_json = lsmsim_cli("ps", LXD, "--lsm", "all", "--as", "c1", "--format", "json")
    rows = json.loads(as_json.stdout)
    lines = table.stdout.splitlines()
    assert lines[0].split() == [
        "LABEL", "SELINUX", "APPARMOR", "USER", "PID", "PPID", "TTY", "TIME", "CMD", "TASK"
    ]
    assert len(lines) == len(rows) + 1
    by_task = {r["task"]: r for r in rows}
    assert by_task["lxd"]["labels"]["apparmor"] == {"label": None, "error": "EACCES"}
    assert by_task["cupsd"]["labels"]["apparmor"]["label"] == "/usr/sbin/cupsd (enforce)"
    assert by_task["c1"]["uid"] == 0 and by_task["lxd"]["uid"] == 65534
    for line, row in zip(lines[1:], rows):
        assert line.split()[-1] == row["task"]
        assert str(row["pid"]) in line.split()


def test_ps_after_step_and_viewer_errors() -> None:
    # Step 1 forks nspawn: after it two tasks, after boot only init.
    assert len(lsmsim_cli("ps", NSPAWN, "--after-step", "1").stdout.splitlines()) == 3
    assert len(lsmsim_cli("ps", NSPAWN, "--after-step", "0").stdout.splitlines()) == 2
    r = lsmsim_cli("ps", NSPAWN, "--after-step", "1", "--as", "daemon")
    assert r.returncode == 2
    assert "daemon" in r.stderr and "tasks: init, nspawn" in r.stderr
    r = lsmsim_cli("ps", NSPAWN, "--as", "nobody")
    assert r.returncode == 2 and "no task of that name" in r.stderr
    r = lsmsim_cli("ps", NSPAWN, "--after-step", "999")
    assert r.returncode == 2 and "no step 999" in r.stderr
    r = lsmsim_cli("ps", NSPAWN, "--lsm", "smack")
    assert r.returncode == 2 and "'smack' is not an active LSM" in r.stderr
    r = lsmsim_cli("ps", "scenarios/does_not_exist.yaml")
    assert r.returncode == 2 and "does_not_exist.yaml" in r.stderr


def test_kernel_ps_views() -> None:
    k = lsmsim.Kernel(lsm="selinux,apparmor", stacking=True)
    a = k.init.fork().task
    assert a.setuid(1000).ok
    assert a.unshare("user", "pid").ok
    c1 = a.fork().task
    c2 = c1.fork().task
    assert c2.exit(0).ok
    host = k.ps(k.init)
    assert [r["global_pid"] for r in host] == [1, 2, 3, 4]
    assert [r["state"] for r in host] == ["R", "S", "S", "Z"]
    assert host[2]["uid"] == 1000 and host[2]["comm"] == "init"
    inside = k.ps(c1, lsm="selinux")
    assert [(r["pid"], r["ppid"], r["global_pid"]) for r in inside] == [(1, 0, 3), (2, 1, 4)]
    assert all(r["uid"] == 65534 for r in inside)
    assert inside[0]["label"] == "system_u:system_r:kernel_t:s0"
    assert inside[0]["labels"] == {
        "selinux": {"label": "system_u:system_r:kernel_t:s0", "error": None}
    }
    with pytest.raises(ValueError, match="smack"):
        k.ps(k.init, lsm="smack")
    other = lsmsim.Kernel()
    with pytest.raises(ValueError):
        other.ps(k.init)


def test_ps_op_sees_what_its_caller_sees() -> None:
    text = """\
name: ps op
boot: {lsm: "selinux,apparmor", stacking: true}
steps:
  - {as: init, fork: web}
  - {as: web, unshare: [pid]}
  - {as: web, fork: app}
  - {as: app, ps: apparmor, expect: {not_contains: "web"}}
"""
    assert lsmsim.run_scenario_text(text, "ps.yaml").passed
    failing = text.replace('not_contains: "web"', 'contains: "web"')
    report = lsmsim.run_scenario_text(failing, "ps.yaml")
    assert not report.passed
    bad_lsm = text.replace("ps: apparmor", "ps: smack")
    report = lsmsim.run_scenario_text(bad_lsm, "ps.yaml")
    assert not report.passed and "'smack' is not an active LSM" in report.text


# ---- graph ----


def plain(dot: str) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Graphviz's own parse of the DOT (dot -Tjson): node name -> label (line breaks as
    "\\n", as written), and the edges as (tail, head, label)."""
    r = subprocess.run(
        ["dot", "-Tjson"], input=dot, capture_output=True, text=True, timeout=120, check=True
    )
    g = json.loads(r.stdout)
    names = {o["_gvid"]: o["name"] for o in g["objects"]}
    nodes = {o["name"]: o.get("label", "") for o in g["objects"]}
    edges = [(names[e["tail"]], names[e["head"]], e.get("label", "")) for e in g.get("edges", [])]
    return nodes, edges


def test_graph_dot_parses_back_with_the_expected_structure() -> None:
    r = lsmsim_cli("graph", NSPAWN)
    assert r.returncode == 0, r.stderr
    nodes, edges = plain(r.stdout)
    assert nodes["selinuxns_selinuxns1"].startswith("SELinux ns selinuxns1")
    assert ("selinuxns_selinuxns1", "selinuxns_init", "parent") in edges
    assert ("task_1", "task_2", "") in edges and ("task_2", "task_3", "") in edges
    transitions = sorted(label for _, _, label in edges if label.startswith("#"))
    assert transitions == [
        "#12 load_policy (nspawn)",
        "#14 setcon (nspawn)",
        "#2 setcon (nspawn)",
        "#22 setcon (daemon)",
        "#3 selinux unshare (nspawn)",
    ]
    label = {name: text for name, text in nodes.items() if name.startswith("label_")}
    (src, dst) = next((s, d) for s, d, lab in edges if lab == "#22 setcon (daemon)")
    assert label[src] == "selinux: system_u:system_r:init_t:s0"
    assert label[dst] == "selinux: system_u:system_r:guest_daemon_t:s0"
    # Deterministic output.
    assert lsmsim_cli("graph", NSPAWN).stdout == r.stdout


def test_graph_apparmor_and_user_namespaces() -> None:
    nodes, edges = plain(lsmsim_cli("graph", LXD, "--as", "c1").stdout)
    aa = [n for n in nodes if n.startswith("apparmorns_") and n != "apparmorns_root"]
    assert len(aa) == 1
    assert (aa[0], "apparmorns_root", "parent") in edges
    users = [n for n in nodes if n.startswith("userns_")]
    assert len(users) == 2
    child_user = next(n for n in users if "level 1" in nodes[n])
    assert (child_user, next(n for n in users if n != child_user), "parent") in edges
    # Seen by c1: the host's lxd task is there but its AppArmor label is not readable.
    tasks = [text for name, text in nodes.items() if name.startswith("task_")]
    lxd = next(text for text in tasks if text.startswith("lxd"))
    assert "\\napparmor: - (EACCES)" in lxd
    assert any(lab.endswith("(cupsd)") for _, _, lab in edges)


def test_graph_clusters_group_pid_namespaces_and_labels(tmp_path: Path) -> None:
    text = """\
name: graph clusters
steps:
  - {as: init, fork: a}
  - {as: a, unshare: [pid]}
  - {as: a, fork: c}
  - {as: c, unshare: [pid]}
  - {as: c, fork: d}
"""
    path = tmp_path / "clusters.yaml"
    path.write_text(text)
    dot = lsmsim_cli("graph", str(path)).stdout
    g = json.loads(
        subprocess.run(["dot", "-Tjson"], input=dot, capture_output=True, text=True,
                       timeout=120, check=True).stdout
    )
    by_gvid = {o["_gvid"]: o for o in g["objects"]}
    clusters = {o["label"]: sorted(by_gvid[n]["name"] for n in o.get("nodes", []))
                for o in g["objects"] if o["name"].startswith("cluster_")}
    # c is pid 1 of the first new pid namespace; d of the second, nested in the first.
    outer = next(v for k, v in clusters.items() if k.startswith("pid ns") and "task_3" in v)
    inner = next(v for k, v in clusters.items() if k.startswith("pid ns") and "task_3" not in v)
    # Graphviz lists a nested cluster's nodes in the enclosing one too.
    assert outer == ["task_3", "task_4"] and inner == ["task_4"]
    assert "task_1" not in outer and "task_2" not in outer
    assert all(n.startswith("label_") for k, v in clusters.items() if k.endswith(" labels")
               for n in v)


def test_graph_svg(tmp_path: Path) -> None:
    out = tmp_path / "run.svg"
    r = lsmsim_cli("graph", NSPAWN, "-o", str(out))
    assert r.returncode == 0, r.stderr
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "SELinux ns selinuxns1" in out.read_text()
    r = lsmsim_cli("graph", NSPAWN, "--format", "svg")
    assert r.stdout.lstrip().startswith("<?xml")
    r = lsmsim_cli("graph", NSPAWN, "--format", "png")
    assert r.returncode == 2
