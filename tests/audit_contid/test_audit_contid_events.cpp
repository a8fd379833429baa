// ghak90 v11 records end to end, through syscalls and the real audit subsystem: the
// CONTAINER_OP of a refused write with its SYSCALL success=no exit=-ENOTUNIQ, the CONTAINER_ID
// record emitted before the SYSCALL that names it with " record=1" (03/11), the target's
// CONTAINER_ID before its OBJ_PID whose " record=N" follows ocomm= (03/11), and the
// CONTAINER_ID after a user record (06/11). Texts from the series' formats.
#include <fcntl.h>

#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <cstdio>
#include <string>
#include <vector>

#include "model/audit/audit.h"
#include "model/audit/audit_contid.h"
#include "model/audit/audit_netlink.h"
#include "model/audit/audit_rule.h"
#include "model/audit/audit_types.h"
#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/process.h"
#include "tests/support/task_helpers.h"

namespace lsmsim {
namespace {

using testing::spawn;

KernelConfig plain() {
  KernelConfig c;
  c.lsm.lsm = "capability";
  c.audit.boot = AuditBoot::on;
  return c;
}

// "TYPE body" of each record after the first `skip`, checking they form one event.
std::vector<std::string> event(const AuditDaemon& d, std::size_t skip) {
  std::vector<std::string> out;
  const auto all = d.received();
  for (std::size_t i = skip; i < all.size(); ++i) {
    BOOST_TEST(all[i].stamp.serial == all[skip].stamp.serial);
    out.push_back(audit_type_name(all[i].type) + " " + all[i].body);
  }
  return out;
}

// audit_log_task_info() + key for a root task forked from `parent` that did not exec.
std::string task_info(const Task& t, const std::string& key) {
  return " ppid=" + std::to_string(t.parent->tgid) + " pid=" + std::to_string(t.tgid) +
         " auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none)"
         " ses=4294967295 comm=\"init\" exe=\"/sbin/init\" key=\"" + key + "\"";
}

std::string hex(unsigned long v) {
  char b[32];
  std::snprintf(b, sizeof b, "%lx", v);  // a0..a3 are %lx
  return b;
}

struct Setup {
  Kernel k{plain()};
  Task& init = k.init_task();
  AuditDaemon* host = nullptr;
  Setup() {
    BOOST_TEST_REQUIRE(k.audit().register_daemon(init, k.init_user_ns(), "host") == 0);
    host = k.audit().daemon_of(*k.init_user_ns());
  }
  void rule(const std::string& text) { host->rules.push_back(parse_auditctl(text).rule); }
  std::size_t mark() const { return host->received().size(); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_contid_events)

BOOST_FIXTURE_TEST_CASE(refused_write_logs_container_op_and_syscall_enotuniq, Setup) {
  Task& other = spawn(init);  // owns container 500
  Task& x = spawn(other);
  BOOST_TEST_REQUIRE(k.audit().contids().set(other, x, 500) == 0);
  Task& orch = spawn(init);
  Task& c1 = spawn(orch);
  rule("-a always,exit -F arch=b64 -S write -k contid");
  const SysResult fd = sys_open(orch, "/proc/" + std::to_string(c1.pid) + "/audit_containerid",
                                O_WRONLY);
  BOOST_TEST_REQUIRE(fd.ok());
  const std::size_t before = mark();
  // 500 is registered by another orchestrator: ENOTUNIQ (v10 changelog: was ESHUTDOWN).
  BOOST_TEST(sys_write(orch, static_cast<int>(fd.ret), "500").err == ENOTUNIQ);
  const std::vector<std::string> want{
      "UNKNOWN[1020] op=set opid=" + std::to_string(c1.tgid) + " contid=500 old-contid=-1",
      // ENOTUNIQ is 76 (include/uapi/asm-generic/errno.h); exit= is -errno as a number.
      "SYSCALL arch=c000003e syscall=1 success=no exit=-76 a0=" + std::to_string(fd.ret) + " a1=0 a2=3 a3=0 items=0" +
          task_info(orch, "contid"),
      "PROCTITLE proctitle=\"/sbin/init\"", "EOE "};
  BOOST_TEST(event(*host, before) == want, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(container_id_comes_first_and_syscall_names_it, Setup) {
  Task& orch = spawn(init);
  Task& c = spawn(orch);
  Task& plain_task = spawn(init);
  BOOST_TEST_REQUIRE(k.audit().contids().set(orch, c, 501) == 0);
  rule("-a always,exit -F arch=b64 -S getpid -k g");
  std::size_t before = mark();
  BOOST_TEST(sys_getpid(c).ok());
  const std::string pid = std::to_string(c.tgid);
  BOOST_TEST(event(*host, before) ==
                 (std::vector<std::string>{
                     "UNKNOWN[1399] record=1 contid=501",
                     "SYSCALL arch=c000003e syscall=39 success=yes exit=" + pid +
                         " a0=0 a1=0 a2=0 a3=0 items=0" + task_info(c, "g") + " record=1",
                     "PROCTITLE proctitle=\"/sbin/init\"", "EOE "}),
             boost::test_tools::per_element());
  // Without a contid: no CONTAINER_ID, no record=.
  before = mark();
  BOOST_TEST(sys_getpid(plain_task).ok());
  const auto got = event(*host, before);
  BOOST_TEST_REQUIRE(got.size() == 3u);
  BOOST_TEST(got[0].find(" record=") == std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(signal_target_container_id_precedes_its_obj_pid, Setup) {
  Task& orch = spawn(init);
  Task& c = spawn(orch);
  BOOST_TEST_REQUIRE(k.audit().contids().set(orch, c, 501) == 0);
  Task& d = spawn(c);  // nested: 7 inside 501
  BOOST_TEST_REQUIRE(k.audit().contids().set(c, d, 7) == 0);
  rule("-a always,exit -F arch=b64 -S kill -k sig");
  const std::size_t before = mark();
  // c (in 501) signals d (in 7): c's own CONTAINER_ID is record 1, d's record 2.
  BOOST_TEST(sys_kill(c, d.pid, 0).ok());
  const std::string opid = std::to_string(d.tgid);
  BOOST_TEST(event(*host, before) ==
                 (std::vector<std::string>{
                     "UNKNOWN[1399] record=1 contid=501",
                     "SYSCALL arch=c000003e syscall=62 success=yes exit=0 a0=" + hex(static_cast<unsigned long>(d.pid)) +
                         " a1=0 a2=0 a3=0 items=0" +
                         task_info(c, "sig") + " record=1",
                     "UNKNOWN[1399] record=2 contid=7,^501",
                     "OBJ_PID opid=" + opid + " oauid=-1 ouid=0 oses=-1 ocomm=\"init\" record=2",
                     "PROCTITLE proctitle=\"/sbin/init\"", "EOE "}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(user_records_of_a_container_get_a_container_id_record, Setup) {
  Task& orch = spawn(init);
  Task& c = spawn(orch);
  BOOST_TEST_REQUIRE(k.audit().contids().set(orch, c, 42) == 0);
  std::size_t before = mark();
  BOOST_TEST(audit_log_user_message(c, AUDIT_USER_LOGIN, "op=login acct=\"root\" res=success")
                 .ok());
  // audit_log_common_recv_msg(): pid= uid= auid= ses= then msg='...'; no subj= without an
  // LSM context, and (v11 06/11) no record= on the user record itself.
  BOOST_TEST(event(*host, before) ==
                 (std::vector<std::string>{
                     "USER_LOGIN pid=" + std::to_string(c.tgid) +
                         " uid=0 auid=4294967295 ses=4294967295 msg='op=login acct=\"root\" "
                         "res=success'",
                     "UNKNOWN[1399] record=1 contid=42"}),
             boost::test_tools::per_element());
  // A task without a contid: the user record alone.
  before = mark();
  BOOST_TEST(audit_log_user_message(orch, AUDIT_USER_LOGIN, "op=login res=success").ok());
  const auto got = event(*host, before);
  BOOST_TEST_REQUIRE(got.size() == 1u);
  BOOST_TEST(got[0].rfind("USER_LOGIN ", 0) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim
