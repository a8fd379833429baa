// The JSON Schema is generated from the parser's tables and shipped as a copy; lsmsim check
// validates without running.
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "engine/ops.h"
#include "engine/run.h"
#include "engine/scenario_schema.h"
#include "format_test_support.h"

using namespace lsmsim;
using namespace lsmsim::engine;
using json = nlohmann::json;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The key list the parser prints for an unknown key ("expected one of: a, b, c").
std::set<std::string> parser_keys(const std::string& text) {
  std::string message;
  try {
    parse_scenario(text);
  } catch (const BadInput& e) {
    message = e.message;
  }
  std::smatch m;
  std::set<std::string> out;
  if (!std::regex_search(message, m, std::regex("expected one of: ([^)]*)\\)"))) {
    BOOST_ERROR("no key list in '" << message << "' for:\n" << text);
    return out;
  }
  const std::string list = m[1];
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = list.find(", ", start);
    out.insert(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 2;
  }
  return out;
}

std::set<std::string> schema_keys(const json& object_schema) {
  std::set<std::string> out;
  for (const auto& [k, v] : object_schema.at("properties").items()) out.insert(k);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario_schema)

BOOST_AUTO_TEST_CASE(the_shipped_copy_is_the_generated_schema) {
  const std::string shipped =
      read_text(std::string(LSMSIM_SOURCE_DIR) + "/bindings/python/lsmsim/scenario.schema.json");
  BOOST_CHECK_MESSAGE(shipped == scenario_schema_json(),
                      "bindings/python/lsmsim/scenario.schema.json is stale: regenerate it with "
                      "`lsmsim schema > bindings/python/lsmsim/scenario.schema.json`");
}

BOOST_AUTO_TEST_CASE(every_operation_and_argument_is_in_the_schema) {
  const json s = json::parse(scenario_schema_json());
  const json& all = s.at("definitions").at("step").at("allOf");
  std::set<std::string> ops;
  for (const json& branch : all)
    ops.insert(branch.at("if").at("required").at(0).get<std::string>());
  for (const OpSpec& op : op_specs()) {
    BOOST_REQUIRE_MESSAGE(ops.count(std::string(op.name)) != 0, op.name);
    for (const json& branch : all) {
      if (branch.at("if").at("required").at(0) != std::string(op.name)) continue;
      const json& props = branch.at("then").at("properties");
      for (const ArgSpec& a : op.args)
        BOOST_CHECK_MESSAGE(props.contains(std::string(a.name)), op.name << " " << a.name);
    }
  }
  BOOST_CHECK(ops.count("use") != 0);
}

