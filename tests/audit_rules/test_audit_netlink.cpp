// The NETLINK_AUDIT gate (audit_netlink_ok, in its order), the AUDIT_SET/rule/user-message
// handlers and their CONFIG_CHANGE and user records, and /proc/PID/loginuid.
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <sched.h>

#include <string>

#include "model/audit/audit.h"
#include "model/audit/audit_syscall_records.h"
#include "model/audit/audit_netlink.h"
#include "model/audit/audit_task.h"
#include "model/audit/audit_types.h"
#include "model/syscalls/fs.h"
#include "tests/support/kernel_fixture.h"
#include "tests/support/task_helpers.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

KernelConfig audit_config(bool userns_daemons) {
  KernelConfig c;
  c.audit.userns_daemons = userns_daemons;
  return c;
}

SysResult send(Task& t, int type, const std::string& text = "x") {
  AuditRequest r;
  r.type = type;
  r.text = text;
  return sys_audit_request(t, r);
}

SysResult set_pid(Task& t, std::uint32_t pid) {
  AuditRequest r;
  r.type = AUDIT_SET;
  r.status.mask = AUDIT_STATUS_PID;
  r.status.pid = pid;
  return sys_audit_request(t, r);
}

std::string subj_of(Task& t) {
  Kernel::CurrentScope scope(t.kernel, t);
  return audit_subj_field(t.kernel, t).field;
}

std::uint32_t vpid(Task& t) { return static_cast<std::uint32_t>(t.pid_in(t.active_pid_ns())); }

SysResult ctl(Task& t, const std::string& line) { return run_auditctl(t, parse_auditctl(line)); }

// The last record of `type` in the kernel's history; "" if none.
std::string last_body(Kernel& k, int type) {
  const auto& h = k.audit().history();
  for (auto it = h.rbegin(); it != h.rend(); ++it) {
    if (it->type == type) return it->body;
  }
  return "";
}

std::size_t count_type(Kernel& k, int type) {
  std::size_t n = 0;
  for (const auto& r : k.audit().history()) n += r.type == type ? 1 : 0;
  return n;
}

// A root child of init in a new user namespace (full caps there, none in the initial one).
Task& userns_root(Kernel& k) {
  Task& t = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(t, CLONE_NEWUSER).ok());
  return t;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_netlink_gate)

BOOST_AUTO_TEST_CASE(mainline_child_userns_gets_econnrefused_for_everything) {
  Kernel k(audit_config(false));
  Task& c = userns_root(k);
  for (int type : {AUDIT_GET, AUDIT_SET, AUDIT_ADD_RULE, AUDIT_LIST, AUDIT_USER_LOGIN, 1500}) {
    BOOST_TEST(send(c, type).err == ECONNREFUSED, type);
  }
  // libaudit takes the lie as "no audit in this kernel": PAM's call succeeds.
  const SysResult r = audit_log_user_message(c, AUDIT_USER_LOGIN, "op=login res=success");
  BOOST_TEST(r.ok());
  BOOST_TEST(count_type(k, AUDIT_USER_LOGIN) == 0u);
}

BOOST_AUTO_TEST_CASE(initial_namespace_order) {
  Kernel k(audit_config(false));
  Task& init = k.init_task();
  BOOST_TEST(send(init, AUDIT_LIST).err == EOPNOTSUPP);
  BOOST_TEST(send(init, AUDIT_ADD).err == EOPNOTSUPP);
  BOOST_TEST(send(init, AUDIT_DEL).err == EOPNOTSUPP);
  BOOST_TEST(send(init, 1500).err == EINVAL);
  BOOST_TEST(send(init, AUDIT_GET).ok());
  Task& u = user_task(k, 1000);
  BOOST_TEST(send(u, AUDIT_GET).err == EPERM);       // no CAP_AUDIT_CONTROL
  BOOST_TEST(send(u, AUDIT_USER_LOGIN).err == EPERM);  // no CAP_AUDIT_WRITE
  BOOST_TEST(send(u, AUDIT_LIST).err == EOPNOTSUPP);   // legacy before capabilities
  // libaudit passes EPERM through: PAM would refuse the login.
  BOOST_TEST(audit_log_user_message(u, AUDIT_USER_LOGIN, "op=login").err == EPERM);
}

BOOST_AUTO_TEST_CASE(control_from_child_pid_namespace_is_eperm_user_messages_pass) {
  Kernel k(audit_config(false));
  Task& p = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(p, CLONE_NEWPID).ok());
  Task& c = spawn(p);  // pid 1 of the new pid namespace, root in the initial user namespace
  BOOST_TEST(vpid(c) == 1u);
  BOOST_TEST(send(c, AUDIT_GET).err == EPERM);
  BOOST_TEST(send(c, AUDIT_ADD_RULE).err == EPERM);
  BOOST_TEST(send(c, AUDIT_USER_LOGIN).ok());
}

