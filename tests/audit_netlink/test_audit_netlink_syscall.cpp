// A netlink request to audit is a sendto() (x86_64 nr 44): its records are delivered when the
// syscall returns, like any syscall's; config changes belong to the sendto's event (a SYSCALL
// record joins them when the rules want one), user messages are events of their own.
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <string>
#include <vector>

#include "model/audit/audit.h"
#include "model/audit/audit_netlink.h"
#include "model/audit/auditd_startup.h"
#include "model/kernel.h"
#include "model/process/pid_lookup.h"
#include "model/syscalls/process.h"

using namespace lsmsim;

namespace {

KernelConfig plain() {
  KernelConfig c;
  c.lsm.lsm = "capability";  // no subj= field
  c.audit.boot = AuditBoot::on;
  return c;
}

Task& fork_of(Task& parent) {
  SysResult r = sys_fork(parent);
  BOOST_TEST_REQUIRE(r.ok());
  Task* t = find_task_by_vpid(parent, static_cast<Pid>(r.ret));
  BOOST_TEST_REQUIRE(t != nullptr);
  return *t;
}

SysResult auditctl(Task& t, const std::string& command, AuditReply* reply = nullptr) {
  return run_auditctl(t, parse_auditctl(command), reply);
}

std::vector<std::string> logged(const AuditDaemon& d) {
  std::vector<std::string> out;
  for (const AuditRecord& r : d.log) out.push_back(audit_log_line(r));
  return out;
}

// The serial of "msg=audit(S.MSEC:SERIAL)".
std::string serial_of(const std::string& line) {
  const auto colon = line.find(':', line.find("msg=audit("));
  return line.substr(colon + 1, line.find(')', colon) - colon - 1);
}

bool has(const std::string& line, const std::string& part) {
  return line.find(part) != std::string::npos;
}

// A kernel with the host auditd (a child of init) running and, when `rule` is given, that
// rule loaded by auditd itself; the daemon's log is cleared of the set-up records.
struct HostAuditd {
  Kernel k{plain()};
  Task& auditd = fork_of(k.init_task());
  AuditDaemon* d = nullptr;

