"""Kernel.audit from Python: boot options, records as dicts and DataFrames per daemon, nested
daemons of child user namespaces, backlog overflow, auditctl errors, container IDs, and the
real readers (auparse, ausearch) on the log files write_log() produces.

Expected values come from the simulated tasks themselves (their pids, the Result values) or
from the record text, never from a second copy of the kernel's format.
"""

from __future__ import annotations

import errno
import math
import re
from pathlib import Path

import pytest

import audit_oracles as oracles
import lsmsim

OPEN = "-a always,exit -S open"


def field_pairs(text: str) -> dict[str, str]:
    """The body of a raw log line split independently of lsmsim: name=value, "quoted" values
    unquoted, first occurrence kept."""
    body = text.split("): ", 1)[1]
    out: dict[str, str] = {}
    for name, value in re.findall(r'([A-Za-z0-9_-]+)=("[^"]*"|\S*)', body):
        out.setdefault(name, value[1:-1] if value.startswith('"') else value)
    return out


def host_kernel(**kw: object) -> tuple[lsmsim.Kernel, lsmsim.Audit]:
    """A kernel whose init task runs the host auditd with one open(2) rule keyed 'k'."""
    k = lsmsim.Kernel(**kw)
    k.audit.start_daemon(k.init, name="host")
    k.audit.auditctl(k.init, OPEN + " -k k")
    return k, k.audit


def child(parent: lsmsim.Task) -> lsmsim.Task:
    r = parent.fork()
    assert r.ok and r.task is not None
    return r.task


def userns_root(k: lsmsim.Kernel) -> lsmsim.Task:
    """A child of init that unshared its user namespace: root with every capability there
    (so CAP_AUDIT_CONTROL in it), none in the initial one (tests/audit_rules' userns_root)."""
    t = child(k.init)
    assert t.unshare("user").ok
    assert "cap_audit_control" in t.cap_effective
    return t


def event(records: list[dict], serial: int) -> list[dict]:
    return [r for r in records if r["serial"] == serial]


# ---- boot options ----


def test_audit_boot_on_gives_init_a_syscall_context() -> None:
    # audit=1: audit_alloc gave init a context at boot, so init's own syscalls are audited
    # (the daemon is another task); without audit= only tasks forked after enabling are.
    for boot, audited in (("on", True), (True, True), ({"boot": "on"}, True), (None, False)):
        k = lsmsim.Kernel(audit=boot)
        d = child(k.init)
        k.audit.start_daemon(d, name="host")
        k.audit.auditctl(d, OPEN)
        assert k.init.open("/etc/passwd").ok
        pids = [r["pid"] for r in k.audit.records("host", type="SYSCALL")]
        assert pids == (["1"] if audited else []), boot


def test_audit_boot_off_logs_nothing() -> None:
    k = lsmsim.Kernel(audit="off")
    k.audit.start_daemon(k.init)
    k.audit.auditctl(k.init, OPEN)
    assert child(k.init).open("/etc/passwd").ok
    assert k.audit.records() == [] and k.audit.records("host") == []
    assert repr(k.audit).startswith("<lsmsim.Audit boot=off ")


