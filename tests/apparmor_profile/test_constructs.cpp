// Each construct of the profile language, one by one, with the Profile fields it sets.
#include "tests/apparmor_profile/profile_test_support.h"

namespace lsmsim::aa::test {

BOOST_AUTO_TEST_SUITE(constructs)

BOOST_AUTO_TEST_CASE(a_path_rule_sets_file_permissions) {
  auto p = parse_one("profile a { /etc/passwd r, }");
  BOOST_TEST(p->name == "a");
  BOOST_TEST(p->file.match("/etc/passwd", false).effective() == kMayRead);
  BOOST_TEST(p->file.match("/etc/shadow", false).effective() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim::aa::test
