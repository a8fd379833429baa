// Whole audit events of LSM denials through real syscalls, each record's text built from the
// kernel's formats (kernel/auditsc.c audit_log_exit, audit_log_name; kernel/audit.c
// audit_log_task_info; security/lsm_audit.c; the 6.18 audit_log_subj_ctx) with the values
// taken from stat(2) and the task, not from lsmsim's records.
#include <fcntl.h>

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "model/audit/audit.h"
#include "model/audit/audit_rule.h"
#include "model/syscalls/process.h"
#include "model/vfs/inode.h"
#include "model/vfs/namei.h"
#include "model/vfs/vfs.h"
#include "tests/selinux/selinux_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

KernelConfig audit_config(const std::string& lsms, bool stacking = false) {
  KernelConfig c;
  c.lsm.lsm = lsms;
  c.lsm.stacking = stacking;
  c.audit.boot = AuditBoot::on;
  return c;
}

void load_test_policy(Kernel& k) {
  selinux_load_policy(k, kTestPolicy, "test_policy.conf");
  selinux_setfiles(k, write_temp("file_contexts", kTestFileContexts), "/");
  selinux_set_enforcing(k, true);
}

// init as the host auditd with one rule.
AuditDaemon& host_daemon(Kernel& k, const std::string& rule) {
  BOOST_TEST_REQUIRE(k.audit().register_daemon(k.init_task(), k.init_user_ns(), "host") == 0);
  AuditDaemon& d = *k.audit().daemon_of(*k.init_user_ns());
  if (!rule.empty()) d.rules.push_back(parse_auditctl(rule).rule);
  return d;
}

// The records the daemon received after the first `skip` ones.
std::vector<AuditRecord> since(const AuditDaemon& d, std::size_t skip) {
  const std::vector<AuditRecord> all = d.received();
  return {all.begin() + static_cast<long>(std::min(skip, all.size())), all.end()};
}

std::string line(const std::string& type, const AuditRecord& at, const std::string& body) {
  char stamp[64];
  std::snprintf(stamp, sizeof stamp, "audit(%llu.%03u:%u): ",
                static_cast<unsigned long long>(at.stamp.sec), at.stamp.msec, at.stamp.serial);
  return "type=" + type + " msg=" + stamp + body;
}

// audit_log_task_info() for a root task forked from init that did not exec.
std::string root_task_info(const Task& t) {
  return "ppid=1 pid=" + std::to_string(t.tgid) +
         " auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none)"
         " ses=4294967295 comm=\"" + t.comm + "\" exe=\"/sbin/init\"";
}

// The PATH record of a resolved name (audit_log_name + audit_log_fcaps without file caps).
std::string path_body(const std::string& name, const StatBuf& st, const std::string& obj) {
  char buf[160];
  std::snprintf(buf, sizeof buf, " inode=%llu dev=%02x:%02x mode=%#o ouid=%u ogid=%u rdev=00:00",
                static_cast<unsigned long long>(st.ino), dev_major(st.dev), dev_minor(st.dev),
                st.mode, st.uid, st.gid);
  return "item=0 name=\"" + name + "\"" + buf + " obj=" + obj +
         " nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0";
}

// The superblock's s_id as lsm_audit.c prints it in dev="...": the block device's name.
std::string s_id(Task& t, const std::string& path) {
  Kernel::CurrentScope scope(t.kernel, t);
  PathStack st;
  BOOST_TEST_REQUIRE(path_lookup(t, path, 0, st).ok());
  const SuperBlock& sb = *st.back().inode->sb;
  return sb.source.rfind("/dev/", 0) == 0 ? sb.source.substr(5) : sb.fs_type;
}

