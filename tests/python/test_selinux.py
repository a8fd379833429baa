"""Kernel.selinux: loading policy.conf, compute_av/compute_create, enforcing and booleans,
with the libsepol-backed facts of the reference (oracles.md §1c) as expected answers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import lsmsim
from lsmsim import Kernel

ROOT = Path(__file__).resolve().parents[2]
POLICY = ROOT / "scenarios" / "selinux" / "policies" / "mcs_containers.conf"
C = "system_u:system_r:container_t"
F = "system_u:object_r:container_file_t"


@pytest.fixture
def sel() -> lsmsim.Selinux:
    k = Kernel()
    k.selinux.load_policy(POLICY.read_text(), str(POLICY))
    return k.selinux


def test_the_policy_compiles_with_checkpolicy(tmp_path: Path) -> None:
    # The scenario policy is real policy.conf: checkpolicy (MLS) accepts it.
    assert shutil.which("checkpolicy"), "checkpolicy missing: run scripts/setup.sh"
    out = tmp_path / "policy.33"
    subprocess.run(["checkpolicy", "-M", "-c", "33", "-o", str(out), str(POLICY)], check=True,
                   capture_output=True)


def test_mcs_same_categories_allowed(sel: lsmsim.Selinux) -> None:
    d = sel.compute_av(f"{C}:s0:c1,c2", f"{F}:s0:c1,c2", "file", ["read", "open"])
    assert {"read", "open", "write", "getattr"} <= d.allowed
    assert d.reasons == []
    # Asking for every permission of the class: the rule grants '*', MCS lets all through.
    assert sel.compute_av(f"{C}:s0:c1,c2", f"{F}:s0:c1,c2", "file").reasons == []
    # To container_exec_t, container_t may not write: TE.
    exe = "system_u:object_r:container_exec_t:s0"
    assert sel.compute_av(f"{C}:s0:c1,c2", exe, "file").reasons == ["te"]


def test_mcs_other_container_denied_by_constraint(sel: lsmsim.Selinux) -> None:
    d = sel.compute_av(f"{C}:s0:c1,c2", f"{F}:s0:c3,c4", "file", ["read"])
    assert "read" not in d.allowed and "open" not in d.allowed
    assert "constraint" in d.reasons
    assert "h1 dom h2" in d.explanation


def test_te_denial_and_boolean(sel: lsmsim.Selinux) -> None:
    tmp = "system_u:object_r:tmp_t:s0"
    assert "read" not in sel.compute_av(f"{C}:s0:c1,c2", tmp, "file").allowed
    assert "te" in sel.compute_av(f"{C}:s0:c1,c2", tmp, "file").reasons
    assert sel.booleans()["container_manage_tmp"] is False
    sel.set_boolean("container_manage_tmp", True)
    assert "read" in sel.compute_av(f"{C}:s0:c1,c2", tmp, "file").allowed
    with pytest.raises(ValueError, match="no boolean"):
        sel.set_boolean("no_such_bool", True)


def test_compute_create(sel: lsmsim.Selinux) -> None:
    new = sel.compute_create(f"{C}:s0:c1,c2", "system_u:object_r:tmp_t:s0", "file")
    assert new == f"{F}:s0:c1,c2"
    proc = sel.compute_create("system_u:system_r:container_runtime_t:s0",
                              "system_u:object_r:container_exec_t:s0", "process")
    assert proc == "system_u:system_r:container_t:s0"


def test_bad_arguments_raise(sel: lsmsim.Selinux) -> None:
    with pytest.raises(ValueError, match="no permission 'fly'"):
        sel.compute_av(f"{C}:s0", f"{F}:s0", "file", ["read", "fly"])
    with pytest.raises(ValueError, match="unknown security class"):
        sel.compute_av(f"{C}:s0", f"{F}:s0", "no_such_class")
    with pytest.raises(ValueError, match="not valid"):
        sel.compute_av("system_u:system_r:nonexistent_t:s0", f"{F}:s0", "file")
    with pytest.raises(ValueError, match="not valid"):
        sel.compute_av(f"{C}:s0:c10", f"{F}:s0", "file")  # c10 is not defined


def test_policy_error_is_located() -> None:
    k = Kernel()
    text = POLICY.read_text().replace("allow container_t container_file_t",
                                      "allow container_t no_such_type_t")
    with pytest.raises(lsmsim.PolicyError) as err:
        k.selinux.load_policy(text, "broken.conf")
    e = err.value
    assert e.file == "broken.conf" and e.line > 0 and e.column > 0
    assert str(e).startswith(f"broken.conf:{e.line}:{e.column}: ")
    assert "no_such_type_t" in str(e)
    assert not k.selinux.policy_loaded


def test_no_policy_and_no_selinux() -> None:
    k = Kernel()
    with pytest.raises(RuntimeError, match="no SELinux policy"):
        k.selinux.compute_av(f"{C}:s0", f"{F}:s0", "file")
    with pytest.raises(RuntimeError, match="not active"):
        _ = Kernel(lsm="capability").selinux


def test_enforcing_toggle(sel: lsmsim.Selinux) -> None:
    sel.enforcing = False
    assert sel.enforcing is False
    sel.enforcing = True
    assert sel.enforcing is True