// Nested objects are written out in the schema: each must list what the parser accepts.
BOOST_AUTO_TEST_CASE(nested_keys_match_what_the_parser_accepts) {
  const json s = json::parse(scenario_schema_json());
  const json& boot = s.at("properties").at("boot").at("properties");
  const json& ex = s.at("definitions").at("expectation").at("anyOf").at(1).at("properties");
  struct Case {
    const char* what;
    std::string scenario;
    json schema;
  };
  const std::string fork = "steps:\n  - {as: init, fork: a, expect: ";
  const std::vector<Case> cases = {
      {"scenario", "name: x\nzz: 1\nsteps: []\n", s},
      {"boot", "name: x\nboot: {zz: 1}\nsteps: []\n", s.at("properties").at("boot")},
      {"probe", "name: x\nboot: {probes: [{name: p, zz: 1}]}\nsteps: []\n",
       boot.at("probes").at("items")},
      {"selinux", "name: x\nboot: {selinux: {zz: 1}}\nsteps: []\n", boot.at("selinux")},
      {"apparmor", "name: x\nboot: {apparmor: {zz: 1}}\nsteps: []\n", boot.at("apparmor")},
      {"smack", "name: x\nboot: {smack: {zz: 1}}\nsteps: []\n", boot.at("smack")},
      {"audit", "name: x\nboot: {audit: {zz: 1}}\nsteps: []\n", boot.at("audit")},
      {"boot expect", "name: x\nboot: {expect: {zz: 1}}\nsteps: []\n", boot.at("expect")},
      {"matrix cell", "name: x\nmatrix: {c: {zz: 1}}\nsteps: []\n",
       s.at("properties").at("matrix").at("additionalProperties")},
      {"expectation", "name: x\n" + fork + "{zz: 1}}\n",
       s.at("definitions").at("expectation").at("anyOf").at(1)},
      {"entry",
       "name: x\nsteps:\n  - {as: init, lsm_get_self_attr: current, expect: {entries: [{zz: "
       "1}]}}\n",
       ex.at("entries").at("items")},
      {"audit expectation",
       "name: x\nboot: {audit: {boot: on}}\nsteps:\n  - {as: init, auditd: }\n  - {as: init, "
       "getpid: , expect: {audit: {zz: 1}}}\n",
       ex.at("audit")},
      {"audit pattern",
       "name: x\nboot: {audit: {boot: on}}\nsteps:\n  - {as: init, auditd: }\n  - {as: init, "
       "getpid: , expect: {audit: {records: [{zz: 1}]}}}\n",
       ex.at("audit").at("properties").at("records").at("items")},
      {"labels", "name: x\n" + fork + "{labels: {zz: 1}}}\n", ex.at("labels")},
      {"fragment", "name: x\nfragments: {f: {steps: [], zz: 1}}\nsteps: []\n",
       s.at("properties").at("fragments").at("additionalProperties").at("anyOf").at(1)},
      {"fragment use", "name: x\nfragments: {f: []}\nsteps:\n  - {use: f, zz: 1}\n",
       s.at("definitions").at("step").at("allOf").back().at("then")},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.what) {
      BOOST_CHECK(parser_keys(c.scenario) == schema_keys(c.schema));
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(check_command)

BOOST_AUTO_TEST_CASE(valid_examples_pass_and_report_cells_and_includes) {
  const std::string dir = std::string(LSMSIM_SOURCE_DIR) + "/scenarios/format/";
  CheckResult r = check_scenario_file(dir + "01_include_and_fragments.yaml");
  BOOST_TEST_INFO(r.error);
  BOOST_CHECK(!r.bad_input);
  BOOST_CHECK_EQUAL(r.included.size(), 2u);
  BOOST_CHECK_EQUAL(r.steps, 12);
  r = check_scenario_file(dir + "02_matrix_lsm_order.yaml");
  BOOST_CHECK(!r.bad_input);
  BOOST_CHECK_EQUAL(r.cells.size(), 4u);
}

BOOST_AUTO_TEST_CASE(bad_files_are_reported_with_their_position_and_nothing_runs) {
  const std::string dir = std::string(LSMSIM_SOURCE_DIR) + "/scenarios/invalid/";
  CheckResult r = check_scenario_file(dir + "include_error_inside.yaml");
  BOOST_CHECK(r.bad_input);
  BOOST_CHECK_EQUAL(r.error.rfind(dir + "fragments/bad_step.yaml:5:11: unknown task 'carol'", 0),
                    0u);
  BOOST_CHECK(r.error.find("\n  included from " + dir + "include_error_inside.yaml:4:11") !=
              std::string::npos);
  r = check_scenario_file(dir + "too_many_lsms.yaml");  // found by booting, not by parsing
  BOOST_CHECK(r.bad_input);
  BOOST_CHECK(r.error.find("more than 16 active LSMs") != std::string::npos);
  r = check_scenario_file(dir + "no_such_file.yaml");
  BOOST_CHECK(r.bad_input);
  BOOST_CHECK(r.error.find("cannot open scenario file") != std::string::npos);
  // A scenario whose steps would fail is still valid: check runs no step.
  test::ScratchDir d;
  d.write("fails.yaml", "name: f\nsteps:\n  - {as: init, rmdir: /no/such/dir}\n");
  r = check_scenario_file(d.path("fails.yaml"));
  BOOST_CHECK(!r.bad_input);
  BOOST_CHECK_EQUAL(r.steps, 1);
}

BOOST_AUTO_TEST_SUITE_END()