BOOST_AUTO_TEST_CASE(one_daemon_eexist_and_eacces) {
  Kernel k(audit_config(false));
  Task& a = spawn(k.init_task());
  Task& b = spawn(k.init_task());
  BOOST_TEST(set_pid(a, vpid(b)).err == EINVAL);  // must be its own pid
  BOOST_TEST_REQUIRE(set_pid(a, vpid(a)).ok());
  BOOST_TEST(set_pid(b, vpid(b)).err == EEXIST);
  BOOST_TEST(set_pid(b, 0).err == EACCES);
  AuditReply rep;
  AuditRequest get;
  get.type = AUDIT_GET;
  BOOST_TEST_REQUIRE(sys_audit_request(b, get, &rep).ok());
  BOOST_TEST(rep.status.pid == vpid(a));
  BOOST_TEST(set_pid(a, 0).ok());
  BOOST_TEST(set_pid(b, vpid(b)).ok());
}

BOOST_AUTO_TEST_CASE(nested_daemon_registers_with_cap_audit_control_in_its_userns) {
  Kernel k(audit_config(true));
  Task& c = userns_root(k);
  BOOST_TEST_REQUIRE(set_pid(c, vpid(c)).ok());
  AuditDaemon* d = k.audit().daemon_of(c.user_ns());
  BOOST_TEST_REQUIRE(d != nullptr);
  BOOST_TEST(d->pid == c.tgid);
  // The host daemon slot is untouched.
  BOOST_TEST(k.audit().daemon_of(*k.init_user_ns()) == nullptr);
  // A user message from the namespace now reaches its daemon.
  BOOST_TEST(send(c, AUDIT_USER_LOGIN, "op=login").ok());
}

BOOST_AUTO_TEST_CASE(nested_user_message_without_daemon_is_still_econnrefused) {
  Kernel k(audit_config(true));
  Task& c = userns_root(k);
  BOOST_TEST(send(c, AUDIT_USER_LOGIN).err == ECONNREFUSED);
  BOOST_TEST(audit_log_user_message(c, AUDIT_USER_LOGIN, "op=login").ok());
}

BOOST_AUTO_TEST_CASE(nested_daemon_refused_when_model_off) {
  Kernel k(audit_config(false));
  Task& c = userns_root(k);
  BOOST_TEST(set_pid(c, vpid(c)).err == ECONNREFUSED);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(audit_netlink_records)

BOOST_AUTO_TEST_CASE(config_change_text) {
  Kernel k(audit_config(false));
  Task& d = spawn(k.init_task());
  BOOST_TEST_REQUIRE(ctl(d, "-e 1").ok());
  BOOST_TEST_REQUIRE(set_pid(d, vpid(d)).ok());
  const std::string subj = subj_of(d);
  BOOST_TEST(last_body(k, AUDIT_CONFIG_CHANGE) ==
             "op=set audit_pid=" + std::to_string(vpid(d)) +
                 " old=0 auid=4294967295 ses=4294967295" + subj + " res=1");
  BOOST_TEST_REQUIRE(ctl(d, "-b 8192").ok());
  BOOST_TEST(last_body(k, AUDIT_CONFIG_CHANGE) ==
             "op=set audit_backlog_limit=8192 old=64 auid=4294967295 ses=4294967295" + subj +
                 " res=1");
  BOOST_TEST_REQUIRE(ctl(d, "-a always,exit -F arch=b64 -S openat -k files").ok());
  BOOST_TEST(last_body(k, AUDIT_CONFIG_CHANGE) ==
             "auid=4294967295 ses=4294967295" + subj +
                 " op=add_rule key=\"files\" list=4 res=1");
  BOOST_TEST(ctl(d, "-a always,exit -F arch=b64 -S openat -k files").err == EEXIST);
  BOOST_TEST(last_body(k, AUDIT_CONFIG_CHANGE) ==
             "auid=4294967295 ses=4294967295" + subj +
                 " op=add_rule key=\"files\" list=4 res=0");
  BOOST_TEST(ctl(d, "-d always,exit -S kill").err == ENOENT);
  BOOST_TEST(last_body(k, AUDIT_CONFIG_CHANGE) ==
             "auid=4294967295 ses=4294967295" + subj + " op=remove_rule key=(null) list=4 res=0");
  AuditReply rep;
  BOOST_TEST_REQUIRE(run_auditctl(d, parse_auditctl("-l"), &rep).ok());
  BOOST_TEST_REQUIRE(rep.rules.size() == 1u);
  BOOST_TEST(format_audit_rule(rep.rules[0]) == "-a always,exit -F arch=b64 -S openat -F key=files");
  // Locked: changes refused with EPERM and a res=0 record.
  BOOST_TEST_REQUIRE(ctl(d, "-e 2").ok());
  BOOST_TEST(ctl(d, "-b 100").err == EPERM);
  BOOST_TEST(last_body(k, AUDIT_CONFIG_CHANGE) ==
             "op=set audit_backlog_limit=100 old=8192 auid=4294967295 ses=4294967295" + subj +
                 " res=0");
  AuditRequest bad;
  bad.type = AUDIT_SET;
  bad.status.mask = AUDIT_STATUS_FAILURE;
  bad.status.failure = 3;
  BOOST_TEST(sys_audit_request(d, bad).err == EINVAL);  // audit_set_failure, before the lock
}

BOOST_AUTO_TEST_CASE(user_message_text) {
  Kernel k(audit_config(false));
  Task& d = spawn(k.init_task());
  BOOST_TEST_REQUIRE(ctl(d, "-e 1").ok());
  BOOST_TEST_REQUIRE(set_pid(d, vpid(d)).ok());
  Task& p = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(p, CLONE_NEWPID).ok());
  Task& c = spawn(p);  // vsftpd in a pid namespace: pid= is the initial namespace's number
  const std::string msg = "op=login acct=\"ftp\" exe=\"/usr/sbin/vsftpd\" res=success";
  BOOST_TEST_REQUIRE(audit_log_user_message(c, AUDIT_USER_LOGIN, msg).ok());
  BOOST_TEST(last_body(k, AUDIT_USER_LOGIN) ==
             "pid=" + std::to_string(c.tgid) + " uid=0 auid=4294967295 ses=4294967295" +
                 subj_of(c) + " msg='" + msg + "'");
  BOOST_TEST(c.tgid != static_cast<Pid>(vpid(c)));
  // A never rule on the user list drops it.
  BOOST_TEST_REQUIRE(ctl(d, "-a never,user -F uid=0").ok());
  const std::size_t before = count_type(k, AUDIT_USER_LOGIN);
  BOOST_TEST(audit_log_user_message(c, AUDIT_USER_LOGIN, msg).ok());
  BOOST_TEST(count_type(k, AUDIT_USER_LOGIN) == before);
}

