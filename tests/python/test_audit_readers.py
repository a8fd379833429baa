"""The real Debian audit readers on logs in the kernel's record format (reference §4.2-4.5).

The log here is hand-written in the exact text lsmsim's audit subsystem writes; the same
harness (audit_oracles.py) runs on logs lsmsim generates in test_audit_generated_logs.py.
Expected values are derived from the lines themselves, never typed in twice.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import audit_oracles as oracles
import lsmsim

TASK = ("ppid=1 pid={pid} auid=4294967295 uid=48 gid=48 euid=48 suid=48 fsuid=48 egid=48 "
        "sgid=48 fsgid=48 tty=(none) ses=4294967295 comm=\"{comm}\" exe=\"{exe}\"")


def syscall(stamp: str, nr: int, pid: int, comm: str, exe: str, subj: str) -> str:
    return (f"type=SYSCALL msg=audit({stamp}): arch=c000003e syscall={nr} success=no exit=-13 "
            f"a0=ffffff9c a1=55d1c0a8e2f0 a2=80000 a3=0 items=0 "
            + TASK.format(pid=pid, comm=comm, exe=exe) + f" subj={subj} key=(null)")


LOG = [
    'type=AVC msg=audit(1700000000.123:101): avc:  denied  { read } for  pid=1234 comm="httpd" '
    'name="index.html" dev="dm-0" ino=393217 scontext=system_u:system_r:httpd_t:s0 '
    "tcontext=unconfined_u:object_r:user_home_t:s0 tclass=file permissive=0",
    syscall("1700000000.123:101", 257, 1234, "httpd", "/usr/sbin/httpd",
            "system_u:system_r:httpd_t:s0"),
    "type=PROCTITLE msg=audit(1700000000.123:101): "
    "proctitle=2F7573722F7362696E2F6874747064002D44464F524547524F554E44",
    'type=AVC msg=audit(1700000005.456:102): avc:  denied  { name_connect } for  pid=1234 '
    'comm="httpd" dest=5432 scontext=system_u:system_r:httpd_t:s0 '
    "tcontext=system_u:object_r:postgresql_port_t:s0 tclass=tcp_socket permissive=0",
    syscall("1700000005.456:102", 42, 1234, "httpd", "/usr/sbin/httpd",
            "system_u:system_r:httpd_t:s0"),
    'type=AVC msg=audit(1700000010.789:103): avc:  denied  { write add_name } for  pid=2222 '
    'comm="rsyslogd" name="log" dev="sda1" ino=1311 scontext=system_u:system_r:syslogd_t:s0 '
    "tcontext=system_u:object_r:var_log_t:s0 tclass=dir permissive=1",
    syscall("1700000010.789:103", 257, 2222, "rsyslogd", "/usr/sbin/rsyslogd",
            "system_u:system_r:syslogd_t:s0"),
    'type=CWD msg=audit(1700000010.789:103): cwd="/"',
    'type=PATH msg=audit(1700000010.789:103): item=0 name="/var/log/" inode=1311 dev=08:01 '
    "mode=040755 ouid=0 ogid=0 rdev=00:00 obj=system_u:object_r:var_log_t:s0 nametype=PARENT "
    "cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0",
    'type=AVC msg=audit(1700000100.456:202): apparmor="DENIED" operation="open" class="file" '
    'profile="/usr/sbin/cupsd" name="/etc/shadow" pid=2345 comm="cupsd" requested_mask="r" '
    'denied_mask="r" fsuid=0 ouid=0',
    syscall("1700000100.456:202", 257, 2345, "cupsd", "/usr/sbin/cupsd", "?"),
    "type=UNKNOWN[1425] msg=audit(1700000100.456:202): "
    "subj_selinux=system_u:system_r:cupsd_t:s0 subj_apparmor=/usr/sbin/cupsd",
    'type=AVC msg=audit(1700000200.789:303): lsm=SMACK fn=smack_inode_permission action=denied '
    'subject="WebApp" object="System" requested=r pid=3456 comm="cat" name="secret" '
    'dev="sda1" ino=1234',
    "type=USER_LOGIN msg=audit(1700000300.000:404): pid=1 uid=0 auid=1000 ses=1 "
    "msg='op=login acct=\"alice\" exe=\"/bin/login\" hostname=? addr=? terminal=tty1 res=success'",
    "type=CONFIG_CHANGE msg=audit(1700000400.000:505): auid=4294967295 ses=4294967295 "
    'op=add_rule key="k" list=4 res=1',
]

SELINUX_AVC = re.compile(
    r"^type=AVC msg=audit\((?P<stamp>[^)]*)\): avc:  denied  \{ (?P<perms>[^}]*) \} for .*"
    r" scontext=(?P<scontext>\S+) tcontext=(?P<tcontext>\S+) tclass=(?P<tclass>\S+)")


def selinux_avcs(lines: list[str]) -> list[tuple[int, re.Match[str]]]:
    return [(oracles.serial_of(x), m) for x in lines if (m := SELINUX_AVC.match(x))]


def split_fields(line: str) -> list[tuple[str, str]]:
    """An independent split of a record body into name=value pairs, as auparse splits them:
    the SELinux avc prefix gives seresult/seperms, a user record's msg='...' its inner fields."""
    body = line.split("): ", 1)[1]
    out: list[tuple[str, str]] = []
    m = re.match(r"avc:  (\w+)  \{ ([^}]*) \} for  ", body)
    if m:
        out += [("seresult", m.group(1)), ("seperms", ",".join(m.group(2).split()))]
        body = body[m.end():]
    body = re.sub(r"msg='([^']*)'", r"\1", body)
    for tok in re.findall(r'(\w+)=("[^"]*"|\S+)', body):
        out.append((tok[0], oracles.unquote(tok[1])))
    return out


