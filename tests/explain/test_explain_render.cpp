// `lsmsim explain` rendering: the diagnostic's first line points at the step's position, the
// framework's short-circuit shows the LSMs it never called, DAC is named when it decides, and
// the JSON form carries the same facts.
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <nlohmann/json.hpp>

#include "engine/explain.h"
#include "engine/session.h"
#include "model/parse_error.h"

using namespace lsmsim;
using namespace lsmsim::engine;

namespace {

std::string path(const std::string& rel) {
  return std::string(LSMSIM_SOURCE_DIR) + "/" + rel;
}

Explanation explain(const std::string& rel, int step) {
  auto session = ScenarioSession::from_file(path(rel));
  return explain_step(*session, step);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

constexpr const char* kFirstDenier = "scenarios/flagship/02_stacking_first_denier.yaml";

}  // namespace

BOOST_AUTO_TEST_SUITE(explain_render)

// Step 3 opens /demo/file: probe_a allows, probe_b denies, probe_c is never called.
BOOST_AUTO_TEST_CASE(short_circuit_is_shown_lsm_by_lsm) {
  const Explanation e = explain(kFirstDenier, 3);
  BOOST_TEST(e.line == 25);
  BOOST_TEST(e.column == 5);
  const ExplainCall* open = nullptr;
  for (const ExplainCall& c : e.calls)
    if (c.hook == "file_open") open = &c;
  BOOST_TEST_REQUIRE(open != nullptr);
  BOOST_TEST(open->dispatch == "call_int_hook");
  BOOST_TEST(open->decided_by == "probe_b");
  std::vector<std::pair<std::string, ExplainLsm::State>> got;
  for (const ExplainLsm& l : open->lsms) got.emplace_back(l.lsm, l.state);
  const std::vector<std::pair<std::string, ExplainLsm::State>> want{
      {"capability", ExplainLsm::State::not_registered},
      {"probe_a", ExplainLsm::State::called},
      {"probe_b", ExplainLsm::State::called},
      {"probe_c", ExplainLsm::State::stopped}};
  BOOST_TEST((got == want));

  const std::string text = render_explanation(e, false);
  BOOST_TEST(text.rfind(path(kFirstDenier) + ":25:5: denied: step 3: init$ open(", 0) == 0u, text);
  BOOST_TEST(has(text, "probe_b     -13 EACCES   <- decided this call"), text);
  BOOST_TEST(has(text, "probe_c     not called: probe_b already answered -13 EACCES"), text);
  BOOST_TEST(has(text, "=> EACCES (13), decided by probe_b in file_open"), text);
  BOOST_TEST(!has(text, "\033["), "no colors unless asked");
  BOOST_TEST(has(render_explanation(e, true), "\033[1;31mdenied\033[0m"));
}

BOOST_AUTO_TEST_CASE(dac_decides_after_the_capability_checks) {
  const Explanation e = explain("scenarios/fs/dac_permissions.yaml", 8);
  BOOST_TEST(e.denied_by == "dac");
  const std::string text = render_explanation(e, false);
  BOOST_TEST(has(text, "decided by DAC"), text);
  BOOST_TEST(has(text, "cap_dac_override refused in user namespace init"), text);
  BOOST_TEST(has(text, "selinux     not called: capability already answered -1 EPERM"), text);
}

BOOST_AUTO_TEST_CASE(an_allowed_step) {
  const Explanation e = explain(kFirstDenier, 2);  // mkdir /demo
  BOOST_TEST(e.err == 0);
  const std::string text = render_explanation(e, false);
  BOOST_TEST(has(text, ": allowed: step 2: init$ mkdir("), text);
  BOOST_TEST(has(text, "=> allowed"), text);
}

BOOST_AUTO_TEST_CASE(json_carries_the_same_facts) {
  const Explanation e = explain("scenarios/flagship/08_selinux_namespace_nspawn.yaml", 18);
  const nlohmann::json j = nlohmann::json::parse(explanation_json(e));
  BOOST_TEST(j.at("step") == 18);
  BOOST_TEST(j.at("verdict") == "denied");
  BOOST_TEST(j.at("errno") == "EACCES");
  BOOST_TEST(j.at("decided_by").at("by") == "selinux");
  BOOST_TEST(j.at("decided_by").at("ns_level") == "init");
  const nlohmann::json& last = j.at("calls").back();
  BOOST_TEST(last.at("decided_by") == "selinux");
  bool init_denied = false;
  for (const auto& l : last.at("lsms"))
    if (l.at("lsm") == "selinux")
      for (const auto& lv : l.at("levels"))
        init_denied = init_denied || (lv.at("level") == "init" && lv.at("errno") == "EACCES");
  BOOST_TEST(init_denied);
}

BOOST_AUTO_TEST_CASE(a_step_the_scenario_does_not_have_is_bad_input) {
  auto session = ScenarioSession::from_file(path(kFirstDenier));
  BOOST_CHECK_THROW(explain_step(*session, 99), ParseError);
}

BOOST_AUTO_TEST_SUITE_END()
