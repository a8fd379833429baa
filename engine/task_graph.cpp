// (b) and (c) of `lsmsim graph`: the task tree with labels and namespaces, and the label
// transitions recorded while the run went step by step.

#include "engine/inspect_graph.h"
#include "engine/label_history.h"
#include "engine/ps_view.h"
#include "engine/run_state.h"
#include "lsms/apparmor/apparmor_lsm.h"
#include "lsms/selinux/selinux_lsm.h"
#include "lsms/selinux/selinux_namespace.h"
#include "model/errno_name.h"
#include "model/kernel.h"
#include "model/process/pid_lookup.h"

namespace lsmsim::engine {

namespace {

// The cluster of the tasks of pid namespace `ns` (none for the initial one), with those of
// its ancestors below the initial one.
std::string pid_cluster(RunGraph& g, const PidNamespace& ns) {
  if (ns.parent == nullptr) return {};
  const std::string id = "cluster_pidns_" + std::to_string(ns.inum);
  if (g.clusters.count(id) == 0)
    g.clusters[id] = {id, "pid ns " + ns.display_name(), pid_cluster(g, *ns.parent)};
  return id;
}

std::string ns_node(const Namespace& ns) {
  return graph_ns_id(ns_type_name(ns.type), ns.inum);
}

}  // namespace

void add_task_graph(RunGraph& g, RunState& state, Task& viewer, const LabelHistory& history) {
  Kernel& k = state.kernel();
  const auto lsms = ps_attr_lsms(k);
  const PidNamespace& vns = viewer.active_pid_ns();

  // (c) the labels seen and the transitions between them.
  for (const auto& [lsm, text] : history.labels_seen()) {
    const std::string cluster = "cluster_labels_" + lsm;
    g.clusters[cluster] = {cluster, lsm + " labels", ""};
    g.add_node({graph_label_id(lsm, text), lsm + ": " + text, "label", cluster});
  }
  for (const LabelTransition& t : history.transitions())
    g.add_edge({graph_label_id(t.lsm, t.from), graph_label_id(t.lsm, t.to),
                "#" + std::to_string(t.step) + " " + t.how + " (" + t.task + ")", "transition"});

  SelinuxLsm* se = selinux_lsm(k);
  ApparmorLsm* aa = apparmor_lsm(k);
  for (Task* t : k.tasks()) {
    if (t->pid != t->tgid) continue;
    const std::string id = graph_task_id(t->pid);
    const Pid seen = task_tgid_nr_ns(*t, vns);
    std::string label = state.name_of(*t) + "\n" + t->comm +
                        (t->state == TaskState::zombie ? " <defunct>" : "") + "\npid " +
                        (seen != 0 ? std::to_string(seen) : std::string("-")) + " (global " +
                        std::to_string(t->pid) + ")";
    // The labels as the viewer reads them (ps --lsm all); a task outside the viewer's pid
    // namespace has no /proc entry there to read.
    if (seen == 0) label += "\nnot in the viewer's pid namespace";
    for (const auto& [name, lsmid] : lsms) {
      if (seen == 0) break;
      const PsLabel l = ps_read_label(k, viewer, *t, lsmid);
      label += "\n" + name + ": " + (l.err != 0 ? l.text + " (" + errno_name(l.err) + ")" : l.text);
    }
    // Which namespaces it is in; edges only to the non-initial ones.
    std::string in;
    auto member = [&](const Namespace* ns) {
      if (ns == nullptr) return;
      in += std::string(in.empty() ? "" : " ") + ns_type_name(ns->type) + "=" + ns->display_name();
      if (ns->name != "init") g.add_edge({id, ns_node(*ns), "in", "in"});
    };
    member(t->real_cred->user_ns.get());
    member(&t->active_pid_ns());
    member(t->nsproxy.mnt.get());
    member(t->nsproxy.net.get());
    member(t->nsproxy.uts.get());
    member(t->nsproxy.ipc.get());
    member(t->nsproxy.cgroup.get());
    member(t->nsproxy.time.get());
    label += "\n" + in;
    if (se != nullptr) {
      const SelinuxCredSecurity& sec = se->cred_sec(*t->real_cred);
      if (sec.ns != nullptr && sec.ns->parent != nullptr) {
        label += "\nselinuxns=" + sec.ns->name;
        g.add_edge({id, graph_selinux_ns_id(sec.ns->name), "in", "in"});
      }
    }
    if (aa != nullptr) {
      const AaNs& ans = aa->task_ns(*t);
      if (ans.parent != nullptr) {
        label += "\napparmor ns=" + ans.hname;
        g.add_edge({id, graph_apparmor_ns_id(ans.hname), "in", "in"});
      }
    }
    g.add_node({id, label, "task", pid_cluster(g, t->active_pid_ns())});
    if (t->parent != nullptr) g.add_edge({graph_task_id(t->parent->tgid), id, "", "child"});
    for (const auto& [lsm, text] : history.latest(t->pid))
      if (g.nodes.count(graph_label_id(lsm, text)) != 0)
        g.add_edge({id, graph_label_id(lsm, text), "", "has"});
  }
}

}  // namespace lsmsim::engine
