// RunGraph -> Boost.Graph (adjacency_list with bundled properties) -> DOT through
// boost::write_graphviz with the dynamic-properties writers (as write_graphviz_dp) and a graph
// writer that adds the clusters. Boost stays in this file.
#include <algorithm>
// GCC 12 reports -Wmaybe-uninitialized inside write_graphviz's edge iteration (the
// boost::optional in adj_list_edge_iterator), a known false positive; this file only.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <sstream>
#include <string_view>
#include <tuple>

#include "engine/inspect_graph.h"

namespace lsmsim::engine {

namespace {

struct VertexProps {
  std::string id, label, kind, shape, style, fillcolor;
};
struct EdgeProps {
  std::string label, kind, style, color;
};
struct GraphProps {};
using DotGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, VertexProps, EdgeProps>;

// One look per kind, so the trees read apart in the picture.
struct VertexLook {
  std::string_view kind, shape, style, fillcolor;
};
constexpr VertexLook kVertexLooks[] = {
    {"task", "box", "rounded,filled", "lightyellow"},
    {"label", "note", "filled", "honeydew"},
    {"userns", "house", "filled", "lightblue"},
    {"selinuxns", "hexagon", "filled", "mistyrose"},
    {"apparmorns", "hexagon", "filled", "lavender"},
    {"smackns", "hexagon", "filled", "wheat"},
};
constexpr VertexLook kOtherNamespaceLook = {"", "ellipse", "filled", "aliceblue"};

void style_vertex(VertexProps& v) {
  const VertexLook* look = &kOtherNamespaceLook;
  for (const VertexLook& l : kVertexLooks)
    if (l.kind == v.kind) look = &l;
  v.shape = look->shape;
  v.style = look->style;
  v.fillcolor = look->fillcolor;
}

void style_edge(EdgeProps& e) {
  if (e.kind == "transition") {
    e.style = "bold";
    e.color = "darkgreen";
  } else if (e.kind == "in" || e.kind == "has") {
    e.style = "dashed";
    e.color = "gray50";
  } else if (e.kind == "owner") {
    e.style = "dotted";
    e.color = "blue";
  } else {
    e.style = "solid";
    e.color = "black";
  }
}

// DOT's escString: a quoted string where \n is a line break. write_graphviz escapes quotes;
// a backslash of the text itself must be doubled first.
std::string dot_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// The graph attributes, then one "subgraph cluster_..." per cluster naming its nodes (a node
// named inside a subgraph belongs to it; its attributes follow at the top level).
struct ClusterWriter {
  const boost::dynamic_properties& dp;
  const DotGraph& g;
  const RunGraph& run;

  void write(std::ostream& out, const GraphCluster& c) const {
    out << "subgraph " << c.id << " {\n"
        << "label=" << boost::escape_dot_string(dot_text(c.label)) << ";\n"
        << "style=rounded;\ncolor=gray60;\n";
    for (const auto& [id, cl] : run.clusters)
      if (cl.parent == c.id) write(out, cl);
    for (const auto& [id, n] : run.nodes)
      if (n.cluster == c.id) out << boost::escape_dot_string(id) << ";\n";
    out << "}\n";
  }
  void operator()(std::ostream& out) const {
    boost::dynamic_graph_properties_writer<DotGraph>(dp, g)(out);
    for (const auto& [id, c] : run.clusters)
      if (c.parent.empty()) write(out, c);
  }
};

}  // namespace

std::string run_graph_dot(const RunGraph& g, const std::string& title) {
  DotGraph dg;
  std::map<std::string, DotGraph::vertex_descriptor> index;
  for (const auto& [id, n] : g.nodes) {  // std::map: by id
    VertexProps v{n.id, dot_text(n.label), n.kind, "", "", ""};
    style_vertex(v);
    index[id] = boost::add_vertex(v, dg);
  }
  std::vector<GraphEdge> edges;
  for (const GraphEdge& e : g.edges)
    if (index.count(e.from) != 0 && index.count(e.to) != 0) edges.push_back(e);
  std::sort(edges.begin(), edges.end(), [](const GraphEdge& a, const GraphEdge& b) {
    return std::tie(a.from, a.to, a.kind, a.label) < std::tie(b.from, b.to, b.kind, b.label);
  });
  for (const GraphEdge& e : edges) {
    EdgeProps p{dot_text(e.label), e.kind, "", ""};
    style_edge(p);
    boost::add_edge(index[e.from], index[e.to], p, dg);
  }

  boost::dynamic_properties dp;
  dp.property("node_id", boost::get(&VertexProps::id, dg));
  dp.property("label", boost::get(&VertexProps::label, dg));
  dp.property("shape", boost::get(&VertexProps::shape, dg));
  dp.property("style", boost::get(&VertexProps::style, dg));
  dp.property("fillcolor", boost::get(&VertexProps::fillcolor, dg));
  dp.property("kind", boost::get(&VertexProps::kind, dg));
  dp.property("label", boost::get(&EdgeProps::label, dg));
  dp.property("kind", boost::get(&EdgeProps::kind, dg));
  dp.property("style", boost::get(&EdgeProps::style, dg));
  dp.property("color", boost::get(&EdgeProps::color, dg));
  dp.property("rankdir", boost::make_constant_property<DotGraph*>(std::string("LR")));
  dp.property("label", boost::make_constant_property<DotGraph*>(dot_text(title)));
  dp.property("fontname", boost::make_constant_property<DotGraph*>(std::string("Helvetica")));
  std::ostringstream out;
  boost::write_graphviz(out, dg, boost::dynamic_vertex_properties_writer(dp, "node_id"),
                        boost::dynamic_properties_writer(dp), ClusterWriter{dp, dg, g},
                        boost::get(&VertexProps::id, dg));
  std::string text = out.str();
  if (text.empty() || text.back() != '\n') text += '\n';
  return text;
}

}  // namespace lsmsim::engine
