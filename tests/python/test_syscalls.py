"""Syscalls through the bindings. These need the syscall implementations (proc, vfs and net
branches): before they are merged, each call returns ENOSYS and these tests fail."""

from __future__ import annotations

import errno

import pytest

from lsmsim import Kernel, Probe, Result, Task, TraceEvent


def fork(parent: Task) -> Task:
    r = parent.fork().check()
    assert r.task is not None
    return r.task


def test_fork_unshare_kill_wait() -> None:
    k = Kernel()
    init = k.init
    r = init.fork()
    assert r.ok and bool(r), r
    child = r.task
    assert child is not None
    assert r.value == child.pid != 1
    assert child.parent == init
    assert child in init.children
    assert child.uid == 0 and child.comm == init.comm

    assert child.unshare("user", "net").ok
    assert child.namespaces["net"] != init.namespaces["net"]
    user_ns = child.ns("user")
    assert user_ns is not None and user_ns.level == 1 and user_ns.owner == init.ns("user")
    # Unmapped in its new user namespace, root shows up as the overflow id.
    assert child.uid == 65534

    assert init.kill(child, "SIGKILL").ok
    assert child.state == "zombie"
    w = init.wait(child)
    assert w.ok and w.value == child.pid, w
    assert w.info["signal"] == 9, w.info
    # The reaped task's pid stays readable; everything else is gone.
    with pytest.raises(ProcessLookupError, match="reaped"):
        _ = child.comm
    assert "reaped" in repr(child)


def test_probe_denial_names_lsm_and_hook() -> None:
    k = Kernel(probes=[Probe("p", deny={"task_kill": "EPERM"})])
    child = fork(k.init)
    r = k.init.kill(child, 0)
    assert not r and r.errno == errno.EPERM and r.errno_name == "EPERM"
    assert (r.denied_by, r.hook) == ("p", "task_kill")
    assert r.reason is not None and "task_kill" in r.reason
    assert "EPERM" in repr(r) and "denied by p" in repr(r)
    assert k.probe_calls("p") == {"task_kill": 1}
    with pytest.raises(PermissionError):
        r.check()


@pytest.mark.parametrize("dispatch", ["slot_table", "hook_list"])
def test_file_open_denied_and_traced(dispatch: str) -> None:
    k = Kernel(
        dispatch=dispatch,
        probes=[Probe("a", allow=["file_open"]), Probe("b", deny={"file_open": "EACCES"})],
    )
    t = k.init
    with k.trace() as tr:
        r = t.open("/tmp/f", "w")
    assert r.errno_name == "EACCES" and r.denied_by == "b" and r.hook == "file_open", r
    opens = [e for e in tr.events if e.hook == "file_open"]
    assert opens == [TraceEvent("file_open", "a", 0), TraceEvent("file_open", "b", -13)]
    assert tr.count(hook="file_open", lsm="b") == 1
    # Every open is checked, so even creating-and-writing is refused; the file exists though.
    assert t.write_file("/tmp/f", "x").denied_by == "b"
    assert t.stat("/tmp/f").ok


def test_files_round_trip() -> None:
    t = Kernel().init
    assert t.mkdir("/tmp/d", 0o750).ok
    st = t.stat("/tmp/d")
    assert st.ok and st.info["mode"] & 0o777 == 0o750, st
    assert t.write_file("/tmp/d/f", b"data").ok
    r = t.read_file("/tmp/d/f")
    assert r.data == b"data" and r.text == "data"
    fd = t.open("/tmp/d/f", "r").check().value
    assert t.read(fd, 2).data == b"da"
    assert t.close(fd).ok
    assert t.stat("/tmp/d/none").errno_name == "ENOENT"


def test_setns_back_to_init_net() -> None:
    k = Kernel()
    child = fork(k.init)
    assert child.unshare("net").ok
    assert child.namespaces["net"] != k.init.namespaces["net"]
    r = child.setns("/proc/1/ns/net")
    assert r.ok, r
    assert child.namespaces["net"] == k.init.namespaces["net"]


def test_setresuid_drops_capabilities() -> None:
    child = fork(Kernel().init)
    assert child.setresuid(1000, 1000, 1000).ok
    assert (child.uid, child.euid, child.suid) == (1000, 1000, 1000)
    assert child.cap_effective == set() and child.cap_permitted == set()
    r = child.setuid(0)
    assert r.errno_name == "EPERM", r


def test_socketpair_peer_credentials() -> None:
    t = Kernel().init
    r = t.socketpair()
    assert r.ok, r
    a, b = r.info["fds"]
    cred = t.getpeercred(a)
    assert cred.ok and cred.info["pid"] == 1 and cred.info["uid"] == 0, cred
    assert isinstance(t.close(b), Result)


def test_capget_reports_sets() -> None:
    t = Kernel().init
    r = t.capget()
    assert r.ok, r
    assert "cap_sys_admin" in r.info["effective"]
