// SELinux namespaces (the unmerged Smalley series): unshare through selinuxfs, the child's
// initial context, selinuxfs instances bound to namespaces, bounded enforcement over every
// ancestor, viewer-dependent labels, exec in a child, and the maxnsdepth limit.
#include <sys/mount.h>

#include "model/syscalls/exec.h"
#include "tests/selinux/selinux_support.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

struct NsKernel : SelinuxKernel {
  explicit NsKernel(bool enforcing = true) : SelinuxKernel(enforcing) {
    BOOST_TEST_REQUIRE(ok(sys_mount(init(), "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0)));
  }
};

SysResult unshare_selinux(Task& t) {
  return write_file(t, "/sys/fs/selinux/unshare", "1");
}

// unshare -m; mount -t selinuxfs: a selinuxfs instance of `t`'s own namespace.
void own_selinuxfs(Kernel& k, Task& t) {
  unshare_mnt(k, t);
  // unshare(1) makes the copy private, so the new mount does not propagate to the host.
  BOOST_TEST_REQUIRE(ok(sys_mount(t, "none", "/", "", MS_REC | MS_PRIVATE)));
  BOOST_TEST_REQUIRE(ok(sys_mount(t, "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0)));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(selinux_namespaces)

BOOST_AUTO_TEST_CASE(unshare_and_the_child_view) {
  NsKernel sk;
  Task& init = sk.init();
  Task& t = spawn(init);
  BOOST_TEST(read_file(t, "/sys/fs/selinux/unshare").data == "0");
  BOOST_TEST_REQUIRE(ok(unshare_selinux(t)));
  // The child starts at the kernel initial SID, shown by name before its policy load;
  // the parent still sees the frozen parent-level context.
  BOOST_TEST(self_context(t) == "kernel");
  BOOST_TEST(context_of(init, t) == kKernelCtx);
  BOOST_TEST(read_file(t, "/sys/fs/selinux/unshare").data == "1");
  // The parent's selinuxfs is readable (getenforce) but never writable from the child.
  BOOST_TEST(read_file(t, "/sys/fs/selinux/enforce").data == "1");
  SysResult r = write_file(t, "/sys/fs/selinux/enforce", "0");
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(reason(r).find("belongs to SELinux namespace init") != std::string::npos, reason(r));
  BOOST_TEST(write_file(t, "/sys/fs/selinux/load", kTestPolicy).err == EPERM);
  BOOST_TEST(write_file(t, "/sys/fs/selinux/booleans/user_read_tmp", "1").err == EPERM);
  BOOST_TEST(selinux_enforcing(sk.k));
  // A host task has no context at the child's level: unlabeled.
  BOOST_TEST(context_of(t, init) == "unlabeled");
  // A new selinuxfs mounted by the child is the child's: permissive, no policy, writable.
  BOOST_TEST_REQUIRE(ok(sys_mount(t, "selinuxfs", "/mnt", "selinuxfs", 0)));
  BOOST_TEST(read_file(t, "/mnt/enforce").data == "0");
  BOOST_TEST(read_file(t, "/mnt/mls").data == "0");
  {
    SysResult lr = write_file(t, "/mnt/load", kTestPolicy);
    BOOST_TEST_REQUIRE(lr.ok(), describe(lr));
  }
  BOOST_TEST(selinux_policy(sk.k, &t) != nullptr);
  BOOST_TEST(selinux_policy(sk.k, &t) != selinux_policy(sk.k));
  BOOST_TEST(read_file(t, "/mnt/mls").data == "1");
  BOOST_TEST(self_context(t) == kKernelCtx);  // now the child policy's kernel context
  BOOST_TEST(context_of(t, init) == "system_u:object_r:unlabeled_t:s0");
  BOOST_TEST_REQUIRE(ok(write_file(t, "/mnt/enforce", "1")));
  BOOST_TEST(selinux_enforcing(sk.k, &t));
  // The parent may not write the child's instance either.
  r = write_file(init, "/mnt/enforce", "0");
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(selinux_enforcing(sk.k, &t));
}

BOOST_AUTO_TEST_CASE(parent_enforcing_denies_for_a_permissive_child) {
  NsKernel sk;
  Task& u = confined(sk);
  BOOST_TEST_REQUIRE(ok(unshare_selinux(u)));  // user_t has security:unshare
  BOOST_TEST(!selinux_enforcing(sk.k, &u));
  BOOST_TEST(selinux_policy(sk.k, &u) == nullptr);
  BOOST_TEST(read_file(u, "/etc/passwd").ok());
  SysResult r = read_file(u, "/etc/shadow");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(level(r) == "init");
  BOOST_TEST(reason(r).find("scontext=" + kUserCtx) != std::string::npos, reason(r));
}

BOOST_AUTO_TEST_CASE(child_enforcing_denies_under_a_permissive_parent) {
  NsKernel sk(false);
  Task& t = spawn(sk.init());
  BOOST_TEST_REQUIRE(ok(unshare_selinux(t)));
  selinux_load_policy(sk.k, kTestPolicy, "child.conf", &t);
  BOOST_TEST_REQUIRE(ok(write_file(t, "/proc/self/attr/current", kUserCtx)));
  selinux_set_enforcing(sk.k, true, &t);
  BOOST_TEST(self_context(t) == kUserCtx);
  BOOST_TEST(context_of(sk.init(), t) == kKernelCtx);  // the frozen parent-level context
  SysResult r = read_file(t, "/etc/shadow");
  BOOST_TEST(r.err == EACCES);
  const std::string child = sk.lsm().ns_of(*t.cred).name;
  BOOST_TEST(child != "init");
  BOOST_TEST(level(r) == child);
  BOOST_TEST(reason(r).find("[SELinux namespace " + child + "]") != std::string::npos);
  // The permissive parent only logs; with the child permissive too, the read passes.
  selinux_set_enforcing(sk.k, false, &t);
  BOOST_TEST(read_file(t, "/etc/shadow").ok());
}

// An inode without security.selinux is labelled once, when first used, by the nearest
// initialized namespace of the task using it; a child namespace's later policy load does not
// relabel it for the host level (one global SID per object, lsm-namespacing.md §1.3, §1.6).
BOOST_AUTO_TEST_CASE(host_labels_of_unlabelled_inodes_survive_a_child_policy) {
  NsKernel sk;
  Task& u = confined(sk);
  StatBuf st;
  BOOST_TEST_REQUIRE(ok(sys_stat(u, "/sys/fs", st)));  // sysfs inodes: sysfs_t by genfscon
  BOOST_TEST_REQUIRE(ok(unshare_selinux(u)));
  // A child policy that has no genfscon for sysfs: to it, sysfs is unlabeled.
  std::string child = kTestPolicy;
  const std::string genfs_sysfs = "genfscon sysfs / system_u:object_r:sysfs_t:s0\n";
  const std::size_t at = child.find(genfs_sysfs);
  BOOST_TEST_REQUIRE(at != std::string::npos);
  child.erase(at, genfs_sysfs.size());
  selinux_load_policy(sk.k, child, "child.conf", &u);
  // The host level still sees sysfs_t (which user_t may search), not the child's unlabeled.
  SysResult r = sys_stat(u, "/sys/fs", st);
  BOOST_TEST(r.ok(), describe(r));
  BOOST_TEST(xattr_label(sk.init(), "/sys/fs") == "system_u:object_r:sysfs_t:s0");
}

BOOST_AUTO_TEST_CASE(siblings_are_unlabeled_to_each_other) {
  NsKernel sk;
  Task& a = spawn(sk.init());
  Task& b = spawn(sk.init());
  BOOST_TEST_REQUIRE(ok(unshare_selinux(a)));
  BOOST_TEST_REQUIRE(ok(unshare_selinux(b)));
  BOOST_TEST(context_of(a, b) == "unlabeled");
  BOOST_TEST(context_of(sk.init(), a) == kKernelCtx);
}

BOOST_AUTO_TEST_CASE(exec_in_a_child_needs_execute_no_trans_above) {
  NsKernel sk;
  Task& u = confined(sk);
  BOOST_TEST_REQUIRE(ok(unshare_selinux(u)));
  BOOST_TEST(sys_execve(u, "/bin/true", {"true"}).ok());
  // The parent level keeps user_t and does not transition: app_exec_t would need
  // execute_no_trans there.
  SysResult r = sys_execve(u, "/usr/bin/id", {"id"});
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(level(r) == "init");
  BOOST_TEST(reason(r).find("{ execute_no_trans }") != std::string::npos, reason(r));
  BOOST_TEST(context_of(sk.init(), u) == kUserCtx);
}

BOOST_AUTO_TEST_CASE(new_files_in_a_child_use_the_child_policy) {
  NsKernel sk;
  Task& t = spawn(sk.init());
  BOOST_TEST_REQUIRE(ok(unshare_selinux(t)));
  // Uninitialized child: the nearest initialized ancestor labels (kernel_t in tmp_t).
  BOOST_TEST_REQUIRE(ok(write_file(t, "/tmp/a", "x")));
  BOOST_TEST(xattr_label(sk.init(), "/tmp/a") == "system_u:object_r:tmp_t:s0");
  selinux_load_policy(sk.k, kTestPolicy, "child.conf", &t);
  BOOST_TEST_REQUIRE(ok(write_file(t, "/proc/self/attr/current", kUserCtx)));
  BOOST_TEST_REQUIRE(ok(write_file(t, "/tmp/b", "x")));
  BOOST_TEST(xattr_label(sk.init(), "/tmp/b") == "user_u:object_r:user_tmp_t:s0");
}

BOOST_AUTO_TEST_CASE(maxnsdepth_limits_nesting) {
  NsKernel sk;
  Task& init = sk.init();
  BOOST_TEST(read_file(init, "/sys/fs/selinux/maxnsdepth").data == "32");
  BOOST_TEST(read_file(init, "/sys/fs/selinux/maxns").data == "65535");
  BOOST_TEST_REQUIRE(ok(write_file(init, "/sys/fs/selinux/maxnsdepth", "1")));
  Task& t = spawn(init);
  BOOST_TEST_REQUIRE(ok(unshare_selinux(t)));
  own_selinuxfs(sk.k, t);
  SysResult r = unshare_selinux(t);
  BOOST_TEST(r.err == ENOSPC);
  BOOST_TEST(reason(r).find("maxnsdepth 1") != std::string::npos, reason(r));
  // The limits are written from the init namespace only.
  r = write_file(t, "/sys/fs/selinux/maxnsdepth", "8");
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(ok(write_file(init, "/sys/fs/selinux/maxnsdepth", "2")));
  BOOST_TEST(unshare_selinux(t).ok());
}

BOOST_AUTO_TEST_CASE(unshare_needs_security_unshare) {
  NsKernel sk;
  Task& t = confined(sk, "user_u:user_r:app_t:s0");  // app_t has no security:unshare
  SysResult r = unshare_selinux(t);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ unshare }") != std::string::npos, reason(r));
}

BOOST_AUTO_TEST_SUITE_END()
