// Rule fields end to end: rules sent with auditctl (netlink) to the host daemon, events made
// by real syscalls, each with a case that must not match (kernel/auditsc.c
// audit_filter_rules, audit_filter_inode_name/audit_match_perm for watches). Plus the
// loginuid rule for a task of a child user namespace (audit_set_loginuid_perm: no user
// namespace check, capable() in the initial one).
#include <fcntl.h>
#include <sched.h>

#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <string>
#include <vector>

#include "model/audit/audit.h"
#include "model/audit/audit_contid.h"
#include "model/audit/audit_netlink.h"
#include "model/audit/audit_rule.h"
#include "model/audit/audit_types.h"
#include "model/syscalls/ns.h"
#include "tests/selinux/selinux_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

KernelConfig audit_config(const std::string& lsms) {
  KernelConfig c;
  c.lsm.lsm = lsms;
  c.audit.boot = AuditBoot::on;
  return c;
}

struct Host {
  Kernel& k;
  AuditDaemon* d = nullptr;
  explicit Host(Kernel& kernel) : k(kernel) {
    BOOST_TEST_REQUIRE(k.audit().register_daemon(k.init_task(), k.init_user_ns(), "host") == 0);
    d = k.audit().daemon_of(*k.init_user_ns());
  }
  void auditctl(const std::string& text) {
    BOOST_TEST_REQUIRE(run_auditctl(k.init_task(), parse_auditctl(text)).ok(), text);
  }
  std::size_t mark() const { return d->received().size(); }
  // The SYSCALL records received since `from`.
  std::vector<std::string> syscalls(std::size_t from) const {
    std::vector<std::string> out;
    const auto all = d->received();
    for (std::size_t i = from; i < all.size(); ++i)
      if (all[i].type == AUDIT_SYSCALL) out.push_back(all[i].body);
    return out;
  }
};

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_filters_e2e)

BOOST_AUTO_TEST_CASE(subj_type_matches_the_selinux_type_of_the_task) {
  Kernel k(audit_config("selinux"));
  selinux_load_policy(k, kTestPolicy, "test_policy.conf");
  selinux_setfiles(k, write_temp("file_contexts", kTestFileContexts), "/");
  selinux_set_enforcing(k, true);
  Task& user = spawn(k.init_task());
  BOOST_TEST_REQUIRE(write_file(user, "/proc/self/attr/current", kUserCtx).ok());
  Task& kernel_task = spawn(k.init_task());  // stays kernel_t
  Host h(k);
  h.auditctl("-a always,exit -F arch=b64 -S getpid -F subj_type=user_t -k st");
  const std::size_t m = h.mark();
  BOOST_TEST(sys_getpid(kernel_task).ok());
  BOOST_TEST(h.syscalls(m).empty());
  BOOST_TEST(sys_getpid(user).ok());
  const auto got = h.syscalls(m);
  BOOST_TEST_REQUIRE(got.size() == 1u);
  BOOST_TEST(has(got[0], " pid=" + std::to_string(user.tgid) + " "));
  BOOST_TEST(has(got[0], " subj=" + kUserCtx + " key=\"st\""));
}

BOOST_AUTO_TEST_CASE(uid_and_auid_fields) {
  Kernel k(audit_config("capability"));
  Task& u1000 = user_task(k, 1000);
  Task& root = spawn(k.init_task());
  Task& login = spawn(k.init_task());
  BOOST_TEST_REQUIRE(write_file(login, "/proc/self/loginuid", "1000").ok());
  Host h(k);
  h.auditctl("-a always,exit -F arch=b64 -S getpid -F uid=1000 -k u");
  h.auditctl("-a always,exit -F arch=b64 -S getppid -F auid=1000 -k a");
  std::size_t m = h.mark();
  BOOST_TEST(sys_getpid(root).ok());   // uid 0: no match
  BOOST_TEST(sys_getppid(root).ok());  // auid unset: no match
  BOOST_TEST(h.syscalls(m).empty());
  BOOST_TEST(sys_getpid(u1000).ok());
  BOOST_TEST(sys_getppid(login).ok());
  const auto got = h.syscalls(m);
  BOOST_TEST_REQUIRE(got.size() == 2u);
  BOOST_TEST(has(got[0], " uid=1000 gid=1000 euid=1000 "));
  BOOST_TEST(has(got[0], " key=\"u\""));
  BOOST_TEST(has(got[1], " auid=1000 uid=0 "));
  BOOST_TEST(has(got[1], " key=\"a\""));
  // login's uid is 0: the uid rule does not take it.
  m = h.mark();
  BOOST_TEST(sys_getpid(login).ok());
  BOOST_TEST(h.syscalls(m).empty());
}

