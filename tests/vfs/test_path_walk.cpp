// Path resolution and DAC on the boot filesystem: exact errnos and who denied.
#include <fcntl.h>

#include <boost/test/unit_test.hpp>

#include "model/syscalls/fs.h"
#include "model/vfs/vfs.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(path_walk)

BOOST_AUTO_TEST_CASE(boot_filesystem_layout) {
  Kernel k;
  Task& init = k.init_task();
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(init, "/root", st).ok());
  BOOST_TEST((st.mode & 07777) == 0700u);
  BOOST_TEST_REQUIRE(sys_stat(init, "/usr/bin/passwd", st).ok());
  BOOST_TEST((st.mode & 07777) == 04755u);
  StatBuf root, tmp;
  BOOST_TEST_REQUIRE(sys_stat(init, "/", root).ok());
  BOOST_TEST_REQUIRE(sys_stat(init, "/tmp", tmp).ok());
  BOOST_TEST(root.dev == make_dev(8, 1));
  BOOST_TEST(tmp.dev != root.dev);  // /tmp is a tmpfs mounted over the root's /tmp
  BOOST_TEST((tmp.mode & 07777) == 01777u);
  SysResult r = read_file(init, "/etc/passwd");
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(r.data.rfind("root:x:0:0:", 0) == 0u);
}

BOOST_AUTO_TEST_CASE(errnos_of_lookup) {
  Kernel k;
  Task& init = k.init_task();
  StatBuf st;
  BOOST_TEST(sys_stat(init, "/nonexistent", st).err == ENOENT);
  BOOST_TEST(sys_stat(init, "/etc/passwd/x", st).err == ENOTDIR);
  BOOST_TEST(sys_stat(init, "/etc/passwd/", st).err == ENOTDIR);
  BOOST_TEST(sys_stat(init, "", st).err == ENOENT);
  BOOST_TEST(sys_stat(init, "/" + std::string(256, 'a'), st).err == ENAMETOOLONG);
  BOOST_TEST(sys_stat(init, "/" + std::string(255, 'a'), st).err == ENOENT);
  BOOST_TEST(sys_mkdir(init, "/etc", 0755).err == EEXIST);
  BOOST_TEST(sys_open(init, "/etc", O_WRONLY).err == EISDIR);
  BOOST_TEST(sys_open(init, "/etc/passwd", O_RDONLY | O_DIRECTORY).err == ENOTDIR);
  BOOST_TEST(sys_open(init, "/etc/passwd", O_RDONLY | O_CREAT | O_EXCL).err == EEXIST);
}

BOOST_AUTO_TEST_CASE(symlinks_and_eloop) {
  Kernel k;
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(sys_symlink(init, "../etc/passwd", "/tmp/pw").ok());
  BOOST_TEST(read_file(init, "/tmp/pw").ok());  // relative to the link's directory, /tmp
  BOOST_TEST_REQUIRE(sys_symlink(init, "/etc/passwd", "/tmp/abs").ok());
  BOOST_TEST(read_file(init, "/tmp/abs").ok());
  BOOST_TEST(sys_readlink(init, "/tmp/abs").data == "/etc/passwd");
  BOOST_TEST(sys_readlink(init, "/etc/passwd").err == EINVAL);
  BOOST_TEST(sys_open(init, "/tmp/abs", O_RDONLY | O_NOFOLLOW).err == ELOOP);
  BOOST_TEST_REQUIRE(sys_symlink(init, "/tmp/loop2", "/tmp/loop1").ok());
  BOOST_TEST_REQUIRE(sys_symlink(init, "/tmp/loop1", "/tmp/loop2").ok());
  StatBuf st;
  BOOST_TEST(sys_stat(init, "/tmp/loop1", st).err == ELOOP);
  // A chain of 40 links resolves; 41 is one too many (MAXSYMLINKS).
  BOOST_TEST_REQUIRE(sys_symlink(init, "/etc/hostname", "/tmp/c0").ok());
  for (int i = 1; i <= 40; ++i)
    BOOST_TEST_REQUIRE(
        sys_symlink(init, "/tmp/c" + std::to_string(i - 1), "/tmp/c" + std::to_string(i)).ok());
  BOOST_TEST(sys_stat(init, "/tmp/c39", st).ok());
  BOOST_TEST(sys_stat(init, "/tmp/c40", st).err == ELOOP);
}

