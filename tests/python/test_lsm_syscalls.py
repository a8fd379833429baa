"""The LSM syscalls in the style of the kernel's tools/testing/selftests/lsm.

Each test is one selftest-like case: call the syscall the way a C program would (a
``bytearray`` for user memory, ``None`` for NULL), then check the return value, errno and
what ``*size`` holds. Probe LSMs stand in for SELinux/AppArmor/Smack: a probe answering
``getselfattr`` with 1 reports its ``attr_value`` as one entry.
"""

from __future__ import annotations

import errno

import pytest

import lsmsim
from lsmsim import (
    LSM_ATTR_CURRENT,
    LSM_ATTR_EXEC,
    LSM_ATTR_UNDEF,
    LSM_FLAG_SINGLE,
    LSM_ID_CAPABILITY,
    LSM_ID_UNDEF,
    UserWord,
    lsm_ctx_pack,
    lsm_ctx_unpack,
    lsm_ids_unpack,
)

PAGE_SIZE = 4096


def labelled(*labels: str) -> lsmsim.Kernel:
    """capability, then one probe per label answering getselfattr/getprocattr with it."""
    probes = [
        lsmsim.Probe(
            f"p{i}",
            answers={"getselfattr": 1, "getprocattr": 0, "setselfattr": 0, "setprocattr": 6},
            attr_value=label,
        )
        for i, label in enumerate(labels)
    ]
    return lsmsim.Kernel(probes=probes)


def module_ids(k: lsmsim.Kernel) -> list[int]:
    ids = bytearray(PAGE_SIZE)
    res = k.lsm_list_modules(ids, PAGE_SIZE).check()
    return lsm_ids_unpack(ids, res.ret)


@pytest.fixture
def task() -> lsmsim.Task:
    return labelled("alpha_t", "gamma").init


# ---- lsm_get_self_attr ----


def test_get_size_null(task: lsmsim.Task) -> None:
    ctx = bytearray(PAGE_SIZE)
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, ctx, None, 0)
    assert (res.ret, res.errno, res.size) == (-1, errno.EINVAL, None)


def test_get_ctx_null_reports_the_size(task: lsmsim.Task) -> None:
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, None, PAGE_SIZE, 0)
    assert res.ret == 2
    assert res.size == 40 + 40  # ALIGN(32 + len("alpha_t\0"), 8) + ALIGN(32 + len("gamma\0"), 8)


def test_get_size_too_small(task: lsmsim.Task) -> None:
    ctx = bytearray(1)
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, ctx, 1, 0)
    assert (res.ret, res.errno_name, res.size) == (-1, "E2BIG", 80)
    assert ctx == bytearray(1)


def test_get_flags_overset(task: lsmsim.Task) -> None:
    ctx = bytearray(PAGE_SIZE)
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, ctx, PAGE_SIZE, LSM_FLAG_SINGLE | 2)
    assert (res.errno, res.size) == (errno.EINVAL, PAGE_SIZE)


def test_get_attr_undef(task: lsmsim.Task) -> None:
    res = task.lsm_get_self_attr(LSM_ATTR_UNDEF, bytearray(64), 64, 0)
    assert res.errno == errno.EINVAL
    assert res.denied_by == "kernel"


def test_get_size_faults(task: lsmsim.Task) -> None:
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, bytearray(64), UserWord.unmapped(), 0)
    assert res.errno_name == "EFAULT"
    read_only = UserWord(PAGE_SIZE, writable=False)
    ctx = bytearray(PAGE_SIZE)
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, ctx, read_only, 0)
    assert res.errno_name == "EFAULT"
    assert read_only.value == PAGE_SIZE
    assert lsm_ctx_unpack(ctx, 80)[1].text == "gamma"  # entries were written before the fault


def test_get_ctx_shorter_than_size_faults(task: lsmsim.Task) -> None:
    ctx = bytearray(48)  # the caller claims a page but maps 48 bytes
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, ctx, PAGE_SIZE, 0)
    assert (res.errno_name, res.size) == ("EFAULT", PAGE_SIZE)