  explicit HostAuditd(const std::string& rule = "") {
    AuditdStarted started;
    BOOST_TEST_REQUIRE(start_auditd(auditd, AuditdOptions{}, &started).ok());
    d = started.daemon;
    if (!rule.empty()) BOOST_TEST_REQUIRE(auditctl(auditd, rule).ok());
    d->log.clear();
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_netlink_syscall)

BOOST_AUTO_TEST_CASE(records_of_a_request_are_delivered_when_sendto_returns) {
  Kernel k(plain());
  Task& c = fork_of(k.init_task());
  AuditdStarted started;
  BOOST_TEST_REQUIRE(start_auditd(c, AuditdOptions{}, &started).ok());
  AuditDaemon& d = *started.daemon;
  BOOST_TEST(d.queue.empty());
  const std::size_t before = d.log.size();
  // auditctl -b 2 by the daemon's own task, no other syscall after it: the CONFIG_CHANGE is
  // already read, and the status it reports shows an empty backlog.
  BOOST_TEST_REQUIRE(auditctl(c, "-b 2").ok());
  BOOST_TEST(d.queue.empty());
  BOOST_TEST_REQUIRE(d.log.size() == before + 1);
  BOOST_TEST(has(audit_log_line(d.log.back()), "op=set audit_backlog_limit=2 old=64"));
  AuditReply st;
  BOOST_TEST_REQUIRE(auditctl(c, "-s", &st).ok());
  BOOST_TEST(st.status.backlog == 0u);
  BOOST_TEST(st.status.backlog_limit == 2u);
}

BOOST_AUTO_TEST_CASE(a_rule_change_is_part_of_auditctls_sendto_event) {
  HostAuditd h("-a always,exit -S unlink");
  Task& admin = fork_of(h.k.init_task());
  admin.comm = "auditctl";
  // With a counting rule loaded, the CONFIG_CHANGE logged inside sendto() makes the syscall
  // auditable (auditsc_get_stamp): SYSCALL syscall=44 with the same serial, and exit= the
  // message length (NLMSG_SPACE(sizeof(audit_rule_data) + 2 for the key), 1060 by strace).
  BOOST_TEST_REQUIRE(auditctl(admin, "-a always,exit -S openat -k kk").ok());
  const std::vector<std::string> got = logged(*h.d);
  BOOST_TEST_REQUIRE(got.size() >= 2u);
  BOOST_TEST(has(got[0], "type=CONFIG_CHANGE"));
  BOOST_TEST(has(got[0], "op=add_rule key=\"kk\" list=4 res=1"));
  std::size_t syscalls = 0;
  for (const std::string& l : got) {
    BOOST_TEST(serial_of(l) == serial_of(got[0]));
    if (!has(l, "type=SYSCALL")) continue;
    ++syscalls;
    BOOST_TEST(has(l, " syscall=44 success=yes exit=1060 a0=0 a1=0 a2=424 a3=0 "));
    BOOST_TEST(has(l, "comm=\"auditctl\""));
  }
  BOOST_TEST(syscalls == 1u);
  BOOST_TEST(h.d->queue.empty());
}

BOOST_AUTO_TEST_CASE(the_sendto_adding_the_first_rule_writes_no_syscall_record) {
  HostAuditd h;  // no rules yet
  Task& admin = fork_of(h.k.init_task());
  // __audit_syscall_entry() marks the context dummy while audit_n_rules is 0; the rule this
  // sendto adds does not change that, so its CONFIG_CHANGE stands alone.
  BOOST_TEST_REQUIRE(auditctl(admin, "-a always,exit -S unlink -k first").ok());
  std::vector<std::string> got = logged(*h.d);
  BOOST_TEST_REQUIRE(got.size() == 1u);
  BOOST_TEST(has(got[0], "type=CONFIG_CHANGE"));
  BOOST_TEST(has(got[0], "op=add_rule key=\"first\" list=4 res=1"));
  // The next request enters with a counting rule loaded: its CONFIG_CHANGE gets a SYSCALL.
  h.d->log.clear();
  BOOST_TEST_REQUIRE(auditctl(admin, "-a always,exit -S rmdir -k second").ok());
  got = logged(*h.d);
  std::size_t syscalls = 0;
  for (const std::string& l : got) syscalls += has(l, "type=SYSCALL") ? 1u : 0u;
  BOOST_TEST(syscalls == 1u);
}

BOOST_AUTO_TEST_CASE(a_refused_request_is_still_a_successful_sendto) {
  HostAuditd h("-a always,exit -S sendto -k nl");
  Task& user = fork_of(h.k.init_task());
  BOOST_TEST_REQUIRE(sys_setresuid(user, 1000, 1000, 1000).ok());
  // No CAP_AUDIT_CONTROL: the ack says EPERM, but the 16-byte AUDIT_GET was sent.
  AuditReply st;
  BOOST_TEST(auditctl(user, "-s", &st).err == EPERM);
  const std::vector<std::string> got = logged(*h.d);
  BOOST_TEST_REQUIRE(got.size() >= 1u);
  BOOST_TEST(has(got[0], "type=SYSCALL"));
  BOOST_TEST(has(got[0], " syscall=44 success=yes exit=16 a0=0 a1=0 a2=10 a3=0 "));
  BOOST_TEST(has(got[0], "key=\"nl\""));
}

BOOST_AUTO_TEST_CASE(a_user_message_is_its_own_event) {
  HostAuditd h("-a always,exit -S unlink");
  Task& login = fork_of(h.k.init_task());
  BOOST_TEST_REQUIRE(
      audit_log_user_message(login, AUDIT_USER_LOGIN, "op=login acct=\"root\"").ok());
  // audit_log_user_recv_msg() starts the record with no context: no SYSCALL joins it, and
  // it is delivered at once (the daemon has read it, nothing is left queued).
  const std::vector<std::string> got = logged(*h.d);
  BOOST_TEST_REQUIRE(got.size() == 1u);
  BOOST_TEST(has(got[0], "type=USER_LOGIN"));
  BOOST_TEST(has(got[0], "msg='op=login acct=\"root\"'"));
  BOOST_TEST(h.d->queue.empty());
}

BOOST_AUTO_TEST_SUITE_END()
