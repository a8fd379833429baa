// The audit core: stamps and serials, routing to daemons, backlog and failure modes, the
// SYSCALL event of an audited syscall (kernel/audit.c, kernel/auditsc.c).
#include <boost/test/unit_test.hpp>

#include "model/audit/audit.h"
#include "model/kernel.h"
#include "model/syscalls/process.h"
#include "model/syscalls/syscall_util.h"

using namespace lsmsim;

namespace {

KernelConfig plain(AuditBoot boot = AuditBoot::on) {
  KernelConfig c;
  c.lsm.lsm = "capability";  // no LSM gives a subject context: no subj= field
  c.audit.boot = boot;
  return c;
}

AuditRule always_exit(int nr, std::string key = "") {
  AuditRule r;
  r.list = AuditFilterList::exit;
  r.action = AuditAction::always;
  r.syscalls = {nr};
  r.key = std::move(key);
  return r;
}

std::vector<std::string> lines(const AuditDaemon& d) {
  std::vector<std::string> out;
  for (const AuditRecord& r : d.received()) out.push_back(audit_log_line(r));
  return out;
}

// The host daemon registered by init, and a child forked at boot: the audited task.
Task& first_child(Kernel& k) {
  BOOST_REQUIRE(sys_fork(k.init_task()).ok());
  return *k.find_task(2);
}

AuditDaemon& host_daemon(Kernel& k) {
  BOOST_REQUIRE_EQUAL(k.audit().register_daemon(k.init_task(), k.init_user_ns(), "host"), 0);
  return *k.audit().daemon_of(*k.init_user_ns());
}

struct HostDaemonAndChild {
  Kernel k{plain()};
  Task& init{k.init_task()};
  Task& child{first_child(k)};
  AuditDaemon& d{host_daemon(k)};
};

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_core)

BOOST_AUTO_TEST_CASE(standalone_records_get_new_serials_and_go_to_kmsg_without_a_daemon) {
  Kernel k(plain());
  k.audit().log(AUDIT_AVC, "a=1");
  k.advance_clock(1234567890ULL);  // 1.234567890 s later
  k.audit().log(AUDIT_AVC, "a=2");
  BOOST_REQUIRE_EQUAL(k.audit().kmsg().size(), 2u);
  BOOST_TEST(k.audit().kmsg()[0] == "audit: type=1400 audit(1767225600.000:1): a=1");
  BOOST_TEST(k.audit().kmsg()[1] == "audit: type=1400 audit(1767225601.234:2): a=2");
  BOOST_TEST(audit_log_line(k.audit().history()[1]) ==
             "type=AVC msg=audit(1767225601.234:2): a=2");
}

BOOST_AUTO_TEST_CASE(audit_off_at_boot_logs_nothing) {
  Kernel k(plain(AuditBoot::off));
  k.audit().log(AUDIT_AVC, "a=1");
  BOOST_TEST(k.audit().kmsg().empty());
  BOOST_TEST(k.audit().history().empty());
}

BOOST_AUTO_TEST_CASE(records_of_one_syscall_share_the_stamp_and_an_always_rule_writes_syscall) {
  Kernel k(plain());
  Task& init = k.init_task();
  BOOST_REQUIRE_EQUAL(k.audit().register_daemon(init, k.init_user_ns(), "host"), 0);
  AuditDaemon& d = *k.audit().daemon_of(*k.init_user_ns());
  d.rules.push_back(always_exit(39, "getpid"));
  {
    SyscallScope s(init, 39);
    k.audit().log(AUDIT_AVC, "first");
    k.audit().log(AUDIT_AVC, "second");
    s.leave(SysResult::success(1));
  }
  // auditd's own syscalls are not audited; use another task for the SYSCALL record.
  const auto own = lines(d);
  BOOST_REQUIRE_EQUAL(own.size(), 2u);
  BOOST_TEST(own[0] == "type=AVC msg=audit(1767225600.000:1): first");
  BOOST_TEST(own[1] == "type=AVC msg=audit(1767225600.000:1): second");
}

BOOST_FIXTURE_TEST_CASE(syscall_record_text, HostDaemonAndChild) {
  // The daemon is some other task (pid 1 here stands for auditd only by registration).
  d.rules.push_back(always_exit(39, "getpid"));
  BOOST_TEST(sys_getpid(child).ret == 2);
  const auto got = lines(d);
  BOOST_REQUIRE_EQUAL(got.size(), 3u);
  BOOST_TEST(got[0] ==
             "type=SYSCALL msg=audit(1767225600.000:1): arch=c000003e syscall=39 success=yes "
             "exit=2 a0=0 a1=0 a2=0 a3=0 items=0 ppid=1 pid=2 auid=4294967295 uid=0 gid=0 "
             "euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 "
             "comm=\"init\" exe=\"/sbin/init\" key=\"getpid\"");
  BOOST_TEST(got[1] == "type=PROCTITLE msg=audit(1767225600.000:1): proctitle=\"/sbin/init\"");
  BOOST_TEST(got[2] == "type=EOE msg=audit(1767225600.000:1): ");
  // Another syscall without a matching rule and without records: nothing.
  BOOST_TEST(sys_getuid(child).ok());
  BOOST_TEST(lines(d).size() == 3u);
}

