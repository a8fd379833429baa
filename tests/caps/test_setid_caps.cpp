// set*id rules (kernel/sys.c), capability fix-ups (commoncap), capget/capset, setgroups.
#include <boost/test/unit_test.hpp>

#include "lsms/capability/commoncap.h"
#include "model/capable.h"
#include "tests/support/kernel_fixture.h"
#include "tests/support/task_helpers.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(setid)

BOOST_AUTO_TEST_CASE(setuid_from_root_drops_all_capabilities) {
  Kernel k;
  Task& t = spawn(k.init_task());
  BOOST_TEST(sys_setuid(t, 1000).ok());
  BOOST_TEST(t.cred->uid == 1000u);
  BOOST_TEST(t.cred->euid == 1000u);
  BOOST_TEST(t.cred->suid == 1000u);
  BOOST_TEST(t.cred->fsuid == 1000u);
  BOOST_TEST(t.cred->cap_permitted.empty());
  BOOST_TEST(t.cred->cap_effective.empty());
  BOOST_TEST(!ns_capable(t, *k.init_user_ns(), CAP_SYS_ADMIN));
  (void)k.lsm().take_denial();
  BOOST_TEST(sys_getuid(t).ret == 1000);
  // No way back: root is neither the real nor the saved uid any more.
  SysResult r = sys_setuid(t, 0);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "capability");
}

BOOST_AUTO_TEST_CASE(keepcaps_keeps_the_permitted_set) {
  Kernel k;
  Task& t = spawn(k.init_task());
  BOOST_TEST(sys_prctl(t, PR_SET_KEEPCAPS, 1).ok());
  BOOST_TEST(sys_setuid(t, 1000).ok());
  BOOST_TEST(t.cred->cap_permitted == CapSet::full());
  BOOST_TEST(t.cred->cap_effective.empty());  // euid left 0: effective is cleared anyway
}

BOOST_AUTO_TEST_CASE(unmapped_ids_are_einval) {
  Kernel k;
  Task& t = spawn(k.init_task());
  BOOST_TEST(sys_setuid(t, static_cast<Uid>(-1)).err == EINVAL);
  Task& u = user_task(k, 1000);
  BOOST_TEST_REQUIRE(sys_unshare(u, CLONE_NEWUSER).ok());
  // No uid_map yet: nothing is mapped inside.
  SysResult r = sys_setuid(u, 0);
  BOOST_TEST(r.err == EINVAL);
  BOOST_TEST(r.denial->by == "kernel");
  BOOST_TEST(sys_getuid(u).ret == 65534);  // overflowuid
}

BOOST_AUTO_TEST_CASE(setresuid_and_setreuid_rules) {
  Kernel k;
  Task& t = spawn(k.init_task());
  // Root parks 0 in the saved uid and runs as 1000.
  BOOST_TEST(sys_setresuid(t, 1000, 1000, 0).ok());
  BOOST_TEST(t.cred->cap_effective.empty());
  BOOST_TEST(!t.cred->cap_permitted.empty());  // a root uid is still held (saved)
  // Unprivileged now, but may swap among its own uids; the effective set comes back.
  BOOST_TEST(sys_setresuid(t, static_cast<Uid>(-1), 0, static_cast<Uid>(-1)).ok());
  BOOST_TEST(t.cred->euid == 0u);
  BOOST_TEST(t.cred->cap_effective == t.cred->cap_permitted);
  // Dropping everything, then a foreign uid is refused.
  BOOST_TEST(sys_setresuid(t, 1000, 1000, 1000).ok());
  BOOST_TEST(t.cred->cap_permitted.empty());
  BOOST_TEST(sys_setresuid(t, 1001, static_cast<Uid>(-1), static_cast<Uid>(-1)).err == EPERM);
  BOOST_TEST(sys_setresuid(t, 1000, 1000, 1000).ok());  // no-op
  // setreuid: the saved uid follows the new effective uid when the real uid is set.
  Task& r = spawn(k.init_task());
  BOOST_TEST(sys_setreuid(r, 1000, 2000).ok());
  BOOST_TEST(r.cred->uid == 1000u);
  BOOST_TEST(r.cred->euid == 2000u);
  BOOST_TEST(r.cred->suid == 2000u);
  BOOST_TEST(sys_setreuid(r, static_cast<Uid>(-1), 1000).ok());  // back to the real uid
  BOOST_TEST(sys_setreuid(r, static_cast<Uid>(-1), 3000).err == EPERM);
}

