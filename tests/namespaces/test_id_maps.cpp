// /proc/PID/{uid_map,gid_map,setgroups}: map_write, new_idmap_permitted, uid_m_show.
#include <boost/test/unit_test.hpp>

#include "model/capable.h"
#include "tests/support/kernel_fixture.h"
#include "tests/support/task_helpers.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(id_maps)

BOOST_AUTO_TEST_CASE(unprivileged_single_line_rule) {
  Kernel k;
  Task& u = user_task(k, 1000);
  BOOST_TEST_REQUIRE(sys_unshare(u, CLONE_NEWUSER).ok());
  // Another uid, or a range, needs CAP_SETUID in the parent.
  SysResult other = write_id_map(u, u, IdMapKind::uid, one_line_map(0, 1001));
  BOOST_TEST(other.err == EPERM);
  BOOST_TEST_REQUIRE(other.denial.has_value());
  BOOST_TEST(other.denial->by == "capability");
  BOOST_TEST(write_id_map(u, u, IdMapKind::uid, one_line_map(0, 1000, 2)).err == EPERM);
  BOOST_TEST(write_id_map(u, u, IdMapKind::uid, "0 1000 1\n1 1001 1\n").err == EPERM);
  // Its own euid, one line, count 1.
  SysResult ok = write_id_map(u, u, IdMapKind::uid, one_line_map(0, 1000));
  BOOST_TEST_REQUIRE(ok.ok(), describe(ok));
  BOOST_TEST(ok.ret == 9);
  BOOST_TEST(sys_getuid(u).ret == 0);
  BOOST_TEST(sys_geteuid(u).ret == 0);
  // Only once.
  SysResult twice = write_id_map(u, u, IdMapKind::uid, one_line_map(0, 1000));
  BOOST_TEST(twice.err == EPERM);
  BOOST_TEST(twice.denial->by == "kernel");
}

BOOST_AUTO_TEST_CASE(unprivileged_gid_map_needs_setgroups_deny) {
  Kernel k;
  Task& u = user_task(k, 1000);
  BOOST_TEST_REQUIRE(sys_unshare(u, CLONE_NEWUSER).ok());
  BOOST_TEST(read_setgroups(u) == "allow\n");
  BOOST_TEST(write_id_map(u, u, IdMapKind::gid, one_line_map(0, 1000)).err == EPERM);
  BOOST_TEST(write_setgroups(u, u, "deny\n").ok());
  BOOST_TEST(read_setgroups(u) == "deny\n");
  BOOST_TEST(write_setgroups(u, u, "allow").err == EPERM);  // no way back
  BOOST_TEST(write_id_map(u, u, IdMapKind::gid, one_line_map(0, 1000)).ok());
  BOOST_TEST(write_setgroups(u, u, "maybe").err == EINVAL);
  // A nested namespace inherits the denial (its creator must be mapped first).
  BOOST_TEST(write_id_map(u, u, IdMapKind::uid, one_line_map(0, 1000)).ok());
  BOOST_TEST_REQUIRE(sys_unshare(u, CLONE_NEWUSER).ok());
  BOOST_TEST(read_setgroups(u) == "deny\n");
}

BOOST_AUTO_TEST_CASE(setgroups_cannot_be_denied_after_gid_map) {
  Kernel k;
  Task& parent = spawn(k.init_task());  // root in init: CAP_SETGID in the parent
  Task& child = spawn(parent);
  BOOST_TEST_REQUIRE(sys_unshare(child, CLONE_NEWUSER).ok());
  BOOST_TEST(write_id_map(parent, child, IdMapKind::gid, "0 100000 65536\n").ok());
  BOOST_TEST(write_setgroups(child, child, "deny").err == EPERM);
}

BOOST_AUTO_TEST_CASE(privileged_writer_maps_ranges_and_the_reader_view_translates) {
  Kernel k;
  Task& admin = spawn(k.init_task());
  Task& c = spawn(admin);
  BOOST_TEST_REQUIRE(sys_unshare(c, CLONE_NEWUSER).ok());
  // Uid 1000 inside is the host's root (needs CAP_SETFCAP over the parent: admin has it).
  BOOST_TEST(write_id_map(admin, c, IdMapKind::uid, "0 100000 1000\n1000 0 1\n").ok());
  BOOST_TEST(write_id_map(admin, c, IdMapKind::gid, "0 0 1\n").ok());
  BOOST_TEST(read_id_map(admin, c, IdMapKind::uid) ==
             "         0     100000       1000\n      1000          0          1\n");
  // Inside, the lower ids are shown in the parent's terms too.
  BOOST_TEST(read_id_map(c, c, IdMapKind::uid) ==
             "         0     100000       1000\n      1000          0          1\n");
  BOOST_TEST(sys_getuid(c).ret == 1000);
  // A nested namespace: its lower ids are c's ids; from init they read as kernel ids.
  Task& n = spawn(c);
  BOOST_TEST_REQUIRE(sys_unshare(n, CLONE_NEWUSER).ok());
  BOOST_TEST(write_id_map(c, n, IdMapKind::uid, "0 10 5\n").ok());
  BOOST_TEST(read_id_map(admin, n, IdMapKind::uid) == "         0     100010          5\n");
  BOOST_TEST(read_id_map(c, n, IdMapKind::uid) == "         0         10          5\n");
  BOOST_TEST(make_kuid(*n.cred->user_ns, 3) == 100013u);
  // The initial namespace's map.
  BOOST_TEST(read_id_map(admin, k.init_task(), IdMapKind::uid) ==
             "         0          0 4294967295\n");
}