BOOST_FIXTURE_TEST_CASE(no_rules_means_aux_records_without_syscall, HostDaemonAndChild) {
  {
    SyscallScope s(child, 39);
    k.audit().log(AUDIT_AVC, "x=1");
    s.leave(SysResult::success(2));
  }
  BOOST_REQUIRE_EQUAL(lines(d).size(), 1u);
  BOOST_TEST(lines(d)[0] == "type=AVC msg=audit(1767225600.000:1): x=1");
  // With a counting rule (for another syscall) the event is written: SYSCALL key=(null).
  d.rules.push_back(always_exit(1000));
  {
    SyscallScope s(child, 39);
    k.audit().log(AUDIT_AVC, "x=2");
    s.leave(SysResult::error(13));
  }
  const auto got = lines(d);
  BOOST_REQUIRE_EQUAL(got.size(), 5u);
  BOOST_TEST(got[2].find("type=SYSCALL msg=audit(1767225600.000:2): arch=c000003e syscall=39 "
                         "success=no exit=-13 ") == 0);
  BOOST_TEST(got[2].find(" key=(null)") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(backlog_overflow_counts_lost_records_and_printk, HostDaemonAndChild) {
  d.backlog_limit = 2;
  d.stalled = true;
  {
    SyscallScope s(child, 39);
    for (int i = 0; i < 5; ++i) k.audit().log(AUDIT_AVC, "n=" + std::to_string(i));
  }
  // "queue length > limit" is tested before queueing: limit + 1 records fit.
  BOOST_TEST(d.queue.size() == 3u);
  BOOST_TEST(d.lost == 2u);
  // audit_log_start()'s warning, audit_log_lost()'s counter line, audit_panic()'s reason.
  BOOST_REQUIRE_EQUAL(k.audit().kmsg().size(), 6u);
  BOOST_TEST(k.audit().kmsg()[0] == "audit: audit_backlog=3 > audit_backlog_limit=2");
  BOOST_TEST(k.audit().kmsg()[1] == "audit: audit_lost=1 audit_rate_limit=0 audit_backlog_limit=2");
  BOOST_TEST(k.audit().kmsg()[2] == "audit: backlog limit exceeded");
  BOOST_TEST(k.audit().kmsg()[4] == "audit: audit_lost=2 audit_rate_limit=0 audit_backlog_limit=2");
  // The daemon's own records never wait or get lost (auditd_test_task).
  {
    SyscallScope s(init, 39);
    k.audit().log(AUDIT_AVC, "own");
  }
  BOOST_TEST(d.queue.size() == 4u);
  BOOST_TEST(d.lost == 2u);
}

BOOST_FIXTURE_TEST_CASE(failure_silent_and_panic, HostDaemonAndChild) {
  d.backlog_limit = 1;
  d.stalled = true;
  d.failure = AUDIT_FAIL_SILENT;
  Kernel::CurrentScope cs(k, child);
  for (int i = 0; i < 3; ++i) k.audit().log(AUDIT_AVC, "n");
  BOOST_TEST(d.lost == 1u);
  // audit_log_lost() prints the counter line in every mode; silent skips audit_panic's text.
  BOOST_REQUIRE_EQUAL(k.audit().kmsg().size(), 2u);
  BOOST_TEST(k.audit().kmsg()[0] == "audit: audit_backlog=2 > audit_backlog_limit=1");
  BOOST_TEST(k.audit().kmsg()[1] == "audit: audit_lost=1 audit_rate_limit=0 audit_backlog_limit=1");
  d.failure = AUDIT_FAIL_PANIC;
  BOOST_CHECK_EXCEPTION(k.audit().log(AUDIT_AVC, "n"), KernelPanic, [](const KernelPanic& e) {
    return std::string(e.what()) == "audit: backlog limit exceeded";
  });
}

BOOST_AUTO_TEST_CASE(a_task_forked_before_audit_was_enabled_has_no_context) {
  Kernel k(plain(AuditBoot::unset));
  Task& init = k.init_task();
  BOOST_TEST(init.audit.context == nullptr);
  BOOST_REQUIRE(sys_fork(init).ok());
  Task& early = *k.find_task(2);
  k.audit().set_enabled(1);
  BOOST_REQUIRE(sys_fork(init).ok());
  Task& late = *k.find_task(3);
  BOOST_TEST(early.audit.context == nullptr);
  BOOST_TEST(late.audit.context != nullptr);
}

BOOST_AUTO_TEST_CASE(type_names_and_fields) {
  BOOST_TEST(audit_type_name(AUDIT_AVC) == "AVC");
  BOOST_TEST(audit_type_name(AUDIT_MAC_TASK_CONTEXTS) == "UNKNOWN[1425]");
  BOOST_TEST(audit_type_name(AUDIT_CONTAINER_ID) == "UNKNOWN[1399]");
  BOOST_TEST(audit_type_number("UNKNOWN[1020]") == 1020);
  BOOST_TEST(audit_type_number("USER_LOGIN") == 1112);
  BOOST_TEST(audit_is_user_message(AUDIT_USER_LOGIN));
  BOOST_TEST(!audit_is_user_message(AUDIT_AVC));
  const auto f = audit_record_fields(
      "avc:  denied  { read write } for  pid=5 comm=\"cat\" tclass=file permissive=0");
  BOOST_REQUIRE_EQUAL(f.size(), 6u);
  BOOST_TEST(f[0].first == "seresult");
  BOOST_TEST(f[0].second == "denied");
  BOOST_TEST(f[1].second == "read,write");
  BOOST_TEST(f[3].second == "cat");
}

BOOST_AUTO_TEST_SUITE_END()