void expect_same_event(const std::vector<AuditRecord>& got) {
  for (const AuditRecord& r : got) {
    BOOST_TEST(r.stamp.serial == got.front().stamp.serial);
    BOOST_TEST(r.stamp.sec == got.front().stamp.sec);
    BOOST_TEST(r.stamp.msec == got.front().stamp.msec);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_lsm_events)

BOOST_AUTO_TEST_CASE(selinux_open_denial_is_one_event) {
  Kernel k(audit_config("selinux"));
  load_test_policy(k);
  Task& t = spawn(k.init_task());
  BOOST_TEST_REQUIRE(write_file(t, "/proc/self/attr/current", kUserCtx).ok());
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(k.init_task(), "/etc/shadow", st).ok());
  const std::string dev = s_id(k.init_task(), "/etc/shadow");
  AuditDaemon& d = host_daemon(k, "-a always,exit -F arch=b64 -S open -k shadow");
  const std::size_t before = d.received().size();

  const SysResult r = sys_open(t, "/etc/shadow", O_RDONLY);
  BOOST_TEST(r.err == EACCES);
  const std::vector<AuditRecord> got = since(d, before);
  BOOST_TEST_REQUIRE(got.size() == 6u);
  expect_same_event(got);
  const std::string pid = std::to_string(t.tgid);
  const AuditRecord& at = got.front();
  // avc_audit_pre/post_callback with a dentry (name=, dev=, ino=), denial only permissive=.
  BOOST_TEST(audit_log_line(got[0]) ==
             line("AVC", at,
                  "avc:  denied  { read } for  pid=" + pid + " comm=\"" + t.comm +
                      "\" name=\"shadow\" dev=\"" + dev + "\" ino=" + std::to_string(st.ino) +
                      " scontext=" + kUserCtx +
                      " tcontext=system_u:object_r:shadow_t:s0 tclass=file permissive=0"));
  // open(2) is syscall 2; a0 (the path pointer) is 0 in lsmsim, a1 the flags, a2 the mode.
  BOOST_TEST(audit_log_line(got[1]) ==
             line("SYSCALL", at,
                  "arch=c000003e syscall=2 success=no exit=-13 a0=0 a1=0 a2=1a4 a3=0 items=1 " +
                      root_task_info(t) + " subj=" + kUserCtx + " key=\"shadow\""));
  BOOST_TEST(audit_log_line(got[2]) == line("CWD", at, "cwd=\"/\""));
  BOOST_TEST(audit_log_line(got[3]) ==
             line("PATH", at, path_body("/etc/shadow", st, "system_u:object_r:shadow_t:s0")));
  BOOST_TEST(audit_log_line(got[4]) == line("PROCTITLE", at, "proctitle=\"/sbin/init\""));
  BOOST_TEST(audit_log_line(got[5]) == line("EOE", at, ""));
}

BOOST_AUTO_TEST_CASE(smack_open_denial_is_one_event) {
  Kernel k(audit_config("smack"));
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(write_file(init, "/tmp/secret", "s").ok());
  BOOST_TEST_REQUIRE(sys_setxattr(init, "/tmp/secret", "security.SMACK64", "Secret", 0).ok());
  Task& t = spawn(init);
  BOOST_TEST_REQUIRE(write_file(t, "/proc/self/attr/current", "WebApp").ok());
  {
    int err = 0;
    auto c = k.prepare_creds(*t.cred, err);  // no CAP_MAC_OVERRIDE: Smack decides
    c->cap_permitted = c->cap_effective = CapSet();
    k.commit_creds(t, c);
  }
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(init, "/tmp/secret", st).ok());
  const std::string dev = s_id(init, "/tmp/secret");
  AuditDaemon& d = host_daemon(k, "-a always,exit -F arch=b64 -S open -k secret");
  const std::size_t before = d.received().size();

  BOOST_TEST(sys_open(t, "/tmp/secret", O_RDONLY).err == EACCES);
  const std::vector<AuditRecord> got = since(d, before);
  BOOST_TEST_REQUIRE(got.size() == 6u);
  expect_same_event(got);
  const AuditRecord& at = got.front();
  // smack_log_callback's pre-callback fields, then lsm_audit.c's common pid= comm= and the
  // dentry's name= dev= ino=.
  BOOST_TEST(audit_log_line(got[0]) ==
             line("AVC", at,
                  "lsm=SMACK fn=smack_inode_permission action=denied subject=\"WebApp\" "
                  "object=\"Secret\" requested=r pid=" + std::to_string(t.tgid) + " comm=\"" +
                      t.comm + "\" name=\"secret\" dev=\"" + dev +
                      "\" ino=" + std::to_string(st.ino)));
  BOOST_TEST(audit_log_line(got[1]) ==
             line("SYSCALL", at,
                  "arch=c000003e syscall=2 success=no exit=-13 a0=0 a1=0 a2=1a4 a3=0 items=1 " +
                      root_task_info(t) + " subj=WebApp key=\"secret\""));
  BOOST_TEST(audit_log_line(got[2]) == line("CWD", at, "cwd=\"/\""));
  BOOST_TEST(audit_log_line(got[3]) == line("PATH", at, path_body("/tmp/secret", st, "Secret")));
  BOOST_TEST(audit_log_line(got[4]) == line("PROCTITLE", at, "proctitle=\"/sbin/init\""));
  BOOST_TEST(audit_log_line(got[5]) == line("EOE", at, ""));
}

