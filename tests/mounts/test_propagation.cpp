// Mount propagation between namespaces (Documentation/filesystems/sharedsubtree.rst) and the
// locking copy_mnt_ns applies for a less privileged owner.
#include <sys/mount.h>

#include <boost/test/unit_test.hpp>

#include "model/syscalls/fs.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

bool sees(Task& t, const std::string& path) {
  StatBuf st;
  return sys_stat(t, path, st).ok();
}

std::string line_for(Task& t, const std::string& mountpoint) {
  const std::string mi = read_file(t, "/proc/self/mountinfo").data;
  std::size_t at = mi.find(" " + mountpoint + " ");
  if (at == std::string::npos) return {};
  std::size_t start = mi.rfind('\n', at);
  start = start == std::string::npos ? 0 : start + 1;
  return mi.substr(start, mi.find('\n', at) - start);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(propagation)

BOOST_AUTO_TEST_CASE(peers_after_copy_mnt_ns_receive_both_ways) {
  Kernel k;
  Task& host = k.init_task();
  Task& child = spawn(k, host);
  unshare_mnt(k, child);
  BOOST_TEST(line_for(child, "/").find("shared:1") != std::string::npos);
  BOOST_TEST_REQUIRE(sys_mount(host, "h", "/mnt", "tmpfs", 0).ok());
  BOOST_TEST_REQUIRE(write_file(host, "/mnt/from_host", "1").ok());
  BOOST_TEST(sees(child, "/mnt/from_host"));  // the copy of / is a peer: it received the mount
  BOOST_TEST_REQUIRE(sys_mkdir(child, "/mnt/sub", 0755).ok());
  BOOST_TEST_REQUIRE(sys_mount(child, "c", "/mnt/sub", "tmpfs", 0).ok());
  BOOST_TEST_REQUIRE(write_file(child, "/mnt/sub/from_child", "1").ok());
  BOOST_TEST(sees(host, "/mnt/sub/from_child"));  // and propagation goes back
  // Both namespaces show the propagated mounts in the same peer group.
  const std::string h = line_for(host, "/mnt/sub"), c = line_for(child, "/mnt/sub");
  BOOST_TEST(h.substr(h.find("shared:")) == c.substr(c.find("shared:")));
  BOOST_TEST_REQUIRE(sys_umount(host, "/mnt/sub").ok());
  BOOST_TEST(!sees(child, "/mnt/sub/from_child"));  // umount propagates too
}

BOOST_AUTO_TEST_CASE(slave_receives_but_does_not_send) {
  Kernel k;
  Task& host = k.init_task();
  Task& child = spawn(k, host);
  unshare_mnt(k, child);
  BOOST_TEST_REQUIRE(sys_mount(child, "none", "/", "", MS_SLAVE | MS_REC).ok());
  const std::string root = line_for(child, "/");
  BOOST_TEST(root.find("master:1") != std::string::npos);
  BOOST_TEST(root.find("shared:") == std::string::npos);
  BOOST_TEST_REQUIRE(sys_mount(host, "h", "/mnt", "tmpfs", 0).ok());
  BOOST_TEST_REQUIRE(write_file(host, "/mnt/x", "1").ok());
  BOOST_TEST(sees(child, "/mnt/x"));
  BOOST_TEST(line_for(child, "/mnt").find("master:") != std::string::npos);
  BOOST_TEST_REQUIRE(sys_mount(child, "c", "/var/tmp", "tmpfs", 0).ok());
  BOOST_TEST_REQUIRE(write_file(child, "/var/tmp/y", "1").ok());
  BOOST_TEST(!sees(host, "/var/tmp/y"));
}

BOOST_AUTO_TEST_CASE(private_mounts_neither_send_nor_receive) {
  Kernel k;
  Task& host = k.init_task();
  Task& child = spawn(k, host);
  unshare_mnt(k, child);
  BOOST_TEST_REQUIRE(sys_mount(child, "none", "/", "", MS_PRIVATE | MS_REC).ok());
  BOOST_TEST(line_for(child, "/proc").find("shared:") == std::string::npos);
  BOOST_TEST_REQUIRE(sys_mount(host, "h", "/mnt", "tmpfs", 0).ok());
  BOOST_TEST_REQUIRE(write_file(host, "/mnt/x", "1").ok());
  BOOST_TEST(!sees(child, "/mnt/x"));
  // Only the root was changed without MS_REC elsewhere: the host's own mounts stay shared.
  BOOST_TEST(line_for(host, "/proc").find("shared:") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(less_privileged_copy_is_slave_and_locked) {
  Kernel k;
  Task& host = k.init_task();
  Task& t = spawn(k, host, 1000, 1000);
  enter_user_ns(k, t, make_user_ns(k, t, 1000, 1));
  unshare_mnt(k, t);
  const std::string proc = line_for(t, "/proc");
  BOOST_TEST(proc.find("master:") != std::string::npos);
  BOOST_TEST(proc.find("shared:") == std::string::npos);
  // MNT_LOCKED: the copies cannot be unmounted from the user namespace.
  SysResult r = sys_umount(t, "/proc");
  BOOST_TEST(r.err == EINVAL);
  BOOST_TEST(sys_umount(t, "/tmp", MNT_DETACH).err == EINVAL);
  // Its owner may mount on top, and the host's new mounts still arrive (as locked slaves).
  BOOST_TEST_REQUIRE(sys_mount(host, "h", "/mnt", "tmpfs", 0).ok());
  BOOST_TEST_REQUIRE(write_file(host, "/mnt/x", "1").ok());
  BOOST_TEST(sees(t, "/mnt/x"));
  BOOST_TEST(sys_umount(t, "/mnt").err == EINVAL);
  BOOST_TEST(sys_mount(t, "mine", "/mnt", "tmpfs", 0).ok());
  BOOST_TEST(sys_umount(t, "/mnt").ok());
  // A bind of a subtree with locked submounts must be recursive.
  BOOST_TEST(sys_mount(t, "/", "/mnt", "", MS_BIND).err == EINVAL);
  BOOST_TEST(sys_mount(t, "/", "/mnt", "", MS_BIND | MS_REC).ok());
  BOOST_TEST(sys_umount(t, "/mnt", MNT_DETACH).ok());
  // ... but only the locked mounts below the bound directory count (is_subdir): /etc has none.
  BOOST_TEST(sys_mount(t, "/etc", "/mnt", "", MS_BIND).ok());
}

BOOST_AUTO_TEST_CASE(proc_in_a_user_namespace_needs_a_visible_proc) {
  Kernel k;
  Task& host = k.init_task();
  Task& t = spawn(k, host, 1000, 1000);
  enter_user_ns(k, t, make_user_ns(k, t, 1000, 1));
  unshare_mnt(k, t);
  auto pid_ns = make_pid_ns(k, t);
  Task& init2 = spawn(k, t, 1000, 1000, pid_ns);
  enter_user_ns(k, init2, t.cred->user_ns);
  BOOST_TEST_REQUIRE(sys_mount(init2, "proc", "/mnt", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC).ok());
  BOOST_TEST(read_file(init2, "/mnt/self/status").data.find("\nPid:\t1\n") != std::string::npos);

  // A namespace without any proc: the host drops /proc from a private copy first, then a
  // user namespace copies that. mount_too_revealing() refuses a new proc there.
  Task& h2 = spawn(k, host);
  unshare_mnt(k, h2);
  BOOST_TEST_REQUIRE(sys_mount(h2, "none", "/", "", MS_PRIVATE | MS_REC).ok());
  BOOST_TEST_REQUIRE(sys_umount(h2, "/proc").ok());
  Task& u = spawn(k, h2, 1000, 1000);
  enter_user_ns(k, u, make_user_ns(k, u, 1000, 1));
  unshare_mnt(k, u);
  auto pid_ns2 = make_pid_ns(k, u);
  Task& init3 = spawn(k, u, 1000, 1000, pid_ns2);
  enter_user_ns(k, init3, u.cred->user_ns);
  SysResult r = sys_mount(init3, "proc", "/proc", "proc", 0);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->reason.find("too revealing") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
