// unshare, clone namespaces, setns and namespace lifetimes.
#include <boost/test/unit_test.hpp>

#include "model/capable.h"
#include "tests/support/kernel_fixture.h"
#include "tests/support/task_helpers.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(unshare_ns)

BOOST_AUTO_TEST_CASE(unprivileged_user_namespace_grants_caps_only_inside) {
  Kernel k;
  Task& u = user_task(k, 1000);
  const std::uint32_t net_before = u.nsproxy.net->inum;
  SysResult r = sys_unshare(u, CLONE_NEWUSER);
  BOOST_TEST_REQUIRE(r.ok(), describe(r));
  UserNamespace& ns = *u.cred->user_ns;
  BOOST_TEST(ns.level == 1);
  BOOST_TEST(ns.owner_uid == 1000u);
  BOOST_TEST(ns.parent == k.init_user_ns());
  BOOST_TEST(ns.inum >= PROC_DYNAMIC_FIRST);
  BOOST_TEST(ns.name == "user1");
  BOOST_TEST(u.cred->cap_effective == CapSet::full());
  BOOST_TEST(u.cred->cap_inheritable.empty());
  BOOST_TEST(ns_capable(u, ns, CAP_SYS_ADMIN));
  BOOST_TEST(!ns_capable(u, *k.init_user_ns(), CAP_SYS_ADMIN));
  (void)k.lsm().take_denial();
  // Now it may create namespaces owned by its user namespace.
  SysResult n = sys_unshare(u, CLONE_NEWNET | CLONE_NEWUTS);
  BOOST_TEST_REQUIRE(n.ok(), describe(n));
  BOOST_TEST(u.nsproxy.net->inum != net_before);
  BOOST_TEST(u.nsproxy.net->owner.get() == &ns);
  BOOST_TEST(u.nsproxy.uts->owner.get() == &ns);
  BOOST_TEST(u.nsproxy.uts->nodename == k.init_task().nsproxy.uts->nodename);
  BOOST_TEST(u.nsproxy.net->inum != u.nsproxy.uts->inum);
}

BOOST_AUTO_TEST_CASE(unprivileged_other_namespaces_need_cap_sys_admin) {
  Kernel k;
  Task& u = user_task(k, 1000);
  const auto old_net = u.nsproxy.net;
  SysResult r = sys_unshare(u, CLONE_NEWNET);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "capability");
  BOOST_TEST(r.denial->ns_level == "init");
  BOOST_TEST(u.nsproxy.net == old_net);
  // Both at once works: the user namespace comes first and owns the rest.
  SysResult both = sys_unshare(u, CLONE_NEWUSER | CLONE_NEWNET);
  BOOST_TEST_REQUIRE(both.ok(), describe(both));
  BOOST_TEST(u.nsproxy.net->owner == u.cred->user_ns);
  BOOST_TEST(sys_unshare(u, 0x1).err == EINVAL);  // unknown flag
}

BOOST_AUTO_TEST_CASE(user_namespace_nesting_limit) {
  Kernel k;
  Task& u = user_task(k, 1000);
  // create_user_ns() refuses when the parent's level is above 32: levels 1..33 exist.
  // Each level maps its creator (kernel uid/gid 1000, "0" from level 1 on) to root, or the
  // next level could not be created (the creator must be mapped in the parent).
  for (int level = 1; level <= 33; ++level) {
    const Uid outside = level == 1 ? 1000 : 0;
    SysResult r = sys_unshare(u, CLONE_NEWUSER);
    BOOST_TEST_REQUIRE(r.ok(), "level " << level << ": " << describe(r));
    BOOST_TEST_REQUIRE(u.cred->user_ns->level == level);
    BOOST_TEST_REQUIRE(write_id_map(u, u, IdMapKind::uid, one_line_map(0, outside)).ok());
    BOOST_TEST_REQUIRE(write_setgroups(u, u, "deny").ok());
    BOOST_TEST_REQUIRE(write_id_map(u, u, IdMapKind::gid, one_line_map(0, outside)).ok());
  }
  SysResult r = sys_unshare(u, CLONE_NEWUSER);
  BOOST_TEST(r.err == ENOSPC);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "kernel");
  BOOST_TEST(r.denial->reason == "user namespace nesting limit (32) reached");
  BOOST_TEST(u.cred->user_ns->level == 33);
}

BOOST_AUTO_TEST_CASE(pid_namespace_nesting_limit) {
  Kernel k;
  Task* t = &k.init_task();
  for (int level = 1; level <= 32; ++level) {
    SysResult r = sys_clone(*t, CLONE_NEWPID);
    BOOST_TEST_REQUIRE(r.ok(), "level " << level << ": " << describe(r));
    t = find_task_by_vpid(*t, static_cast<Pid>(r.ret));
    BOOST_TEST_REQUIRE(t->active_pid_ns().level == level);
  }
  BOOST_TEST(t->pids.size() == 33u);
  SysResult r = sys_clone(*t, CLONE_NEWPID);
  BOOST_TEST(r.err == ENOSPC);
  BOOST_TEST(r.denial->by == "kernel");
}

