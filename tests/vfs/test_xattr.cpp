// Extended attributes: the namespace prefixes and their privilege rules (fs/xattr.c).
#include <boost/test/unit_test.hpp>

#include "model/syscalls/fs.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(xattr)

BOOST_AUTO_TEST_CASE(user_namespace_round_trip) {
  Kernel k;
  Task& user = spawn(k, k.init_task(), 1000, 1000);
  BOOST_TEST_REQUIRE(write_file(user, "/tmp/f", "x").ok());
  BOOST_TEST(sys_setxattr(user, "/tmp/f", "user.a", "1").ok());
  BOOST_TEST(sys_setxattr(user, "/tmp/f", "user.a", "2", 0x1 /*XATTR_CREATE*/).err == EEXIST);
  BOOST_TEST(sys_setxattr(user, "/tmp/f", "user.b", "2", 0x2 /*XATTR_REPLACE*/).err == ENODATA);
  BOOST_TEST(sys_getxattr(user, "/tmp/f", "user.a").data == "1");
  BOOST_TEST(sys_getxattr(user, "/tmp/f", "user.zz").err == ENODATA);
  BOOST_TEST(sys_listxattr(user, "/tmp/f").data == std::string("user.a\0", 7));
  BOOST_TEST(sys_removexattr(user, "/tmp/f", "user.a").ok());
  BOOST_TEST(sys_removexattr(user, "/tmp/f", "user.a").err == ENODATA);
  BOOST_TEST(sys_setxattr(user, "/tmp/f", "bogus.a", "1").err == EOPNOTSUPP);
  BOOST_TEST(sys_setxattr(user, "/tmp/f", "", "1").err == ERANGE);
  // user.* on someone else's file needs write permission on it.
  BOOST_TEST(sys_setxattr(user, "/etc/passwd", "user.a", "1").err == EACCES);
}

BOOST_AUTO_TEST_CASE(trusted_needs_cap_sys_admin_in_the_initial_namespace) {
  Kernel k;
  Task& init = k.init_task();
  Task& user = spawn(k, init, 1000, 1000);
  BOOST_TEST_REQUIRE(write_file(user, "/tmp/f", "x").ok());
  SysResult r = sys_setxattr(user, "/tmp/f", "trusted.t", "1");
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "capability");
  BOOST_TEST(sys_setxattr(init, "/tmp/f", "trusted.t", "1").ok());
  BOOST_TEST(sys_getxattr(user, "/tmp/f", "trusted.t").err == ENODATA);
  BOOST_TEST(sys_getxattr(init, "/tmp/f", "trusted.t").data == "1");
  BOOST_TEST(sys_listxattr(user, "/tmp/f").data.empty());
  BOOST_TEST(sys_listxattr(init, "/tmp/f").data == std::string("trusted.t\0", 10));
  // Root of a user namespace is not enough.
  Task& ns_root = spawn(k, init, 1000, 1000);
  enter_user_ns(k, ns_root, make_user_ns(k, ns_root, 1000, 1));
  BOOST_TEST(sys_setxattr(ns_root, "/tmp/f", "trusted.u", "1").err == EPERM);
}

BOOST_AUTO_TEST_CASE(security_namespace_needs_cap_sys_admin_over_the_filesystem) {
  Kernel k;
  Task& user = spawn(k, k.init_task(), 1000, 1000);
  BOOST_TEST_REQUIRE(write_file(user, "/tmp/f", "x").ok());
  BOOST_TEST(sys_setxattr(user, "/tmp/f", "security.test", "x").err == EPERM);
  BOOST_TEST(sys_setxattr(k.init_task(), "/tmp/f", "security.test", "x").ok());
  BOOST_TEST(sys_getxattr(user, "/tmp/f", "security.test").data == "x");
  // security.selinux is SELinux's own (selinux_inode_xattr_skipcap): without a policy the
  // owner (or CAP_FOWNER) may set it, nobody else.
  BOOST_TEST(sys_setxattr(user, "/tmp/f", "security.selinux", "x").ok());
  Task& other = spawn(k, k.init_task(), 1001, 1001);
  BOOST_TEST(sys_setxattr(other, "/tmp/f", "security.selinux", "y").err == EPERM);
  BOOST_TEST(sys_getxattr(user, "/tmp/f", "security.selinux").data == "x");
}

BOOST_AUTO_TEST_SUITE_END()
