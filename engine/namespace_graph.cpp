// (a) of `lsmsim graph`: the namespace trees. Kernel namespaces come from the tasks (their
// nsproxy, pid links and credentials), each with its owning user namespace (ns->user_ns) and,
// for user and pid namespaces, its parent. The LSMs' own namespaces: SELinux namespaces from
// the task creds (the series' selinux_state chain), AppArmor's policy namespace tree from its
// root, Smack's label maps per user namespace (the namespace prototype).
#include <cctype>
#include <cstdio>
#include <initializer_list>
#include <set>

#include "engine/inspect_graph.h"
#include "engine/run_state.h"
#include "lsms/apparmor/apparmor_lsm.h"
#include "lsms/selinux/selinux_lsm.h"
#include "lsms/selinux/selinux_namespace.h"
#include "lsms/smack/smack.h"
#include "lsms/smack/smack_lsm.h"
#include "model/kernel.h"

namespace lsmsim::engine {

namespace {

std::string clean(const std::string& s) {
  std::string out;
  for (char c : s)
    out += (std::isalnum(static_cast<unsigned char>(c)) != 0) ? static_cast<char>(std::tolower(c))
                                                              : '_';
  return out;
}

std::string ns_id(const Namespace& ns) {
  return graph_ns_id(ns_type_name(ns.type), ns.inum);
}

void add_kernel_ns(RunGraph& g, const Namespace& ns) {
  if (g.nodes.count(ns_id(ns)) != 0) return;
  std::string label = std::string(ns_type_name(ns.type)) + " ns " + ns.display_name();
  if (ns.display_name() != ns.link_text()) label += "\n" + ns.link_text();
  if (ns.type == NsType::user) {
    const auto& u = static_cast<const UserNamespace&>(ns);
    label += "\nlevel " + std::to_string(u.level);
    if (u.parent != nullptr) label += ", owner uid " + std::to_string(u.owner_uid);
  } else if (ns.type == NsType::pid) {
    label += "\nlevel " + std::to_string(static_cast<const PidNamespace&>(ns).level);
  }
  g.add_node({ns_id(ns), label, ns.type == NsType::user ? "userns" : "ns", ""});
  if (ns.owner != nullptr) {
    add_kernel_ns(g, *ns.owner);
    g.add_edge({ns_id(ns), ns_id(*ns.owner), ns.type == NsType::user ? "parent" : "owner",
                ns.type == NsType::user ? "parent" : "owner"});
  }
  if (ns.type == NsType::pid) {
    const auto& p = static_cast<const PidNamespace&>(ns);
    if (p.parent != nullptr) {
      add_kernel_ns(g, *p.parent);
      g.add_edge({ns_id(ns), ns_id(*p.parent), "parent", "parent"});
    }
  }
}

void add_selinux_ns(RunGraph& g, const SelinuxNamespace& ns) {
  const std::string id = graph_selinux_ns_id(ns.name);
  if (g.nodes.count(id) != 0) return;
  std::string label = "SELinux ns " + ns.name + "\ndepth " + std::to_string(ns.depth) + ", " +
                      (!ns.initialized() ? "no policy"
                       : ns.enforcing    ? "enforcing"
                                         : "permissive");
  g.add_node({id, label, "selinuxns", ""});
  if (ns.parent != nullptr) {
    add_selinux_ns(g, *ns.parent);
    g.add_edge({id, graph_selinux_ns_id(ns.parent->name), "parent", "parent"});
  }
}

std::string aa_id(const AaNs& ns) {
  return "apparmorns_" + clean(ns.hname);
}

void add_apparmor_ns(RunGraph& g, const AaNs& ns) {
  if (ns.removed) return;
  std::size_t profiles = 0;
  for (const auto& [name, p] : ns.profiles)
    if (p != nullptr && !p->unconfined()) ++profiles;
  g.add_node({aa_id(ns),
              "AppArmor ns " + (ns.parent == nullptr ? std::string("root") : ns.hname) +
                  "\nlevel " + std::to_string(ns.level) + ", " + std::to_string(profiles) +
                  " profile" + (profiles == 1 ? "" : "s"),
              "apparmorns", ""});
  if (ns.parent != nullptr) g.add_edge({aa_id(ns), aa_id(*ns.parent), "parent", "parent"});
  for (const auto& [name, child] : ns.children) add_apparmor_ns(g, *child);
}

}  // namespace

std::string graph_ns_id(const std::string& type, unsigned inum) {
  return type + "ns_" + std::to_string(inum);
}

std::string graph_selinux_ns_id(const std::string& name) {
  return "selinuxns_" + clean(name);
}

std::string graph_apparmor_ns_id(const std::string& hname) {
  return "apparmorns_" + clean(hname);
}

std::string graph_task_id(int global_pid) {
  return "task_" + std::to_string(global_pid);
}

std::string graph_label_id(const std::string& lsm, const std::string& text) {
  std::uint32_t h = 2166136261u;  // FNV-1a: distinct texts that clean() makes equal stay apart
  for (char c : text) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08x", h);
  std::string c = clean(text);
  if (c.size() > 40) c.resize(40);
  return "label_" + clean(lsm) + "_" + c + "_" + hex;
}

void RunGraph::add_edge(GraphEdge e) {
  for (const GraphEdge& x : edges)
    if (x.from == e.from && x.to == e.to && x.kind == e.kind && x.label == e.label) return;
  edges.push_back(std::move(e));
}

bool RunGraph::has_edge(const std::string& from, const std::string& to,
                        const std::string& kind) const {
  for (const GraphEdge& x : edges)
    if (x.from == from && x.to == to && x.kind == kind) return true;
  return false;
}

void add_namespace_graph(RunGraph& g, RunState& state) {
  Kernel& k = state.kernel();
  add_kernel_ns(g, *k.init_user_ns());
  add_kernel_ns(g, *k.init_pid_ns());
  std::set<const UserNamespace*> user_nss;
  for (Task* t : k.tasks()) {
    const NsProxy& n = t->nsproxy;
    for (const Namespace* ns : std::initializer_list<const Namespace*>{
             n.uts.get(), n.ipc.get(), n.mnt.get(), n.pid_for_children.get(), n.net.get(),
             n.time.get(), n.cgroup.get()})
      if (ns != nullptr) add_kernel_ns(g, *ns);
    for (const PidLink& l : t->pids) add_kernel_ns(g, *l.ns);
    if (t->real_cred != nullptr && t->real_cred->user_ns != nullptr) {
      add_kernel_ns(g, *t->real_cred->user_ns);
      for (const UserNamespace* u = t->real_cred->user_ns.get(); u != nullptr; u = u->parent.get())
        user_nss.insert(u);
    }
  }
  if (SelinuxLsm* se = selinux_lsm(k)) {
    add_selinux_ns(g, *se->init_ns);
    for (Task* t : k.tasks()) {
      const SelinuxCredSecurity& sec = se->cred_sec(*t->real_cred);
      if (sec.ns != nullptr) add_selinux_ns(g, *sec.ns);
    }
  }
  if (ApparmorLsm* aa = apparmor_lsm(k)) add_apparmor_ns(g, aa->policy.root());
  if (SmackLsm* sm = smack_lsm(k)) {
    for (const UserNamespace* u : user_nss) {
      const SmackNsMap* map = sm->namespaces.own(*u);
      if (map == nullptr || map->mapped.empty()) continue;
      const std::string id = "smackns_" + std::to_string(u->inum);
      std::string label = "Smack ns of " + u->display_name() + "\n" +
                          std::to_string(map->mapped.size()) + " mapped label" +
                          (map->mapped.size() == 1 ? "" : "s");
      for (const auto& [secid, name] : map->mapped) label += "\n" + name;
      g.add_node({id, label, "smackns", ""});
      g.add_edge({id, ns_id(*u), "owner", "owner"});
    }
  }
}

}  // namespace lsmsim::engine
