// The combined transition graph of a booted LSM stack, computed with the simulator itself:
// a state is a task's labels (each active LSM's label as init reads /proc/PID/attr), its
// namespaces and its euid; an edge is an execve that the whole stack allows and that lands
// the task in that state. Exploration forks probe tasks in a SCRATCH kernel (it changes the
// kernel it is given); queries run Boost.Graph algorithms over the result (the .cpp only).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/sys_result.h"
#include "model/types.h"

namespace lsmsim {
class Kernel;
struct Task;
}  // namespace lsmsim

namespace lsmsim::analysis {

// One LSM's label of a task, as a reader in the initial namespaces sees it (trailing NUL and
// newline removed): "system_u:system_r:container_t:s0", "ctr (enforce)".
struct LsmLabel {
  std::string lsm;
  std::string label;
  // The same label as the task itself reads it (its own SELinux namespace's context, its own
  // AppArmor policy namespace's view); part of the state, shown when it differs.
  std::string own;
};

// An access asked of every reached state ("can it ever open /etc/shadow for writing").
struct AccessProbe {
  std::string op = "open";  // only open(2) is modelled
  std::string path;
  int flags = 0;             // O_* flags
  std::string text() const;  // "open /etc/shadow O_WRONLY"
};
// "open PATH [FLAG|FLAG...]" (flags as the scenario format spells them; default O_RDONLY).
// Throws std::invalid_argument naming what was expected.
AccessProbe parse_access(const std::string& text);

// What a target state must look like: per LSM, an exact label or (SELinux) a type, or
// (AppArmor) a profile name, one component of a stack or "unconfined".
struct LabelPattern {
  std::map<std::string, std::string> per_lsm;
  bool empty() const { return per_lsm.empty(); }
  std::string text() const;  // "selinux=update_t,apparmor=unconfined"
};
// "selinux=update_t,apparmor=unconfined" (also "selinux:update_t"). Throws
// std::invalid_argument for an item without a value.
LabelPattern parse_label_pattern(const std::string& text);
// Whether `label` of `lsm` matches `pattern` (exact, SELinux type, AppArmor profile).
bool label_matches(const std::string& lsm, const std::string& pattern, const std::string& label);

struct AnalysisState {
  std::vector<LsmLabel> labels;  // the active LSMs that label tasks, in LSM order
  std::string container;         // the task's namespaces: "mnt=ctr pid=ctr user=init ..."
  Uid euid = 0;                  // in the initial user namespace
  // With an access probe: what the state's representative got.
  std::optional<bool> access_allowed;
  int access_errno = 0;
  std::optional<Denial> access_denial;

  // "selinux=system_u:system_r:container_t:s0 apparmor=ctr (enforce)"
  std::string label_text() const;
  const std::string* label_of(const std::string& lsm) const;
};

// An execve the stack allowed: `from` -> `to` (indices into TransitionGraph::states).
struct TransitionEdge {
  std::size_t from = 0, to = 0;
  std::string via;           // "exec /usr/bin/update", "change_profile P", "setcon CTX"
  std::string path;          // the program, as the task's mount namespace names it
  std::string file_context;  // its security.selinux xattr ("" if none)
};

// An execve that was refused: who refused it, as the syscall reported.
struct RefusedTransition {
  std::size_t from = 0;
  std::string via, path, file_context;
  int err = 0;
  std::optional<Denial> denial;
  std::string text() const;  // "exec /sbin/init: EACCES denied by apparmor in bprm_check..."
};

// Bounds of an exploration: exceeding one throws LimitExceeded naming it.
struct ExploreLimits {
  std::size_t max_states = 256;
  std::size_t max_candidates = 20000;  // execve attempts in total
};

class LimitExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ExploreOptions {
  ExploreLimits limits;
  std::optional<AccessProbe> access;
  // Also the label changes a task asks for itself: AppArmor change_profile and change_onexec
  // (+ exec) to every loaded profile, SELinux setcon and setexeccon (+ exec) to every type
  // the task's role is authorized for (through lsm_set_self_attr, so SELinux is addressed
  // whatever the interface LSM is).
  bool self_changes = false;
};

struct TransitionGraph {
  std::vector<std::string> lsms;      // the LSMs whose labels make a state
  std::vector<AnalysisState> states;  // states[0]: the start
  std::vector<TransitionEdge> edges;
  std::vector<RefusedTransition> refused;
  std::vector<std::string> programs;  // the candidates of the start's mount namespace
  std::size_t attempts = 0;           // execve calls made
  std::optional<AccessProbe> access;  // the probe every state was asked, if any
};

// Explores from `start` in `k`, which must be a scratch kernel: probe tasks are forked from
// a representative of each state, exec every executable regular file of the start's mount
// namespace (DAC x bit for someone), and are kept (one per new state) or exited and reaped.
TransitionGraph explore_transitions(Kernel& k, Task& start, const ExploreOptions& options = {});

// A shortest path (fewest execs) from the start to a state matching `to` and, if the graph
// was explored with an access probe, one where the access was allowed.
struct ReachAnswer {
  bool reachable = false;
  std::optional<std::size_t> target;
  std::vector<std::size_t> path;     // indices into TransitionGraph::edges, in order
  std::vector<std::size_t> reached;  // every state reachable from the start (BFS order)
};
ReachAnswer find_reachable(const TransitionGraph& g, const LabelPattern& to);

// A human-readable answer: the path step by step, or (unreachable) every reached state and
// why it does not match - the proof of absence.
std::string describe_answer(const TransitionGraph& g, const LabelPattern& to, const ReachAnswer& a);
// Every state with its transitions, and the refused execs grouped by who refused them.
std::string describe_graph(const TransitionGraph& g);
// The whole graph as Graphviz DOT (boost::write_graphviz); `highlight` marks a path.
std::string transition_dot(const TransitionGraph& g, const ReachAnswer* highlight = nullptr);

}  // namespace lsmsim::analysis
