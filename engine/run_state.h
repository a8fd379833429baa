// The state of one scenario run: the booted kernel, the scenario's names for tasks and saved
// values, and the translation of those names into what a given task would see.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "model/kernel.h"
#include "model/task.h"

namespace lsmsim::engine {

class ScenarioSession;

// A problem found while running a step that the parser could not see (a task that has
// exited, a pid that is not visible): the step fails with this message.
struct StepError {
  std::string message;
};

class RunState {
 public:
  explicit RunState(std::unique_ptr<Kernel> kernel);

  Kernel& kernel() { return *kernel_; }

  // A task by scenario name; throws StepError if it was never created or has been reaped.
  Task& task(const std::string& name);
  // The task must be running (not a zombie) to make a syscall.
  Task& running_task(const std::string& name);
  void add_task(const std::string& name, Task& t);
  // The scenario's name for a task, "" if it has none.
  std::string name_of(const Task& t) const;

  // The name of the task `viewer` knows as pid `nr` (reaped tasks included); "" if none.
  std::string name_for_pid(const Task& viewer, Pid nr) const;
  // `name`'s pid as `viewer` sees it; throws StepError if it is not visible there.
  Pid pid_seen_by(const Task& viewer, const std::string& name);

  void save(const std::string& name, long long value) { saved_[name] = value; }
  long long saved(const std::string& name) const;

  // Substitutes ${pid:T}, ${ns:T:TYPE} and ${NAME} as `viewer` would see them.
  std::string expand(const std::string& text, const Task& viewer);

  // Set by the ScenarioSession that owns this state: a new, unbooted session of the same
  // scenario text. Analyses (reachable:) replay it in a scratch kernel so the run's own
  // kernel is never touched. Empty when the state was made without a session.
  std::function<std::unique_ptr<ScenarioSession>()> fresh_session;
  // True in such a replay: steps that only analyse do nothing there (they never change the
  // kernel, so skipping them keeps the replay exact and stops replays from nesting).
  bool scratch = false;

 private:
  std::unique_ptr<Kernel> kernel_;
  std::map<std::string, Pid> tasks_;  // name -> pid in the initial pid namespace
  // Each task's pid at every level, kept after it is reaped so that "wait: b" and
  // "returns: b" still name it (pids never change once allocated).
  std::map<std::string, std::vector<PidLink>> pid_links_;
  std::map<std::string, long long> saved_;
};

}  // namespace lsmsim::engine
