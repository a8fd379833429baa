"""Two kernel rules seen from Python: a task that has exited cannot make syscalls (nor act as
an audit daemon or auditctl), and records caused by an audit netlink request are delivered
when that sendto() returns, not at some later syscall."""

from __future__ import annotations

import pytest

import lsmsim


def child(parent: lsmsim.Task) -> lsmsim.Task:
    r = parent.fork()
    assert r.ok and r.task is not None
    return r.task


def test_a_zombie_cannot_make_syscalls() -> None:
    k = lsmsim.Kernel()
    t = child(k.init)
    assert t.exit(0).ok
    assert t.state == "zombie"
    msg = f"task {t.pid} has exited \\(zombie\\)"
    with pytest.raises(lsmsim.TaskGone, match=msg):
        t.open("/etc/passwd")
    with pytest.raises(lsmsim.TaskGone, match=msg):
        t.getpid()
    with pytest.raises(lsmsim.TaskGone, match=msg):
        t.exit(1)
    with pytest.raises(lsmsim.TaskGone, match=msg):
        k.audit.start_daemon(t, name="z")
    with pytest.raises(lsmsim.TaskGone, match=msg):
        k.audit.auditctl(t, "-s")
    assert k.audit.daemons() == []
    # Reading its state still works, and its parent reaps it.
    assert t.exit_code == 0
    r = k.init.wait(t)
    assert r.ok and r.value == t.pid
    with pytest.raises(lsmsim.TaskGone, match="reaped"):
        t.getpid()


def test_a_netlink_request_is_delivered_when_sendto_returns() -> None:
    k = lsmsim.Kernel()
    a = k.audit
    c = child(k.init)
    a.start_daemon(c, name="c")
    assert a.status("c")["backlog"] == 0
    a.auditctl(c, "-b 2")
    st = a.status("c")
    assert st["backlog"] == 0
    assert st["backlog_limit"] == 2
    changes = a.records("c", type="CONFIG_CHANGE")
    assert "op=set audit_backlog_limit=2 old=64" in changes[-1]["text"]
