// kill(2) permissions and delivery, ptrace attach/traceme, pid translation, prctl.
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstring>

#include "lsms/capability/commoncap.h"
#include "model/capable.h"
#include "model/lsm/security.h"
#include "tests/support/kernel_fixture.h"
#include "tests/support/task_helpers.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(signals)

BOOST_AUTO_TEST_CASE(kill_across_users_needs_cap_kill) {
  Kernel k;
  Task& alice = user_task(k, 1000);
  Task& bob = user_task(k, 1001);
  Task& root_task = spawn(k.init_task());
  SysResult r = sys_kill(alice, bob.pid, SIGTERM);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "capability");
  BOOST_TEST(r.denial->ns_level == "init");
  BOOST_TEST(bob.alive());
  BOOST_TEST(sys_kill(alice, root_task.pid, 0).err == EPERM);  // probing is checked too
  // Root has CAP_KILL in the initial user namespace.
  BOOST_TEST(sys_kill(root_task, bob.pid, SIGTERM).ok());
  BOOST_TEST(bob.state == TaskState::zombie);
  BOOST_TEST(bob.exit_code == SIGTERM);  // WIFSIGNALED, WTERMSIG 15
}

BOOST_AUTO_TEST_CASE(same_uid_kill_and_signal_semantics) {
  Kernel k;
  Task& alice = user_task(k, 1000);
  Task& alice2 = user_task(k, 1000);
  BOOST_TEST(sys_kill(alice, alice2.pid, 0).ok());
  BOOST_TEST(alice2.alive());                               // signal 0 only probes
  BOOST_TEST(sys_kill(alice, alice2.pid, SIGCHLD).ok());    // ignored by default
  BOOST_TEST(alice2.alive());
  BOOST_TEST(sys_kill(alice, alice2.pid, 65).err == EINVAL);
  BOOST_TEST(sys_kill(alice, 99999, 65).err == ESRCH);  // lookup comes first
  BOOST_TEST(sys_kill(alice, alice2.pid, SIGKILL).ok());
  int status = 0;
  BOOST_TEST(sys_wait4(k.init_task(), alice2.pid, &status).ok());
  BOOST_TEST(status == SIGKILL);
}

BOOST_AUTO_TEST_CASE(pids_of_other_namespaces_are_esrch) {
  Kernel k;
  for (int i = 0; i < 5; ++i) spawn(k.init_task());
  Task& outer = spawn(k.init_task());
  SysResult r = sys_clone(outer, CLONE_NEWPID);
  BOOST_TEST_REQUIRE(r.ok());
  Task& inner_init = *find_task_by_vpid(outer, static_cast<Pid>(r.ret));
  Task& inner = spawn(inner_init);
  // From inside, the outer task's global pid (7) names nobody.
  BOOST_TEST(outer.pid == 7);
  SysResult s = sys_kill(inner, outer.pid, 0);
  BOOST_TEST(s.err == ESRCH);
  BOOST_TEST(sys_kill(inner, 1, 0).ok());  // its own init is pid 1
}

BOOST_AUTO_TEST_CASE(pid_ns_init_ignores_signals_from_inside) {
  Kernel k;
  Task& outer = spawn(k.init_task());
  SysResult r = sys_clone(outer, CLONE_NEWPID);
  BOOST_TEST_REQUIRE(r.ok());
  Task& ns_init = *find_task_by_vpid(outer, static_cast<Pid>(r.ret));
  Task& inner = spawn(ns_init);
  BOOST_TEST(sys_kill(inner, 1, SIGKILL).ok());  // accepted but ignored
  BOOST_TEST(ns_init.alive());
  BOOST_TEST(sys_kill(outer, ns_init.pid, SIGTERM).ok());  // no handler: ignored even from above
  BOOST_TEST(ns_init.alive());
  BOOST_TEST(sys_kill(outer, ns_init.pid, SIGKILL).ok());  // SIGKILL from an ancestor ns works
  BOOST_TEST(ns_init.state == TaskState::zombie);
  BOOST_TEST(ns_init.exit_code == SIGKILL);
  // The global init ignores even SIGKILL.
  BOOST_TEST(sys_kill(outer, 1, SIGKILL).ok());
  BOOST_TEST(k.init_task().alive());
}

BOOST_AUTO_TEST_CASE(kill_minus_one_signals_every_permitted_process) {
  Kernel k;
  Task& alice = user_task(k, 1000);
  Task& alice2 = user_task(k, 1000);
  Task& bob = user_task(k, 1001);
  BOOST_TEST(sys_kill(alice, -1, SIGTERM).ok());  // EPERM for bob is not reported
  BOOST_TEST(alice2.state == TaskState::zombie);
  BOOST_TEST(bob.alive());
  BOOST_TEST(alice.alive());  // not its own group
  BOOST_TEST(k.init_task().alive());
}

