// Smack rule files (engine/smack_rules_file.h): libsmack's syntax with FILE:LINE:COL errors,
// and each rule's position kept, so a rule the kernel refuses at boot is reported with its
// line and the subject's column too.
#include <boost/test/unit_test.hpp>

#include "engine/smack_rules_file.h"

using namespace lsmsim::engine;

BOOST_AUTO_TEST_SUITE(smack_rules_file)

BOOST_AUTO_TEST_CASE(rules_keep_their_line_and_column) {
  const std::vector<SmackRuleLine> r = parse_smack_rules("A B r\n\n  C\tD rw x\n", "f");
  BOOST_REQUIRE(r.size() == 2u);
  BOOST_TEST(r[0].line == 1);
  BOOST_TEST(r[0].column == 1);
  BOOST_TEST(r[1].line == 3);
  BOOST_TEST(r[1].column == 3);
  BOOST_TEST((r[1].subject == "C" && r[1].object == "D" && r[1].access == "rw" &&
              r[1].deny == "x"));
}

BOOST_AUTO_TEST_CASE(bad_lines_name_file_line_and_column) {
  const auto error = [](const std::string& text) {
    try {
      parse_smack_rules(text, "f");
    } catch (const BadInput& e) {
      return std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column) + " " + e.message;
    }
    return std::string("parsed");
  };
  BOOST_TEST(error("A B r\n \n") == "2:1 f:2:1: expected a rule \"subject object access\" (or "
                                    "\"subject object allow deny\")");
  BOOST_TEST(error("A -B r") == "1:3 f:1:3: a label cannot start with '-' (object \"-B\")");
  BOOST_TEST(error("A B rq") == "1:6 f:1:6: expected access letters from \"rwxatl-\", got 'q'");
  BOOST_TEST(error("A B r w x") == "1:9 f:1:9: a rule has at most four words");
}

BOOST_AUTO_TEST_SUITE_END()
