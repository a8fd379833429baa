// The label transitions of a run: after every step, each live task's label per LSM as the
// task itself reads it (/proc/self/attr/<lsm>/current; SELinux through its getprocattr), and
// each change since the previous step as "old -> new" with the step that made it. Drawn by
// `lsmsim graph`; the session runs steps one at a time so nothing in the run changes.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "model/types.h"

namespace lsmsim::engine {

class ScenarioSession;
class RunState;
struct Step;

struct LabelTransition {
  int step = 0;      // 1-based step index
  std::string task;  // the scenario's name of the task ("pid N" if it has none)
  Pid global_pid = 0;
  std::string lsm;  // "selinux", "apparmor", "smack", ...
  std::string from, to;
  std::string how;  // exec, setcon, changeprofile, aa_exec, unshare, ... (see kind_of)
};

class LabelHistory {
 public:
  // Takes the labels of every live task; with `step`, records what changed since the last
  // call as transitions of that step. The first call (no step) is the boot state.
  void observe(RunState& state, const Step* step);
  const std::vector<LabelTransition>& transitions() const { return transitions_; }
  // Every label seen per LSM (first seen first), for the graph's label nodes.
  const std::vector<std::pair<std::string, std::string>>& labels_seen() const { return seen_; }
  // The latest labels of a task (global pid), by LSM; empty if never seen.
  std::map<std::string, std::string> latest(Pid global_pid) const;

 private:
  std::map<Pid, std::map<std::string, std::string>> last_;
  std::vector<LabelTransition> transitions_;
  std::vector<std::pair<std::string, std::string>> seen_;
};

// How a step changed a label, for the edge's annotation: the op, except that a write to a
// /proc/.../attr file is "setcon" (SELinux), the AppArmor command written ("changeprofile",
// "changehat", "stack") or "relabel" (Smack).
std::string transition_kind(const Step& step, const std::string& lsm);

// Boots `session` and runs its steps (all, or those with index <= `last_step` when it is
// >= 0), observing the labels after boot and after every step.
void run_with_history(ScenarioSession& session, int last_step, LabelHistory& history);

}  // namespace lsmsim::engine
