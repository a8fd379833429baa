// Exploring the transitions of a booted stack in a scratch kernel: every state keeps one
// representative task; a probe child forked from it execs each candidate program and the
// labels it ends up with (or the denial the syscall returned) make the edge.
#include <fcntl.h>

#include <cerrno>
#include <deque>
#include <map>
#include <tuple>

#include "analysis/transition_graph.h"
#include "lsms/apparmor/apparmor.h"
#include "lsms/selinux/policy/services.h"
#include "lsms/selinux/selinux.h"
#include "model/kernel.h"
#include "model/lsm/lsm_ctx.h"
#include "model/lsm/lsm_module.h"
#include "model/lsm/lsm_uapi.h"
#include "model/lsm/security_special.h"
#include "model/ns/namespaces.h"
#include "model/syscalls/exec.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/lsm.h"
#include "model/syscalls/process.h"
#include "model/task.h"
#include "model/vfs/inode.h"
#include "model/vfs/mount.h"

namespace lsmsim::analysis {

namespace {

struct Program {
  std::string path;
  std::string file_context;
};

std::string xattr_text(const Inode& i, const std::string& name) {
  auto it = i.xattrs.find(name);
  if (it == i.xattrs.end()) return {};
  std::string v = it->second;
  while (!v.empty() && v.back() == '\0') v.pop_back();
  return v;
}

// Regular files with an x bit under `dir` (on mount `m`), following the mounts of `table`
// as a path walk would; pseudo filesystems (proc, sysfs, securityfs...) hold no programs.
void collect_programs(const MountTable& table, const Mount& m, const Inode& dir,
                      const std::string& path, int depth, std::vector<Program>& out) {
  if (depth > 64 || dir.sb == nullptr || dir.sb->pseudo) return;
  for (const auto& [name, child] : dir.entries) {
    if (!child) continue;
    const std::string p = (path == "/" ? "" : path) + "/" + name;
    if (const Mount* over = table.lookup(m, *child); over != nullptr) {
      if (over->root && over->sb && !over->sb->pseudo)
        collect_programs(table, *over, *over->root, p, depth + 1, out);
      continue;
    }
    if (child->is_dir()) {
      collect_programs(table, m, *child, p, depth + 1, out);
    } else if (child->is_reg() && (child->mode & 0111) != 0) {
      out.push_back(Program{p, xattr_text(*child, "security.selinux")});
    }
  }
}

std::vector<Program> programs_of(const Task& t) {
  std::vector<Program> out;
  if (!t.nsproxy.mnt || !t.nsproxy.mnt->mounts || !t.nsproxy.mnt->mounts->root) return out;
  const MountTable& table = *t.nsproxy.mnt->mounts;
  const Mount& root = *table.root;
  if (root.root) collect_programs(table, root, *root.root, "/", 0, out);
  return out;
}

// One thing a probe child tries: optionally a label change it asks for, then optionally an
// exec. `via` names it in the graph.
struct Candidate {
  enum class Ask { none, aa_current, aa_exec, se_current, se_exec } ask = Ask::none;
  std::string target;  // the profile or context asked for
  const Program* program = nullptr;
  std::string via;
};

SysResult ask_label(Task& t, Candidate::Ask ask, const std::string& target) {
  switch (ask) {
    case Candidate::Ask::none:
      return SysResult::success();
    case Candidate::Ask::aa_current:
      return write_file(t, "/proc/self/attr/apparmor/current", "changeprofile " + target);
    case Candidate::Ask::aa_exec:
      return write_file(t, "/proc/self/attr/apparmor/exec", "exec " + target);
    case Candidate::Ask::se_current:
    case Candidate::Ask::se_exec: {
      std::vector<std::byte> ctx = lsm_ctx_pack(LSM_ID_SELINUX, target);
      const UserBuffer buf(ctx.data(), ctx.size());
      return sys_lsm_set_self_attr(
          t, ask == Candidate::Ask::se_current ? LSM_ATTR_CURRENT : LSM_ATTR_EXEC, buf,
          static_cast<std::uint32_t>(ctx.size()), 0);
    }
  }
  return SysResult::success();
}

// Every profile loaded, as init names them (":ns:name" below the root namespace).
std::vector<std::string> apparmor_targets(Kernel& k) {
  std::vector<std::string> out;
  if (apparmor_lsm(k) == nullptr) return out;
  try {
    for (std::string p : apparmor_profile_list(k)) {
      if (const std::size_t sp = p.rfind(" ("); sp != std::string::npos) p.resize(sp);
      out.push_back(p);
    }
  } catch (const std::exception&) {
  }
  return out;
}

// The contexts with the task's user, role and level and each type the role is authorized
// for (the policy of the task's SELinux namespace).
std::vector<std::string> selinux_targets(Kernel& k, Task& t, const std::string& label) {
  std::vector<std::string> out;
  const sepolicy::SecurityServer* ss = selinux_policy(k, &t);
  if (ss == nullptr) return out;
  std::vector<std::string> f;
  std::size_t start = 0;
  for (int i = 0; i < 3; ++i) {
    const std::size_t c = label.find(':', start);
    if (c == std::string::npos) return out;
    f.push_back(label.substr(start, c - start));
    start = c + 1;
  }
  const std::string level = label.substr(start);
  const sepolicy::Policydb& db = ss->policy();
  const auto role = db.role_values.find(f[1]);
  if (role == db.role_values.end() || role->second == 0) return out;
  const auto& allowed = db.roles[role->second - 1].types;
  for (std::size_t i = 0; i < db.types.size(); ++i)
    if (!db.types[i].attribute && allowed.test(static_cast<std::uint32_t>(i)))
      out.push_back(f[0] + ":" + f[1] + ":" + db.types[i].name + ":" + level);
  return out;
}

std::vector<Candidate> candidates_for(Kernel& k, Task& t, const AnalysisState& s,
                                      const std::vector<Program>& programs, bool self_changes) {
  std::vector<Candidate> out;
  for (const Program& p : programs)
    out.push_back(Candidate{Candidate::Ask::none, "", &p, "exec " + p.path});
  if (!self_changes) return out;
  for (const std::string& prof : apparmor_targets(k)) {
    out.push_back(Candidate{Candidate::Ask::aa_current, prof, nullptr, "change_profile " + prof});
    for (const Program& p : programs)
      out.push_back(Candidate{Candidate::Ask::aa_exec, prof, &p,
                              "change_onexec " + prof + "; exec " + p.path});
  }
  if (const std::string* se = s.label_of("selinux")) {
    for (const std::string& ctx : selinux_targets(k, t, *se)) {
      if (ctx == *se) continue;
      out.push_back(Candidate{Candidate::Ask::se_current, ctx, nullptr, "setcon " + ctx});
      for (const Program& p : programs)
        out.push_back(
            Candidate{Candidate::Ask::se_exec, ctx, &p, "setexeccon " + ctx + "; exec " + p.path});
    }
  }
  return out;
}

std::string ns_name(const Namespace* ns) {
  return ns == nullptr ? "-" : ns->name;
}

// The task's namespaces by the names the scenario (or the kernel's defaults) gave them.
std::string container_of(const Task& t) {
  const NsProxy& n = t.nsproxy;
  std::string s = "user=" + ns_name(t.cred ? t.cred->user_ns.get() : nullptr);
  s += " mnt=" + ns_name(n.mnt.get());
  s += " pid=" + ns_name(&t.active_pid_ns());
  s += " net=" + ns_name(n.net.get());
  s += " uts=" + ns_name(n.uts.get());
  s += " ipc=" + ns_name(n.ipc.get());
  s += " cgroup=" + ns_name(n.cgroup.get());
  return s;
}

// What init reads from /proc/PID/attr/<lsm>/current, through the LSM's getprocattr hook
// (security_getprocattr with the LSM's id, `current` = init: the label as the initial
// namespaces see it). LSMs without task labels (-EINVAL) are left out.
// A reader in a child SELinux namespace sees the task's context at its own level, so the
// task's own view is read too (`current` = the task).
std::vector<LsmLabel> read_labels(Kernel& k, Task& t) {
  std::vector<LsmLabel> out;
  auto read = [&](Task& reader, const LsmModule& m, std::string& v) {
    Kernel::CurrentScope scope(k, reader);
    const int rc = security_getprocattr(k.lsm(), t, m.id(), "current", v);
    if (rc < 0 && rc != -EINVAL && rc != -EOPNOTSUPP) v = "<error " + std::to_string(-rc) + ">";
    while (!v.empty() && (v.back() == '\0' || v.back() == '\n')) v.pop_back();
    return rc;
  };
  for (const auto& m : k.lsm().active()) {
    if (m->name() == "capability") continue;
    LsmLabel l{std::string(m->name()), "", ""};
    const int rc = read(k.init_task(), *m, l.label);
    if (rc == -EINVAL || rc == -EOPNOTSUPP) continue;
    read(t, *m, l.own);
    out.push_back(std::move(l));
  }
  return out;
}

using StateKey = std::tuple<std::vector<std::pair<std::string, std::string>>, std::string, Uid>;

StateKey key_of(const AnalysisState& s) {
  std::vector<std::pair<std::string, std::string>> l;
  for (const LsmLabel& x : s.labels) l.emplace_back(x.lsm, x.label + '\n' + x.own);
  return {l, s.container, s.euid};
}

AnalysisState state_of(Kernel& k, Task& t) {
  AnalysisState s;
  s.labels = read_labels(k, t);
  s.container = container_of(t);
  s.euid = t.cred ? t.cred->euid : 0;
  return s;
}

void probe_access(Task& rep, const AccessProbe& a, AnalysisState& s) {
  SysResult r = sys_open(rep, a.path, a.flags, 0644);
  s.access_allowed = r.ok();
  if (r.ok()) {
    sys_close(rep, static_cast<int>(r.ret));
  } else {
    s.access_errno = r.err;
    s.access_denial = r.denial;
  }
}

// The probe child's end: it exits and its parent reaps it, so no task is left behind.
void discard(Task& parent, Task& child, Pid pid_seen_by_parent) {
  if (child.alive()) sys_exit(child, 0);
  sys_wait4(parent, pid_seen_by_parent);
}

}  // namespace

std::string AnalysisState::label_text() const {
  std::string out;
  for (const LsmLabel& l : labels) {
    out += (out.empty() ? "" : " ") + l.lsm + "=" + l.label;
    if (l.own != l.label) out += " (own view: " + l.own + ")";
  }
  return out.empty() ? "(no labels)" : out;
}

const std::string* AnalysisState::label_of(const std::string& lsm) const {
  for (const LsmLabel& l : labels)
    if (l.lsm == lsm) return &l.label;
  return nullptr;
}

std::string RefusedTransition::text() const {
  return via + ": " + describe(SysResult::error(err, denial));
}

TransitionGraph explore_transitions(Kernel& k, Task& start, const ExploreOptions& options) {
  TransitionGraph g;
  g.access = options.access;
  const std::vector<Program> programs = programs_of(start);
  for (const Program& p : programs) g.programs.push_back(p.path);

  std::map<StateKey, std::size_t> index;
  std::vector<Task*> rep;  // one live task per state
  auto add_state = [&](AnalysisState s, Task& t) {
    if (g.states.size() >= options.limits.max_states)
      throw LimitExceeded(
          "the exploration reached " + std::to_string(g.states.size()) +
          " states, the limit (max_states = " + std::to_string(options.limits.max_states) +
          "): raise it or narrow "
          "the scenario");
    if (options.access) probe_access(t, *options.access, s);
    index[key_of(s)] = g.states.size();
    g.states.push_back(std::move(s));
    rep.push_back(&t);
    return g.states.size() - 1;
  };
  AnalysisState first = state_of(k, start);
  for (const LsmLabel& l : first.labels) g.lsms.push_back(l.lsm);
  add_state(std::move(first), start);

  std::deque<std::size_t> queue{0};
  while (!queue.empty()) {
    const std::size_t from = queue.front();
    queue.pop_front();
    Task& parent = *rep[from];
    // A task whose children go into a pid namespace it is not in would make each probe the
    // namespace's init, and the first probe's exit would end the namespace: keep a holder.
    if (parent.nsproxy.pid_for_children.get() != &parent.active_pid_ns()) {
      SysResult h = sys_fork(parent);
      if (!h.ok()) {
        g.refused.push_back(RefusedTransition{from, "fork", "", "", h.err, h.denial});
        continue;
      }
    }
    const std::vector<Candidate> cands =
        candidates_for(k, parent, g.states[from], programs, options.self_changes);
    for (const Candidate& cand : cands) {
      if (++g.attempts > options.limits.max_candidates)
        throw LimitExceeded(
            "the exploration made " + std::to_string(options.limits.max_candidates) +
            " exec attempts, the limit (max_candidates = " +
            std::to_string(options.limits.max_candidates) + "): raise it or narrow the scenario");
      SysResult f = sys_fork(parent);
      if (!f.ok()) {
        g.refused.push_back(RefusedTransition{from, "fork", "", "", f.err, f.denial});
        break;
      }
      const Pid pid = static_cast<Pid>(f.ret);
      Task* child = k.find_task_in(parent.active_pid_ns(), pid);
      if (child == nullptr) throw std::logic_error("analysis: the probe child is not visible");
      child->comm = "probe";
      const std::string path = cand.program ? cand.program->path : "";
      const std::string fcon = cand.program ? cand.program->file_context : "";
      SysResult x = ask_label(*child, cand.ask, cand.target);
      if (x.ok() && cand.program != nullptr) x = sys_execve(*child, path, {path});
      if (!x.ok()) {
        g.refused.push_back(RefusedTransition{from, cand.via, path, fcon, x.err, x.denial});
        discard(parent, *child, pid);
        continue;
      }
      AnalysisState s = state_of(k, *child);
      std::size_t to = 0;
      if (auto it = index.find(key_of(s)); it != index.end()) {
        to = it->second;
        discard(parent, *child, pid);
      } else {
        to = add_state(std::move(s), *child);
        queue.push_back(to);
      }
      g.edges.push_back(TransitionEdge{from, to, cand.via, path, fcon});
    }
  }
  return g;
}

}  // namespace lsmsim::analysis