BOOST_AUTO_TEST_CASE(loginuid_and_sessionid) {
  Kernel k(audit_config(false));
  Task& d = spawn(k.init_task());
  BOOST_TEST_REQUIRE(ctl(d, "-e 1").ok());
  Task& t = spawn(k.init_task());
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(t, "/proc/self/loginuid", st).ok());
  BOOST_TEST((st.mode & 07777) == 0644u);
  BOOST_TEST_REQUIRE(sys_stat(t, "/proc/self/sessionid", st).ok());
  BOOST_TEST((st.mode & 07777) == 0444u);
  BOOST_TEST(read_file(t, "/proc/self/loginuid").data == "4294967295");
  BOOST_TEST(read_file(t, "/proc/self/sessionid").data == "4294967295");
  // Another task may not write it.
  const std::string path = "/proc/" + std::to_string(t.tgid) + "/loginuid";
  BOOST_TEST(write_file(d, path, "1000").err == EPERM);
  BOOST_TEST(write_file(t, "/proc/self/loginuid", "abc").err == EINVAL);
  BOOST_TEST_REQUIRE(write_file(t, "/proc/self/loginuid", "1000").ok());
  BOOST_TEST(read_file(t, "/proc/self/loginuid").data == "1000");
  BOOST_TEST(read_file(t, "/proc/self/sessionid").data == "1");
  BOOST_TEST(last_body(k, AUDIT_LOGIN) ==
             "pid=" + std::to_string(t.tgid) + " uid=0" + subj_of(t) +
                 " old-auid=4294967295 auid=1000 tty=(none) old-ses=4294967295 ses=1 res=1");
  // Set once: changing needs CAP_AUDIT_CONTROL.
  BOOST_TEST_REQUIRE(sys_setresuid(t, 1000, 1000, 1000).ok());
  BOOST_TEST(write_file(t, "/proc/self/loginuid", "0").err == EPERM);
  BOOST_TEST(last_body(k, AUDIT_LOGIN).find("old-auid=1000 auid=0 tty=(none) old-ses=1 ses=4294967295 res=0")
             != std::string::npos, last_body(k, AUDIT_LOGIN));
  // The next login gets the next session.
  Task& t2 = spawn(k.init_task());
  BOOST_TEST_REQUIRE(write_file(t2, "/proc/self/loginuid", "1001").ok());
  BOOST_TEST(read_file(t2, "/proc/self/sessionid").data == "2");
}

BOOST_AUTO_TEST_CASE(children_inherit_loginuid_and_sessionid) {
  Kernel k(audit_config(false));
  Task& t = spawn(k.init_task());
  BOOST_TEST_REQUIRE(write_file(t, "/proc/self/loginuid", "1000").ok());
  Task& child = spawn(t);  // copy_process copies task->loginuid/sessionid (audit_alloc path)
  BOOST_TEST(read_file(child, "/proc/self/loginuid").data == "1000");
  BOOST_TEST(read_file(child, "/proc/self/sessionid").data == "1");
}

BOOST_AUTO_TEST_SUITE_END()
