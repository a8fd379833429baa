// procfs instances per pid namespace, /proc/PID/status, ns links, attr files, securityfs.
#include <fcntl.h>

#include <boost/test/unit_test.hpp>

#include "model/lsm/lsm_uapi.h"
#include "model/syscalls/fs.h"
#include "tests/support/kernel_fixture.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

std::string field(const std::string& status, const std::string& name) {
  const std::size_t at = status.find("\n" + name + ":\t");
  if (at == std::string::npos) return "<missing>";
  const std::size_t start = at + name.size() + 3;
  return status.substr(start, status.find('\n', start) - start);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(procfs)

BOOST_AUTO_TEST_CASE(init_status) {
  Kernel k;
  const std::string s = read_file(k.init_task(), "/proc/1/status").data;
  BOOST_TEST(s.rfind("Name:\tinit\nUmask:\t0022\nState:\tR (running)\nTgid:\t1\n", 0) == 0u);
  BOOST_TEST(field(s, "Pid") == "1");
  BOOST_TEST(field(s, "PPid") == "0");
  BOOST_TEST(field(s, "Uid") == "0\t0\t0\t0");
  BOOST_TEST(field(s, "CapEff") == "000001ffffffffff");
  BOOST_TEST(field(s, "CapAmb") == "0000000000000000");
  BOOST_TEST(field(s, "NSpid") == "1");
  BOOST_TEST(field(s, "NoNewPrivs") == "0");
  BOOST_TEST(read_file(k.init_task(), "/proc/self/comm").data == "init\n");
  BOOST_TEST(sys_readlink(k.init_task(), "/proc/self").data == "1");
}

BOOST_AUTO_TEST_CASE(task_in_child_pid_ns_seen_from_both_proc_instances) {
  Kernel k;
  Task& host = k.init_task();
  auto pid_ns = make_pid_ns(k, host);
  Task& c1 = spawn(k, host, 0, 0, pid_ns);  // pid 1 in the child namespace
  Task& c2 = spawn(k, c1, 0, 0, pid_ns);    // pid 2 there
  unshare_mnt(k, c1);
  c2.nsproxy.mnt = c1.nsproxy.mnt;
  BOOST_TEST_REQUIRE(sys_mount(c1, "proc", "/mnt", "proc", 0).ok());
  // From the host's /proc: global numbers, NSpid from the initial namespace down.
  const std::string outer = read_file(host, "/proc/" + std::to_string(c2.pid) + "/status").data;
  BOOST_TEST(field(outer, "Pid") == std::to_string(c2.pid));
  BOOST_TEST(field(outer, "PPid") == std::to_string(c1.pid));
  BOOST_TEST(field(outer, "NSpid") == std::to_string(c2.pid) + "\t2");
  BOOST_TEST(field(outer, "NStgid") == std::to_string(c2.pid) + "\t2");
  // From the child's proc instance: numbered as in the child namespace.
  const std::string inner = read_file(c2, "/mnt/2/status").data;
  BOOST_TEST(field(inner, "Pid") == "2");
  BOOST_TEST(field(inner, "PPid") == "1");
  BOOST_TEST(field(inner, "NSpid") == "2");
  BOOST_TEST(sys_readlink(c2, "/mnt/self").data == "2");
  // The host task is not in the child's instance; the child's parent is outside it.
  StatBuf st;
  BOOST_TEST(sys_stat(c2, "/mnt/" + std::to_string(host.pid) + "x", st).err == ENOENT);
  BOOST_TEST(field(read_file(c1, "/mnt/1/status").data, "PPid") == "0");
  // The host reads the child instance too: it is numbered in the instance's namespace.
  BOOST_TEST(field(read_file(host, "/mnt/2/status").data, "Pid") == "2");
  // The host has no number in the child namespace: /mnt/self does not resolve for it.
  BOOST_TEST(sys_readlink(host, "/mnt/self").err == ENOENT);
}

BOOST_AUTO_TEST_CASE(status_ids_are_translated_for_the_reader) {
  Kernel k;
  Task& host = k.init_task();
  Task& t = spawn(k, host, 100000, 100000);
  enter_user_ns(k, t, make_user_ns(k, t, 100000, 65536));
  const std::string path = "/proc/" + std::to_string(t.pid) + "/status";
  BOOST_TEST(field(read_file(host, path).data, "Uid") == "100000\t100000\t100000\t100000");
  BOOST_TEST(field(read_file(t, path).data, "Uid") == "0\t0\t0\t0");
  // Ids outside the reader's namespace read as the overflow id.
  BOOST_TEST(field(read_file(t, "/proc/1/status").data, "Uid") == "65534\t65534\t65534\t65534");
}

BOOST_AUTO_TEST_CASE(ns_links_of_the_initial_namespaces) {
  Kernel k;
  Task& init = k.init_task();
  BOOST_TEST(sys_readlink(init, "/proc/self/ns/ipc").data == "ipc:[4026531839]");
  BOOST_TEST(sys_readlink(init, "/proc/self/ns/uts").data == "uts:[4026531838]");
  BOOST_TEST(sys_readlink(init, "/proc/self/ns/user").data == "user:[4026531837]");
  BOOST_TEST(sys_readlink(init, "/proc/self/ns/pid").data == "pid:[4026531836]");
  BOOST_TEST(sys_readlink(init, "/proc/1/ns/net").data == "net:[4026531833]");
  BOOST_TEST(sys_readlink(init, "/proc/1/ns/mnt").data == "mnt:[4026531832]");
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(init, "/proc/self/ns/net", st).ok());
  BOOST_TEST(st.dev == k.nsfs_dev());
  BOOST_TEST(st.ino == 4026531833u);
  BOOST_TEST(sys_stat(init, "/proc/self/ns/bogus", st).err == ENOENT);
  // Another user's task: ptrace_may_access() refuses the links.
  Task& user = spawn(k, init, 1000, 1000);
  BOOST_TEST(sys_readlink(user, "/proc/1/ns/net").err == EACCES);
  BOOST_TEST(sys_readlink(user, "/proc/self/ns/net").ok());
}