BOOST_AUTO_TEST_CASE(setgid_and_setresgid) {
  Kernel k;
  Task& t = spawn(k.init_task());
  BOOST_TEST(sys_setgid(t, 50).ok());
  BOOST_TEST(t.cred->gid == 50u);
  BOOST_TEST(t.cred->sgid == 50u);
  Task& u = user_task(k, 1000);
  BOOST_TEST(sys_setgid(u, 1000).ok());  // its own gid
  BOOST_TEST(sys_setgid(u, 0).err == EPERM);
  BOOST_TEST(sys_setresgid(u, 0, 0, 0).err == EPERM);
}

BOOST_AUTO_TEST_CASE(setfsuid_returns_the_old_value_and_adjusts_fs_caps) {
  Kernel k;
  Task& t = spawn(k.init_task());
  BOOST_TEST(sys_setfsuid(t, 1000).ret == 0);
  BOOST_TEST(t.cred->fsuid == 1000u);
  BOOST_TEST(!t.cred->cap_effective.has(CAP_DAC_OVERRIDE));
  BOOST_TEST(t.cred->cap_effective.has(CAP_SYS_ADMIN));
  BOOST_TEST(sys_setfsuid(t, 0).ret == 1000);
  BOOST_TEST(t.cred->cap_effective.has(CAP_DAC_OVERRIDE));
  Task& u = user_task(k, 1000);
  BOOST_TEST(sys_setfsuid(u, 0).ret == 1000);  // refused silently
  BOOST_TEST(u.cred->fsuid == 1000u);
}

BOOST_AUTO_TEST_CASE(task_fix_setuid_denial_is_reported) {
  Kernel k(config_with({probe("nosetuid", {{Hook::task_fix_setuid, -EACCES}})}));
  Task& t = spawn(k.init_task());
  SysResult r = sys_setuid(t, 1000);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(r.denial->by == "nosetuid");
  BOOST_TEST(t.cred->uid == 0u);
}

BOOST_AUTO_TEST_CASE(setgroups_needs_cap_setgid_and_an_allowing_namespace) {
  Kernel k;
  Task& t = spawn(k.init_task());
  BOOST_TEST(sys_setgroups(t, {30, 10, 20}).ok());
  BOOST_TEST((t.cred->groups == std::vector<Gid>{10, 20, 30}));
  Task& u = user_task(k, 1000);
  SysResult r = sys_setgroups(u, {});
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->by == "capability");
  // In a user namespace with setgroups denied, even its root cannot.
  BOOST_TEST_REQUIRE(sys_unshare(u, CLONE_NEWUSER).ok());
  BOOST_TEST(write_setgroups(u, u, "deny").ok());
  BOOST_TEST(write_id_map(u, u, IdMapKind::gid, one_line_map(0, 1000)).ok());
  SysResult d = sys_setgroups(u, {0});
  BOOST_TEST(d.err == EPERM);
  BOOST_TEST(d.denial->by == "kernel");
  BOOST_TEST(sys_setgroups(t, {static_cast<Gid>(-1)}).err == EINVAL);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(capget_capset)

BOOST_AUTO_TEST_CASE(capset_may_only_shrink) {
  Kernel k;
  Task& t = spawn(k.init_task());
  CapSet e, i, p;
  BOOST_TEST(sys_capget(t, 0, e, i, p).ok());
  BOOST_TEST(p == CapSet::full());
  CapSet fewer = CapSet::full();
  fewer.drop(CAP_SYS_ADMIN);
  BOOST_TEST(sys_capset(t, fewer, CapSet(), fewer).ok());
  BOOST_TEST(!t.cred->cap_permitted.has(CAP_SYS_ADMIN));
  SysResult r = sys_capset(t, CapSet::full(), CapSet(), CapSet::full());
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->by == "capability");
  // capget of another task by pid, and of a missing one.
  Task& other = user_task(k, 1000);
  BOOST_TEST(sys_capget(t, other.pid, e, i, p).ok());
  BOOST_TEST(p.empty());
  BOOST_TEST(sys_capget(t, 99999, e, i, p).err == ESRCH);
}

BOOST_AUTO_TEST_CASE(capget_hook_denial_is_reported) {
  Kernel k(config_with({probe("nocapget", {{Hook::capget, -EACCES}})}));
  Task& t = spawn(k.init_task());
  CapSet e, i, p;
  SysResult r = sys_capget(t, 1, e, i, p);
  // capability answers first (0), so the probe gets its turn and refuses.
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(r.denial->by == "nocapget");
}

BOOST_AUTO_TEST_SUITE_END()
