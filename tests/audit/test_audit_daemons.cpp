// Daemons of several user namespaces at once (the proposal of audit-kernel#93): a nested
// daemon's backlog overflowing loses only its own records, with the exact lost count and
// kernel/audit.c's printk lines under printk_ratelimit(); a nested panic-mode daemon kills its
// user namespace while the host keeps running and logging.
#include <fcntl.h>
#include <sched.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "model/audit/audit.h"
#include "model/audit/audit_rule.h"
#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/ns.h"
#include "model/syscalls/process.h"
#include "tests/support/task_helpers.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

KernelConfig plain() {
  KernelConfig c;
  c.lsm.lsm = "capability";  // no subj= field
  c.audit.boot = AuditBoot::on;
  return c;
}

AuditDaemon& daemon_for(Kernel& k, Task& t, const std::string& name, const std::string& key) {
  BOOST_TEST_REQUIRE(k.audit().register_daemon(t, t.cred->user_ns, name) == 0);
  AuditDaemon& d = *k.audit().daemon_of(*t.cred->user_ns);
  d.rules.push_back(parse_auditctl("-a always,exit -F arch=b64 -S getpid -k " + key).rule);
  return d;
}

// A child of init that unshared its user namespace (the container's first task).
Task& container_admin(Kernel& k) {
  Task& t = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(t, CLONE_NEWUSER).ok());
  return t;
}

// The three records of a getpid event as audit_log_exit writes them for a root task that
// forked without exec, the rule's key being `key`. No pid namespace here: exit= (the pid as
// the caller sees it) is the initial-namespace pid.
std::vector<std::string> getpid_event(const Task& t, const std::string& key) {
  const std::string pid = std::to_string(t.tgid);
  return {"SYSCALL arch=c000003e syscall=39 success=yes exit=" + pid +
              " a0=0 a1=0 a2=0 a3=0 items=0 ppid=" + std::to_string(t.parent->tgid) +
              " pid=" + pid +
              " auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0"
              " tty=(none) ses=4294967295 comm=\"init\" exe=\"/sbin/init\" key=\"" + key + "\"",
          "PROCTITLE proctitle=\"/sbin/init\"", "EOE "};
}

// "TYPE body" of each record received after the first `skip`.
std::vector<std::string> bodies(const AuditDaemon& d, std::size_t skip = 0) {
  std::vector<std::string> out;
  const auto all = d.received();
  for (std::size_t i = skip; i < all.size(); ++i)
    out.push_back(audit_type_name(all[i].type) + " " + all[i].body);
  return out;
}

void append(std::vector<std::string>& to, const std::vector<std::string>& more) {
  to.insert(to.end(), more.begin(), more.end());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_daemons)

BOOST_AUTO_TEST_CASE(a_nested_overflow_loses_only_its_own_records) {
  Kernel k(plain());
  AuditDaemon& host = daemon_for(k, k.init_task(), "host", "h");
  Task& a_admin = container_admin(k);
  AuditDaemon& a = daemon_for(k, a_admin, "container-a", "a");
  a.backlog_limit = 2;
  a.stalled = true;
  Task& a1 = spawn(a_admin);
  Task& b_admin = container_admin(k);
  AuditDaemon& b = daemon_for(k, b_admin, "container-b", "b");
  Task& b1 = spawn(b_admin);
  const std::size_t host_before = host.received().size();
  const std::size_t kmsg_before = k.audit().kmsg().size();

  for (int i = 0; i < 3; ++i) BOOST_TEST(sys_getpid(a1).ok());
  for (int i = 0; i < 2; ++i) BOOST_TEST(sys_getpid(b1).ok());

  // 9 records for a: "queue length > limit" is tested before queueing, so 3 fit and 6 are
  // lost; the first event stays whole.
  BOOST_TEST(a.lost == 6u);
  BOOST_TEST(bodies(a) == getpid_event(a1, "a"), boost::test_tools::per_element());
  // The host and the other container lose nothing and get every event whole.
  BOOST_TEST(host.lost == 0u);
  BOOST_TEST(b.lost == 0u);
  std::vector<std::string> want_host;
  for (int i = 0; i < 3; ++i) append(want_host, getpid_event(a1, "h"));
  for (int i = 0; i < 2; ++i) append(want_host, getpid_event(b1, "h"));
  BOOST_TEST(bodies(host, host_before) == want_host, boost::test_tools::per_element());
  std::vector<std::string> want_b;
  for (int i = 0; i < 2; ++i) append(want_b, getpid_event(b1, "b"));
  BOOST_TEST(bodies(b) == want_b, boost::test_tools::per_element());

  // Each loss prints three lines (audit_log_start's warning, audit_log_lost's counter,
  // audit_panic's reason in printk mode), all through printk_ratelimit(): 10 within 5 s.
  std::vector<std::string> want_kmsg;
  for (int n = 1; n <= 3; ++n) {
    want_kmsg.push_back("audit: audit_backlog=3 > audit_backlog_limit=2");
    want_kmsg.push_back("audit: audit_lost=" + std::to_string(n) +
                        " audit_rate_limit=0 audit_backlog_limit=2");
    want_kmsg.push_back("audit: backlog limit exceeded");
  }
  want_kmsg.push_back("audit: audit_backlog=3 > audit_backlog_limit=2");
  const std::vector<std::string> kmsg(k.audit().kmsg().begin() + static_cast<long>(kmsg_before),
                                      k.audit().kmsg().end());
  BOOST_TEST(kmsg == want_kmsg, boost::test_tools::per_element());

  // Six seconds later the window reopens: ___ratelimit() reports the 8 suppressed calls in
  // the name of the function that calls it first.
  k.advance_clock(6ULL * 1000000000ULL);
  BOOST_TEST(sys_getpid(a1).ok());
  BOOST_TEST(a.lost == 9u);
  const std::vector<std::string>& all = k.audit().kmsg();
  BOOST_TEST_REQUIRE(all.size() == kmsg_before + want_kmsg.size() + 10);
  BOOST_TEST(all[kmsg_before + want_kmsg.size()] == "audit_log_start: 8 callbacks suppressed");
  BOOST_TEST(all.back() == "audit: backlog limit exceeded");
  BOOST_TEST(all[all.size() - 2] == "audit: audit_lost=9 audit_rate_limit=0 audit_backlog_limit=2");
}

