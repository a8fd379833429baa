// Exited tasks: a zombie cannot enter the kernel again, and a pid namespace's dying init
// reaps every task of its namespace (zap_pid_ns_processes), also one that dies after it.
#include <boost/test/unit_test.hpp>

#include <fcntl.h>

#include <csignal>

#include "model/process/exit.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/syscall_util.h"
#include "model/task_gone.h"
#include "tests/support/task_helpers.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

// clone(CLONE_NEWPID) from `parent`: the init of a new pid namespace.
Task& clone_pid_ns_init(Task& parent) {
  const SysResult r = sys_clone(parent, CLONE_NEWPID);
  BOOST_TEST_REQUIRE(r.ok());
  Task* init = find_task_by_vpid(parent, static_cast<Pid>(r.ret));
  BOOST_TEST_REQUIRE(init != nullptr);
  BOOST_TEST_REQUIRE(is_child_reaper(*init));
  return *init;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(exited_tasks)

BOOST_AUTO_TEST_CASE(a_zombie_makes_no_syscall) {
  Kernel k;
  Task& t = spawn(k.init_task());
  const Pid pid = t.pid;
  BOOST_TEST_REQUIRE(sys_exit(t, 0).ok());
  BOOST_TEST_REQUIRE(t.state == TaskState::zombie);
  try {
    (void)sys_open(t, "/etc/passwd", O_RDONLY);
    BOOST_FAIL("a zombie opened a file");
  } catch (const TaskGone& e) {
    BOOST_TEST(e.pid() == pid);
    BOOST_TEST(std::string(e.what()) == "task " + std::to_string(pid) + " has exited (zombie)");
  }
  BOOST_CHECK_THROW((void)sys_getpid(t), TaskGone);
  BOOST_CHECK_THROW((void)sys_fork(t), TaskGone);
  // Its parent can still reap it.
  int status = -1;
  BOOST_TEST(sys_wait4(k.init_task(), -1, &status).ret == pid);
  BOOST_TEST(status == 0);
}

BOOST_AUTO_TEST_CASE(task_killed_during_its_syscall_is_reaped_by_the_dying_init) {
  Kernel k;
  Task& outer = spawn(k.init_task());
  Task& ns_init = clone_pid_ns_init(outer);
  Task& b = spawn(ns_init);
  const Pid bpid = b.pid;
  {
    // The namespace dies while b is in a syscall (as when audit kills a user namespace from
    // b's own record): b gets SIGKILL pending and dies on its way back to user space.
    SyscallScope s(b, 39);
    do_group_exit(ns_init, exit_status_signal(SIGKILL));
    BOOST_TEST(b.alive());
    BOOST_TEST((b.pending_signals & (1ULL << (SIGKILL - 1))) != 0);
  }
  // ... and the init, still in zap_pid_ns_processes' wait loop, reaped it.
  BOOST_TEST(k.find_task(bpid) == nullptr);
  BOOST_TEST(ns_init.active_pid_ns().pid_map.size() == 1u);
  int status = -1;
  BOOST_TEST(sys_wait4(outer, -1, &status).ok());
  BOOST_TEST(status == exit_status_signal(SIGKILL));
}

BOOST_AUTO_TEST_CASE(dying_init_is_not_reported_until_its_namespace_is_empty) {
  Kernel k;
  Task& outer = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(outer, CLONE_NEWPID).ok());
  Task& ns_init = spawn(outer);
  Task& c = spawn(outer);  // pid 2 of the namespace, but outer's child
  BOOST_TEST_REQUIRE(sys_getpid(c).ret == 2);
  const Pid init_nr = ns_init.pid_in(outer.active_pid_ns());
  const Pid c_nr = c.pid_in(outer.active_pid_ns());
  BOOST_TEST_REQUIRE(sys_exit(ns_init, 0).ok());
  BOOST_TEST(c.state == TaskState::zombie);  // killed; its parent, outer, must reap it
  // zap_pid_ns_processes() waits for c's pid to be freed: the init has not finished exiting.
  BOOST_TEST(sys_wait4(outer, init_nr, nullptr).err == EAGAIN);
  int status = -1;
  BOOST_TEST(sys_wait4(outer, c_nr, &status).ret == c_nr);
  BOOST_TEST(status == exit_status_signal(SIGKILL));
  BOOST_TEST(sys_wait4(outer, init_nr, &status).ret == init_nr);
  BOOST_TEST(status == 0);
}

BOOST_AUTO_TEST_SUITE_END()
