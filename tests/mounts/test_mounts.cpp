// mount(2)/umount2(2): permissions, busy rules, bind mounts and filesystem instances.
#include <fcntl.h>
#include <sys/mount.h>

#include <boost/test/unit_test.hpp>

#include "model/syscalls/fs.h"
#include "model/vfs/vfs.h"
#include "tests/support/kernel_fixture.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(mounts)

BOOST_AUTO_TEST_CASE(mount_and_umount_tmpfs) {
  Kernel k;
  Task& init = k.init_task();
  StatBuf before, after;
  BOOST_TEST_REQUIRE(sys_stat(init, "/mnt", before).ok());
  BOOST_TEST_REQUIRE(sys_mount(init, "scratch", "/mnt", "tmpfs", MS_NOSUID, "mode=0755").ok());
  BOOST_TEST_REQUIRE(sys_stat(init, "/mnt", after).ok());
  BOOST_TEST(after.dev != before.dev);
  BOOST_TEST((after.mode & 07777) == 0755u);
  BOOST_TEST_REQUIRE(write_file(init, "/mnt/f", "x").ok());
  const std::string mi = read_file(init, "/proc/self/mountinfo").data;
  BOOST_TEST(mi.find(" / /mnt rw,nosuid,relatime shared:") != std::string::npos);
  BOOST_TEST(mi.find(" - tmpfs scratch rw,mode=755\n") != std::string::npos);
  SysResult o = sys_open(init, "/mnt/f", O_RDONLY);
  BOOST_TEST_REQUIRE(o.ok());
  BOOST_TEST(sys_umount(init, "/mnt").err == EBUSY);  // an open file
  BOOST_TEST(sys_close(init, static_cast<int>(o.ret)).ok());
  BOOST_TEST(sys_umount(init, "/mnt/f").err == EINVAL);  // not a mount point
  BOOST_TEST(sys_umount(init, "/mnt").ok());
  BOOST_TEST_REQUIRE(sys_stat(init, "/mnt", after).ok());
  BOOST_TEST(after.dev == before.dev);
  BOOST_TEST(sys_umount(init, "/mnt").err == EINVAL);
  BOOST_TEST(sys_mount(init, "x", "/mnt", "nosuchfs", 0).err == ENODEV);
  BOOST_TEST(sys_mount(init, "x", "/nonexistent", "tmpfs", 0).err == ENOENT);
}

BOOST_AUTO_TEST_CASE(submounts_make_a_mount_busy_unless_detached) {
  Kernel k;
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(sys_mount(init, "a", "/mnt", "tmpfs", 0).ok());
  BOOST_TEST_REQUIRE(sys_mkdir(init, "/mnt/sub", 0755).ok());
  BOOST_TEST_REQUIRE(sys_mount(init, "b", "/mnt/sub", "tmpfs", 0).ok());
  BOOST_TEST(sys_umount(init, "/mnt").err == EBUSY);
  BOOST_TEST(sys_umount(init, "/mnt", MNT_DETACH).ok());
  BOOST_TEST(read_file(init, "/proc/self/mounts").data.find(" /mnt") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(mounting_needs_cap_sys_admin) {
  Kernel k;
  Task& user = spawn(k, k.init_task(), 1000, 1000);
  SysResult r = sys_mount(user, "x", "/tmp", "tmpfs", 0);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "capability");
  BOOST_TEST(sys_umount(user, "/tmp").err == EPERM);
}

BOOST_AUTO_TEST_CASE(sb_mount_hook_runs_before_the_capability_check) {
  Kernel k(config_with({probe("nomount", {{Hook::sb_mount, -EACCES}, {Hook::sb_umount, -EPERM}})}));
  Task& init = k.init_task();
  SysResult r = sys_mount(init, "x", "/mnt", "tmpfs", 0);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "nomount");
  BOOST_TEST(r.denial->hook == "sb_mount");
  Task& user = spawn(k, init, 1000, 1000);
  BOOST_TEST(sys_mount(user, "x", "/mnt", "tmpfs", 0).denial->by == "nomount");
  r = sys_umount(init, "/tmp");
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->hook == "sb_umount");
}

BOOST_AUTO_TEST_CASE(kern_mount_and_sb_alloc_hooks) {
  Kernel k(config_with({probe("sb", {{Hook::sb_kern_mount, -EPERM}})}));
  SysResult r = sys_mount(k.init_task(), "x", "/mnt", "tmpfs", 0);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->hook == "sb_kern_mount");
}