BOOST_AUTO_TEST_CASE(probe_lsm_denying_task_kill_is_named) {
  Kernel k(config_with({probe("nokill", {{Hook::task_kill, -EACCES}})}));
  Task& a = spawn(k.init_task());
  Task& b = spawn(k.init_task());
  SysResult r = sys_kill(a, b.pid, SIGKILL);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "nokill");
  BOOST_TEST(r.denial->hook == "task_kill");
  BOOST_TEST(b.alive());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(ptrace)

BOOST_AUTO_TEST_CASE(attaching_to_a_more_privileged_task_is_eperm) {
  Kernel k;
  Task& alice = user_task(k, 1000);
  Task& root_task = spawn(k.init_task());
  SysResult r = sys_ptrace_attach(alice, root_task.pid);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "capability");
  BOOST_TEST(root_task.ptracer == nullptr);
  // Root may attach to anyone (CAP_SYS_PTRACE), once.
  BOOST_TEST(sys_ptrace_attach(root_task, alice.pid).ok());
  BOOST_TEST(alice.ptracer == &root_task);
  BOOST_TEST(tracer_pid_for(alice, k.init_task()) == root_task.pid);
  SysResult again = sys_ptrace_attach(k.init_task(), alice.pid);
  BOOST_TEST(again.err == EPERM);
  BOOST_TEST(again.denial->by == "kernel");
  // A tracer's exit detaches its tracees.
  BOOST_TEST_REQUIRE(sys_exit(root_task, 0).ok());
  BOOST_TEST(alice.ptracer == nullptr);
}

BOOST_AUTO_TEST_CASE(same_uid_attach_and_self_and_missing) {
  Kernel k;
  Task& alice = user_task(k, 1000);
  Task& alice2 = spawn(alice);
  BOOST_TEST(sys_ptrace_attach(alice2, alice.pid).err == EPERM);  // not dumpable after setuid
  BOOST_TEST(sys_prctl(alice, 4 /*PR_SET_DUMPABLE*/, 1).ok());
  BOOST_TEST(sys_ptrace_attach(alice2, alice.pid).ok());
  BOOST_TEST(sys_ptrace_attach(alice, alice.pid).err == EPERM);
  BOOST_TEST(sys_ptrace_attach(alice, 424242).err == ESRCH);
}

BOOST_AUTO_TEST_CASE(a_task_that_changed_uid_is_not_dumpable) {
  Kernel k;
  Task& alice = user_task(k, 1000);        // dropped from root: not dumpable
  Task& alice_child = spawn(alice);        // inherits the mm flag
  Task& fresh = spawn(alice);
  BOOST_TEST(alice.dumpable == SUID_DUMP_DISABLE);
  // The uids match, but CAP_SYS_PTRACE over the mm is needed for a non-dumpable target.
  SysResult r = sys_ptrace_attach(fresh, alice_child.pid);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->reason.find("not dumpable") != std::string::npos);
  BOOST_TEST(sys_prctl(alice_child, 4 /*PR_SET_DUMPABLE*/, 1).ok());
  BOOST_TEST(sys_prctl(alice_child, 3 /*PR_GET_DUMPABLE*/).ret == 1);
  BOOST_TEST(sys_ptrace_attach(fresh, alice_child.pid).ok());
}

BOOST_AUTO_TEST_CASE(traceme_links_the_parent_and_lsms_can_refuse) {
  Kernel k(config_with({probe("notrace", {{Hook::ptrace_traceme, -EPERM}})}));
  Task& parent = spawn(k.init_task());
  Task& child = spawn(parent);
  SysResult r = sys_ptrace_traceme(child);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->by == "notrace");
  Kernel k2;
  Task& p2 = spawn(k2.init_task());
  Task& c2 = spawn(p2);
  BOOST_TEST(sys_ptrace_traceme(c2).ok());
  BOOST_TEST(c2.ptracer == &p2);
  BOOST_TEST(sys_ptrace_traceme(c2).err == EPERM);  // already traced
}

BOOST_AUTO_TEST_CASE(ptrace_access_check_hook_is_consulted_after_dac) {
  Kernel k(config_with({probe("watch", {{Hook::ptrace_access_check, -EACCES}})}));
  Task& a = spawn(k.init_task());
  Task& b = spawn(k.init_task());
  SysResult r = sys_ptrace_attach(a, b.pid);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(r.denial->by == "watch");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pid_translation)

