// setfiles through libselinux's selabel on a file_contexts written here.
#include <sys/mount.h>

#include "tests/selinux/selinux_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(setfiles)

BOOST_AUTO_TEST_CASE(labels_from_file_contexts) {
  SelinuxKernel sk;
  Task& init = sk.init();
  BOOST_TEST(xattr_label(init, "/") == "system_u:object_r:root_t:s0");
  BOOST_TEST(xattr_label(init, "/etc/shadow") == "system_u:object_r:shadow_t:s0");
  BOOST_TEST(xattr_label(init, "/etc/passwd") == "system_u:object_r:etc_t:s0");
  BOOST_TEST(xattr_label(init, "/usr/bin/id") == "system_u:object_r:app_exec_t:s0");
  BOOST_TEST(xattr_label(init, "/tmp") == "system_u:object_r:tmp_t:s0");  // the tmpfs root
  // <<none>>: left alone; without the xattr the file shows the "file" initial SID's context.
  BOOST_TEST(sys_getxattr(init, "/home", "security.selinux").data ==
             std::string("system_u:object_r:file_t:s0") + '\0');
  // /etc and its four files.
  BOOST_TEST(selinux_setfiles(sk.k, write_temp("fc2", kTestFileContexts), "/etc") == 5u);
}

// A bind mount of an ancestor makes the tree a cycle; setfiles labels each directory once
// on a path (fts's FTS_DC) and ends.
BOOST_AUTO_TEST_CASE(a_bind_mount_cycle_ends) {
  SelinuxKernel sk;
  Task& init = sk.init();
  BOOST_TEST_REQUIRE(sys_mkdir(init, "/etc/loop", 0755).ok());
  BOOST_TEST_REQUIRE(sys_mount(init, "/etc", "/etc/loop", "", MS_BIND).ok());
  const std::size_t n = selinux_setfiles(sk.k, write_temp("fc3", kTestFileContexts), "/etc");
  BOOST_TEST(n == 5u);  // /etc and its four files; /etc/loop shows /etc again and is skipped
}

BOOST_AUTO_TEST_CASE(bad_file_contexts_name_the_file) {
  SelinuxKernel sk;
  const std::string bad = write_temp("fc_bad", "/etc(/.*)?  system_u:object_r:no_such_t:s0\n");
  try {
    selinux_setfiles(sk.k, bad, "/etc");
    BOOST_FAIL("an invalid context was accepted");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find(bad) != std::string::npos, e.what());
    BOOST_TEST(std::string(e.what()).find("no_such_t") != std::string::npos, e.what());
  }
  const std::string missing = "/nonexistent/lsmsim/file_contexts";
  try {
    selinux_setfiles(sk.k, missing, "/");
    BOOST_FAIL("a missing file_contexts was accepted");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find(missing) != std::string::npos, e.what());
  }
}

BOOST_AUTO_TEST_SUITE_END()