def test_get_basic_matches_procfs() -> None:
    k = labelled("alpha_t", "gamma")
    ctx = bytearray(PAGE_SIZE)
    res = k.init.lsm_get_self_attr(LSM_ATTR_CURRENT, ctx, PAGE_SIZE, 0)
    assert res.ret == 2
    assert res.ctx is ctx
    entries = lsm_ctx_unpack(ctx, res.size)
    assert [e.id for e in entries] == module_ids(k)[1:]  # every LSM but capability answers
    first = entries[0]
    assert (first.flags, first.len, first.ctx_len, first.ctx) == (0, 40, 8, b"alpha_t\0")
    # The legacy file shows the first LSM's label.
    proc = k.init.read("/proc/self/attr/current")
    assert proc.ok and proc.text == first.text + "\n"


def test_get_padding_is_zeroed(task: lsmsim.Task) -> None:
    ctx = bytearray(b"\xff" * PAGE_SIZE)
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, ctx, PAGE_SIZE, 0)
    second = lsm_ctx_unpack(ctx, res.size)[1]
    assert second.ctx_len == 6
    assert ctx[40 + 32 + 6 : 80] == b"\0\0"  # len 40 = ALIGN(38, 8)
    assert ctx[80:] == b"\xff" * (PAGE_SIZE - 80)  # nothing past *size


def test_get_single() -> None:
    k = labelled("alpha_t", "gamma")
    ids = module_ids(k)
    ctx = bytearray(lsm_ctx_pack(ids[2], b"") + bytes(PAGE_SIZE - 32))
    res = k.init.lsm_get_self_attr(LSM_ATTR_CURRENT, ctx, PAGE_SIZE, LSM_FLAG_SINGLE)
    assert (res.ret, res.size) == (1, 40)
    [entry] = lsm_ctx_unpack(ctx, res.size)
    assert (entry.id, entry.text) == (ids[2], "gamma")


def test_get_single_errors(task: lsmsim.Task) -> None:
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, None, PAGE_SIZE, LSM_FLAG_SINGLE)
    assert res.errno == errno.EINVAL
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, bytearray(16), PAGE_SIZE, LSM_FLAG_SINGLE)
    assert res.errno == errno.EFAULT  # the 32-byte header cannot be read
    undef = bytearray(lsm_ctx_pack(LSM_ID_UNDEF, b""))
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, undef, len(undef), LSM_FLAG_SINGLE)
    assert res.errno == errno.EINVAL
    cap = bytearray(lsm_ctx_pack(LSM_ID_CAPABILITY, b""))
    res = task.lsm_get_self_attr(LSM_ATTR_CURRENT, cap, len(cap), LSM_FLAG_SINGLE)
    assert (res.errno_name, res.size) == ("EOPNOTSUPP", 0)


def test_get_nothing_answers() -> None:
    k = lsmsim.Kernel(probes=[lsmsim.Probe("x", answers={"getselfattr": -errno.EOPNOTSUPP})])
    res = k.init.lsm_get_self_attr(LSM_ATTR_EXEC, bytearray(64), 64, 0)
    assert (res.ret, res.errno_name, res.size) == (-1, "EOPNOTSUPP", 0)


def test_get_lsm_error_leaves_size() -> None:
    k = lsmsim.Kernel(probes=[lsmsim.Probe("aa", answers={"getselfattr": -errno.ENOENT})])
    res = k.init.lsm_get_self_attr("exec", bytearray(64), 64)
    assert (res.errno_name, res.size) == ("ENOENT", 64)
    assert (res.denied_by, res.hook) == ("aa", "getselfattr")


