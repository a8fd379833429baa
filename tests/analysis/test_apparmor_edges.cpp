// AppArmor edges against the profile they come from: ix stays, px enters the named profile,
// cx the child profile, ux leaves confinement; a program without an x rule is refused by
// AppArmor and is no edge.
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "analysis/transition_graph.h"
#include "lsms/apparmor/apparmor.h"
#include "lsms/apparmor/policy/profile_parser.h"
#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "tests/support/task_helpers.h"

namespace lsmsim {
namespace {

const char* kProfiles = R"(
profile p1 {
  /bin/sh ix,
  /bin/cat px -> p2,
  /bin/ls cx -> child,
  /bin/true ux,
  profile child {
    /bin/sh ix,
  }
}
profile p2 {
  /bin/sh ix,
  /bin/cat ix,
}
)";

struct AaKernel {
  Kernel k{[] {
    KernelConfig c;
    c.lsm.lsm = "capability,apparmor";
    return c;
  }()};
  AaKernel() { apparmor_load_profiles(k, kProfiles, aa::ProfileParseOptions{}); }
};

// state label -> program -> the label it leads to.
std::map<std::string, std::map<std::string, std::string>> edges_by_label(
    const analysis::TransitionGraph& g) {
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& e : g.edges)
    out[*g.states[e.from].label_of("apparmor")][e.path] = *g.states[e.to].label_of("apparmor");
  return out;
}

BOOST_AUTO_TEST_SUITE(analysis_apparmor_edges)

BOOST_AUTO_TEST_CASE(exec_modes_give_the_profile_s_targets) {
  AaKernel a;
  Task& t = testing::spawn(a.k.init_task());
  BOOST_REQUIRE(write_file(t, "/proc/self/attr/apparmor/current", "changeprofile p1").ok());
  const analysis::TransitionGraph g = analysis::explore_transitions(a.k, t);

  std::set<std::string> labels;
  for (const auto& s : g.states) labels.insert(*s.label_of("apparmor"));
  BOOST_CHECK((labels == std::set<std::string>{"p1 (enforce)", "p2 (enforce)",
                                               "p1//child (enforce)", "unconfined"}));
  auto by = edges_by_label(g);
  auto& p1 = by["p1 (enforce)"];
  BOOST_CHECK_EQUAL(p1["/bin/sh"], "p1 (enforce)");         // ix
  BOOST_CHECK_EQUAL(p1["/bin/cat"], "p2 (enforce)");        // px -> p2
  BOOST_CHECK_EQUAL(p1["/bin/ls"], "p1//child (enforce)");  // cx -> child
  BOOST_CHECK_EQUAL(p1["/bin/true"], "unconfined");         // ux
  BOOST_CHECK_EQUAL(p1.size(), 4u);                         // nothing else may run
  BOOST_CHECK_EQUAL(by["p2 (enforce)"].size(), 2u);
  BOOST_CHECK_EQUAL(by["p2 (enforce)"]["/bin/cat"], "p2 (enforce)");
  BOOST_CHECK_EQUAL(by["p1//child (enforce)"].size(), 1u);
  // Unconfined runs everything and stays unconfined (no profile attaches by path here).
  BOOST_CHECK_EQUAL(by["unconfined"].size(), g.programs.size());
  for (const auto& [path, to] : by["unconfined"]) BOOST_CHECK_EQUAL(to, "unconfined");
}