BOOST_AUTO_TEST_CASE(setns_takes_an_nsfs_descriptor) {
  Kernel k;
  Task& init = k.init_task();
  BOOST_TEST(sys_setns(init, 99, 0).err == EBADF);
  SysResult o = sys_open(init, "/etc/passwd", O_RDONLY);
  BOOST_TEST(sys_setns(init, static_cast<int>(o.ret), 0).err == EINVAL);
  SysResult n = sys_open(init, "/proc/self/ns/uts", O_RDONLY);
  BOOST_TEST_REQUIRE(n.ok());
  SysResult r = sys_setns(init, static_cast<int>(n.ret), 0);
  BOOST_TEST(r.err != EBADF);  // resolved to the namespace and handed to setns_to()
  BOOST_TEST(r.err != EINVAL);
}

BOOST_AUTO_TEST_CASE(attr_files_go_through_getprocattr_and_setprocattr) {
  Kernel k(config_with(
      {probe("p1", {{Hook::getprocattr, 0}, {Hook::setprocattr, 0}}, "label-one"),
       probe("p2", {{Hook::getprocattr, 0}, {Hook::setprocattr, -EPERM}}, "label-two")}));
  Task& init = k.init_task();
  // Legacy files: the first LSM with the hook answers.
  BOOST_TEST(read_file(init, "/proc/self/attr/current").data == "label-one\n");
  // Per-LSM directories: that LSM's id.
  BOOST_TEST(read_file(init, "/proc/self/attr/p2/current").data == "label-two\n");
  // smack/ and apparmor/ exist as in the kernel; with neither active the hook default wins.
  BOOST_TEST(read_file(init, "/proc/self/attr/smack/current").err == EINVAL);
  SysResult w = write_file(init, "/proc/self/attr/p2/exec", "x");
  BOOST_TEST(w.err == EPERM);
  BOOST_TEST_REQUIRE(w.denial.has_value());
  BOOST_TEST(w.denial->by == "p2");
  BOOST_TEST(w.denial->hook == "setprocattr");
  BOOST_TEST(write_file(init, "/proc/self/attr/current", "x").ok());
  // Only a task's own attributes may be written: another process fails the opener check
  // (its mm is not the writer's) with EPERM before the EACCES "not your task" check.
  Task& other = spawn(k, init, 0, 0);
  BOOST_TEST(write_file(other, "/proc/1/attr/current", "x").err == EPERM);
  // prev is 0444.
  Task& user = spawn(k, init, 1000, 1000);
  BOOST_TEST(sys_open(user, "/proc/self/attr/prev", O_WRONLY).err == EACCES);
}

BOOST_AUTO_TEST_CASE(securityfs_lists_the_lsms) {
  Kernel k(config_with({probe("alpha", {}), probe("beta", {})}));
  BOOST_TEST(read_file(k.init_task(), "/sys/kernel/security/lsm").data == "capability,alpha,beta");
}

BOOST_AUTO_TEST_CASE(mounts_and_mountinfo_format) {
  Kernel k;
  Task& init = k.init_task();
  const std::string mounts = read_file(init, "/proc/self/mounts").data;
  BOOST_TEST(mounts.find("/dev/sda1 / ext4 rw,relatime 0 0\n") == 0u);
  BOOST_TEST(mounts.find("proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n") !=
             std::string::npos);
  BOOST_TEST(mounts.find("tmpfs /tmp tmpfs rw,nosuid,nodev,relatime 0 0\n") != std::string::npos);
  const std::string mi = read_file(init, "/proc/1/mountinfo").data;
  // The namespace root is its own parent; mount id 1 is the internal nsfs mount.
  BOOST_TEST(mi.find("2 2 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n") == 0u);
  BOOST_TEST(mi.find("3 2 0:") != std::string::npos);
  BOOST_TEST(mi.find(" / /sys/kernel/security rw,nosuid,nodev,noexec,relatime shared:") !=
             std::string::npos);
  // A chrooted reader sees the mounts below its root, relative to it.
  Task& jail = spawn(k, init);
  BOOST_TEST_REQUIRE(sys_chroot(jail, "/sys").ok());
  BOOST_TEST(read_file(jail, "/kernel/security/lsm").data == "capability,selinux");
  BOOST_TEST(read_file(jail, "/../../proc/self/status").err == ENOENT);  // ".." stops at the root
  const std::string from_init =
      read_file(init, "/proc/" + std::to_string(jail.pid) + "/mounts").data;
  BOOST_TEST(from_init.rfind("sysfs / sysfs", 0) == 0u);
  BOOST_TEST(from_init.find("securityfs /kernel/security securityfs") != std::string::npos);
  BOOST_TEST(from_init.find(" /proc ") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(comm_and_id_map_files) {
  Kernel k;
  Task& init = k.init_task();
  BOOST_TEST(write_file(init, "/proc/self/comm", "a-very-long-command-name").ok());
  BOOST_TEST(init.comm == "a-very-long-com");
  Task& other = spawn(k, init);
  BOOST_TEST(write_file(other, "/proc/1/comm", "x").err == EINVAL);
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(init, "/proc/self/uid_map", st).ok());
  BOOST_TEST((st.mode & 0777) == 0644u);
}

BOOST_AUTO_TEST_SUITE_END()
