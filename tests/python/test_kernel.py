"""Booting kernels from Python: LSM ordering, probes, tasks and namespaces at boot."""

from __future__ import annotations

import gc

import pytest

import lsmsim
from lsmsim import Kernel, Probe

NET_NS_INIT_INO = 0xEFFFFFF9
USER_NS_INIT_INO = 0xEFFFFFFD


def test_default_kernel(kernel: Kernel) -> None:
    # CONFIG_LSM's default order: selinux is the first exclusive major, smack and apparmor lose.
    assert kernel.lsm_list == "capability,selinux"
    assert kernel.active_lsms == ["capability", "selinux"]
    assert kernel.dispatch == "slot_table"
    assert [t.pid for t in kernel.tasks] == [1]
    assert "capability" in repr(kernel)


def test_probes_are_enabled_in_the_order_given() -> None:
    k = Kernel(probes=[Probe("a"), Probe("b")])
    assert k.lsm_list == "capability,a,b"
    k = Kernel(lsm="b,a", probes=[Probe("a"), Probe("b")])
    assert k.active_lsms == ["capability", "b", "a"]


def test_lsm_parameter_follows_the_kernel_rules() -> None:
    k = Kernel(lsm="b,bogus,b", probes=[Probe("a"), Probe("b")])
    assert k.lsm_list == "capability,b"
    assert "cmdline ignored: bogus (not built into kernel)" in k.boot_messages
    assert "cmdline duplicate ignored: b" in k.boot_messages


def test_first_exclusive_wins_unless_stacking() -> None:
    probes = [Probe("x", exclusive=True), Probe("y", exclusive=True)]
    assert Kernel(probes=probes).lsm_list == "capability,x"
    assert Kernel(probes=probes, stacking=True).lsm_list == "capability,x,y"


def test_hook_counts_and_dispatch_strategies() -> None:
    for strategy in ("slot_table", "hook_list"):
        k = Kernel(
            dispatch=strategy,
            probes=[Probe("a", allow=["file_open"]), Probe("b", deny={"file_open": "EACCES"})],
        )
        assert k.dispatch == strategy
        assert k.hook_count("file_open") == 2
        assert k.hook_count("task_kill") == 0
        assert k.probe_calls("a") == {}


def test_probe_repr_and_fields() -> None:
    p = Probe("p", deny={"file_open": "EACCES"}, order="last", attr_value="lbl")
    assert p.name == "p"
    assert p.order == "last"
    assert p.attr_value == "lbl"
    assert repr(p) == "Probe('p', file_open=EACCES, order='last')"


def test_init_task(kernel: Kernel) -> None:
    t = kernel.init
    assert (t.pid, t.tgid, t.comm, t.state, t.alive) == (1, 1, "init", "running", True)
    assert (t.uid, t.euid, t.suid, t.fsuid, t.gid, t.egid) == (0, 0, 0, 0, 0, 0)
    assert t.cap_effective == set(lsmsim.capabilities())
    assert t.cap_bset == set(lsmsim.capabilities())
    assert t.cap_inheritable == set() and t.cap_ambient == set()
    assert t.parent is None and t.children == []
    assert t.nspid == [1]
    assert not t.no_new_privs


def test_init_namespaces(kernel: Kernel) -> None:
    t = kernel.init
    ns = t.namespaces
    assert sorted(ns) == ["cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"]
    assert ns["net"] == ("init", NET_NS_INIT_INO)
    assert ns["user"] == ("init", USER_NS_INIT_INO)
    net = t.ns("net")
    assert net is not None
    assert net.link_text == f"net:[{NET_NS_INIT_INO}]"
    assert net.type == "net" and net.name == "init"
    user = t.ns("user")
    assert user is not None and user.owner is None and user.level == 0
    assert net.owner == user
    pid_ns = t.ns("pid")
    assert pid_ns is not None and pid_ns.level == 0 and pid_ns.parent is None
    assert t.pid_in(pid_ns) == 1
    assert t.pid_in(t) == 1
    assert t.ns("pid_for_children") == pid_ns
    assert kernel.find(1, ns=pid_ns) == t


def test_find_and_task_identity(kernel: Kernel) -> None:
    assert kernel.find(1) == kernel.init
    assert kernel.find(4242) is None
    assert hash(kernel.find(1)) == hash(kernel.init)
    assert kernel.init != Kernel().init  # another machine's pid 1
    assert kernel.init != 1


def test_tasks_keep_their_kernel_alive() -> None:
    t = Kernel(probes=[Probe("p")]).init
    gc.collect()
    assert t.pid == 1
    assert t.ns("net") is not None


def test_kernels_are_independent() -> None:
    a = Kernel(probes=[Probe("p", deny={"file_open": "EACCES"})])
    b = Kernel(dispatch="hook_list")
    assert a.lsm_list == "capability,p"
    assert b.lsm_list == "capability,selinux"
    # The probe answers file_open; so does SELinux; commoncap does not.
    assert a.hook_count("file_open") == 1 and b.hook_count("file_open") == 1
    c = Kernel(lsm="capability", dispatch="hook_list")
    assert c.hook_count("file_open") == 0


def test_trace_context_manager_without_calls(kernel: Kernel) -> None:
    with kernel.trace() as tr:
        assert tr.active
        assert len(tr) == 0
    assert not tr.active
    assert tr.events == []
    assert tr.count() == 0
    assert "finished" in repr(tr)


def test_trace_is_entered_once(kernel: Kernel) -> None:
    import pytest

    tr = kernel.trace()
    with tr:
        with pytest.raises(RuntimeError, match="already being traced"), kernel.trace():
            pass
    with pytest.raises(RuntimeError, match="only once"), tr:
        pass


def test_trace_event_value_type() -> None:
    e = lsmsim.TraceEvent("file_open", "p", -13)
    assert e == lsmsim.TraceEvent("file_open", "p", -13)
    assert e.as_tuple() == ("file_open", "p", -13)
    assert repr(e) == "TraceEvent(hook='file_open', lsm='p', rc=-13)"


def test_interface_lsm_follows_stacking_unless_given() -> None:
    stacked = lsmsim.Kernel(lsm="selinux,apparmor", stacking=True)
    # The first registrant (SELinux) answers until the task picks another interface LSM.
    assert stacked.init.read("/proc/self/attr/current").text == "system_u:system_r:kernel_t:s0\0"
    assert stacked.init.write("/proc/self/attr/interface_lsm", "apparmor").ok
    assert stacked.init.read("/proc/self/attr/current").text == "unconfined\n"
    off = lsmsim.Kernel(lsm="selinux,apparmor", stacking=True, interface_lsm=False)
    assert not off.init.write("/proc/self/attr/interface_lsm", "apparmor").ok
    with pytest.raises(TypeError):
        lsmsim.Kernel(interface_lsm="yes")  # type: ignore[arg-type]
