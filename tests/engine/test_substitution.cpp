// ${...} references: splitting, checking and expanding.
#include <boost/test/unit_test.hpp>
#include <stdexcept>

#include "engine/substitution.h"

using namespace lsmsim::engine;

BOOST_AUTO_TEST_SUITE(substitution)

BOOST_AUTO_TEST_CASE(splits_literals_and_references) {
  std::vector<TemplatePart> parts;
  std::size_t off = 0;
  BOOST_REQUIRE_EQUAL(parse_template("/proc/${pid:alice}/ns/${x}", parts, off), "");
  BOOST_REQUIRE_EQUAL(parts.size(), 4u);
  BOOST_CHECK(parts[0].kind == TemplatePart::Kind::literal);
  BOOST_CHECK_EQUAL(parts[0].text, "/proc/");
  BOOST_CHECK(parts[1].kind == TemplatePart::Kind::pid);
  BOOST_CHECK_EQUAL(parts[1].text, "alice");
  BOOST_CHECK_EQUAL(parts[1].offset, 6u);
  BOOST_CHECK(parts[3].kind == TemplatePart::Kind::var);
  BOOST_CHECK_EQUAL(parts[3].text, "x");
}

BOOST_AUTO_TEST_CASE(ns_reference_names_task_and_type) {
  std::vector<TemplatePart> parts;
  std::size_t off = 0;
  BOOST_REQUIRE_EQUAL(parse_template("${ns:ct:net}", parts, off), "");
  BOOST_CHECK(parts[0].kind == TemplatePart::Kind::ns);
  BOOST_CHECK_EQUAL(parts[0].text, "ct");
  BOOST_CHECK_EQUAL(parts[0].ns_type, "net");
  BOOST_CHECK_NE(parse_template("${ns:ct:network}", parts, off), "");
}

BOOST_AUTO_TEST_CASE(dollar_dollar_is_a_literal_dollar) {
  const std::string out =
      expand_template("cost $$5 and $x and ${pid:a}", [](const TemplatePart&) { return "7"; });
  BOOST_CHECK_EQUAL(out, "cost $5 and $x and 7");
}

BOOST_AUTO_TEST_CASE(expands_through_the_resolver) {
  const std::string out = expand_template("/proc/${pid:alice}/status", [](const TemplatePart& p) {
    return p.text == "alice" ? std::string("42") : std::string("?");
  });
  BOOST_CHECK_EQUAL(out, "/proc/42/status");
}

BOOST_AUTO_TEST_CASE(resolver_errors_propagate) {
  BOOST_CHECK_THROW(expand_template("${pid:a}",
                                    [](const TemplatePart&) -> std::string {
                                      throw std::runtime_error("not visible");
                                    }),
                    std::runtime_error);
}

BOOST_AUTO_TEST_CASE(bad_references_are_reported_with_offsets) {
  std::vector<TemplatePart> parts;
  std::size_t off = 0;
  BOOST_CHECK_NE(parse_template("abc ${pid:}", parts, off), "");
  BOOST_CHECK_EQUAL(off, 4u);
  BOOST_CHECK_NE(parse_template("${", parts, off), "");
  BOOST_CHECK_NE(parse_template("${a b}", parts, off), "");
}

BOOST_AUTO_TEST_SUITE_END()