BOOST_AUTO_TEST_CASE(map_syntax_limits_and_parent_coverage) {
  Kernel k;
  Task& admin = spawn(k.init_task());
  auto fresh = [&]() -> Task& {
    Task& c = spawn(admin);
    BOOST_TEST_REQUIRE(sys_unshare(c, CLONE_NEWUSER).ok());
    return c;
  };
  BOOST_TEST(write_id_map(admin, fresh(), IdMapKind::uid, "0 1000 10\n5 2000 10\n").err == EINVAL);
  BOOST_TEST(write_id_map(admin, fresh(), IdMapKind::uid, "0 1000 10\n20 1005 10\n").err == EINVAL);
  BOOST_TEST(write_id_map(admin, fresh(), IdMapKind::uid, "0 1000 0\n").err == EINVAL);
  BOOST_TEST(write_id_map(admin, fresh(), IdMapKind::uid, "0 1000\n").err == EINVAL);
  BOOST_TEST(write_id_map(admin, fresh(), IdMapKind::uid, "0 1000 1 x\n").err == EINVAL);
  BOOST_TEST(write_id_map(admin, fresh(), IdMapKind::uid, "").err == EINVAL);
  // At most 340 lines (UID_GID_MAP_MAX_EXTENTS), checked below the page-size limit.
  std::string short340;
  for (int i = 0; i < 340; ++i) short340 += std::to_string(i) + " " + std::to_string(i) + " 1\n";
  BOOST_TEST(short340.size() < 4096u);
  BOOST_TEST(write_id_map(admin, fresh(), IdMapKind::uid, short340).ok());
  std::string short341 = short340 + "340 340 1\n";
  BOOST_TEST(short341.size() < 4096u);
  BOOST_TEST(write_id_map(admin, fresh(), IdMapKind::uid, short341).err == EINVAL);
  // Lower ids must be covered by one extent of the parent's map.
  Task& mid = fresh();
  BOOST_TEST(write_id_map(admin, mid, IdMapKind::uid, "0 100000 100\n100 0 1\n").ok());
  BOOST_TEST(write_id_map(admin, mid, IdMapKind::gid, "0 0 1\n").ok());
  Task& nested = spawn(mid);
  BOOST_TEST_REQUIRE(sys_unshare(nested, CLONE_NEWUSER).ok());
  SysResult r = write_id_map(mid, nested, IdMapKind::uid, "0 50 100\n");
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->by == "kernel");
  BOOST_TEST(write_id_map(mid, nested, IdMapKind::uid, "0 50 50\n").ok());
}

BOOST_AUTO_TEST_CASE(who_may_write_a_map) {
  Kernel k;
  Task& a = user_task(k, 1000);
  Task& b = user_task(k, 1000);
  BOOST_TEST_REQUIRE(sys_unshare(a, CLONE_NEWUSER).ok());
  BOOST_TEST_REQUIRE(sys_unshare(b, CLONE_NEWUSER).ok());
  // A writer in a sibling namespace (neither the target's nor its parent).
  SysResult r = write_id_map(a, b, IdMapKind::uid, one_line_map(0, 1000));
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->by == "kernel");
  // The initial namespace's maps are fixed.
  BOOST_TEST(write_id_map(k.init_task(), k.init_task(), IdMapKind::uid, "0 0 1\n").err == EPERM);
  // A parent-namespace writer with the owner's euid may do the single-line map.
  Task& owner = user_task(k, 1000);
  BOOST_TEST(write_id_map(owner, b, IdMapKind::uid, one_line_map(0, 1000)).ok());
}

BOOST_AUTO_TEST_CASE(mapping_parent_root_needs_setfcap) {
  Kernel k;
  Task& root_task = spawn(k.init_task());
  CapSet no_fcap = CapSet::full();
  no_fcap.drop(CAP_SETFCAP);
  BOOST_TEST_REQUIRE(sys_capset(root_task, no_fcap, CapSet(), no_fcap).ok());
  BOOST_TEST_REQUIRE(sys_unshare(root_task, CLONE_NEWUSER).ok());
  BOOST_TEST(!root_task.cred->user_ns->parent_could_setfcap);
  // Writing its own map: uid 0 of the parent may not be mapped without CAP_SETFCAP.
  SysResult r = write_id_map(root_task, root_task, IdMapKind::uid, one_line_map(0, 0));
  BOOST_TEST(r.err == EPERM);
  Task& root2 = spawn(k.init_task());
  BOOST_TEST_REQUIRE(sys_unshare(root2, CLONE_NEWUSER).ok());
  BOOST_TEST(write_id_map(root2, root2, IdMapKind::uid, one_line_map(0, 0)).ok());
}

BOOST_AUTO_TEST_SUITE_END()