BOOST_AUTO_TEST_CASE(bind_mounts_and_unbindable) {
  Kernel k;
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(sys_mount(init, "/etc", "/mnt", "", MS_BIND).ok());
  BOOST_TEST(read_file(init, "/mnt/passwd").ok());
  const std::string mi = read_file(init, "/proc/self/mountinfo").data;
  BOOST_TEST(mi.find(" 8:1 /etc /mnt rw,relatime shared:1 - ext4 /dev/sda1 rw\n") != std::string::npos);
  BOOST_TEST_REQUIRE(sys_umount(init, "/mnt").ok());
  BOOST_TEST_REQUIRE(sys_mount(init, "none", "/tmp", "", MS_UNBINDABLE).ok());
  BOOST_TEST(sys_mount(init, "/tmp", "/mnt", "", MS_BIND).err == EINVAL);
  BOOST_TEST(read_file(init, "/proc/self/mountinfo").data.find(" unbindable - tmpfs") != std::string::npos);
  BOOST_TEST(sys_mount(init, "none", "/etc", "", MS_PRIVATE).err == EINVAL);  // not a mount
  BOOST_TEST(sys_mount(init, "none", "/tmp", "", MS_PRIVATE | MS_SHARED).err == EINVAL);
}

BOOST_AUTO_TEST_CASE(lsm_filesystems_need_init_privilege) {
  Kernel k;
  Task& init = k.init_task();
  Task& t = spawn(k, init, 1000, 1000);
  enter_user_ns(k, t, make_user_ns(k, t, 1000, 1));
  unshare_mnt(k, t);
  for (const char* fs : {"selinuxfs", "smackfs", "securityfs"}) {
    SysResult r = sys_mount(t, "none", "/mnt", fs, 0);
    BOOST_TEST(r.err == EPERM, fs);
    BOOST_TEST(r.denial->by == "capability");
  }
  // sysfs: only for the owner of the current network namespace.
  BOOST_TEST(sys_mount(t, "none", "/mnt", "sysfs", 0).err == EPERM);
  unshare_net(k, t);
  BOOST_TEST(sys_mount(t, "none", "/mnt", "sysfs", 0).ok());
  // tmpfs is FS_USERNS_MOUNT.
  BOOST_TEST(sys_mount(t, "none", "/tmp", "tmpfs", 0).ok());
  // The initial namespace's root may mount them.
  BOOST_TEST(sys_mount(init, "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0).ok());
}

// Each mount is a new instance bound to the mounter's SELinux namespace (Smalley series):
// two mounts from the same namespace show, and change, that namespace's state.
BOOST_AUTO_TEST_CASE(selinuxfs_mounts_of_one_namespace_share_its_state) {
  Kernel k;
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(sys_mount(init, "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0).ok());
  BOOST_TEST_REQUIRE(sys_mount(init, "selinuxfs", "/mnt", "selinuxfs", 0).ok());
  BOOST_TEST(read_file(init, "/sys/fs/selinux/enforce").data == "0");
  SysResult o = sys_open(init, "/mnt/enforce", O_WRONLY);
  BOOST_TEST_REQUIRE(o.ok());
  BOOST_TEST(sys_write(init, static_cast<int>(o.ret), "1").ok());
  BOOST_TEST(read_file(init, "/mnt/enforce").data == "1");
  BOOST_TEST(read_file(init, "/sys/fs/selinux/enforce").data == "1");
  BOOST_TEST(read_file(init, "/sys/fs/selinux/policyvers").data == "33");
  BOOST_TEST_REQUIRE(sys_mount(init, "smackfs", "/sys/fs/smackfs", "smackfs", 0).ok());
  BOOST_TEST(read_file(init, "/sys/fs/smackfs/load2").data.empty());
  // securityfs is one instance everywhere.
  BOOST_TEST_REQUIRE(sys_mount(init, "securityfs", "/mnt", "securityfs", 0).ok());
  StatBuf a, b;
  BOOST_TEST_REQUIRE(sys_stat(init, "/mnt/lsm", a).ok());
  BOOST_TEST_REQUIRE(sys_stat(init, "/sys/kernel/security/lsm", b).ok());
  BOOST_TEST(a.dev == b.dev);
  BOOST_TEST(a.ino == b.ino);
}

BOOST_AUTO_TEST_CASE(read_only_mounts) {
  Kernel k;
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(sys_mount(init, "t", "/mnt", "tmpfs", MS_RDONLY).ok());
  BOOST_TEST(sys_mkdir(init, "/mnt/d", 0755).err == EROFS);
  BOOST_TEST(sys_open(init, "/mnt/f", O_WRONLY | O_CREAT).err == EROFS);
  BOOST_TEST_REQUIRE(sys_mount(init, "t", "/mnt", "", MS_REMOUNT).ok());
  BOOST_TEST(sys_mkdir(init, "/mnt/d", 0755).ok());
}

BOOST_AUTO_TEST_SUITE_END()
