// fork/clone, exit and wait4: the process tree, flag checks and reaping.
#include <boost/test/unit_test.hpp>

#include "lsms/probe/probe_lsm.h"
#include "model/lsm/security.h"
#include "model/vfs/fd_table.h"
#include "tests/support/kernel_fixture.h"
#include "tests/support/task_helpers.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(fork_exit)

BOOST_AUTO_TEST_CASE(fork_inherits_and_links_into_the_tree) {
  Kernel k;
  Task& init = k.init_task();
  Task& child = spawn(init);
  BOOST_TEST(child.parent == &init);
  BOOST_TEST(sys_getppid(child).ret == 1);
  BOOST_TEST(sys_getpid(child).ret == child.pid);
  BOOST_TEST(child.pid == 2);
  BOOST_TEST(child.comm == "init");
  // A prepared copy, not the parent's cred object.
  BOOST_TEST(child.cred.get() != init.cred.get());
  BOOST_TEST(child.cred->cap_effective == init.cred->cap_effective);
  BOOST_TEST(child.files != nullptr);
}

BOOST_AUTO_TEST_CASE(clone_files_shares_the_table_fork_copies_it) {
  Kernel k;
  Task& parent = spawn(k.init_task());
  Task& copy = spawn(parent);
  SysResult r = sys_clone(parent, CLONE_FILES);
  BOOST_TEST_REQUIRE(r.ok());
  Task& shared = *find_task_by_vpid(parent, static_cast<Pid>(r.ret));
  BOOST_TEST(shared.files == parent.files);
  BOOST_TEST(copy.files != parent.files);
}

BOOST_AUTO_TEST_CASE(clone_thread_joins_the_thread_group) {
  Kernel k;
  Task& parent = spawn(k.init_task());
  SysResult r = sys_clone(parent, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM);
  BOOST_TEST_REQUIRE(r.ok());
  Task& thread = *find_task_by_vpid(parent, static_cast<Pid>(r.ret));
  BOOST_TEST(thread.tgid == parent.pid);
  BOOST_TEST(sys_getpid(thread).ret == parent.pid);  // getpid is the tgid
  BOOST_TEST(thread.cred == parent.cred);            // threads share the cred
  // A multi-threaded process cannot unshare its user namespace.
  BOOST_TEST(sys_unshare(parent, CLONE_NEWUSER).err == EINVAL);
  // exit_group takes the thread along; the thread is self-reaped.
  const Pid tid = thread.pid;
  BOOST_TEST_REQUIRE(sys_exit(parent, 3).ok());
  BOOST_TEST(k.find_task(tid) == nullptr);
  BOOST_TEST(parent.state == TaskState::zombie);
}

BOOST_AUTO_TEST_CASE(invalid_flag_combinations_are_einval) {
  Kernel k;
  Task& t = spawn(k.init_task());
  const std::size_t before = k.tasks().size();
  BOOST_TEST(sys_clone(t, CLONE_NEWNS | CLONE_FS).err == EINVAL);
  BOOST_TEST(sys_clone(t, CLONE_NEWUSER | CLONE_FS).err == EINVAL);
  BOOST_TEST(sys_clone(t, CLONE_THREAD).err == EINVAL);
  BOOST_TEST(sys_clone(t, CLONE_SIGHAND).err == EINVAL);
  BOOST_TEST(sys_clone(t, CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWPID).err == EINVAL);
  BOOST_TEST(sys_clone(t, CLONE_NEWIPC | CLONE_SYSVSEM).err == EINVAL);
  SysResult r = sys_clone(k.init_task(), CLONE_PARENT);
  BOOST_TEST(r.err == EINVAL);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "kernel");
  BOOST_TEST(k.tasks().size() == before);
}

BOOST_AUTO_TEST_CASE(clone_newpid_makes_pid_1_and_reaper) {
  Kernel k;
  Task& parent = spawn(k.init_task());
  SysResult r = sys_clone(parent, CLONE_NEWPID);
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(r.ret > 1);  // the parent sees an ordinary pid
  Task& child = *find_task_by_vpid(parent, static_cast<Pid>(r.ret));
  BOOST_TEST(sys_getpid(child).ret == 1);
  BOOST_TEST(sys_getppid(child).ret == 0);  // the parent is in an ancestor namespace
  BOOST_TEST(child.active_pid_ns().level == 1);
  BOOST_TEST(child.active_pid_ns().child_reaper == &child);
  BOOST_TEST(child.active_pid_ns().inum >= PROC_DYNAMIC_FIRST);
  // Unprivileged: CAP_SYS_ADMIN is needed in the user namespace.
  Task& user = user_task(k, 1000);
  SysResult denied = sys_clone(user, CLONE_NEWPID);
  BOOST_TEST(denied.err == EPERM);
  BOOST_TEST_REQUIRE(denied.denial.has_value());
  BOOST_TEST(denied.denial->by == "capability");
  // ... but with a new user namespace in the same clone it works.
  SysResult ok = sys_clone(user, CLONE_NEWUSER | CLONE_NEWPID);
  BOOST_TEST_REQUIRE(ok.ok(), describe(ok));
  Task& c2 = *find_task_by_vpid(user, static_cast<Pid>(ok.ret));
  BOOST_TEST(c2.cred->user_ns->level == 1);
  BOOST_TEST(c2.active_pid_ns().owner == c2.cred->user_ns);
}