BOOST_AUTO_TEST_CASE(a_refused_exec_is_no_edge_and_names_the_denier) {
  AaKernel a;
  Task& t = testing::spawn(a.k.init_task());
  BOOST_REQUIRE(write_file(t, "/proc/self/attr/apparmor/current", "changeprofile p2").ok());
  const analysis::TransitionGraph g = analysis::explore_transitions(a.k, t);
  BOOST_REQUIRE_EQUAL(g.states.size(), 1u);
  BOOST_CHECK_EQUAL(g.edges.size(), 2u);  // /bin/sh and /bin/cat, both ix
  BOOST_CHECK_EQUAL(g.refused.size(), g.programs.size() - 2);
  for (const auto& r : g.refused) {
    BOOST_TEST_CONTEXT(r.path) {
      for (const auto& e : g.edges) BOOST_CHECK_NE(e.path, r.path);
      BOOST_REQUIRE(r.denial.has_value());
      BOOST_CHECK_EQUAL(r.denial->by, "apparmor");
      BOOST_CHECK_EQUAL(r.err, EACCES);
      BOOST_CHECK(!r.denial->hook.empty());
      BOOST_CHECK_NE(r.text().find("profile=\"p2\""), std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(an_access_probe_is_asked_in_every_state) {
  AaKernel a;
  Task& t = testing::spawn(a.k.init_task());
  BOOST_REQUIRE(write_file(t, "/proc/self/attr/apparmor/current", "changeprofile p1").ok());
  analysis::ExploreOptions opt;
  opt.access = analysis::parse_access("open /etc/passwd O_RDONLY");
  const analysis::TransitionGraph g = analysis::explore_transitions(a.k, t, opt);
  for (const auto& s : g.states) {
    BOOST_TEST_CONTEXT(s.label_text()) {
      BOOST_REQUIRE(s.access_allowed.has_value());
      // None of the profiles has a read rule: only unconfined may read.
      BOOST_CHECK_EQUAL(*s.access_allowed, *s.label_of("apparmor") == "unconfined");
      if (!*s.access_allowed) BOOST_CHECK_EQUAL(s.access_denial->by, "apparmor");
    }
  }
  const analysis::ReachAnswer ans = analysis::find_reachable(g, {});
  BOOST_REQUIRE(ans.reachable);
  BOOST_REQUIRE_EQUAL(ans.path.size(), 1u);
  BOOST_CHECK_EQUAL(g.edges[ans.path[0]].via, "exec /bin/true");
}

BOOST_AUTO_TEST_CASE(self_changes_follow_change_profile_rules) {
  AaKernel a;
  Task& t = testing::spawn(a.k.init_task());
  analysis::ExploreOptions opt;
  opt.self_changes = true;
  // Unconfined may change to any profile; the profiles have no change_profile rule.
  const analysis::TransitionGraph g = analysis::explore_transitions(a.k, t, opt);
  std::map<std::string, std::string> from_start;  // via -> label
  for (const auto& e : g.edges)
    if (e.from == 0 && e.via.rfind("change_profile ", 0) == 0)
      from_start[e.via] = *g.states[e.to].label_of("apparmor");
  BOOST_CHECK_EQUAL(from_start["change_profile p1"], "p1 (enforce)");
  BOOST_CHECK_EQUAL(from_start["change_profile p2"], "p2 (enforce)");
  BOOST_CHECK_EQUAL(from_start["change_profile p1//child"], "p1//child (enforce)");
  std::size_t refused_changes = 0;
  for (const auto& r : g.refused) {
    if (r.via.rfind("change_profile ", 0) != 0) continue;
    BOOST_CHECK_NE(*g.states[r.from].label_of("apparmor"), "unconfined");
    BOOST_REQUIRE(r.denial.has_value());
    BOOST_CHECK_EQUAL(r.denial->by, "apparmor");
    ++refused_changes;
  }
  // Each confined state refuses every change_profile (3 profiles each).
  BOOST_CHECK_EQUAL(refused_changes, 3u * (g.states.size() - 1));
  // change_onexec then exec: the onexec profile replaces the exec rule's target.
  bool onexec_seen = false;
  for (const auto& e : g.edges)
    if (e.from == 0 && e.via == "change_onexec p2; exec /bin/ls") {
      BOOST_CHECK_EQUAL(*g.states[e.to].label_of("apparmor"), "p2 (enforce)");
      onexec_seen = true;
    }
  BOOST_CHECK(onexec_seen);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lsmsim