BOOST_AUTO_TEST_CASE(silent_mode_still_prints_audit_lost_and_a_rate_limit_prints_once_a_second) {
  Kernel k(plain());
  // A host daemon (no rules) so that records nobody took are not printed to kmsg.
  BOOST_TEST_REQUIRE(k.audit().register_daemon(k.init_task(), k.init_user_ns(), "host") == 0);
  Task& a_admin = container_admin(k);
  AuditDaemon& a = daemon_for(k, a_admin, "container-a", "a");
  a.backlog_limit = 1;
  a.stalled = true;
  a.failure = AUDIT_FAIL_SILENT;
  Task& a1 = spawn(a_admin);
  const std::size_t kmsg_before = k.audit().kmsg().size();
  BOOST_TEST(sys_getpid(a1).ok());  // 3 records: 2 kept, 1 lost
  BOOST_TEST(a.lost == 1u);
  std::vector<std::string> kmsg(k.audit().kmsg().begin() + static_cast<long>(kmsg_before),
                                k.audit().kmsg().end());
  // audit_log_lost() prints the counter whatever the mode; audit_panic() is silent.
  BOOST_TEST(kmsg == (std::vector<std::string>{"audit: audit_backlog=2 > audit_backlog_limit=1",
                                               "audit: audit_lost=1 audit_rate_limit=0 "
                                               "audit_backlog_limit=1"}),
             boost::test_tools::per_element());

  // With a rate limit set (and not panic mode) audit_log_lost() prints at most once a second.
  a.rate_limit = 1000;
  a.failure = AUDIT_FAIL_PRINTK;
  k.advance_clock(10ULL * 1000000000ULL);
  const std::size_t mark = k.audit().kmsg().size();
  BOOST_TEST(sys_getpid(a1).ok());  // 3 more losses in the same second
  BOOST_TEST(a.lost == 4u);
  kmsg.assign(k.audit().kmsg().begin() + static_cast<long>(mark), k.audit().kmsg().end());
  BOOST_TEST(kmsg == (std::vector<std::string>{"audit: audit_backlog=2 > audit_backlog_limit=1",
                                               "audit: audit_lost=2 audit_rate_limit=1000 "
                                               "audit_backlog_limit=1",
                                               "audit: backlog limit exceeded",
                                               "audit: audit_backlog=2 > audit_backlog_limit=1",
                                               "audit: audit_backlog=2 > audit_backlog_limit=1"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rate_limit_drops_records_at_audit_log_end) {
  Kernel k(plain());
  AuditDaemon& host = daemon_for(k, k.init_task(), "host", "h");
  host.rate_limit = 2;
  Task& t = spawn(k.init_task());
  const std::size_t before = host.received().size();
  const std::vector<std::string> first = getpid_event(t, "h");
  BOOST_TEST(sys_getpid(t).ok());
  BOOST_TEST(sys_getpid(t).ok());
  // audit_rate_check() with limit 2: record 1 passes (++messages 1 < 2), record 2 opens a new
  // second (last_check long ago, messages back to 0), record 3 passes again (1 < 2); records
  // 4 to 6 fall in the same second and are lost at audit_log_end().
  BOOST_TEST(host.lost == 3u);
  BOOST_TEST(bodies(host, before) == first, boost::test_tools::per_element());
  // With a rate limit audit_log_lost() prints once a second: the first loss only.
  const auto& kmsg = k.audit().kmsg();
  BOOST_TEST_REQUIRE(kmsg.size() >= 2u);
  BOOST_TEST(kmsg[kmsg.size() - 2] == "audit: audit_lost=1 audit_rate_limit=2 audit_backlog_limit=64");
  BOOST_TEST(kmsg.back() == "audit: rate limit exceeded");
}

BOOST_AUTO_TEST_CASE(a_nested_panic_daemon_kills_its_namespace_and_the_host_goes_on) {
  Kernel k(plain());
  AuditDaemon& host = daemon_for(k, k.init_task(), "host", "h");
  host.rules.push_back(parse_auditctl("-a always,exit -F arch=b64 -S open -k h").rule);
  Task& a_admin = container_admin(k);
  AuditDaemon& a = daemon_for(k, a_admin, "container-a", "a");
  a.rules.push_back(parse_auditctl("-a always,exit -F arch=b64 -S open -k a").rule);
  a.backlog_limit = 1;
  a.stalled = true;
  a.failure = AUDIT_FAIL_PANIC;
  Task& a1 = spawn(a_admin);
  Task& a2 = spawn(a_admin);
  Task& a3 = spawn(a2);  // a grandchild, same namespace
  Task& h1 = spawn(k.init_task());
  const std::shared_ptr<UserNamespace> ns = a_admin.cred->user_ns;
  const std::size_t host_before = host.received().size();
  const std::size_t kmsg_before = k.audit().kmsg().size();

  // open(2) returns to user space through signal delivery: a1, the current task, gets the
  // SIGKILL there; the namespace's other tasks die at once.
  SysResult r;
  BOOST_CHECK_NO_THROW(r = sys_open(a1, "/", O_RDONLY));  // no KernelPanic: the machine lives
  for (Task* t : {&a_admin, &a1, &a2, &a3}) BOOST_TEST(!t->alive(), "pid " << t->pid);
  BOOST_TEST(k.init_task().alive());
  BOOST_TEST(h1.alive());
  BOOST_TEST(k.audit().daemon_of(*ns) == nullptr);
  BOOST_TEST(a.lost == 1u);
  const std::vector<std::string> kmsg(k.audit().kmsg().begin() + static_cast<long>(kmsg_before),
                                      k.audit().kmsg().end());
  BOOST_TEST(kmsg ==
                 (std::vector<std::string>{
                     "audit: audit_backlog=2 > audit_backlog_limit=1",
                     "audit: audit_lost=1 audit_rate_limit=0 audit_backlog_limit=1",
                     "audit: backlog limit exceeded: audit daemon " +
                         std::to_string(a_admin.tgid) + " of user namespace " + ns->name +
                         " cannot log; killing the namespace"}),
             boost::test_tools::per_element());
  // The host got a1's open event whole (one event, formatted before the kill: ppid= is still
  // a_admin), and keeps logging.
  std::vector<std::string> got = bodies(host, host_before);
  BOOST_TEST_REQUIRE(got.size() == 5u);
  BOOST_TEST(got[0].rfind("SYSCALL arch=c000003e syscall=2 success=yes ", 0) == 0);
  BOOST_TEST(got[0].find(" ppid=" + std::to_string(a_admin.tgid) + " pid=" +
                         std::to_string(a1.tgid) + " ") != std::string::npos);
  BOOST_TEST(got[0].find(" key=\"h\"") != std::string::npos);
  BOOST_TEST(got[1] == "CWD cwd=\"/\"");
  BOOST_TEST(got[2].rfind("PATH item=0 name=\"/\" inode=", 0) == 0);
  BOOST_TEST(got[3] == "PROCTITLE proctitle=\"/sbin/init\"");
  BOOST_TEST(got[4] == "EOE ");
  const std::vector<std::string> want = getpid_event(h1, "h");
  BOOST_TEST(sys_getpid(h1).ok());
  got = bodies(host, host_before + 5);
  BOOST_TEST(got == want, boost::test_tools::per_element());
  BOOST_TEST(host.lost == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
