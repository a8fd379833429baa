// Reachability over a scenario: the product against each LSM booted alone, the bounds, the
// run's own kernel left alone, and the query syntax.
#include <boost/test/unit_test.hpp>

#include <set>

#include "analysis/reach.h"
#include "engine/run_state.h"
#include "engine/session.h"
#include "model/kernel.h"
#include "tests/analysis/analysis_support.h"

namespace lsmsim {
namespace {

// Steps 1..15 of the scenarios set the container up; the reachable: steps come after.
constexpr int kSetupSteps = 15;

analysis::ReachReport reach_in(const std::string& scenario, bool per_lsm,
                               analysis::ExploreLimits limits = {}) {
  analysis::ReachQuery q;
  q.from_task = "ctr";
  q.access = analysis::parse_access("open /etc/shadow O_WRONLY");
  q.per_lsm = per_lsm;
  q.limits = limits;
  return analysis::reach_file(testing::source_path("scenarios/analysis/" + scenario), kSetupSteps,
                              q);
}

std::vector<std::string> vias(const analysis::TransitionGraph& g, const analysis::ReachAnswer& a) {
  std::vector<std::string> out;
  for (std::size_t e : a.path) out.push_back(g.edges[e].via);
  return out;
}

// Each LSM's label of every product state is one that LSM reaches alone: stacking only
// intersects what the LSMs allow.
void check_projection(const analysis::ReachReport& r) {
  for (const analysis::LsmReach& l : r.per_lsm) {
    std::set<std::string> alone;
    for (const auto& s : l.graph.states) alone.insert(*s.label_of(l.lsm));
    for (const auto& s : r.graph.states)
      BOOST_CHECK_MESSAGE(alone.count(*s.label_of(l.lsm)) == 1,
                          l.lsm << " alone never reaches " << *s.label_of(l.lsm));
  }
}

BOOST_AUTO_TEST_SUITE(analysis_reach)

BOOST_AUTO_TEST_CASE(the_escape_is_found_only_in_the_product) {
  const analysis::ReachReport r = reach_in("stacked_escape.yaml", true);
  BOOST_REQUIRE(r.answer.reachable);
  BOOST_CHECK((vias(r.graph, r.answer) ==
               std::vector<std::string>{"exec /usr/bin/update", "exec /usr/sbin/admin"}));
  const auto& target = r.graph.states[*r.answer.target];
  BOOST_CHECK_EQUAL(*target.label_of("selinux"), "system_u:system_r:update_t:s0");
  BOOST_CHECK_EQUAL(*target.label_of("apparmor"), "ctr-admin (enforce)");
  BOOST_REQUIRE_EQUAL(r.per_lsm.size(), 2u);
  for (const analysis::LsmReach& l : r.per_lsm) {
    BOOST_TEST_CONTEXT(l.lsm) {
      BOOST_REQUIRE(l.answer.reachable);
      BOOST_CHECK_EQUAL(l.graph.lsms.size(), 1u);
      // Each LSM alone finds a one-step path, and it is not the product's.
      const auto v = vias(l.graph, l.answer);
      BOOST_REQUIRE_EQUAL(v.size(), 1u);
      BOOST_CHECK_EQUAL(v[0], l.lsm == "selinux" ? "exec /usr/bin/update" : "exec /usr/sbin/admin");
    }
  }
  check_projection(r);
}

BOOST_AUTO_TEST_CASE(the_fixed_stack_proves_the_write_unreachable) {
  const analysis::ReachReport r = reach_in("stacked_no_escape.yaml", true);
  BOOST_CHECK(!r.answer.reachable);
  BOOST_CHECK(!r.answer.target.has_value());
  // The proof: every reachable state was probed and one LSM denied the write in each.
  BOOST_CHECK_EQUAL(r.answer.reached.size(), r.graph.states.size());
  std::set<std::string> deniers;
  for (const auto& s : r.graph.states) {
    BOOST_REQUIRE(s.access_allowed.has_value());
    BOOST_CHECK(!*s.access_allowed);
    BOOST_REQUIRE(s.access_denial.has_value());
    deniers.insert(s.access_denial->by);
  }
  BOOST_CHECK((deniers == std::set<std::string>{"selinux", "apparmor"}));
  for (const analysis::LsmReach& l : r.per_lsm) BOOST_CHECK(l.answer.reachable);
  BOOST_CHECK_NE(r.text().find("no reachable state of the stack is allowed by all"),
                 std::string::npos);
  check_projection(r);
}

BOOST_AUTO_TEST_CASE(limits_stop_the_exploration_with_their_name) {
  analysis::ExploreLimits states;
  states.max_states = 2;
  BOOST_CHECK_EXCEPTION(reach_in("stacked_escape.yaml", false, states), analysis::LimitExceeded,
                        [](const analysis::LimitExceeded& e) {
                          return std::string(e.what()).find("max_states = 2") != std::string::npos;
                        });
  analysis::ExploreLimits attempts;
  attempts.max_candidates = 5;
  BOOST_CHECK_EXCEPTION(reach_in("stacked_escape.yaml", false, attempts), analysis::LimitExceeded,
                        [](const analysis::LimitExceeded& e) {
                          return std::string(e.what()).find("max_candidates = 5") !=
                                 std::string::npos;
                        });
}

BOOST_AUTO_TEST_CASE(unknown_or_later_tasks_are_refused) {
  analysis::ReachQuery q;
  q.from_task = "nobody";
  const std::string file = testing::source_path("scenarios/analysis/stacked_escape.yaml");
  BOOST_CHECK_THROW(analysis::reach_file(file, kSetupSteps, q), std::invalid_argument);
  q.from_task = "tool";  // forked after the setup
  BOOST_CHECK_EXCEPTION(analysis::reach_file(file, kSetupSteps, q), std::invalid_argument,
                        [](const std::invalid_argument& e) {
                          return std::string(e.what()).find("created by step") != std::string::npos;
                        });
}

BOOST_AUTO_TEST_CASE(the_reachable_step_leaves_the_run_s_kernel_alone) {
  auto s = engine::ScenarioSession::from_file(
      testing::source_path("scenarios/analysis/stacked_escape.yaml"));
  s->run_before(kSetupSteps + 1);
  auto pids = [&] {
    std::vector<Pid> out;
    for (Task* t : s->kernel().tasks()) out.push_back(t->pid);
    return out;
  };
  const std::vector<Pid> before = pids();
  const auto& rec = s->run_next();  // reachable: {from: ctr, access: ..., per_lsm: true}
  BOOST_CHECK(rec.passed());
  BOOST_CHECK_EQUAL(rec.result.rfind("= 1", 0), 0u);
  BOOST_CHECK(pids() == before);
  // The scenario's next step forks: it gets the pid it would get without the analysis.
  s->run_all();
  for (const auto& st : s->record().steps) BOOST_CHECK_MESSAGE(st.passed(), st.call);
}

BOOST_AUTO_TEST_CASE(label_patterns_match_types_profiles_and_stacks) {
  using analysis::label_matches;
  BOOST_CHECK(label_matches("selinux", "update_t", "system_u:system_r:update_t:s0"));
  BOOST_CHECK(
      label_matches("selinux", "system_u:system_r:update_t:s0", "system_u:system_r:update_t:s0"));
  BOOST_CHECK(!label_matches("selinux", "update", "system_u:system_r:update_t:s0"));
  BOOST_CHECK(label_matches("apparmor", "ctr", "ctr (enforce)"));
  BOOST_CHECK(label_matches("apparmor", "unconfined", "unconfined"));
  BOOST_CHECK(label_matches("apparmor", "cupsd", "host//&:c1:cupsd (enforce)"));
  BOOST_CHECK(label_matches("apparmor", "host", "host//&:c1:cupsd (enforce)"));
  BOOST_CHECK(!label_matches("apparmor", "c1", "host//&:c1:cupsd (enforce)"));
  const analysis::LabelPattern p = analysis::parse_label_pattern("selinux=update_t, apparmor=x");
  BOOST_CHECK_EQUAL(p.per_lsm.at("selinux"), "update_t");
  BOOST_CHECK_EQUAL(p.per_lsm.at("apparmor"), "x");
  BOOST_CHECK_THROW(analysis::parse_label_pattern("selinux"), std::invalid_argument);
  const analysis::AccessProbe a = analysis::parse_access("open /etc/shadow O_WRONLY|O_APPEND");
  BOOST_CHECK_EQUAL(a.text(), "open /etc/shadow O_WRONLY|O_APPEND");
  BOOST_CHECK_THROW(analysis::parse_access("open /etc/shadow O_BOGUS"), std::invalid_argument);
  BOOST_CHECK_THROW(analysis::parse_access("unlink /etc/shadow"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lsmsim