@pytest.mark.parametrize(
    ("value", "match"),
    [
        ("maybe", r"'maybe' is not valid; valid: 'on', 'off'"),
        (2, r"2 is not valid; valid: 'on', 'off'"),
        ({"boot": "yes"}, r"'yes' is not valid; valid: 'on', 'off'"),
        ({"userns_daemons": "no"}, r"userns_daemons= 'no' is not valid; valid: True, False"),
        ({"nested": True}, r"no setting 'nested'; valid: 'boot', 'userns_daemons'"),
    ],
)
def test_audit_boot_bad_values(value: object, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        lsmsim.Kernel(audit=value)


# ---- records ----


def test_syscall_event_records_as_dicts() -> None:
    k, a = host_kernel()
    t = child(k.init)
    res = t.open("/etc/passwd")
    assert res.ok
    syscalls = a.records("host", type="SYSCALL")
    assert len(syscalls) == 1
    sc = syscalls[0]
    ev = event(a.records("host"), sc["serial"])
    assert [r["type"] for r in ev] == ["SYSCALL", "CWD", "PATH", "PROCTITLE", "EOE"]
    for r in ev:
        # The fixed keys agree with the text; every field is as the text has it.
        stamp = f"msg=audit({r['time']:.3f}:{r['serial']}): "
        assert r["text"].startswith(f"type={r['type']} {stamp}")
        assert r["fields"] == field_pairs(r["text"])
        assert {n: r[n] for n in r["fields"]} == r["fields"]
    assert sc["type_number"] == 1300
    assert (sc["arch"], sc["syscall"], sc["success"], sc["exit"]) == (
        "c000003e", "2", "yes", str(res.value))
    assert (sc["pid"], sc["ppid"], sc["uid"], sc["comm"], sc["exe"], sc["key"]) == (
        str(t.pid), str(k.init.pid), str(t.uid), t.comm, t.exe, "k")
    path = ev[2]
    assert (path["name"], path["nametype"], path["item"]) == ("/etc/passwd", "NORMAL", "0")
    # A failed call: success=no, exit=-errno, the name alone with nametype=UNKNOWN.
    bad = t.open("/no/such/file")
    assert bad.errno == errno.ENOENT
    sc2 = a.records("host", type="SYSCALL")[-1]
    assert (sc2["success"], sc2["exit"]) == ("no", f"-{errno.ENOENT}")
    p2 = event(a.records("host"), sc2["serial"])[2]
    assert (p2["name"], p2["nametype"]) == ("/no/such/file", "UNKNOWN")
    assert "inode" not in p2
    # Serials grow by event; the kernel-wide history holds the same records in order.
    assert sc2["serial"] > sc["serial"]
    assert [r["text"] for r in a.records()] == a.log_lines("host")


def test_type_filter_names_numbers_and_lists() -> None:
    k, a = host_kernel()
    child(k.init).open("/etc/passwd")
    every = a.records("host")
    assert a.records("host", type="PATH") == [r for r in every if r["type"] == "PATH"]
    assert a.records("host", type=1302) == a.records("host", type="PATH")
    both = a.records("host", type=["CWD", 1302])
    assert both == [r for r in every if r["type"] in ("CWD", "PATH")]
    assert a.records("host", type=()) == []
    assert a.records("host", type="AVC") == []


def test_events_group_records_by_serial() -> None:
    k, a = host_kernel()
    t = child(k.init)
    t.open("/etc/passwd")
    a.user_message(t, "USER_LOGIN", "op=login res=success")
    t.open("/missing")
    events = a.events("host")
    assert [r for ev in events for r in ev] == a.records("host")
    for ev in events:
        assert len({r["serial"] for r in ev}) == 1
    assert len({ev[0]["serial"] for ev in events}) == len(events)
    opens = a.events("host", type="SYSCALL")
    assert [[r["type"] for r in ev][0] for ev in opens] == ["SYSCALL", "SYSCALL"]
    assert [ev[2]["name"] for ev in opens] == ["/etc/passwd", "/missing"]
    assert a.events("host", type=["USER_LOGIN"]) == [a.records("host", type="USER_LOGIN")]
    assert a.events(type="AVC") == []


def test_field_named_like_a_fixed_key_stays_reachable() -> None:
    k, a = host_kernel()
    # A user message carrying "type=" and "serial=" in its text: the record's own type and
    # serial keep the top-level keys; r["fields"] keeps every field of the body, msg='...'
    # split into its inner fields as auparse does, so "type" and "serial" are fields there.
    a.user_message(child(k.init), "USER_AVC", "type=spoofed text=x serial=7")
    (r,) = a.records("host", type="USER_AVC")
    assert (r["type"], r["type_number"]) == ("USER_AVC", 1107)
    assert r["serial"] != 7 and r["text"].startswith("type=USER_AVC msg=audit(")
    fixed = ("type", "type_number", "time", "serial", "text", "fields", "field_list")
    assert (r["fields"]["type"], r["fields"]["serial"]) == ("spoofed", "7")
    assert ("type", "spoofed") in r["field_list"]
    assert all(r[n] == v for n, v in r["fields"].items() if n not in fixed)
    assert set(r) == set(fixed) | set(r["fields"])


def test_dataframe_equals_records() -> None:
    import pandas as pd  # in requirements-dev; dataframe() imports it itself
    k, a = host_kernel()
    t = child(k.init)
    t.open("/etc/passwd")
    t.open("/missing")
    a.user_message(t, "USER_LOGIN", "op=login acct=\"alice\" res=success")
    for daemon, type_ in ((None, None), ("host", None), ("host", ["SYSCALL", "PATH"])):
        recs = a.records(daemon, type=type_)
        df = a.dataframe(daemon, type=type_)
        assert isinstance(df, pd.DataFrame)
        assert len(df) == len(recs)
        cols = list(df.columns)
        assert cols[:7] == ["type", "type_number", "time", "serial", "text", "fields", "field_list"]
        assert set(cols) == {key for r in recs for key in r}
        assert len(cols) == len(set(cols))
        for i, r in enumerate(recs):
            row = df.iloc[i]
            for c in cols:
                if c in r:
                    assert row[c] == r[c], (i, c)
                else:
                    assert isinstance(row[c], float) and math.isnan(row[c]), (i, c)
    empty = a.dataframe("host", type="AVC")
    assert len(empty) == 0
    assert list(empty.columns) == [
        "type", "type_number", "time", "serial", "text", "fields", "field_list"]


# ---- daemons ----


def test_status_and_auditctl_s() -> None:
    k, a = host_kernel()
    s = a.status("host")
    assert (s["name"], s["alive"], s["enabled"], s["pid"], s["lost"]) == ("host", True, 1, 1, 0)
    assert s["user_ns"] == k.init.ns("user")
    assert s["rules"] == a.auditctl(k.init, "-l") == [OPEN + " -F key=k"]
    lines = a.auditctl(k.init, "-s")
    assert [ln.split()[0] for ln in lines] == [
        "enabled", "failure", "pid", "rate_limit", "backlog_limit", "lost", "backlog",
        "backlog_wait_time"]
    assert {ln.split()[0]: int(ln.split()[1]) for ln in lines} == {
        n: s[n] for n in ("enabled", "failure", "pid", "rate_limit", "backlog_limit", "lost",
                          "backlog", "backlog_wait_time")}
    assert a.auditctl(k.init, "-b 320") == []
    assert a.status("host")["backlog_limit"] == 320
    assert a.daemons() == [a.status("host")]


def test_nested_daemon_gets_only_its_namespace_and_the_host_gets_both() -> None:
    k, a = host_kernel()
    c = userns_root(k)
    a.start_daemon(c, name="c")
    a.auditctl(c, OPEN + " -k inner")
    inner = child(c)  # in c's user namespace, forked after audit was enabled
    outer = child(k.init)
    assert inner.open("/etc/passwd").ok and outer.open("/etc/passwd").ok
    host_events = a.records("host", type="SYSCALL")
    host = {r["pid"]: r["key"] for r in host_events if r["syscall"] != "44"}
    nested = [(r["pid"], r["key"]) for r in a.records("c", type="SYSCALL")]
    # Each daemon's own rules decide; pids are in initial-namespace terms for both.
    assert host == {str(inner.pid): "k", str(outer.pid): "k"}
    # c's requests are sendto() syscalls of a task that is not the host's daemon: their
    # CONFIG_CHANGE records make them auditable for the host (which has rules), not for c.
    assert {(r["pid"], r["key"]) for r in host_events if r["syscall"] == "44"} == {
        (str(c.pid), "(null)")}
    assert nested == [(str(inner.pid), "inner")]
    assert [d["name"] for d in a.daemons()] == ["host", "c"]
    assert a.status("c")["user_ns"] == c.ns("user") != a.status("host")["user_ns"]
    assert a.status("c")["rules"] == a.auditctl(c, "-l") == [OPEN + " -F key=inner"]


def test_stalled_nested_daemon_overflows_with_exact_lost_count_host_loses_nothing() -> None:
    k, a = host_kernel()
    c = userns_root(k)
    a.start_daemon(c, name="c", backlog_limit=2)
    a.auditctl(c, OPEN + " -k inner")
    a.drain("c")
    a.set_stalled("c", True)
    assert a.status("c")["backlog"] == 0
    inner = child(c)
    before = len(a.records("host"))
    for _ in range(4):
        assert inner.open("/etc/passwd").ok
    sent = len(a.records("host")) - before  # the host has the same rule: the same events
    assert sent >= 8
    limit = 2
    kept = limit + 1  # audit_log_start tests "queue length > limit" before queueing
    s = a.status("c")
    assert (s["backlog"], s["lost"]) == (kept, sent - kept)
    assert a.status("host")["lost"] == 0 and a.status("host")["backlog"] == 0
    # Each loss prints three lines (audit_log_start, audit_log_lost, audit_panic in printk
    # mode, the default), all through printk_ratelimit(): a burst of 10 lines per 5 s.
    assert a.kmsg()[:3] == [
        f"audit: audit_backlog={kept} > audit_backlog_limit={limit}",
        f"audit: audit_lost=1 audit_rate_limit=0 audit_backlog_limit={limit}",
        "audit: backlog limit exceeded",
    ]
    assert len(a.kmsg()) == 10
    # What c kept is the first records of the burst; reading the queue empties it.
    def ids(records: list[dict]) -> list[tuple[int, str]]:
        return [(r["serial"], r["type"]) for r in records]

    assert ids(a.records("c")[-kept:]) == ids(a.records("host")[before:][:kept])
    a.drain("c")
    assert a.status("c")["backlog"] == 0 and a.status("c")["lost"] == sent - kept


def test_panic_failure_mode_raises_kernel_panic() -> None:
    k = lsmsim.Kernel()
    a = k.audit
    a.start_daemon(k.init, failure=2, backlog_limit=1)
    a.auditctl(k.init, OPEN)
    a.set_stalled("host", True)
    t = child(k.init)
    with pytest.raises(lsmsim.KernelPanic, match="^audit: backlog limit exceeded$"):
        for _ in range(3):
            t.open("/etc/passwd")
    assert a.status("host")["lost"] == 1


def test_write_log_is_read_by_ausearch_and_auparse(tmp_path: Path) -> None:
    k, a = host_kernel()
    t = child(k.init)
    t.open("/etc/passwd")
    t.open("/no/such")
    log = tmp_path / "audit.log"
    assert a.write_log("host", log) == len(a.records("host"))
    assert log.read_text() == "".join(line + "\n" for line in a.log_lines("host"))
    # ausearch -k: every event with a record keyed k (the rule's CONFIG_CHANGE, two SYSCALLs).
    keyed = {r["serial"] for r in a.records("host") if r.get("key") == "k"}
    assert len(keyed) == 3
    found = oracles.ausearch_raw(log, "-k", "k")
    assert found == [ln for ln in a.log_lines("host") if oracles.serial_of(ln) in keyed]
    # auparse parses every record into the fields records() gives (EOE has none to give).
    parsed = {(p["serial"], p["type"]): dict(p["fields"]) for p in oracles.auparse_records(log)}
    for r in a.records("host"):
        if r["type"] == "EOE":
            continue
        assert parsed[(r["serial"], r["type"])] == r["fields"], r["text"]


def test_user_message_fields_as_auparse_splits_them(tmp_path: Path) -> None:
    k, a = host_kernel()
    a.user_message(child(k.init), "USER_LOGIN", "op=login acct=\"alice\" res=success")
    log = tmp_path / "audit.log"
    a.write_log("host", log)
    (r,) = a.records("host", type="USER_LOGIN")
    (p,) = [p for p in oracles.auparse_records(log) if p["type"] == "USER_LOGIN"]
    assert dict(p["fields"]) == r["fields"]


# ---- requests the kernel refuses: OSError with its errno ----


def test_eperm_without_cap_audit_control_or_write() -> None:
    k, a = host_kernel()
    u = child(k.init)
    assert u.setuid(1000).ok and "cap_audit_control" not in u.cap_effective
    for command in ("-s", "-l", OPEN):
        with pytest.raises(PermissionError) as e:
            a.auditctl(u, command)
        assert e.value.errno == errno.EPERM and "EPERM" in str(e.value)
    with pytest.raises(PermissionError):
        a.user_message(u, "USER_LOGIN", "op=login res=failed")
    with pytest.raises(PermissionError):
        a.start_daemon(u, name="u")


def test_child_userns_is_refused_with_econnrefused_when_nested_daemons_are_off() -> None:
    k = lsmsim.Kernel(audit={"userns_daemons": False})
    a = k.audit
    a.start_daemon(k.init)
    c = userns_root(k)
    with pytest.raises(ConnectionRefusedError) as e:
        a.start_daemon(c, name="c")
    assert e.value.errno == errno.ECONNREFUSED
    with pytest.raises(ConnectionRefusedError):
        a.auditctl(c, "-l")
    # libaudit takes ECONNREFUSED as "no audit": PAM's message succeeds, nothing is logged.
    before = len(a.records())
    a.user_message(c, "USER_LOGIN", "op=login res=success")
    assert len(a.records()) == before
    assert [d["name"] for d in a.daemons()] == ["host"]
    # With the proposal on, the same start-up succeeds.
    k2 = lsmsim.Kernel(audit={"userns_daemons": True})
    k2.audit.start_daemon(userns_root(k2), name="c")
    assert k2.audit.status("c")["alive"]


def test_other_kernel_refusals() -> None:
    k, a = host_kernel()
    with pytest.raises(FileExistsError):
        a.start_daemon(child(k.init), name="other")
    with pytest.raises(FileExistsError):
        a.auditctl(k.init, OPEN + " -k k")  # the same rule twice
    with pytest.raises(OSError) as e:
        a.user_message(k.init, 1300, "x")  # SYSCALL is not a user message
    assert e.value.errno == errno.EINVAL
    with pytest.raises(OSError) as e:
        a.user_message(k.init, "USER_LOGIN", "")
    assert e.value.errno == errno.EINVAL
    with pytest.raises(FileNotFoundError):
        a.auditctl(k.init, "-d always,exit -S kill")
    k2 = lsmsim.Kernel()
    with pytest.raises(OSError) as e:
        k2.audit.start_daemon(k2.init, failure=3)
    assert e.value.errno == errno.EINVAL


# ---- auditctl refusals: AuditRuleError with the position ----


def test_audit_rule_error_position() -> None:
    k, a = host_kernel()
    command = "-a always,exit -S nosuchcall -k x"
    with pytest.raises(lsmsim.AuditRuleError) as e:
        a.auditctl(k.init, command, file="cli.rules")
    err = e.value
    assert isinstance(err, ValueError)
    assert (err.file, err.line, err.column) == ("cli.rules", 1, command.index("nosuchcall") + 1)
    assert str(err) == f"cli.rules:1:{err.column}: {err.message}"
    assert "nosuchcall" in err.message
    rules = "# audit.rules\n-D\n\n-w /etc/shadow -p rq -k shadow\n"
    with pytest.raises(lsmsim.AuditRuleError) as e:
        a.load_rules(k.init, rules, file="/etc/audit/audit.rules")
    err = e.value
    line = rules.splitlines()[3]
    assert (err.file, err.line, err.column) == ("/etc/audit/audit.rules", 4, line.index("q") + 1)
    # Nothing ran: the -D before the bad line was not sent.
    assert a.auditctl(k.init, "-l") == [OPEN + " -F key=k"]


def test_load_rules_runs_in_order_and_names_the_refused_line() -> None:
    k, a = host_kernel()
    assert a.load_rules(k.init, "-D\n# c\n-b 100\n" + OPEN + " -k one\n") == 3
    assert a.auditctl(k.init, "-l") == [OPEN + " -F key=one"]
    assert a.status("host")["backlog_limit"] == 100
    with pytest.raises(FileExistsError, match=r"x\.rules:3"):
        a.load_rules(k.init, "-b 200\n\n" + OPEN + " -k one\n-b 300\n", file="x.rules")
    assert a.status("host")["backlog_limit"] == 200  # stopped at line 3


# ---- container IDs through /proc/PID/audit_containerid ----


def test_container_id_written_through_proc_and_filtered_by_the_host() -> None:
    k = lsmsim.Kernel()
    a = k.audit
    a.start_daemon(k.init)
    a.auditctl(k.init, OPEN + " -F contid=123 -k ctr")
    ctr = child(k.init)
    other = child(k.init)
    proc = f"/proc/{ctr.pid}/audit_containerid"
    assert k.init.write_file(proc, "123").ok
    assert k.init.read_file(proc).text == "123"
    again = k.init.write_file(proc, "124")
    assert again.errno == errno.EEXIST
    ops = a.records("host", type="CONTAINER_OP")
    assert [(r["op"], r["opid"], r["contid"], r["old-contid"]) for r in ops] == [
        ("set", str(ctr.pid), "123", "-1"), ("set", str(ctr.pid), "124", "123")]
    assert ops[0]["type"] == "UNKNOWN[1020]" and ops[0]["type_number"] == 1020
    # Inherited on fork; the host rule matches the container's tasks only.
    inside = child(ctr)
    for t in (ctr, inside, other):
        assert t.open("/etc/passwd").ok
    syscalls = a.records("host", type="SYSCALL")
    assert [(r["pid"], r["record"]) for r in syscalls] == [
        (str(ctr.pid), "1"), (str(inside.pid), "1")]
    ids = a.records("host", type="CONTAINER_ID")
    assert [(r["serial"], r["contid"], r["type"]) for r in ids] == [
        (s["serial"], "123", "UNKNOWN[1399]") for s in syscalls]
    # An unprivileged writer gets the errno through the file API.
    u = child(k.init)
    assert u.setuid(1000).ok
    assert u.write_file(f"/proc/{child(u).pid}/audit_containerid", "5").errno == errno.EPERM


# ---- misuse: Python exceptions, never a crash ----


def test_misuse_raises() -> None:
    k, a = host_kernel()
    other = lsmsim.Kernel()
    with pytest.raises(ValueError, match="another Kernel"):
        a.auditctl(other.init, "-l")
    with pytest.raises(ValueError, match="another Kernel"):
        a.user_message(other.init, "USER_LOGIN", "x")
    with pytest.raises(ValueError, match="another Kernel"):
        a.start_daemon(other.init, name="x")
    gone = child(k.init)
    assert gone.exit(0).ok and k.init.wait(gone.pid).ok
    for call in (lambda: a.auditctl(gone, "-l"), lambda: a.start_daemon(gone, name="g"),
                 lambda: a.user_message(gone, "USER_LOGIN", "x"),
                 lambda: a.load_rules(gone, "-l")):
        with pytest.raises(lsmsim.TaskGone):
            call()
    for call in (lambda: a.records("nope"), lambda: a.dataframe("nope"),
                 lambda: a.status("nope"), lambda: a.drain("nope"),
                 lambda: a.set_stalled("nope", True), lambda: a.log_lines("nope"),
                 lambda: a.write_log("nope", "/dev/null")):
        with pytest.raises(KeyError, match="no audit daemon named 'nope'; daemons: host"):
            call()
    with pytest.raises(KeyError, match="daemons: none registered"):
        other.audit.records("host")
    for bad in ("NOPE", "SYSCAL", "UNKNOWN[x]", -1, 65536, 2**70):
        with pytest.raises(ValueError):
            a.records(type=bad)
        with pytest.raises(ValueError):
            a.user_message(k.init, bad, "x")
    for bad in (True, 1.5, b"AVC", [1.5]):
        with pytest.raises(TypeError):
            a.records(type=bad)
    with pytest.raises(ValueError, match="unknown audit message type 'NOPE'"):
        a.records(type="NOPE")
    k2 = lsmsim.Kernel()
    for kw in ({"backlog_limit": -1}, {"backlog_limit": 2**32}, {"failure": -1}, {"name": ""}):
        with pytest.raises(ValueError):
            k2.audit.start_daemon(k2.init, **kw)
    with pytest.raises(TypeError):
        k2.audit.start_daemon(k2.init, backlog_limit="64")
    with pytest.raises(ValueError, match="already running"):
        a.start_daemon(userns_root(k), name="host")
    with pytest.raises(FileNotFoundError):
        a.write_log("host", "/no/such/dir/audit.log")
    assert k2.audit.daemons() == []  # nothing was half-started by a refused argument


def test_kernel_only_type_names_and_repr() -> None:
    k, a = host_kernel()
    assert a.records(type="MAC_TASK_CONTEXTS") == a.records(type=1425) == []
    assert a.records(type="UNKNOWN[1425]") == []
    # Two subject LSMs: subj=? and the MAC_TASK_CONTEXTS aux record, written UNKNOWN[1425].
    st = lsmsim.Kernel(lsm="selinux,apparmor", stacking=True)
    st.audit.start_daemon(st.init)
    st.audit.auditctl(st.init, OPEN)
    child(st.init).open("/etc/passwd")
    (sc,) = st.audit.records(type="SYSCALL")
    (ev,) = st.audit.events(type="SYSCALL")
    (mac,) = [r for r in ev if r["type_number"] == 1425]
    assert sc["subj"] == "?" and mac["type"] == "UNKNOWN[1425]"
    assert list(mac["fields"]) == ["subj_selinux", "subj_apparmor"]
    assert mac in st.audit.records(type="MAC_TASK_CONTEXTS")
    assert st.audit.records(type="MAC_TASK_CONTEXTS") == st.audit.records(type="UNKNOWN[1425]")
    child(k.init).open("/etc/passwd")
    assert repr(a) == (f"<lsmsim.Audit boot=unset userns_daemons=True enabled=1 "
                       f"daemons=[host] records={len(a.records())}>")


def test_field_list_keeps_every_key_of_a_two_key_rule(tmp_path: Path) -> None:
    # auditctl joins several -k keys with \x01 (AUDIT_KEY_SEPARATOR); the kernel logs the
    # joined key in hex and auparse gives one "key" field per key.
    k = lsmsim.Kernel()
    a = k.audit
    a.start_daemon(k.init, name="host")
    a.auditctl(k.init, "-a always,exit -S open -k first -k second")
    child(k.init).open("/etc/passwd")
    (r,) = a.records("host", type="SYSCALL")
    assert "key=" + "first\x01second".encode().hex().upper() in r["text"]
    assert [v for n, v in r["field_list"] if n == "key"] == ["first", "second"]
    assert r["fields"]["key"] == "first"
    log = tmp_path / "audit.log"
    a.write_log("host", log)
    (p,) = [p for p in oracles.auparse_records(log) if p["type"] == "SYSCALL"]
    assert [tuple(f) for f in p["fields"]] == [tuple(f) for f in r["field_list"]]