BOOST_AUTO_TEST_CASE(exit_and_wait_report_the_status_and_reap) {
  Kernel k;
  Task& parent = spawn(k.init_task());
  Task& child = spawn(parent);
  const Pid cpid = child.pid;
  BOOST_TEST(sys_wait4(parent, -1).err == EAGAIN);  // still running
  BOOST_TEST(sys_wait4(k.init_task(), cpid).err == ECHILD);  // not init's child
  BOOST_TEST_REQUIRE(sys_exit(child, 7).ok());
  BOOST_TEST(child.state == TaskState::zombie);
  BOOST_TEST(sys_kill(parent, cpid, 0).ok());  // a zombie can still be signalled
  int status = 0;
  SysResult r = sys_wait4(parent, cpid, &status);
  BOOST_TEST(r.ret == cpid);
  BOOST_TEST(status == (7 << 8));
  BOOST_TEST(k.find_task(cpid) == nullptr);
  BOOST_TEST(sys_wait4(parent, -1).err == ECHILD);
  BOOST_TEST(sys_kill(parent, cpid, 0).err == ESRCH);
}

BOOST_AUTO_TEST_CASE(orphans_go_to_the_nearest_reaper) {
  Kernel k;
  Task& outer = spawn(k.init_task());
  SysResult r = sys_clone(outer, CLONE_NEWPID);
  BOOST_TEST_REQUIRE(r.ok());
  Task& ns_init = *find_task_by_vpid(outer, static_cast<Pid>(r.ret));
  Task& mid = spawn(ns_init);
  Task& leaf = spawn(mid);
  BOOST_TEST_REQUIRE(sys_exit(mid, 0).ok());
  BOOST_TEST(leaf.parent == &ns_init);  // the namespace's init, not the global one
  BOOST_TEST(sys_getppid(leaf).ret == 1);
  // Outside any nested namespace, orphans go to the global init.
  Task& a = spawn(k.init_task());
  Task& b = spawn(a);
  BOOST_TEST_REQUIRE(sys_exit(a, 0).ok());
  BOOST_TEST(b.parent == &k.init_task());
}

BOOST_AUTO_TEST_CASE(pid_ns_init_exit_kills_the_namespace) {
  Kernel k;
  Task& outer = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(outer, CLONE_NEWPID).ok());
  BOOST_TEST(&outer.active_pid_ns() == k.init_pid_ns().get());  // only children move
  Task& ns_init = spawn(outer);
  BOOST_TEST(sys_getpid(ns_init).ret == 1);
  Task& a = spawn(ns_init);
  Task& b = spawn(a);
  const Pid apid = a.pid, bpid = b.pid;
  PidNamespace& ns = ns_init.active_pid_ns();
  BOOST_TEST_REQUIRE(sys_exit(ns_init, 0).ok());
  BOOST_TEST(ns.dying);
  // Every other task of the namespace was killed and reaped by the dying init.
  BOOST_TEST(k.find_task(apid) == nullptr);
  BOOST_TEST(k.find_task(bpid) == nullptr);
  // outer's pid_for_children is the dead namespace: fork fails with ENOMEM.
  SysResult r = sys_fork(outer);
  BOOST_TEST(r.err == ENOMEM);
  int status = 0;
  BOOST_TEST(sys_wait4(outer, -1, &status).ok());
  BOOST_TEST(status == 0);
}

BOOST_AUTO_TEST_CASE(the_global_init_cannot_exit) {
  Kernel k;
  SysResult r = sys_exit(k.init_task(), 0);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(k.init_task().alive());
}

BOOST_AUTO_TEST_CASE(task_alloc_denial_names_the_lsm_and_frees_the_task) {
  Kernel k(config_with({probe("nofork", {{Hook::task_alloc, -EACCES}, {Hook::task_free, 0}})}));
  Task& init = k.init_task();
  const std::size_t before = k.tasks().size();
  k.lsm().set_tracing(true);
  SysResult r = sys_fork(init);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "nofork");
  BOOST_TEST(r.denial->hook == "task_alloc");
  BOOST_TEST(k.tasks().size() == before);
  const LsmModule* probe_mod = k.lsm().find("nofork");
  BOOST_TEST_REQUIRE(probe_mod != nullptr);
  BOOST_TEST(probe_call_counts(*probe_mod).at(Hook::task_free) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
