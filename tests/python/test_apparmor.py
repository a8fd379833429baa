"""Kernel.apparmor: loading into namespaces, what a label may do, views, errors."""

from __future__ import annotations

import pytest

import lsmsim

PROFILES = """
profile a {
  /data/** r,
  /data/shared/** w,
  /bin/true ix,
  /usr/bin/id px -> b,
}
profile b {
  /data/** rw,
}
"""


@pytest.fixture
def k() -> lsmsim.Kernel:
    k = lsmsim.Kernel(lsm="capability,apparmor")
    k.apparmor.load(PROFILES, "ab.profile")
    return k


def test_profiles_listed(k: lsmsim.Kernel) -> None:
    # The kernel's list order: the newest profile first.
    assert k.apparmor.profiles() == ["b (enforce)", "a (enforce)"]


def test_file_perms_single_and_stacked(k: lsmsim.Kernel) -> None:
    assert k.apparmor.file_perms("a", "/data/x").effective == "r"
    assert k.apparmor.file_perms("b", "/data/x").allows("rw")
    assert k.apparmor.file_perms("a//&b", "/data/x").effective == "r"
    assert k.apparmor.file_perms("a//&b", "/data/shared/y").allows("w")
    assert k.apparmor.file_perms("a", "/etc/passwd").effective == ""
    assert k.apparmor.file_perms("a", "/usr/bin/id").exec == "px -> b"
    assert k.apparmor.file_perms("unconfined", "/etc/passwd").allows("rwa")


def test_unknown_label_raises(k: lsmsim.Kernel) -> None:
    with pytest.raises(FileNotFoundError):
        k.apparmor.file_perms("nosuch", "/data/x")


def test_namespace_view(k: lsmsim.Kernel) -> None:
    k.apparmor.load("profile c { /data/** r, }", ns="ctr")
    t = k.init.fork().check().task
    t.write("/proc/self/attr/apparmor/current", "changeprofile a//&:ctr:c").check()
    assert k.apparmor.label(t) == "a//&:ctr:c (enforce)"
    assert k.apparmor.label(t, viewer=t) == "c (enforce)"
    assert k.apparmor.label(k.init, viewer=t).startswith("<errno")
    assert ":ctr:c (enforce)" in k.apparmor.profiles()


def test_exec_transition(k: lsmsim.Kernel) -> None:
    t = k.init.fork().check().task
    t.write("/proc/self/attr/apparmor/current", "changeprofile a").check()
    t.execve("/usr/bin/id").check()
    assert k.apparmor.label(t) == "b (enforce)"


def test_profile_error_is_located(k: lsmsim.Kernel) -> None:
    with pytest.raises(lsmsim.ProfileError) as e:
        k.apparmor.load("profile p {\n  /x wa,\n}\n", "bad.profile")
    assert (e.value.file, e.value.line) == ("bad.profile", 2)
    assert str(e.value).startswith("bad.profile:2:")


def test_remove_and_replace(k: lsmsim.Kernel) -> None:
    with pytest.raises(FileExistsError):
        k.apparmor.load("profile a { }", replace=False)
    k.apparmor.remove("b")
    assert k.apparmor.profiles() == ["a (enforce)"]


def test_wrong_kernel_and_inactive() -> None:
    k1 = lsmsim.Kernel(lsm="capability,apparmor")
    k2 = lsmsim.Kernel(lsm="capability,apparmor")
    with pytest.raises(ValueError):
        k1.apparmor.label(k2.init)
    with pytest.raises(RuntimeError):
        _ = lsmsim.Kernel(lsm="capability").apparmor
    with pytest.raises(ValueError):
        k1.apparmor.set_unprivileged_userns_policy(2)
