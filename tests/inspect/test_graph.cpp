// lsmsim graph: the label history of a run and the graph drawn from it, parsed back from DOT
// with boost::read_graphviz.
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/test/unit_test.hpp>
#include <set>

#include "engine/graphviz_render.h"
#include "engine/inspect_graph.h"
#include "engine/label_history.h"
#include "engine/scenario_model.h"
#include "inspect_support.h"

using namespace lsmsim;
using lsmsim::test::library_session;

namespace {

struct ParsedNode {
  std::string id, label, kind;
};
struct ParsedEdge {
  std::string label, kind;
};
using Parsed =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, ParsedNode, ParsedEdge>;

// The DOT text read back: (from id, to id, kind, label) for every edge; node ids -> kind.
struct ReadBack {
  std::map<std::string, std::string> kinds;
  std::set<std::tuple<std::string, std::string, std::string, std::string>> edges;
};

ReadBack read_back(const std::string& dot) {
  Parsed g;
  boost::dynamic_properties dp(boost::ignore_other_properties);
  dp.property("node_id", boost::get(&ParsedNode::id, g));
  dp.property("label", boost::get(&ParsedNode::label, g));
  dp.property("kind", boost::get(&ParsedNode::kind, g));
  dp.property("label", boost::get(&ParsedEdge::label, g));
  dp.property("kind", boost::get(&ParsedEdge::kind, g));
  BOOST_TEST_REQUIRE(boost::read_graphviz(dot, g, dp, "node_id"));
  ReadBack r;
  for (auto v : boost::make_iterator_range(boost::vertices(g))) r.kinds[g[v].id] = g[v].kind;
  for (auto e : boost::make_iterator_range(boost::edges(g)))
    r.edges.emplace(g[boost::source(e, g)].id, g[boost::target(e, g)].id, g[e].kind, g[e].label);
  return r;
}

struct Drawn {
  engine::LabelHistory history;
  engine::RunGraph graph;
  std::string dot;
};

Drawn draw(engine::ScenarioSession& s, const std::string& viewer = "init", int last = -1) {
  Drawn d;
  engine::run_with_history(s, last, d.history);
  engine::add_namespace_graph(d.graph, s.state());
  engine::add_task_graph(d.graph, s.state(), s.state().running_task(viewer), d.history);
  d.dot = engine::run_graph_dot(d.graph, s.scenario().name);
  return d;
}

const engine::LabelTransition* find_transition(const engine::LabelHistory& h,
                                               const std::string& task, const std::string& to) {
  for (const engine::LabelTransition& t : h.transitions())
    if (t.task == task && t.to == to) return &t;
  return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(graph)

// The nspawn scenario: nspawn's own view goes nspawn_t -> (unshare) kernel -> (policy load)
// kernel_t -> init_t; its child daemon's init_t -> guest_daemon_t. The host view of them
// never changes, so no transition is recorded from it.
BOOST_AUTO_TEST_CASE(selinux_namespace_transitions) {
  auto s = library_session("scenarios/flagship/08_selinux_namespace_nspawn.yaml");
  const Drawn d = draw(*s);
  const engine::LabelHistory& h = d.history;
  const auto* setcon = find_transition(h, "nspawn", "system_u:system_r:nspawn_t:s0");
  BOOST_TEST_REQUIRE(setcon != nullptr);
  BOOST_TEST(setcon->step == 2);
  BOOST_TEST(setcon->how == "setcon");
  BOOST_TEST(setcon->from == "system_u:system_r:kernel_t:s0");
  const auto* unshare = find_transition(h, "nspawn", "kernel");
  BOOST_TEST_REQUIRE(unshare != nullptr);
  BOOST_TEST(unshare->step == 3);
  BOOST_TEST(unshare->how == "selinux unshare");
  const auto* load = find_transition(h, "nspawn", "system_u:system_r:kernel_t:s0");
  BOOST_TEST_REQUIRE(load != nullptr);
  BOOST_TEST(load->how == "load_policy");
  const auto* daemon = find_transition(h, "daemon", "system_u:system_r:guest_daemon_t:s0");
  BOOST_TEST_REQUIRE(daemon != nullptr);
  BOOST_TEST(daemon->from == "system_u:system_r:init_t:s0");
  BOOST_TEST(h.transitions().size() == 5u);
  for (const engine::LabelTransition& t : h.transitions()) BOOST_TEST(t.lsm == "selinux");

  const ReadBack g = read_back(d.dot);
  BOOST_TEST(g.kinds.at("selinuxns_init") == "selinuxns");
  BOOST_TEST(g.kinds.at("selinuxns_selinuxns1") == "selinuxns");
  BOOST_TEST(g.edges.count({"selinuxns_selinuxns1", "selinuxns_init", "parent", "parent"}) == 1u);
  BOOST_TEST(g.edges.count({"task_2", "selinuxns_selinuxns1", "in", "in"}) == 1u);
  BOOST_TEST(g.edges.count({"task_1", "task_2", "child", ""}) == 1u);
  BOOST_TEST(g.edges.count({"task_2", "task_3", "child", ""}) == 1u);
  const std::string nspawn_t = engine::graph_label_id("selinux", "system_u:system_r:nspawn_t:s0");
  const std::string kernel_t = engine::graph_label_id("selinux", "system_u:system_r:kernel_t:s0");
  BOOST_TEST(g.kinds.at(nspawn_t) == "label");
  BOOST_TEST(g.edges.count({kernel_t, nspawn_t, "transition", "#2 setcon (nspawn)"}) == 1u);
  // nspawn's mount namespace (unshare mnt) is drawn, owned by the initial user namespace.
  std::size_t mnt = 0;
  for (const auto& [id, kind] : g.kinds)
    if (id.rfind("mntns_", 0) == 0) ++mnt;
  BOOST_TEST(mnt == 2u);
  // Deterministic: the same run draws the same text.
  auto again = library_session("scenarios/flagship/08_selinux_namespace_nspawn.yaml");
  BOOST_TEST(draw(*again).dot == d.dot);
}

// LXD on an SELinux host: AppArmor policy namespace below root, the container's user
// namespace owned by the initial one, its tasks in both; aa_exec / exec transitions.
BOOST_AUTO_TEST_CASE(apparmor_namespaces_and_user_namespace_owner) {
  auto s = library_session("scenarios/flagship/09_apparmor_lxd_on_selinux.yaml");
  const Drawn d = draw(*s);
  const ReadBack g = read_back(d.dot);
  std::string aa_child;
  for (const auto& [id, kind] : g.kinds)
    if (kind == "apparmorns" && id != "apparmorns_root") aa_child = id;
  BOOST_TEST_REQUIRE(!aa_child.empty());
  BOOST_TEST(g.edges.count({aa_child, "apparmorns_root", "parent", "parent"}) == 1u);
  std::size_t user_nss = 0;
  for (const auto& [id, kind] : g.kinds)
    if (kind == "userns") ++user_nss;
  BOOST_TEST(user_nss == 2u);
  bool c1_in_aa_ns = false, c1_in_userns = false;
  for (const auto& [from, to, kind, label] : g.edges) {
    if (kind != "in" || g.kinds.count(from) == 0) continue;
    if (to == aa_child) c1_in_aa_ns = true;
    if (g.kinds.at(to) == "userns") c1_in_userns = true;
  }
  BOOST_TEST(c1_in_aa_ns);
  BOOST_TEST(c1_in_userns);
  // Every transition in the history is an edge between two label nodes.
  BOOST_TEST(!d.history.transitions().empty());
  for (const engine::LabelTransition& t : d.history.transitions()) {
    const std::string label = "#" + std::to_string(t.step) + " " + t.how + " (" + t.task + ")";
    BOOST_TEST(g.edges.count({engine::graph_label_id(t.lsm, t.from),
                              engine::graph_label_id(t.lsm, t.to), "transition", label}) == 1u,
               label);
  }
  const auto* cupsd = find_transition(d.history, "cupsd", "/usr/sbin/cupsd (enforce)");
  BOOST_TEST_REQUIRE(cupsd != nullptr);
  BOOST_TEST(cupsd->lsm == "apparmor");
}

// --after-step: the history stops there; a task created later is not drawn.
BOOST_AUTO_TEST_CASE(after_step_stops_the_run) {
  auto s = library_session("scenarios/flagship/08_selinux_namespace_nspawn.yaml");
  const Drawn d = draw(*s, "init", 2);
  BOOST_TEST(d.history.transitions().size() == 1u);
  const ReadBack g = read_back(d.dot);
  BOOST_TEST(g.kinds.count("task_2") == 1u);
  BOOST_TEST(g.kinds.count("task_3") == 0u);
  BOOST_TEST(g.kinds.count("selinuxns_selinuxns1") == 0u);
}

// Smack namespaces (the prototype's label maps) hang off their user namespaces.
BOOST_AUTO_TEST_CASE(smack_label_maps) {
  auto s = library_session("scenarios/flagship/11_smack_namespaced_containers.yaml");
  const Drawn d = draw(*s);
  const ReadBack g = read_back(d.dot);
  std::size_t maps = 0;
  for (const auto& [from, to, kind, label] : g.edges)
    if (g.kinds.at(from) == "smackns") {
      ++maps;
      BOOST_TEST(kind == "owner");
      BOOST_TEST(g.kinds.at(to) == "userns");
    }
  BOOST_TEST(maps >= 2u);
}

// Seen from inside a pid namespace, the host's tasks are drawn without labels: the viewer has
// no /proc entry for them.
BOOST_AUTO_TEST_CASE(viewer_outside_pid_namespace) {
  engine::ScenarioSession s(R"(name: graph pidns
steps:
  - {as: init, fork: a}
  - {as: a, unshare: [pid]}
  - {as: a, fork: c}
)",
                            "g.yaml");
  const Drawn d = draw(s, "c");
  const std::string& host = d.graph.nodes.at(engine::graph_task_id(1)).label;
  const std::string& self = d.graph.nodes.at(engine::graph_task_id(3)).label;
  BOOST_TEST(host.find("pid - (global 1)") != std::string::npos);
  BOOST_TEST(host.find("not in the viewer's pid namespace") != std::string::npos);
  BOOST_TEST(self.find("pid 1 (global 3)") != std::string::npos);
  BOOST_TEST(self.find("not in the viewer") == std::string::npos);
  // c is drawn in the box of its pid namespace, the host's tasks outside any.
  const std::string cluster = d.graph.nodes.at(engine::graph_task_id(3)).cluster;
  BOOST_TEST(cluster.rfind("cluster_pidns_", 0) == 0u);
  BOOST_TEST(d.graph.clusters.at(cluster).parent.empty());
  BOOST_TEST(d.graph.nodes.at(engine::graph_task_id(1)).cluster.empty());
  BOOST_TEST(d.dot.find("subgraph " + cluster + " {") != std::string::npos);
  BOOST_TEST(d.graph.has_edge(
      engine::graph_task_id(3),
      engine::graph_ns_id("pid", s.state().running_task("c").active_pid_ns().inum), "in"));
}

BOOST_AUTO_TEST_CASE(svg_in_process) {
  auto s = library_session("scenarios/flagship/08_selinux_namespace_nspawn.yaml");
  const std::string svg = engine::render_dot_to_svg(draw(*s).dot);
  BOOST_TEST(svg.find("<svg") != std::string::npos);
  BOOST_TEST(svg.find("</svg>") != std::string::npos);
  BOOST_TEST(svg.find("SELinux ns selinuxns1") != std::string::npos);
  BOOST_CHECK_THROW(engine::render_dot_to_svg("digraph { a -> "), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()