def test_get_rejects_immutable_ctx(task: lsmsim.Task) -> None:
    with pytest.raises(TypeError, match="bytearray"):
        task.lsm_get_self_attr(LSM_ATTR_CURRENT, b"\0" * 64, 64, 0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown LSM attribute"):
        task.lsm_get_self_attr("LSM_ATTR_BOGUS", None, 0, 0)


# ---- lsm_set_self_attr ----


def test_set_flags_and_size_checks(task: lsmsim.Task) -> None:
    entry = lsm_ctx_pack(module_ids(labelled("x"))[1], "new_t")
    assert task.lsm_set_self_attr(LSM_ATTR_CURRENT, entry, len(entry), 1).errno == errno.EINVAL
    assert task.lsm_set_self_attr(LSM_ATTR_CURRENT, entry, 31, 0).errno == errno.EINVAL
    assert task.lsm_set_self_attr(LSM_ATTR_CURRENT, None, PAGE_SIZE + 1, 0).errno == errno.E2BIG
    assert task.lsm_set_self_attr(LSM_ATTR_CURRENT, None, 32, 0).errno == errno.EFAULT
    assert task.lsm_set_self_attr(LSM_ATTR_CURRENT, entry, len(entry) + 8, 0).errno == errno.EFAULT
    assert task.lsm_set_self_attr(LSM_ATTR_CURRENT, entry, len(entry) - 1, 0).errno == errno.EINVAL


def test_set_header_lengths() -> None:
    k = labelled("alpha_t")
    p0 = module_ids(k)[1]
    entry = bytearray(lsm_ctx_pack(p0, "new_t"))
    entry[24:32] = (100).to_bytes(8, "little")  # ctx_len beyond len - 32
    assert k.init.lsm_set_self_attr(LSM_ATTR_CURRENT, entry).errno == errno.EINVAL
    good = lsm_ctx_pack(p0, "new_t")
    assert k.init.lsm_set_self_attr(LSM_ATTR_CURRENT, good).check().ret == 0
    assert k.probe_calls("p0").get("setselfattr") == 1


def test_set_unknown_id_is_eopnotsupp(task: lsmsim.Task) -> None:
    for lsm_id in (LSM_ID_UNDEF, LSM_ID_CAPABILITY, lsmsim.LSM_ID_SELINUX):
        entry = lsm_ctx_pack(lsm_id, "x")
        assert task.lsm_set_self_attr(LSM_ATTR_CURRENT, entry).errno_name == "EOPNOTSUPP"


def test_set_refusal_names_the_lsm() -> None:
    k = lsmsim.Kernel(probes=[lsmsim.Probe("deny", deny={"setselfattr": "EPERM"})])
    entry = lsm_ctx_pack(module_ids(k)[1], "x")
    res = k.init.lsm_set_self_attr(LSM_ATTR_CURRENT, entry)
    assert (res.errno_name, res.denied_by, res.hook) == ("EPERM", "deny", "setselfattr")


# ---- lsm_list_modules ----


def test_list_modules_in_order() -> None:
    k = lsmsim.Kernel(probes=[lsmsim.Probe("one"), lsmsim.Probe("two")])
    ids = bytearray(PAGE_SIZE)
    res = k.lsm_list_modules(ids, PAGE_SIZE, 0)
    assert (res.ret, res.size) == (3, 24)
    assert res.ids is ids
    listed = lsm_ids_unpack(ids, res.ret)
    assert listed[0] == LSM_ID_CAPABILITY
    assert len(set(listed)) == 3
    assert k.init.lsm_list_modules(bytearray(24), 24).ret == 3  # the task method too


def test_list_modules_errors() -> None:
    k = lsmsim.Kernel(probes=[lsmsim.Probe("one")])
    res = k.lsm_list_modules(bytearray(64), 64, 1)
    assert (res.errno_name, res.size) == ("EINVAL", 64)  # size untouched
    assert k.lsm_list_modules(bytearray(64), None).errno_name == "EFAULT"
    res = k.lsm_list_modules(bytearray(64), 8)
    assert (res.errno_name, res.size) == ("E2BIG", 16)
    res = k.lsm_list_modules(None, 64)
    assert (res.errno_name, res.size) == ("EFAULT", 16)
    res = k.lsm_list_modules(bytearray(64), UserWord(64, writable=False))
    assert res.errno_name == "EFAULT"


def test_list_modules_as_another_task() -> None:
    k = lsmsim.Kernel(lsm="capability")
    child = k.init.fork().check().task
    assert child is not None
    res = k.lsm_list_modules(bytearray(8), 8, task=child)
    assert res.ret == 1
    assert lsmsim.lsm_ids_unpack(res.ids, res.ret) == [lsmsim.LSM_ID_CAPABILITY]


# ---- file access by path ----


def test_read_and_write_by_path() -> None:
    k = labelled("alpha_t")
    t = k.init
    assert t.read("/proc/self/attr/current").text == "alpha_t\n"
    assert t.write("/proc/self/attr/current", "beta_t").ok
    missing = t.read("/no/such/file")
    assert missing.errno_name == "ENOENT"
    fd = t.open("/proc/self/attr/current").check().value
    assert t.read(fd, 3).text == "alp"