BOOST_AUTO_TEST_CASE(dotdot_crosses_mounts_and_stops_at_root) {
  Kernel k;
  Task& init = k.init_task();
  StatBuf a, b;
  BOOST_TEST_REQUIRE(sys_stat(init, "/tmp/..", a).ok());
  BOOST_TEST_REQUIRE(sys_stat(init, "/", b).ok());
  BOOST_TEST(a.ino == b.ino);
  BOOST_TEST(a.dev == b.dev);
  BOOST_TEST_REQUIRE(sys_stat(init, "/../../..", a).ok());
  BOOST_TEST(a.ino == b.ino);
  BOOST_TEST_REQUIRE(sys_chdir(init, "/usr/bin").ok());
  BOOST_TEST(read_file(init, "../../etc/hostname").ok());
  BOOST_TEST_REQUIRE(sys_stat(init, "passwd", a).ok());
  BOOST_TEST((a.mode & 04000) != 0u);
}

BOOST_AUTO_TEST_CASE(dac_denials_name_the_mode) {
  Kernel k;
  Task& user = spawn(k, k.init_task(), 1000, 1000);
  SysResult r = read_file(user, "/etc/shadow");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "dac");
  BOOST_TEST(r.denial->reason.find("mode 0600 owner 0") != std::string::npos);
  BOOST_TEST(r.denial->reason.find("read to uid 1000") != std::string::npos);
  BOOST_TEST(read_file(k.init_task(), "/etc/shadow").ok());
  StatBuf st;
  BOOST_TEST(sys_stat(user, "/root/x", st).err == EACCES);  // no search permission on /root
  BOOST_TEST(sys_open(user, "/etc/new", O_WRONLY | O_CREAT, 0644).err == EACCES);
  BOOST_TEST(sys_open(user, "/tmp/mine", O_WRONLY | O_CREAT, 0644).ok());
  BOOST_TEST_REQUIRE(sys_stat(user, "/tmp/mine", st).ok());
  BOOST_TEST(st.uid == 1000u);
  BOOST_TEST((st.mode & 0777) == 0644u);  // umask 022
  BOOST_TEST(sys_chmod(user, "/etc/passwd", 0666).err == EPERM);
  BOOST_TEST(sys_chown(user, "/tmp/mine", 0, static_cast<Gid>(-1)).err == EPERM);
  BOOST_TEST(sys_chmod(user, "/tmp/mine", 0600).ok());
}

BOOST_AUTO_TEST_CASE(sticky_tmp_protects_other_users_files) {
  Kernel k;
  Task& alice = spawn(k, k.init_task(), 1000, 1000);
  Task& bob = spawn(k, k.init_task(), 1001, 1001);
  BOOST_TEST_REQUIRE(write_file(alice, "/tmp/a", "x").ok());
  BOOST_TEST_REQUIRE(sys_chmod(alice, "/tmp/a", 0666).ok());
  SysResult r = sys_unlink(bob, "/tmp/a");
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(sys_unlink(k.init_task(), "/tmp/a").ok());  // CAP_FOWNER
}

BOOST_AUTO_TEST_CASE(root_in_a_user_namespace_has_no_dac_override_on_unmapped_files) {
  Kernel k;
  Task& t = spawn(k, k.init_task(), 100000, 100000);
  enter_user_ns(k, t, make_user_ns(k, t, 100000));
  // uid 0 of the namespace is 100000 outside; /etc/shadow's owner 0 is unmapped there, so
  // CAP_DAC_OVERRIDE does not apply (capable_wrt_inode_uidgid).
  SysResult r = read_file(t, "/etc/shadow");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "dac");
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(t, "/etc/passwd", st).ok());
  BOOST_TEST(st.uid == kOverflowUid);
}

BOOST_AUTO_TEST_CASE(rmdir_and_unlink_rules) {
  Kernel k;
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(sys_mkdir(init, "/tmp/d", 0755).ok());
  BOOST_TEST_REQUIRE(write_file(init, "/tmp/d/f", "1").ok());
  BOOST_TEST(sys_rmdir(init, "/tmp/d").err == ENOTEMPTY);
  BOOST_TEST(sys_unlink(init, "/tmp/d").err == EISDIR);
  BOOST_TEST(sys_rmdir(init, "/tmp/d/f").err == ENOTDIR);
  BOOST_TEST(sys_rmdir(init, "/tmp/d/.").err == EINVAL);
  BOOST_TEST(sys_unlink(init, "/tmp/d/f").ok());
  BOOST_TEST(sys_rmdir(init, "/tmp/d").ok());
  BOOST_TEST(sys_rmdir(init, "/tmp").err == EBUSY);  // a mount point
  BOOST_TEST(sys_mkdir(init, "/proc/x", 0755).err == EPERM);
}

BOOST_AUTO_TEST_SUITE_END()
