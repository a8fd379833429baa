// Queries over an explored TransitionGraph with Boost.Graph: breadth-first search from the
// start (fewest execs first) with distance and tree-edge recorders, and DOT output.
#include "analysis/transition_graph.h"

// GCC 12 reports a false -Wmaybe-uninitialized inside Boost.Graph's edge iterator (an
// optional<pair<iterator>> it reads only when engaged) when write_graphviz is inlined.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/visitors.hpp>
#include <limits>
#include <map>
#include <sstream>

namespace lsmsim::analysis {

namespace {

struct VertexProps {
  std::size_t state = 0;
};
struct EdgeProps {
  std::size_t edge = 0;  // index into TransitionGraph::edges
};
using Graph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, VertexProps, EdgeProps>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;

Graph build(const TransitionGraph& g) {
  Graph bg(g.states.size());
  for (std::size_t i = 0; i < g.states.size(); ++i) bg[i].state = i;
  for (std::size_t i = 0; i < g.edges.size(); ++i)
    boost::add_edge(g.edges[i].from, g.edges[i].to, EdgeProps{i}, bg);
  return bg;
}

// Event visitors for breadth_first_search: the order states are discovered in, and for each
// state the transition that first reached it (the BFS tree: a shortest path back).
struct RecordDiscovery {
  using event_filter = boost::on_discover_vertex;
  std::vector<std::size_t>* order;
  void operator()(Vertex v, const Graph&) const { order->push_back(v); }
};
struct RecordTreeEdge {
  using event_filter = boost::on_tree_edge;
  std::vector<std::size_t>* via;
  template <class E>
  void operator()(E e, const Graph& bg) const {
    (*via)[boost::target(e, bg)] = bg[e].edge;
  }
};

bool lsm_matches(const AnalysisState& s, const std::string& lsm, const std::string& pat) {
  for (const LsmLabel& l : s.labels)
    if (l.lsm == lsm) return label_matches(lsm, pat, l.label) || label_matches(lsm, pat, l.own);
  return false;
}

bool state_matches(const TransitionGraph& g, const AnalysisState& s, const LabelPattern& to) {
  for (const auto& [lsm, pat] : to.per_lsm)
    if (!lsm_matches(s, lsm, pat)) return false;
  return !g.access || s.access_allowed.value_or(false);
}

std::string dot_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string access_result(const AnalysisState& s, const AccessProbe& a) {
  if (!s.access_allowed) return a.text() + ": not probed";
  if (*s.access_allowed) return a.text() + ": allowed";
  return a.text() + ": " + describe(SysResult::error(s.access_errno, s.access_denial));
}

std::string state_line(const TransitionGraph& g, std::size_t i) {
  return "[" + std::to_string(i) + "] " + g.states[i].label_text();
}

}  // namespace

ReachAnswer find_reachable(const TransitionGraph& g, const LabelPattern& to) {
  ReachAnswer a;
  if (g.states.empty()) return a;
  const Graph bg = build(g);
  const std::size_t n = g.states.size();
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> via(n, kNone), dist(n, 0);
  boost::breadth_first_search(
      bg, boost::vertex(0, bg),
      boost::visitor(boost::make_bfs_visitor(std::make_pair(
          RecordDiscovery{&a.reached},
          std::make_pair(RecordTreeEdge{&via},
                         boost::record_distances(dist.data(), boost::on_tree_edge()))))));
  // Discovery order is by distance, so the first match is a nearest one.
  for (std::size_t v : a.reached) {
    if (!state_matches(g, g.states[v], to)) continue;
    a.reachable = true;
    a.target = v;
    for (std::size_t cur = v; cur != 0; cur = g.edges[via[cur]].from) a.path.push_back(via[cur]);
    std::reverse(a.path.begin(), a.path.end());
    break;
  }
  return a;
}

std::string describe_answer(const TransitionGraph& g, const LabelPattern& to,
                            const ReachAnswer& a) {
  std::ostringstream o;
  std::string goal = "a state";
  if (!to.empty()) goal += " matching " + to.text();
  if (g.access)
    goal += std::string(to.empty() ? "" : " and") + " where " + g.access->text() + " is allowed";
  o << "reachable: " << (a.reachable ? "yes" : "no") << " -- " << goal << "\n";
  o << "explored: " << g.states.size() << " states, " << g.edges.size() << " transitions, "
    << g.refused.size() << " refused of " << g.attempts << " exec attempts (" << g.programs.size()
    << " programs)\n";
  if (g.states.empty()) return o.str();
  o << "start " << state_line(g, 0) << "\n      " << g.states[0].container << " euid "
    << g.states[0].euid << "\n";
  if (a.reachable) {
    int step = 1;
    for (std::size_t e : a.path) {
      const TransitionEdge& t = g.edges[e];
      o << "  " << step++ << ". " << t.via;
      if (!t.file_context.empty()) o << " (" << t.file_context << ")";
      o << "\n     -> " << state_line(g, t.to) << "\n";
    }
    if (a.path.empty()) o << "  the start state itself matches\n";
    if (g.access) o << "  " << access_result(g.states[*a.target], *g.access) << "\n";
    return o.str();
  }
  o << "every reachable state, and why it is not a target:\n";
  for (std::size_t v : a.reached) {
    const AnalysisState& s = g.states[v];
    o << "  " << state_line(g, v) << "\n";
    bool labels_ok = true;
    for (const auto& [lsm, pat] : to.per_lsm) {
      if (!lsm_matches(s, lsm, pat)) {
        o << "      " << lsm << " label does not match " << pat << "\n";
        labels_ok = false;
      }
    }
    if (g.access && (labels_ok || !to.empty()))
      o << "      " << access_result(s, *g.access) << "\n";
  }
  return o.str();
}

std::string describe_graph(const TransitionGraph& g) {
  std::ostringstream o;
  o << g.states.size() << " states, " << g.edges.size() << " transitions, " << g.refused.size()
    << " refused of " << g.attempts << " exec attempts (" << g.programs.size() << " programs)\n";
  for (std::size_t i = 0; i < g.states.size(); ++i) {
    const AnalysisState& s = g.states[i];
    o << state_line(g, i) << (i == 0 ? "  (start)" : "") << "\n";
    if (i == 0 || s.container != g.states[0].container || s.euid != g.states[0].euid)
      o << "    " << s.container << " euid " << s.euid << "\n";
    if (g.access) o << "    " << access_result(s, *g.access) << "\n";
    auto plain_exec = [](const std::string& via) { return via.rfind("exec ", 0) == 0; };
    std::map<std::size_t, std::vector<std::string>> out;
    for (const TransitionEdge& e : g.edges)
      if (e.from == i && plain_exec(e.via)) out[e.to].push_back(e.path);
    for (const auto& [to, paths] : out) {
      o << "    -> [" << to << "] by exec of";
      for (const std::string& p : paths) o << " " << p;
      o << "\n";
    }
    for (const TransitionEdge& e : g.edges)
      if (e.from == i && !plain_exec(e.via)) o << "    -> [" << e.to << "] by " << e.via << "\n";
    std::map<std::string, std::vector<std::string>> refused;  // by who -> programs
    for (const RefusedTransition& r : g.refused)
      if (r.from == i)
        refused[r.denial ? r.denial->by : "errno " + std::to_string(r.err)].push_back(
            plain_exec(r.via) ? r.path : r.via);
    for (const auto& [by, paths] : refused) {
      o << "    refused by " << by << ":";
      for (const std::string& p : paths) o << " " << p;
      o << "\n";
    }
  }
  return o.str();
}

std::string transition_dot(const TransitionGraph& g, const ReachAnswer* highlight) {
  // One DOT edge per pair of states, listing the programs that make it.
  struct DotVertex {
    std::string label;
    bool start = false, target = false;
  };
  struct DotEdge {
    std::string label;
    bool on_path = false;
  };
  using DotGraph =
      boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, DotVertex, DotEdge>;
  DotGraph dg(g.states.size());
  for (std::size_t i = 0; i < g.states.size(); ++i) {
    const AnalysisState& s = g.states[i];
    std::string label = "[" + std::to_string(i) + "]";
    for (const LsmLabel& l : s.labels) {
      label += "\n" + l.lsm + ": " + l.label;
      if (l.own != l.label) label += "\n  (own view: " + l.own + ")";
    }
    if (s.euid != 0) label += "\neuid " + std::to_string(s.euid);
    if (g.access && s.access_allowed)
      label +=
          "\n" + g.access->text() +
          (*s.access_allowed
               ? std::string(": allowed")
               : ": denied by " + (s.access_denial ? s.access_denial->by
                                                   : "errno " + std::to_string(s.access_errno)));
    dg[i].label = label;
    dg[i].start = i == 0;
    dg[i].target = highlight != nullptr && highlight->target == i;
  }
  std::map<std::pair<std::size_t, std::size_t>, std::vector<std::size_t>> merged;
  for (std::size_t i = 0; i < g.edges.size(); ++i)
    merged[{g.edges[i].from, g.edges[i].to}].push_back(i);
  for (const auto& [pair, list] : merged) {
    DotEdge e;
    for (std::size_t k = 0; k < list.size() && k < 4; ++k)
      e.label += (k ? "\n" : "") + g.edges[list[k]].via;
    if (list.size() > 4) e.label += "\n+" + std::to_string(list.size() - 4) + " more";
    if (highlight != nullptr)
      for (std::size_t p : highlight->path)
        for (std::size_t k : list) e.on_path = e.on_path || p == k;
    boost::add_edge(pair.first, pair.second, e, dg);
  }
  std::ostringstream out;
  boost::write_graphviz(
      out, dg,
      [&](std::ostream& os, boost::graph_traits<DotGraph>::vertex_descriptor v) {
        os << "[shape=box,label=\"" << dot_escape(dg[v].label) << "\"";
        if (dg[v].start) os << ",peripheries=2";
        if (dg[v].target) os << ",style=filled,fillcolor=\"#ffd0d0\"";
        os << "]";
      },
      [&](std::ostream& os, boost::graph_traits<DotGraph>::edge_descriptor e) {
        os << "[label=\"" << dot_escape(dg[e].label) << "\"";
        if (dg[e].on_path) os << ",color=red,penwidth=2";
        os << "]";
      },
      [](std::ostream& os) { os << "rankdir=LR;\nnode [fontname=\"monospace\"];\n"; });
  return out.str();
}

}  // namespace lsmsim::analysis