BOOST_AUTO_TEST_CASE(unshare_pid_affects_children_only_and_only_once) {
  Kernel k;
  Task& t = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(t, CLONE_NEWPID).ok());
  BOOST_TEST(&t.active_pid_ns() == k.init_pid_ns().get());
  BOOST_TEST(t.nsproxy.pid_for_children->level == 1);
  SysResult again = sys_unshare(t, CLONE_NEWPID);
  BOOST_TEST(again.err == EINVAL);
  Task& child = spawn(t);
  BOOST_TEST(sys_getpid(child).ret == 1);
  // unshare(CLONE_NEWTIME) likewise only changes time_for_children.
  const auto time_before = t.nsproxy.time;
  BOOST_TEST_REQUIRE(sys_unshare(t, CLONE_NEWTIME).ok());
  BOOST_TEST(t.nsproxy.time == time_before);
  BOOST_TEST(t.nsproxy.time_for_children != time_before);
  Task& tchild = spawn(t);
  BOOST_TEST(tchild.nsproxy.time == t.nsproxy.time_for_children);
  // ... and a thread may not be created across time namespaces.
  BOOST_TEST(sys_clone(t, CLONE_VM).err == EINVAL);
}

BOOST_AUTO_TEST_CASE(lsm_denying_userns_create_is_named) {
  Kernel k(config_with({probe("nouserns", {{Hook::userns_create, -EACCES}})}));
  Task& u = user_task(k, 1000);
  SysResult r = sys_unshare(u, CLONE_NEWUSER);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "nouserns");
  BOOST_TEST(r.denial->hook == "userns_create");
  BOOST_TEST(u.cred->user_ns == k.init_user_ns());
  // clone(CLONE_NEWUSER) takes the same path.
  BOOST_TEST(sys_clone(u, CLONE_NEWUSER).err == EACCES);
}

BOOST_AUTO_TEST_CASE(chrooted_tasks_cannot_create_user_namespaces) {
  Kernel k;
  Task& u = user_task(k, 1000);
  u.root = "/srv/jail";
  SysResult r = sys_unshare(u, CLONE_NEWUSER);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->by == "kernel");
}

BOOST_AUTO_TEST_CASE(namespace_inode_numbers_are_freed_with_the_namespace) {
  Kernel k;
  Task& t = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(t, CLONE_NEWNET).ok());
  const std::uint32_t inum = t.nsproxy.net->inum;
  BOOST_TEST(k.ns_inum_pool()->used.count(inum) == 1u);
  BOOST_TEST_REQUIRE(sys_exit(t, 0).ok());
  BOOST_TEST(k.ns_inum_pool()->used.count(inum) == 1u);  // a zombie still holds it
  BOOST_TEST_REQUIRE(sys_wait4(k.init_task(), t.pid).ok());
  BOOST_TEST(k.ns_inum_pool()->used.count(inum) == 0u);
  BOOST_TEST(k.alloc_ns_inum() == inum);  // the lowest free number again
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(setns_ns)

BOOST_AUTO_TEST_CASE(setns_into_a_sibling_user_namespace_is_eperm) {
  Kernel k;
  Task& a = user_task(k, 1000);
  Task& b = spawn(a);
  BOOST_TEST_REQUIRE(sys_unshare(a, CLONE_NEWUSER).ok());
  BOOST_TEST_REQUIRE(sys_unshare(b, CLONE_NEWUSER).ok());
  // a is root of its own namespace only: nothing in b's sibling namespace.
  SysResult r = setns_to(a, b.cred->user_ns, CLONE_NEWUSER);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "capability");
  BOOST_TEST(r.denial->ns_level == b.cred->user_ns->display_name());
  // The owner (euid 1000 in the parent) may join either, and gets full caps there.
  Task& owner = user_task(k, 1000);
  SysResult j = setns_to(owner, b.cred->user_ns, 0);
  BOOST_TEST_REQUIRE(j.ok(), describe(j));
  BOOST_TEST(owner.cred->user_ns == b.cred->user_ns);
  BOOST_TEST(owner.cred->cap_effective == CapSet::full());
  // Joining one's own user namespace is EINVAL; a wrong nstype too.
  BOOST_TEST(setns_to(owner, owner.cred->user_ns, 0).err == EINVAL);
  BOOST_TEST(setns_to(owner, owner.nsproxy.net, CLONE_NEWUTS).err == EINVAL);
}

