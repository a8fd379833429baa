// The capability LSM's own rules, on hand-built credentials and user namespaces
// (cap_capable, cap_capset, cap_task_fix_setuid; security/commoncap.c).
#include <boost/test/unit_test.hpp>

#include "lsms/capability/commoncap.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/lsm/security.h"
#include "tests/support/printers.h"

using namespace lsmsim;

namespace {

std::shared_ptr<UserNamespace> child_ns(Kernel& k, std::shared_ptr<UserNamespace> parent,
                                        Uid owner) {
  auto ns = std::make_shared<UserNamespace>(k.alloc_ns_inum(), parent);
  ns->level = parent->level + 1;
  ns->owner_uid = owner;
  return ns;
}

std::shared_ptr<Cred> cred_in(Kernel& k, std::shared_ptr<UserNamespace> ns, Uid euid,
                              CapSet effective) {
  int err = 0;
  auto c = k.prepare_creds(*k.init_task().cred, err);
  c->user_ns = std::move(ns);
  c->uid = c->euid = c->suid = c->fsuid = euid;
  c->cap_effective = c->cap_permitted = effective;
  return c;
}

bool capable_in(Kernel& k, const Cred& c, const UserNamespace& ns, int cap) {
  const bool ok = security_capable(k, c, ns, cap) == 0;
  (void)k.lsm().take_denial();
  return ok;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(commoncap)

BOOST_AUTO_TEST_CASE(capabilities_count_in_own_namespace_and_below) {
  Kernel k;
  auto init = k.init_user_ns();
  auto child = child_ns(k, init, 1000);
  auto grandchild = child_ns(k, child, 0);
  auto root_in_child = cred_in(k, child, 0, CapSet::full());
  BOOST_TEST(capable_in(k, *root_in_child, *child, CAP_SYS_ADMIN));
  BOOST_TEST(capable_in(k, *root_in_child, *grandchild, CAP_SYS_ADMIN));
  BOOST_TEST(!capable_in(k, *root_in_child, *init, CAP_SYS_ADMIN));
}

BOOST_AUTO_TEST_CASE(owner_of_a_child_namespace_has_every_capability_in_it) {
  Kernel k;
  auto init = k.init_user_ns();
  auto owned = child_ns(k, init, 1000);
  auto nested = child_ns(k, owned, 5);
  auto someone_elses = child_ns(k, init, 1001);
  auto alice = cred_in(k, init, 1000, CapSet());
  BOOST_TEST(!capable_in(k, *alice, *init, CAP_SYS_ADMIN));
  BOOST_TEST(capable_in(k, *alice, *owned, CAP_SYS_ADMIN));
  BOOST_TEST(capable_in(k, *alice, *nested, CAP_NET_ADMIN));
  BOOST_TEST(!capable_in(k, *alice, *someone_elses, CAP_SYS_ADMIN));
}

BOOST_AUTO_TEST_CASE(denial_names_the_capability_and_namespace) {
  Kernel k;
  auto alice = cred_in(k, k.init_user_ns(), 1000, CapSet());
  BOOST_TEST(security_capable(k, *alice, *k.init_user_ns(), CAP_SYS_ADMIN) == -EPERM);
  auto d = k.lsm().take_denial();
  BOOST_TEST_REQUIRE(d.has_value());
  BOOST_TEST(d->by == "capability");
  BOOST_TEST(d->hook == "capable");
  BOOST_TEST(d->ns_level == "init");
  BOOST_TEST(d->reason.find("cap_sys_admin") != std::string::npos);
  // CAP_OPT_NOAUDIT still denies, but explains nothing.
  BOOST_TEST(security_capable(k, *alice, *k.init_user_ns(), CAP_SYS_ADMIN, CAP_OPT_NOAUDIT) ==
             -EPERM);
  BOOST_TEST(k.lsm().take_denial()->reason.empty());
}

BOOST_AUTO_TEST_CASE(capset_subset_rules) {
  Kernel k;
  Kernel::CurrentScope scope(k, k.init_task());
  CapSet some;
  some.raise(CAP_CHOWN);
  some.raise(CAP_KILL);
  auto old = cred_in(k, k.init_user_ns(), 1000, some);
  old->cap_bset = CapSet::full();
  int err = 0;
  auto next = k.prepare_creds(*old, err);
  CapSet more = some;
  more.raise(CAP_SYS_ADMIN);
  // The permitted set may not grow.
  BOOST_TEST(security_capset(k.lsm(), *next, *old, some, CapSet(), more) == -EPERM);
  // Effective must be within permitted.
  CapSet only_chown;
  only_chown.raise(CAP_CHOWN);
  BOOST_TEST(security_capset(k.lsm(), *next, *old, some, CapSet(), only_chown) == -EPERM);
  // Without CAP_SETPCAP, inheritable may only take permitted capabilities.
  BOOST_TEST(security_capset(k.lsm(), *next, *old, CapSet(), more, some) == -EPERM);
  BOOST_TEST(security_capset(k.lsm(), *next, *old, only_chown, some, some) == 0);
  BOOST_TEST(next->cap_effective == only_chown);
  BOOST_TEST(next->cap_inheritable == some);
}

BOOST_AUTO_TEST_CASE(leaving_uid_zero_drops_capabilities_unless_keepcaps) {
  Kernel k;
  auto root = cred_in(k, k.init_user_ns(), 0, CapSet::full());
  int err = 0;
  auto next = k.prepare_creds(*root, err);
  next->uid = next->euid = next->suid = next->fsuid = 1000;
  BOOST_TEST(security_task_fix_setuid(k.lsm(), *next, *root, LSM_SETID_RES) == 0);
  BOOST_TEST(next->cap_permitted.empty());
  BOOST_TEST(next->cap_effective.empty());

  root->securebits |= 1u << SECURE_KEEP_CAPS;
  auto kept = k.prepare_creds(*root, err);
  kept->uid = kept->euid = kept->suid = 1000;
  BOOST_TEST(security_task_fix_setuid(k.lsm(), *kept, *root, LSM_SETID_RES) == 0);
  BOOST_TEST(kept->cap_permitted == CapSet::full());
  BOOST_TEST(kept->cap_effective.empty());  // euid left 0: effective cleared anyway
}

BOOST_AUTO_TEST_CASE(fsuid_change_moves_only_filesystem_capabilities) {
  Kernel k;
  auto root = cred_in(k, k.init_user_ns(), 0, CapSet::full());
  int err = 0;
  auto next = k.prepare_creds(*root, err);
  next->fsuid = 1000;
  BOOST_TEST(security_task_fix_setuid(k.lsm(), *next, *root, LSM_SETID_FS) == 0);
  BOOST_TEST(!next->cap_effective.has(CAP_DAC_OVERRIDE));
  BOOST_TEST(!next->cap_effective.has(CAP_CHOWN));
  BOOST_TEST(next->cap_effective.has(CAP_SYS_ADMIN));
  BOOST_TEST(security_task_fix_setuid(k.lsm(), *next, *root, 42) == -EINVAL);
}

BOOST_AUTO_TEST_SUITE_END()
