// /proc/PID inodes carry the task's label (selinux_task_to_inode): reading another task's
// proc files is decided against the target task's context, per namespace level.
#include <string>

#include "tests/selinux/selinux_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

const std::string kAppCtx = "user_u:user_r:app_t:s0";

// The test policy with `extra` TE rules (placed before the role declarations, where
// checkpolicy's grammar wants them), plus process:getattr from user_t on app_t so that only
// the proc file checks stand between them.
std::string policy_with(const std::string& extra, bool getattr) {
  std::string p = kTestPolicy;
  const std::size_t at = p.find("role system_r;");
  BOOST_TEST_REQUIRE(at != std::string::npos);
  p.insert(at, (getattr ? "allow user_t app_t:process getattr;\n" : "") + extra + "\n");
  return p;
}

struct TwoTasks {
  Kernel k;
  Task* reader = nullptr;
  Task* target = nullptr;
  explicit TwoTasks(const std::string& extra, bool getattr = true) {
    selinux_load_policy(k, policy_with(extra, getattr), "proc_policy.conf");
    selinux_setfiles(k, write_temp("file_contexts", kTestFileContexts), "/");
    selinux_set_enforcing(k, true);
    reader = &spawn(k.init_task());
    target = &spawn(k.init_task());
    BOOST_TEST_REQUIRE(ok(write_file(*reader, "/proc/self/attr/current", kUserCtx)));
    BOOST_TEST_REQUIRE(ok(write_file(*target, "/proc/self/attr/current", kAppCtx)));
  }
  std::string dir() const { return "/proc/" + std::to_string(target->pid); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(proc_labels)

BOOST_AUTO_TEST_CASE(another_tasks_attr_needs_access_to_its_domain) {
  TwoTasks t("");
  // The proc_t rules of the policy no longer apply: /proc/PID is app_t's.
  SysResult r = read_file(*t.reader, t.dir() + "/attr/current");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("tcontext=" + kAppCtx + " tclass=dir") != std::string::npos, reason(r));
  BOOST_TEST(reason(r).find("{ search }") != std::string::npos, reason(r));
}

BOOST_AUTO_TEST_CASE(the_file_itself_is_checked_against_the_target) {
  // Search on the directories but no read on the files.
  TwoTasks t("allow user_t app_t:dir search;");
  SysResult r = read_file(*t.reader, t.dir() + "/attr/current");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("tcontext=" + kAppCtx + " tclass=file") != std::string::npos,
             reason(r));
  BOOST_TEST(reason(r).find("read") != std::string::npos, reason(r));
}

BOOST_AUTO_TEST_CASE(a_policy_that_allows_it_reads_it) {
  TwoTasks t("allow user_t app_t:dir search;\nallow user_t app_t:file { read open };");
  SysResult r = read_file(*t.reader, t.dir() + "/attr/current");
  BOOST_TEST_REQUIRE(ok(r));
  BOOST_TEST(r.data.substr(0, r.data.find('\0')) == kAppCtx);
  // Its own proc files stay readable through the self rules.
  BOOST_TEST(self_context(*t.target) == kAppCtx);
}

BOOST_AUTO_TEST_CASE(process_getattr_is_still_needed_after_the_files) {
  TwoTasks t("allow user_t app_t:dir search;\nallow user_t app_t:file { read open };", false);
  SysResult r = read_file(*t.reader, t.dir() + "/attr/current");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ getattr }") != std::string::npos, reason(r));
  BOOST_TEST(reason(r).find("tclass=process") != std::string::npos, reason(r));
}

BOOST_AUTO_TEST_CASE(the_proc_inode_shows_the_task_label) {
  TwoTasks t("allow user_t app_t:dir { search getattr };\nallow user_t app_t:file getattr;");
  // security.selinux of /proc/PID/status (inode_getsecurity) is the task's context, not
  // the genfscon proc label.
  BOOST_TEST(xattr_label(*t.reader, t.dir() + "/status") == kAppCtx);
  BOOST_TEST(xattr_label(*t.reader, t.dir()) == kAppCtx);
  BOOST_TEST(xattr_label(*t.reader, "/proc") == "system_u:object_r:proc_t:s0");
}

BOOST_AUTO_TEST_CASE(each_level_sees_the_tasks_context_there) {
  SelinuxKernel sk;
  BOOST_TEST_REQUIRE(ok(sys_mount(sk.init(), "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0)));
  Task& reader = confined(sk);
  Task& u = confined(sk);
  BOOST_TEST_REQUIRE(ok(write_file(u, "/sys/fs/selinux/unshare", "1")));
  // u's current context is the child's kernel SID; at the host level it keeps user_t, so the
  // host's user_t reader is judged by `domain self` on its /proc/PID, not user_t -> kernel_t.
  const std::string dir = "/proc/" + std::to_string(u.pid);
  BOOST_TEST(xattr_label(reader, dir) == kUserCtx);
  BOOST_TEST(ok(read_file(reader, dir + "/status")));
  // Init's own /proc/PID is kernel_t's: user_t may not search it.
  SysResult r = read_file(reader, "/proc/" + std::to_string(sk.init().pid) + "/status");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("tcontext=" + kKernelCtx + " tclass=dir") != std::string::npos,
             reason(r));
}

BOOST_AUTO_TEST_SUITE_END()
