// What `lsmsim graph` draws, as plain nodes and edges: the namespace trees (kernel namespaces
// with their owning user namespace, SELinux namespaces, AppArmor policy namespaces, Smack
// label maps), the task tree with each task's labels and namespaces, and the label
// transitions of the run. engine/graph_dot.cpp turns it into a Boost.Graph and writes DOT.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace lsmsim {
struct Task;
}

namespace lsmsim::engine {

class LabelHistory;
class RunState;

struct GraphNode {
  std::string id;     // DOT node id: [a-z0-9_]+, unique
  std::string label;  // lines separated by '\n'
  // userns, ns (the other kernel namespace types), selinuxns, apparmorns, smackns, task, label
  std::string kind;
  std::string cluster;  // the GraphCluster it is drawn in; "" for none
};

// A box around nodes (a DOT "cluster_" subgraph): the tasks of one pid namespace (nested as
// the namespaces are), the labels of one LSM.
struct GraphCluster {
  std::string id;  // "cluster_..."
  std::string label;
  std::string parent;  // the enclosing cluster, "" at the top
};

struct GraphEdge {
  std::string from, to;
  std::string label;
  // owner (ns -> its user ns), parent (ns -> parent ns), child (task -> child task), in (task
  // -> a namespace it is in, initial ones left out), has (task -> its current label),
  // transition (old label -> new label)
  std::string kind;
};

struct RunGraph {
  std::map<std::string, GraphNode> nodes;  // by id: sorted, so the output is deterministic
  std::vector<GraphEdge> edges;
  std::map<std::string, GraphCluster> clusters;

  void add_node(GraphNode n) { nodes.emplace(n.id, std::move(n)); }
  void add_edge(GraphEdge e);  // ignores an exact duplicate
  bool has_edge(const std::string& from, const std::string& to, const std::string& kind) const;
};

// Node ids, shared by the files that build the graph.
std::string graph_ns_id(const std::string& type, unsigned inum);
std::string graph_task_id(int global_pid);
std::string graph_label_id(const std::string& lsm, const std::string& text);
std::string graph_selinux_ns_id(const std::string& name);    // "selinuxns_init"
std::string graph_apparmor_ns_id(const std::string& hname);  // "apparmorns_root"

// (a): every namespace a task of the run is in, with its ancestors and owners.
void add_namespace_graph(RunGraph& g, RunState& state);
// (b) and (c): tasks (labels as `viewer` reads them, like `lsmsim ps --lsm all`), their
// parent/child edges and namespaces; the label transitions recorded in `history`.
void add_task_graph(RunGraph& g, RunState& state, Task& viewer, const LabelHistory& history);

// The graph as Graphviz DOT, through boost::write_graphviz (nodes by id, edges sorted).
std::string run_graph_dot(const RunGraph& g, const std::string& title);

}  // namespace lsmsim::engine
