// The Debian reference policy, decompiled from its binary by the real checkpolicy at test
// time, must load; its symbol and rule counts are compared with counts taken from the
// decompiled text itself (each declaration is one line there).
#include <chrono>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "tests/selinux_policy/policy_test_support.h"

namespace lsmsim::sepolicy::test {
namespace {

constexpr const char* kBinary = "/etc/selinux/default/policy/policy.33";

// Lines of `text` that start with `prefix`.
std::size_t count_lines(const std::string& text, std::string_view prefix) {
  std::size_t n = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(prefix, 0) == 0) ++n;
  return n;
}

// Statements starting with `prefix`, indented (inside an if block) or not.
std::size_t count_statements(const std::string& text, std::string_view prefix) {
  std::size_t n = 0;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t b = line.find_first_not_of(" \t");
    if (b != std::string::npos && line.compare(b, prefix.size(), prefix) == 0) ++n;
  }
  return n;
}

// Distinct "S T:C" keys of the unconditional rules of one kind ("allow ", "dontaudit "):
// the decompiled text writes one source and one target name per rule.
std::size_t distinct_keys(const std::string& text, std::string_view kind) {
  std::set<std::string> keys;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t colon = line.find(':');
    if (line.rfind(kind, 0) != 0 || colon == std::string::npos) continue;  // not role allow
    const std::size_t sp = line.find(' ', kind.size());
    const std::string source = line.substr(kind.size(), sp - kind.size());
    std::string target = line.substr(sp + 1, colon - sp - 1);
    if (target == "self") target = source;  // the decompiler writes (t, t) as "t self"
    keys.insert(source + " " + target + ":" + line.substr(colon + 1, line.find(' ', colon) - colon - 1));
  }
  return keys.size();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(debian_policy)

BOOST_AUTO_TEST_CASE(decompiled_debian_policy_loads_with_matching_counts) {
  BOOST_REQUIRE_MESSAGE(std::filesystem::exists(kBinary),
                        "no " << kBinary << ": run scripts/setup.sh (selinux-policy-default)");
  TempDir dir;
  const auto conf = dir.path / "real.conf";
  BOOST_REQUIRE_EQUAL(run(checkpolicy() + " -M -b " + kBinary + " -F -o " + conf.string() +
                          " >/dev/null 2>&1"),
                      0);
  const std::string text = read_file(conf);
  const auto t0 = std::chrono::steady_clock::now();
  Policydb db;
  try {
    db = parse(text);
  } catch (const PolicyError& e) {
    BOOST_FAIL(e.what());
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - t0)
                      .count();
  BOOST_TEST_MESSAGE("Debian policy: " << count_lines(text, "") << " lines loaded in " << ms
                                       << " ms");

  std::size_t types = 0, attributes = 0;
  for (const TypeDatum& t : db.types) (t.attribute ? attributes : types)++;
  BOOST_TEST(types == count_lines(text, "type "));
  BOOST_TEST(attributes == count_lines(text, "attribute "));
  BOOST_TEST(db.classes.size() == count_lines(text, "class ") / 2);  // declared, then defined
  BOOST_TEST(db.commons.size() == count_lines(text, "common "));
  BOOST_TEST(db.booleans.size() == count_lines(text, "bool "));
  BOOST_TEST(db.users.size() == count_lines(text, "user "));
  BOOST_TEST(db.categories.size() == count_lines(text, "category "));
  BOOST_TEST(db.sensitivities.size() == count_lines(text, "sensitivity "));
  BOOST_TEST(db.conditionals.size() == count_lines(text, "if "));
  BOOST_TEST(db.genfscon.size() == count_lines(text, "genfscon "));
  BOOST_TEST(db.portcon.size() == count_lines(text, "portcon "));
  BOOST_TEST(db.fs_use.size() == count_lines(text, "fs_use_"));
  BOOST_TEST(db.policycaps.size() == count_lines(text, "policycap "));
  BOOST_TEST(db.range_trans.size() == count_lines(text, "range_transition "));
  BOOST_TEST(db.role_trans.size() == count_lines(text, "role_transition "));
  // Roles: the decompiled text declares each role once with `role R;` besides object_r.
  std::size_t mls_constraints = 0, constraints = 0;
  for (const SecurityClass& c : db.classes)
    for (const Constraint& k : c.constraints) (k.mls ? mls_constraints : constraints)++;
  BOOST_TEST(constraints == count_lines(text, "constrain "));
  BOOST_TEST(mls_constraints == count_lines(text, "mlsconstrain "));
  // Every type_transition / type_change / type_member line is one expanded key, named or not.
  std::size_t named = db.filename_trans.size(), plain[3] = {0, 0, 0};
  for (const auto& [k, v] : db.type_rules) plain[static_cast<int>(k.kind)]++;
  std::size_t cond_types = 0;
  for (const CondBlock& b : db.conditionals) cond_types += b.types_true.size() + b.types_false.size();
  BOOST_TEST(plain[0] + plain[1] + plain[2] + named + cond_types ==
             count_statements(text, "type_transition ") + count_statements(text, "type_change ") +
                 count_statements(text, "type_member "));
  BOOST_TEST(plain[0] + named == count_lines(text, "type_transition "));
  BOOST_TEST(plain[1] == count_lines(text, "type_change "));
  BOOST_TEST(plain[2] == count_lines(text, "type_member "));
  std::size_t allowed = 0, dontaudited = 0;
  for (const auto& [key, datum] : db.avtab) {
    allowed += datum.allowed != 0 ? 1 : 0;
    dontaudited += datum.dontaudit != 0 ? 1 : 0;
  }
  BOOST_TEST(allowed == distinct_keys(text, "allow "));
  BOOST_TEST(dontaudited == distinct_keys(text, "dontaudit "));
  BOOST_TEST(db.initial_sids.size() == count_lines(text, "sid ") / 2);
  for (const InitialSid& sid : db.initial_sids) BOOST_TEST(sid.context.has_value(), sid.name);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim::sepolicy::test