BOOST_AUTO_TEST_CASE(three_nested_pid_namespaces) {
  Kernel k;
  // init -> t1 (init of ns1) -> t2 (init of ns2) -> t3 (init of ns3) -> leaf
  Task* level[4] = {&k.init_task(), nullptr, nullptr, nullptr};
  for (int i = 1; i <= 3; ++i) {
    SysResult r = sys_clone(*level[i - 1], CLONE_NEWPID);
    BOOST_TEST_REQUIRE(r.ok(), describe(r));
    level[i] = find_task_by_vpid(*level[i - 1], static_cast<Pid>(r.ret));
    BOOST_TEST_REQUIRE(level[i] != nullptr);
  }
  Task& leaf = spawn(*level[3]);
  BOOST_TEST(leaf.pids.size() == 4u);
  BOOST_TEST(leaf.active_pid_ns().level == 3);
  // One number per level: pid 2 inside ns3, and ordinary numbers above.
  BOOST_TEST(sys_getpid(leaf).ret == 2);
  for (int viewer = 0; viewer <= 3; ++viewer) {
    const Pid seen = task_pid_nr_for(leaf, *level[viewer]);
    BOOST_TEST(seen > 0);
    BOOST_TEST(find_task_by_vpid(*level[viewer], seen) == &leaf);
    BOOST_TEST(task_pid_chain(leaf, level[viewer]->active_pid_ns()).size() ==
               static_cast<std::size_t>(4 - viewer));
  }
  BOOST_TEST(task_pid_nr_for(*level[3], *level[3]) == 1);
  BOOST_TEST(task_pid_nr_for(*level[3], *level[2]) == 2);  // ns2's second task
  // Upward is invisible: the ns1 init from inside ns3.
  BOOST_TEST(task_pid_nr_for(*level[1], leaf) == 0);
  BOOST_TEST(sys_getppid(*level[3]).ret == 0);
  BOOST_TEST(sys_getppid(leaf).ret == 1);
  // A sibling namespace is invisible as well.
  SysResult sib = sys_clone(*level[1], CLONE_NEWPID);
  BOOST_TEST_REQUIRE(sib.ok());
  Task& sibling = *find_task_by_vpid(*level[1], static_cast<Pid>(sib.ret));
  BOOST_TEST(task_pid_nr_for(sibling, leaf) == 0);
  BOOST_TEST(task_pid_nr_for(leaf, sibling) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(prctl)

BOOST_AUTO_TEST_CASE(no_new_privs_and_name) {
  Kernel k;
  Task& t = spawn(k.init_task());
  BOOST_TEST(sys_prctl(t, 39).ret == 0);
  BOOST_TEST(sys_prctl(t, 38, 2).err == EINVAL);
  BOOST_TEST(sys_prctl(t, 38, 1).ok());
  BOOST_TEST(sys_prctl(t, 39).ret == 1);
  BOOST_TEST(spawn(t).cred->no_new_privs);  // inherited
  const char* long_name = "a-very-long-process-name";
  BOOST_TEST(sys_prctl(t, 15, reinterpret_cast<unsigned long>(long_name)).ok());
  BOOST_TEST(t.comm == "a-very-long-pro");  // TASK_COMM_LEN - 1
  char buf[16];
  std::memset(buf, 'x', sizeof buf);
  SysResult r = sys_prctl(t, 16, reinterpret_cast<unsigned long>(buf));
  BOOST_TEST(r.ok());
  BOOST_TEST(std::string(buf) == "a-very-long-pro");
  BOOST_TEST(r.data == "a-very-long-pro");
  BOOST_TEST(sys_prctl(t, 15, 0).err == EFAULT);
  BOOST_TEST(sys_prctl(t, 12345).err == EINVAL);
}

BOOST_AUTO_TEST_CASE(capability_options_go_through_task_prctl) {
  Kernel k;
  Task& t = spawn(k.init_task());
  BOOST_TEST(sys_prctl(t, PR_CAPBSET_READ, CAP_SYS_ADMIN).ret == 1);
  BOOST_TEST(sys_prctl(t, PR_CAPBSET_DROP, CAP_SYS_ADMIN).ok());
  BOOST_TEST(sys_prctl(t, PR_CAPBSET_READ, CAP_SYS_ADMIN).ret == 0);
  Task& user = user_task(k, 1000);
  SysResult r = sys_prctl(user, PR_CAPBSET_DROP, CAP_SYS_ADMIN);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->by == "capability");
  // An LSM answering task_prctl takes the option away from the syscall.
  Kernel k2(config_with({probe("pr", {{Hook::task_prctl, -EPERM}})}));
  SysResult d = sys_prctl(spawn(k2.init_task()), 38, 1);
  BOOST_TEST(d.err == EPERM);
  BOOST_TEST(d.denial->by == "pr");
}

BOOST_AUTO_TEST_SUITE_END()