@pytest.fixture()
def log(tmp_path: Path) -> Path:
    return oracles.write_log(tmp_path / "audit.log", LOG)


def test_ausearch_finds_every_selinux_avc_event(log: Path) -> None:
    found = {oracles.serial_of(x) for x in oracles.ausearch_raw(log, "-m", "AVC")}
    assert found == {serial for serial, _ in selinux_avcs(LOG)}
    # AppArmor and Smack records are type 1400 too, but ausearch's parse_avc() needs tclass=
    # and drops their whole events (reference §4.4 item 1): auparse is their oracle.
    assert {202, 303}.isdisjoint(found)


def test_aureport_lists_one_row_per_selinux_avc_record(log: Path) -> None:
    rows = oracles.aureport_avc(log)
    expected = [(serial, m["scontext"], m["tclass"], m["perms"], m["tcontext"])
                for serial, m in selinux_avcs(LOG)]
    assert [(r.serial, r.subj, r.tclass, r.perm, r.obj) for r in rows] == expected
    assert all(r.result == "denied" for r in rows)


def test_auparse_reads_every_record_with_its_fields(log: Path) -> None:
    records = oracles.auparse_records(log)
    assert len(records) == len(LOG)
    for rec, line in zip(records, LOG):
        name = line.split(" ", 1)[0].removeprefix("type=")
        assert rec["type"] == name
        assert rec["serial"] == oracles.serial_of(line)
        assert rec["fields"] == split_fields(line), line


def test_sepolgen_turns_the_denials_into_allow_rules(log: Path) -> None:
    expected: set[str] = set()
    by_key: dict[tuple[str, str, str], set[str]] = {}
    for _, m in selinux_avcs(LOG):
        key = (m["scontext"].split(":")[2], m["tcontext"].split(":")[2], m["tclass"])
        by_key.setdefault(key, set()).update(m["perms"].split())
    for (src, tgt, cls), perms in by_key.items():
        p = next(iter(perms)) if len(perms) == 1 else "{ " + " ".join(sorted(perms)) + " }"
        expected.add(f"allow {src} {tgt}:{cls} {p};")
    assert oracles.sepolgen_allow_rules(log) == expected


POLICY = Path("/etc/selinux/default/policy/policy.33")


def test_audit2allow_with_the_reference_policy(log: Path) -> None:
    assert POLICY.exists() and shutil.which("audit2allow")
    rc, out = oracles.audit2allow(log, POLICY)
    assert rc == 0
    rules = {x.strip() for x in out.splitlines() if x.startswith("allow ")}
    assert "allow httpd_t user_home_t:file read;" in rules
    assert "allow httpd_t postgresql_port_t:tcp_socket name_connect;" in rules


# ---- closing the loop: lsmsim's SELinux denials -> audit2allow -> policy -> no denial ----

ROOT = Path(__file__).resolve().parents[2]
TEST_POLICY = ROOT / "scenarios" / "selinux" / "policies" / "mcs_containers.conf"
CONTAINER = "system_u:system_r:container_t:s0:c1,c2"
# (target context, class, the permissions an operation needs)
ACCESSES = [
    ("system_u:object_r:tmp_t:s0", "file", ["open", "read", "getattr"]),
    ("system_u:object_r:tmp_t:s0", "dir", ["search", "add_name", "write"]),
    ("system_u:system_r:unconfined_t:s0", "unix_stream_socket", ["connectto"]),
]


def denials(sel: lsmsim.Selinux) -> list[tuple[str, str, list[str]]]:
    out = []
    for tcon, tclass, perms in ACCESSES:
        allowed = sel.compute_av(CONTAINER, tcon, tclass).allowed
        missing = [p for p in perms if p not in allowed]
        if missing:
            out.append((tcon, tclass, missing))
    return out


def avc_lines(found: list[tuple[str, str, list[str]]]) -> list[str]:
    # The record security/selinux/avc.c writes for each denial (reference §3.3).
    return [f"type=AVC msg=audit(1700000000.000:{n}): avc:  denied  {{ {' '.join(perms)} }} for "
            f' pid=100 comm="cat" name="x" dev="tmpfs" ino=2 scontext={CONTAINER} '
            f"tcontext={tcon} tclass={tclass} permissive=0"
            for n, (tcon, tclass, perms) in enumerate(found, start=1)]


def with_rules(policy: str, rules: set[str]) -> str:
    # TE rules go with the policy's own allow rules (checkpolicy's grammar fixes the order).
    lines = policy.splitlines()
    last = max(i for i, x in enumerate(lines) if x.startswith("allow "))
    return "\n".join(lines[: last + 1] + sorted(rules) + lines[last + 1:]) + "\n"


def test_audit2allow_rules_make_lsmsim_denials_pass(tmp_path: Path) -> None:
    k = lsmsim.Kernel()
    k.selinux.load_policy(TEST_POLICY.read_text(), str(TEST_POLICY))
    found = denials(k.selinux)
    assert len(found) == len(ACCESSES)  # each access is denied before
    log = oracles.write_log(tmp_path / "audit.log", avc_lines(found))

    rules = oracles.sepolgen_allow_rules(log)
    binary = tmp_path / "policy.33"
    subprocess.run(["checkpolicy", "-M", "-c", "33", "-o", str(binary), str(TEST_POLICY)],
                   check=True, capture_output=True)
    rc, out = oracles.audit2allow(log, binary)
    assert rc == 0
    assert {x.strip() for x in out.splitlines() if x.startswith("allow ")} == rules

    fixed = with_rules(TEST_POLICY.read_text(), rules)
    k.selinux.load_policy(fixed, "fixed.conf")
    assert denials(k.selinux) == []
