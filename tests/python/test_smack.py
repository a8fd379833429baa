"""Kernel.smack: rules through smackfs, access2 answers, onlycap, labels, label maps."""

from __future__ import annotations

import errno

import pytest

import lsmsim


@pytest.fixture
def k() -> lsmsim.Kernel:
    k = lsmsim.Kernel(lsm="capability,smack")
    k.smack.load("Alpha Beta r\nAlpha Gamma rwx\n")
    return k


def test_rules_read_back_newest_first(k: lsmsim.Kernel) -> None:
    assert k.smack.rules() == [("Alpha", "Gamma", "rwx"), ("Alpha", "Beta", "r")]
    k.smack.load("Alpha Beta RwA")  # the same pair: replaced in place, letters normalised
    assert ("Alpha", "Beta", "rwa") in k.smack.rules()
    assert len(k.smack.rules()) == 2


# The answers a real 6.1 kernel gave on smackfs access2 for these rules
# (shared/reference/oracles.md section 5); tests/referee checks thousands more.
@pytest.mark.parametrize(
    ("subject", "object", "access", "expected"),
    [
        ("Alpha", "Beta", "r", True),
        ("Alpha", "Beta", "w", False),
        ("Alpha", "Gamma", "rwx", True),
        ("Alpha", "Delta", "r", False),
        ("Alpha", "Alpha", "rw", True),
        ("Alpha", "_", "r", True),
        ("Alpha", "_", "w", False),
        ("_", "Beta", "r", False),
        ("*", "Beta", "r", False),
        ("Alpha", "*", "w", True),
        ("^", "Beta", "r", True),
        ("^", "Beta", "w", False),
        ("@", "Alpha", "w", True),
        ("Alpha", "@", "w", True),
    ],
)
def test_have_access_matches_the_real_kernel(
    k: lsmsim.Kernel, subject: str, object: str, access: str, expected: bool
) -> None:
    assert k.smack.have_access(subject, object, access) is expected


def test_revoking_with_a_dash(k: lsmsim.Kernel) -> None:
    k.smack.load("Alpha Gamma -")
    assert not k.smack.have_access("Alpha", "Gamma", "r")


def test_bad_rule_and_unprivileged_writer(k: lsmsim.Kernel) -> None:
    with pytest.raises(lsmsim.SmackRuleError) as e:
        k.smack.load("Alpha -Beta r")  # a label may not start with '-'

    assert isinstance(e.value, ValueError)
    assert (e.value.file, e.value.line, e.value.column) == ("<rules>", 1, 7)
    assert str(e.value).startswith("<rules>:1:7: a label cannot start with '-'")
    t = k.init.fork().check().task
    t.capset(effective=[], permitted=[]).check()
    with pytest.raises(PermissionError):
        k.smack.load("Alpha Delta r", task=t)
    assert not k.smack.have_access("Alpha", "Delta", "r")


def test_onlycap(k: lsmsim.Kernel) -> None:
    k.smack.set_onlycap(["Admin"])
    # init runs with the floor label, not on the list: its CAP_MAC_ADMIN no longer counts.
    with pytest.raises(PermissionError):
        k.smack.load("Alpha Delta r")


def test_label_map_and_views(k: lsmsim.Kernel) -> None:
    init = k.init
    c = init.fork().check().task
    c.write("/proc/self/attr/smack/current", "Alpha").check()
    c.unshare("user").check()
    assert k.smack.label_map(c) == {}
    k.smack.write_label_map(c, {"Alpha": "app", "Beta": "data", "_": "_"}, writer=init)
    assert k.smack.label_map(c) == {"Alpha": "app", "Beta": "data", "_": "_"}
    assert k.smack.label(c) == "app"  # as the container sees itself
    assert k.smack.label(c, viewer=init) == "Alpha"
    assert c.read("/proc/self/attr/current").check().text == "app"
    with pytest.raises(FileExistsError):
        k.smack.write_label_map(c, {"Alpha": "other"}, writer=init)
    with pytest.raises(OSError) as e:
        k.smack.write_label_map(init, {"Gamma": "g"}, writer=init)
    assert e.value.errno == errno.EBADR
    with pytest.raises(TypeError):
        k.smack.write_label_map(c, 3, writer=init)  # type: ignore[arg-type]


def test_denial_records(k: lsmsim.Kernel) -> None:
    t = k.init.fork().check().task
    t.write("/proc/self/attr/smack/current", "Alpha").check()
    k.init.write("/tmp/secret", "x").check()
    k.init.setxattr("/tmp/secret", "security.SMACK64", "Delta").check()
    t.capset(effective=[], permitted=[]).check()
    r = t.open("/tmp/secret")
    assert r.errno_name == "EACCES" and r.denied_by == "smack"
    rec = k.smack.audit_records()[-1]
    assert rec.startswith("lsm=SMACK fn=smack_inode_permission action=denied")
    assert 'subject="Alpha" object="Delta" requested=r' in rec


def test_smack_absent() -> None:
    with pytest.raises(RuntimeError, match="Smack is not active"):
        _ = lsmsim.Kernel(lsm="capability,selinux").smack


def test_load_parses_everything_first_as_smackload(k: lsmsim.Kernel) -> None:
    # libsmack smack_accesses_add_from_file(): a bad line anywhere and nothing is written.
    with pytest.raises(lsmsim.SmackRuleError) as e:
        k.smack.load("Alpha Omega r\n  \nAlpha Zeta r\n", file="accesses")
    assert (e.value.file, e.value.line, e.value.column) == ("accesses", 2, 1)
    assert not k.smack.have_access("Alpha", "Omega", "r")
    with pytest.raises(lsmsim.SmackRuleError) as e:
        k.smack.load("Alpha Omega r\r\n")  # a CR is no access letter
    assert (e.value.line, e.value.column) == (1, 14)
    # Four words go to change-rule: add the allow letters, take away the deny ones.
    k.smack.load("Alpha Omega rw\n\nAlpha Omega x w\n")
    assert ("Alpha", "Omega", "rx") in k.smack.rules()