BOOST_AUTO_TEST_CASE(two_subject_lsms_give_subj_question_mark_and_mac_task_contexts) {
  Kernel k(audit_config("selinux,apparmor", true));
  load_test_policy(k);
  Task& t = spawn(k.init_task());
  BOOST_TEST_REQUIRE(write_file(t, "/proc/self/attr/current", kUserCtx).ok());
  AuditDaemon& d = host_daemon(k, "-a always,exit -F arch=b64 -S getpid -k mac");
  const std::size_t before = d.received().size();

  BOOST_TEST(sys_getpid(t).ok());
  const std::vector<AuditRecord> got = since(d, before);
  BOOST_TEST_REQUIRE(got.size() == 4u);
  expect_same_event(got);
  const AuditRecord& at = got.front();
  BOOST_TEST(audit_log_line(got[0]) ==
             line("SYSCALL", at,
                  "arch=c000003e syscall=39 success=yes exit=" + std::to_string(t.tgid) +
                      " a0=0 a1=0 a2=0 a3=0 items=0 " + root_task_info(t) +
                      " subj=? key=\"mac\""));
  // AUDIT_MAC_TASK_CONTEXTS (1425): one subj_<lsm>= per LSM in registration order; auditd
  // 3.0.9 has no name for it.
  BOOST_TEST(audit_log_line(got[1]) ==
             line("UNKNOWN[1425]", at,
                  "subj_selinux=" + kUserCtx + " subj_apparmor=unconfined"));
  BOOST_TEST(audit_log_line(got[2]) == line("PROCTITLE", at, "proctitle=\"/sbin/init\""));
  BOOST_TEST(audit_log_line(got[3]) == line("EOE", at, ""));
}

BOOST_AUTO_TEST_CASE(an_excluded_avc_does_not_make_the_syscall_auditable) {
  Kernel k(audit_config("selinux"));
  load_test_policy(k);
  Task& t = spawn(k.init_task());
  BOOST_TEST_REQUIRE(write_file(t, "/proc/self/attr/current", kUserCtx).ok());
  // A counting rule for another syscall: the open's event is written only because of its AVC.
  AuditDaemon& d = host_daemon(k, "-a always,exit -F arch=b64 -S getppid");
  d.rules.push_back(parse_auditctl("-a always,exclude -F msgtype=AVC").rule);
  const std::size_t before = d.received().size();
  BOOST_TEST(sys_open(t, "/etc/shadow", O_RDONLY).err == EACCES);
  // audit_log_start() returns before audit_get_stamp(): no AVC, no RECORD state, no SYSCALL.
  BOOST_TEST(since(d, before).empty());

  // Excluding another type leaves the AVC event whole.
  d.rules.back() = parse_auditctl("-a always,exclude -F msgtype=USER_LOGIN").rule;
  BOOST_TEST(sys_open(t, "/etc/shadow", O_RDONLY).err == EACCES);
  const std::vector<AuditRecord> got = since(d, before);
  BOOST_TEST_REQUIRE(got.size() == 6u);
  BOOST_TEST(got[0].type == AUDIT_AVC);
  BOOST_TEST(got[1].type == AUDIT_SYSCALL);
  BOOST_TEST(audit_log_line(got[1]).find(" key=(null)") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