BOOST_AUTO_TEST_CASE(setns_other_types_need_admin_in_owner_and_own_ns) {
  Kernel k;
  Task& root_task = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(root_task, CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWNS).ok());
  Task& u = user_task(k, 1000);
  SysResult r = setns_to(u, root_task.nsproxy.net, CLONE_NEWNET);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->by == "capability");
  Task& other_root = spawn(k.init_task());
  BOOST_TEST(setns_to(other_root, root_task.nsproxy.net, CLONE_NEWNET).ok());
  BOOST_TEST(other_root.nsproxy.net == root_task.nsproxy.net);
  // Joining a mount namespace resets cwd and root to its root.
  other_root.cwd = "/var/tmp";
  BOOST_TEST(setns_to(other_root, root_task.nsproxy.mnt, 0).ok());
  BOOST_TEST(other_root.nsproxy.mnt == root_task.nsproxy.mnt);
  BOOST_TEST(other_root.cwd == "/");
  // A user-namespace root cannot enter the host's mount namespace (CAP_SYS_ADMIN over it).
  Task& userns_root = user_task(k, 1000);
  BOOST_TEST_REQUIRE(sys_unshare(userns_root, CLONE_NEWUSER | CLONE_NEWNS).ok());
  SysResult m = setns_to(userns_root, k.init_task().nsproxy.mnt, CLONE_NEWNS);
  BOOST_TEST(m.err == EPERM);
}

BOOST_AUTO_TEST_CASE(setns_pid_only_downwards) {
  Kernel k;
  Task& outer = spawn(k.init_task());
  SysResult r = sys_clone(outer, CLONE_NEWPID);
  BOOST_TEST_REQUIRE(r.ok());
  Task& inner = *find_task_by_vpid(outer, static_cast<Pid>(r.ret));
  // Down into a child pid namespace: children are born there.
  BOOST_TEST(setns_to(outer, inner.pids.back().ns, CLONE_NEWPID).ok());
  BOOST_TEST(&outer.active_pid_ns() == k.init_pid_ns().get());
  Task& born = spawn(outer);
  BOOST_TEST(born.active_pid_ns().level == 1);
  BOOST_TEST(sys_getppid(born).ret == 0);  // its parent is outside
  // Up (to an ancestor) is EINVAL.
  SysResult up = setns_to(inner, k.init_pid_ns(), CLONE_NEWPID);
  BOOST_TEST(up.err == EINVAL);
  BOOST_TEST(up.denial->by == "kernel");
}

BOOST_AUTO_TEST_CASE(setns_pidfd_is_all_or_nothing) {
  Kernel k;
  Task& outer = spawn(k.init_task());
  SysResult r = sys_clone(outer, CLONE_NEWPID);
  BOOST_TEST_REQUIRE(r.ok());
  Task& inner = *find_task_by_vpid(outer, static_cast<Pid>(r.ret));
  BOOST_TEST_REQUIRE(sys_unshare(inner, CLONE_NEWUTS).ok());
  const auto uts_before = inner.nsproxy.uts;
  // uts would succeed, but the init pid namespace is above inner's: nothing changes.
  SysResult f = setns_pidfd_to(inner, k.init_task(), CLONE_NEWUTS | CLONE_NEWPID);
  BOOST_TEST(f.err == EINVAL);
  BOOST_TEST(inner.nsproxy.uts == uts_before);
  // Both namespaces of another task at once.
  Task& src = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(src, CLONE_NEWUTS | CLONE_NEWIPC).ok());
  Task& dst = spawn(k.init_task());
  BOOST_TEST(setns_pidfd_to(dst, src, CLONE_NEWUTS | CLONE_NEWIPC).ok());
  BOOST_TEST(dst.nsproxy.uts == src.nsproxy.uts);
  BOOST_TEST(dst.nsproxy.ipc == src.nsproxy.ipc);
  BOOST_TEST(setns_pidfd_to(dst, src, 0).err == EINVAL);
  // ptrace_may_access(READ) protects another user's task.
  Task& u = user_task(k, 1000);
  SysResult p = setns_pidfd_to(u, src, CLONE_NEWUTS);
  BOOST_TEST(p.err == EPERM);
}

BOOST_AUTO_TEST_CASE(setns_pidfd_user_first_then_the_rest) {
  Kernel k;
  Task& owner = user_task(k, 1000);
  Task& container = spawn(owner);
  BOOST_TEST_REQUIRE(sys_unshare(container, CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS).ok());
  BOOST_TEST(sys_prctl(container, 4, 1).ok());  // dumpable, so the owner may look at it
  Task& joiner = user_task(k, 1000);
  BOOST_TEST(sys_prctl(joiner, 4, 1).ok());
  SysResult r = setns_pidfd_to(joiner, container, CLONE_NEWUSER | CLONE_NEWNET | CLONE_NEWUTS);
  BOOST_TEST_REQUIRE(r.ok(), describe(r));
  BOOST_TEST(joiner.cred->user_ns == container.cred->user_ns);
  BOOST_TEST(joiner.nsproxy.net == container.nsproxy.net);
}

BOOST_AUTO_TEST_SUITE_END()