BOOST_AUTO_TEST_CASE(contid_field_matches_the_task_container) {
  Kernel k(audit_config("capability"));
  Task& orch = spawn(k.init_task());
  Task& in = spawn(orch);
  Task& other = spawn(orch);
  BOOST_TEST_REQUIRE(k.audit().contids().set(orch, in, 123) == 0);
  BOOST_TEST_REQUIRE(k.audit().contids().set(orch, other, 124) == 0);
  Host h(k);
  h.auditctl("-a always,exit -F arch=b64 -S getpid -F contid=123 -k c");
  const std::size_t m = h.mark();
  BOOST_TEST(sys_getpid(other).ok());  // 124
  BOOST_TEST(sys_getpid(orch).ok());   // no contid
  BOOST_TEST(h.syscalls(m).empty());
  BOOST_TEST(sys_getpid(in).ok());
  const auto got = h.syscalls(m);
  BOOST_TEST_REQUIRE(got.size() == 1u);
  BOOST_TEST(has(got[0], " pid=" + std::to_string(in.tgid) + " "));
  BOOST_TEST(has(got[0], " key=\"c\" record=1"));
}

BOOST_AUTO_TEST_CASE(a_write_watch_takes_writes_not_reads) {
  Kernel k(audit_config("capability"));
  Task& t = spawn(k.init_task());
  BOOST_TEST_REQUIRE(write_file(t, "/tmp/watched", "x").ok());
  BOOST_TEST_REQUIRE(write_file(t, "/tmp/other", "x").ok());
  Host h(k);
  h.auditctl("-w /tmp/watched -p wa -k w");
  const std::size_t m = h.mark();
  // open(2) without O_CREAT: lsmsim does not record the CREATE/NORMAL child of an O_CREAT open
  // (docs/audit.md), so the opens here name the file itself.
  auto open_close = [&t](const std::string& path, int flags) {
    const SysResult o = sys_open(t, path, flags);
    BOOST_TEST_REQUIRE(o.ok());
    BOOST_TEST(sys_close(t, static_cast<int>(o.ret)).ok());
  };
  open_close("/tmp/watched", O_RDONLY);  // r is not in wa
  open_close("/tmp/other", O_WRONLY);    // another file
  BOOST_TEST(h.mark() == m);
  open_close("/tmp/watched", O_WRONLY);
  const auto all = h.d->received();
  std::vector<std::string> types;
  for (std::size_t i = m; i < all.size(); ++i) types.push_back(audit_type_name(all[i].type));
  // audit_match_perm(): open(2) for writing matches w; close(2) names nothing.
  BOOST_TEST(types == (std::vector<std::string>{"SYSCALL", "CWD", "PATH", "PROCTITLE", "EOE"}),
             boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(all.size() == m + 5);
  BOOST_TEST(has(all[m].body, "syscall=2 success=yes "));
  BOOST_TEST(has(all[m].body, " a1=1 "));  // O_WRONLY
  BOOST_TEST(has(all[m].body, " key=\"w\""));
  BOOST_TEST(all[m + 2].body.rfind("item=0 name=\"/tmp/watched\" inode=", 0) == 0);
}

BOOST_AUTO_TEST_CASE(exclude_msgtype_drops_only_that_type) {
  Kernel k(audit_config("capability"));
  Task& t = spawn(k.init_task());
  Host h(k);
  h.auditctl("-a always,exclude -F msgtype=USER_LOGIN");
  std::size_t m = h.mark();
  BOOST_TEST(audit_log_user_message(t, AUDIT_USER_LOGIN, "op=login res=success").ok());
  BOOST_TEST(h.mark() == m);
  BOOST_TEST(audit_log_user_message(t, AUDIT_USER_AUTH, "op=auth res=success").ok());
  const auto all = h.d->received();
  BOOST_TEST_REQUIRE(all.size() == m + 1);
  BOOST_TEST(all[m].type == AUDIT_USER_AUTH);
}

BOOST_AUTO_TEST_CASE(loginuid_from_a_child_user_namespace) {
  Kernel k(audit_config("capability"));
  Task& t = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(t, CLONE_NEWUSER).ok());
  BOOST_TEST_REQUIRE(write_file(t, "/proc/self/uid_map", "0 0 1\n").ok());
  // audit_set_loginuid_perm(): an unset loginuid needs no privilege, whatever the namespace
  // (the value is mapped with make_kuid(file->f_cred->user_ns, ...) by proc_loginuid_write).
  BOOST_TEST(write_file(t, "/proc/self/loginuid", "0").ok());
  BOOST_TEST(read_file(t, "/proc/self/loginuid").data == "0");
  // Changing it (even to the same value) needs capable(CAP_AUDIT_CONTROL), i.e. in the
  // initial user namespace: root of the child namespace has every capability there and
  // still gets EPERM.
  BOOST_TEST(write_file(t, "/proc/self/loginuid", "0").err == EPERM);
  // An id the namespace does not map is EINVAL before any permission check.
  Task& u = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(u, CLONE_NEWUSER).ok());
  BOOST_TEST_REQUIRE(write_file(u, "/proc/self/uid_map", "0 0 1\n").ok());
  BOOST_TEST(write_file(u, "/proc/self/loginuid", "5").err == EINVAL);
}

BOOST_AUTO_TEST_SUITE_END()
