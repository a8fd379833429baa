// Bad policies: each error names the file, the line and column of the offending token and
// what was wrong or expected. The TE statements of mini_policy() start on line kTeLine; its
// users are on the next line and constraints follow on the line after.
#include <utility>
#include <vector>

#include "tests/selinux_policy/policy_test_support.h"

namespace lsmsim::sepolicy::test {
namespace {

struct Case {
  const char* te;
  const char* constraints;
  int line, col;
  const char* message;  // a substring of the message
  bool lsmsim_only = false;  // checkpolicy accepts it; lsmsim refuses an unsupported construct
};

const Case kCases[] = {
    {"allow a_t foo_t:file read;", "", kTeLine, 11, "unknown type 'foo_t'"},
    {"allow a_t b_t:file read", "", kTeLine, 24, "expected ';' after the allow rule"},
    {"allow a_t b_t:file search;", "", kTeLine, 20,
     "permission 'search' is not defined for class 'file'"},
    {"allow a_t b_t:sock read;", "", kTeLine, 15, "unknown class 'sock'"},
    {"constrain file read (u1 == u2);", "", kTeLine, 1, "found 'constrain'"},
    {"range_transition a_t b_t s0:c9;", "", kTeLine, 29, "unknown category 'c9'"},
    {"", "constrain file read (u1 dom u2);", kTeLine + 2, 25, "expected '==' or '!='"},
    {"", "constrain file read (u3 == u);", kTeLine + 2, 22, "only allowed in validatetrans"},
    {"type a_t;", "", kTeLine, 6, "duplicate declaration of type 'a_t'"},
    {"allowxperm a_t b_t:file ioctl 0x1;", "", kTeLine, 1, "unsupported construct"},
    {"attribute_role ra;", "", kTeLine, 1, "unsupported construct", true},
    {"if (nob) { allow a_t b_t:file read; }", "", kTeLine, 5, "unknown boolean 'nob'"},
    {"allow a_t b_t:file read@;", "", kTeLine, 24, "unrecognized character '@'"},
    {"type_transition a_t b_t:process domain;", "", kTeLine, 33, "is an attribute, not a type"},
    {"range_transition a_t b_t s1 - s0;", "", kTeLine, 26,
     "high level does not dominate low level"},
    {"type t1;", "", kTeLine, 6, "expected type name, found 't1'"},
    {"allow * b_t:file read;", "", kTeLine, 7, "'*' is not allowed in this type of rule"},
    {"bool b maybe;", "", kTeLine, 8, "expected 'true' or 'false'"},
    {"role r types c_t;", "", kTeLine, 14, "unknown type 'c_t'"},
    {"module m 1.0;", "", kTeLine, 1, "unsupported construct"},
    {"", "user u roles { r } level s0 range s0 - s1:c0.c2;", kTeLine + 2, 6,
     "unsupported construct: repeated declaration of user 'u'", true},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(policy_errors)

BOOST_AUTO_TEST_CASE(errors_name_line_column_and_reason) {
  for (const Case& c : kCases) {
    BOOST_TEST_CONTEXT("te=\"" << c.te << "\" constraints=\"" << c.constraints << "\"") {
      const std::string text = mini_policy(c.te, c.constraints);
      const PolicyError e = parse_error(text);
      BOOST_TEST(checkpolicy_accepts(text) == c.lsmsim_only);
      BOOST_TEST(e.file() == "policy.conf");
      BOOST_TEST(e.line() == c.line);
      BOOST_TEST(e.column() == c.col);
      BOOST_TEST(e.message().find(c.message) != std::string::npos, e.message());
    }
  }
}

BOOST_AUTO_TEST_CASE(what_is_file_line_column_message) {
  PolicyParseOptions opt;
  opt.filename = "x.conf";
  try {
    parse_policy_conf(mini_policy("allow a_t foo_t:file read;"), opt);
    BOOST_FAIL("accepted");
  } catch (const PolicyError& e) {
    BOOST_TEST(std::string(e.what()) == "x.conf:24:11: unknown type 'foo_t'");
  }
}

BOOST_AUTO_TEST_CASE(statement_order_is_enforced) {
  // sid contexts before the users, an av definition before the sid declarations
  BOOST_TEST(parse_error("class file\nclass file { read }\n").line() == 2);
  std::string text = mini_policy("");
  text.insert(text.find("user u roles"), "sid kernel u:r:a_t:s0\n");
  const PolicyError e = parse_error(text);
  BOOST_TEST(e.line() == kTeLine + 1);
  BOOST_TEST(e.column() == 1);
  BOOST_TEST(parse_error("").message().find("expected 'class'") != std::string::npos);
}

// Deep nesting is refused with a located error instead of overflowing the stack.
BOOST_AUTO_TEST_CASE(deep_nesting_is_a_located_error) {
  const std::string deep(100000, '(');
  std::string nots;
  for (int i = 0; i < 100000; ++i) nots += "not ";
  const std::vector<std::pair<std::string, std::string>> texts = {
      {"bool b1 true;\nif " + deep + "b1) { allow a_t b_t:file read; }", ""},
      {"bool b1 true;\nif (" + std::string(100000, '!') + " b1) { allow a_t b_t:file read; }",
       ""},
      {"", "constrain file { read } " + deep + "t1 == a_t);"},
      {"", "constrain file { read } " + nots + "(t1 == a_t);"},
      {"allow a_t " + std::string(100000, '{') + " b_t:file read;", ""},
  };
  for (const auto& [te, constraints] : texts) {
    const PolicyError e = parse_error(mini_policy(te, constraints));
    BOOST_TEST(e.message().find("expression nested deeper than 1000") != std::string::npos,
               e.message());
    BOOST_TEST(e.line() >= kTeLine);
    BOOST_TEST(e.column() > 1);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim::sepolicy::test
