// setfiles validates file_contexts through libselinux (SELABEL_OPT_VALIDATE and a
// SELINUX_CB_VALIDATE callback asking the loaded policy): an invalid context refuses the
// whole file at selabel_open, naming its line, even for paths that are never labelled.
#include "tests/selinux/selinux_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(setfiles_validate)

BOOST_AUTO_TEST_CASE(an_undefined_type_is_refused_with_its_line) {
  SelinuxKernel sk;
  // Line 3 names a type the policy lacks, for a path that does not exist in the tree.
  const std::string fc = write_temp("fc_undefined_type",
                                    "/etc(/.*)?\t\tsystem_u:object_r:etc_t:s0\n"
                                    "/tmp\t\t-d\tsystem_u:object_r:tmp_t:s0\n"
                                    "/nowhere(/.*)?\tsystem_u:object_r:undefined_t:s0\n");
  const std::string before = xattr_label(sk.init(), "/etc/passwd");
  try {
    selinux_setfiles(sk.k, fc, "/");
    BOOST_FAIL("a file_contexts with an undefined type was accepted");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    BOOST_TEST(what.rfind(fc, 0) == 0u, what);
    BOOST_TEST(what.find("line 3") != std::string::npos, what);
    BOOST_TEST(what.find("undefined_t") != std::string::npos, what);
  }
  // Refused before anything was labelled.
  BOOST_TEST(xattr_label(sk.init(), "/etc/passwd") == before);
}

BOOST_AUTO_TEST_CASE(valid_files_still_label_and_the_callbacks_are_restored) {
  SelinuxKernel sk;
  BOOST_TEST(selinux_setfiles(sk.k, write_temp("fc_ok", kTestFileContexts), "/etc") == 5u);
  // Without a policy (another kernel) any well-formed context is accepted.
  Kernel bare;
  const std::string fc = write_temp("fc_any", "/etc(/.*)?\tsystem_u:object_r:whatever_t:s0\n");
  BOOST_TEST(selinux_setfiles(bare, fc, "/etc") == 5u);
  BOOST_TEST(xattr_label(bare.init_task(), "/etc/passwd") == "system_u:object_r:whatever_t:s0");
}

BOOST_AUTO_TEST_SUITE_END()
