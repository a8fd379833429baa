// Reachability questions about a scenario: replay it (a fresh ScenarioSession, so the run's
// own kernel is never touched) up to a step, explore the transitions of one of its tasks,
// and answer "can it ever run as Y / do X" for the whole stack and, on request, for each
// LSM booted alone (capability + that LSM: what that LSM's own analysis would conclude).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "analysis/transition_graph.h"

namespace lsmsim::engine {
class ScenarioSession;
}

namespace lsmsim::analysis {

struct ReachQuery {
  std::string from_task;
  LabelPattern to;
  std::optional<AccessProbe> access;
  bool per_lsm = false;
  bool self_changes = false;  // ExploreOptions::self_changes
  ExploreLimits limits;
};

// One LSM's own analysis: the same exploration on a kernel booted with only that LSM.
struct LsmReach {
  std::string lsm;
  LabelPattern to;  // the query's pattern for this LSM only
  TransitionGraph graph;
  ReachAnswer answer;
  int replay_failures = 0;  // replayed steps that failed without the other LSMs
};

struct ReachReport {
  std::string from_task;
  int steps_replayed = 0;
  LabelPattern to;
  TransitionGraph graph;
  ReachAnswer answer;
  std::vector<LsmReach> per_lsm;

  std::string text() const;  // the answer, the path or the proof of absence, per-LSM lines
  std::string dot() const;   // the combined graph with the path marked
};

using SessionFactory = std::function<std::unique_ptr<engine::ScenarioSession>()>;

// Replays the steps whose index is below `before_index` (all steps if it is 0) in sessions
// made by `fresh`, then explores from `q.from_task`. Throws std::runtime_error when the task
// has exited there, std::invalid_argument when the scenario has no such task (or creates it
// later), LimitExceeded for a bound, ParseError for a bad scenario.
ReachReport reach(const SessionFactory& fresh, int before_index, const ReachQuery& q);
// The same for a scenario file: steps 1..`after_step` are replayed (none: every step).
ReachReport reach_file(const std::string& path, std::optional<int> after_step, const ReachQuery& q);

}  // namespace lsmsim::analysis
