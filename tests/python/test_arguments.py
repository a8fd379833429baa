"""Argument validation: unknown names raise ValueError naming the bad value and the valid
choices; wrong types raise TypeError. None of this needs a syscall to be implemented."""

from __future__ import annotations

import pytest

import lsmsim
from lsmsim import Kernel, Probe


def test_unknown_dispatch_strategy_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"'fast'.*hook_list, slot_table"):
        Kernel(dispatch="fast")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lsm": 3}, "lsm= must be a str"),
        ({"security": ["selinux"]}, "security= must be a str"),
        ({"stacking": "yes"}, "stacking= must be a bool"),
        ({"stacking": 1}, "stacking= must be a bool"),
        ({"dispatch": None}, "dispatch= must be a str"),
        ({"probes": "p"}, "probes= must be a list"),
        ({"probes": [1]}, "items must be lsmsim.Probe, not int"),
        ({"enabled": {"selinux": 0}}, "enabled= must map"),
        ({"hostname": 5}, "hostname= must be a str"),
    ],
)
def test_kernel_wrong_types(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(TypeError, match=message):
        Kernel(**kwargs)  # type: ignore[arg-type]


def test_kernel_arguments_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        Kernel("capability")  # type: ignore[misc]


def test_unknown_hook_names_the_hook_and_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown hook 'file_opn'.*file_open"):
        Probe("p", deny={"file_opn": "EACCES"})
    with pytest.raises(ValueError, match=r"unknown hook 'nope'"):
        Probe("p", allow=["nope"])
    with pytest.raises(ValueError, match=r"unknown hook 'nope'"):
        Probe("p", answers={"nope": 1})


def test_unknown_errno_names_it_and_lists_valid_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown errno name 'EACESS'.*EACCES"):
        Probe("p", deny={"file_open": "EACESS"})


def test_errno_values() -> None:
    assert Probe("p", deny={"file_open": 13}).answers == {"file_open": -13}
    assert Probe("p", deny={"file_open": "EPERM"}).answers == {"file_open": -1}
    with pytest.raises(ValueError, match="positive"):
        Probe("p", deny={"file_open": -13})
    with pytest.raises(TypeError, match="errno must be"):
        Probe("p", deny={"file_open": 1.5})
    with pytest.raises(TypeError, match="errno must be"):
        Probe("p", deny={"file_open": True})


def test_probe_shapes() -> None:
    with pytest.raises(TypeError, match="deny= must be a dict"):
        Probe("p", deny=["file_open"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="allow= must be a list"):
        Probe("p", allow="file_open")
    with pytest.raises(TypeError, match="hook names must be str"):
        Probe("p", deny={1: "EACCES"})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match="must be an int"):
        Probe("p", answers={"file_open": "0"})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="more than once"):
        Probe("p", deny={"file_open": "EACCES"}, allow=["file_open"])
    with pytest.raises(ValueError, match="returns nothing"):
        Probe("p", deny={"task_free": "EACCES"})
    with pytest.raises(ValueError, match="'middle'.*first, mutable, last"):
        Probe("p", order="middle")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="without commas"):
        Probe("a,b")
    with pytest.raises(ValueError, match="without commas"):
        Probe("")


def test_probe_names_must_be_unique_in_a_kernel() -> None:
    with pytest.raises(ValueError, match="'p' is already used"):
        Kernel(probes=[Probe("p"), Probe("p")])
    with pytest.raises(ValueError, match="'capability' is already used"):
        Kernel(probes=[Probe("capability")])


def test_kernel_lookups(kernel: Kernel) -> None:
    with pytest.raises(ValueError, match="unknown hook 'nohook'"):
        kernel.hook_count("nohook")
    with pytest.raises(ValueError, match="no active probe LSM 'q'; active probes: none"):
        kernel.probe_calls("q")
    with pytest.raises(ValueError, match="unknown namespace type 'netns'.*net"):
        kernel.init.ns("netns")
    with pytest.raises(TypeError, match=r"Namespace \(pid\) or an lsmsim.Task"):
        kernel.init.pid_in("pid")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="expected a pid namespace"):
        kernel.init.pid_in(kernel.init.ns("net"))  # type: ignore[arg-type]


def test_syscall_argument_names_are_validated_before_the_call(kernel: Kernel) -> None:
    t = kernel.init
    with pytest.raises(ValueError, match=r"unknown open flag 'O_BOGUS'.*O_RDONLY"):
        t.open("/x", "O_RDONLY|O_BOGUS")
    with pytest.raises(ValueError, match=r"unknown signal 'SIGFOO'.*SIGKILL"):
        t.kill(1, "SIGFOO")
    with pytest.raises(ValueError, match=r"unknown clone flag 'usr'.*user"):
        t.unshare("usr")
    with pytest.raises(ValueError, match=r"unknown clone flag 'CLONE_BOGUS'"):
        t.clone("CLONE_BOGUS")
    with pytest.raises(ValueError, match=r"unknown mount flag 'MS_BOGUS'.*MS_BIND"):
        t.mount("none", "/mnt", "tmpfs", "MS_BOGUS")
    with pytest.raises(ValueError, match=r"unknown prctl option 'PR_BOGUS'"):
        t.prctl("PR_BOGUS")
    with pytest.raises(ValueError, match=r"unknown capability 'cap_foo'.*cap_sys_admin"):
        t.capset(effective={"cap_foo"}, permitted=set())
    with pytest.raises(ValueError, match=r"unknown socket family 'AF_BOGUS'"):
        t.socket("AF_BOGUS")
    with pytest.raises(ValueError, match=r"uid must be -1 or in 0\.\.4294967295"):
        t.setuid(-2)
    with pytest.raises(ValueError, match=r"unknown id map 'pid'"):
        t.write_id_map(t, "pid", "0 0 1")
    with pytest.raises(TypeError):
        t.setuid("0")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="pid must be an int or an lsmsim.Task"):
        t.kill("1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="path must be a str"):
        t.stat(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="set of capability names"):
        t.capset(effective="cap_chown", permitted=set())


def test_names_accept_short_and_case_insensitive_spellings() -> None:
    # These are parsed, then handed to the syscall; the call itself may fail, not the parse.
    t = Kernel().init
    assert isinstance(t.mount("none", "/mnt", "tmpfs", "bind|rec"), lsmsim.Result)
    assert isinstance(t.kill(1, "kill"), lsmsim.Result)
    assert isinstance(t.open("/x", "w"), lsmsim.Result)
    assert isinstance(t.unshare("CLONE_NEWUSER", 0x40000000), lsmsim.Result)


def test_lookup_helpers() -> None:
    assert "file_open" in lsmsim.hooks()
    assert len(set(lsmsim.hooks())) == len(lsmsim.hooks())
    assert lsmsim.hook_default("file_open") == 0
    assert lsmsim.hook_default("task_prctl") == -38  # -ENOSYS: "no LSM handled it"
    assert lsmsim.errno_value("EACCES") == 13
    assert lsmsim.errno_name(13) == "EACCES"
    assert "EACCES" in lsmsim.errno_names()
    assert lsmsim.capabilities()[0] == "cap_chown"
    assert lsmsim.capabilities()[21] == "cap_sys_admin"
    with pytest.raises(ValueError, match="unknown errno name"):
        lsmsim.errno_value("EWHAT")
