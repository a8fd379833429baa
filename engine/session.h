// One scenario run that can be driven step by step: parse, boot (with what init does for
// boot `selinux:`/`apparmor:`/`smack:`), then run steps and look at the kernel between them.
// `lsmsim run` and the commands that inspect a run (explain, ps, graph, reach) share it.
#pragma once

#include <memory>
#include <string>

#include "engine/report.h"

namespace lsmsim {
class Kernel;
}

namespace lsmsim::engine {

struct Scenario;
class RunState;

class ScenarioSession {
 public:
  // Parses `text`; `file` names it in messages and its folder is where the files the scenario
  // names are read from. Throws lsmsim::ParseError ("file:line:col: message") for bad input.
  ScenarioSession(const std::string& text, const std::string& file);
  // Reads and parses a file. Throws ParseError (line 0) if it cannot be read.
  static std::unique_ptr<ScenarioSession> from_file(const std::string& path);
  ~ScenarioSession();
  ScenarioSession(const ScenarioSession&) = delete;
  ScenarioSession& operator=(const ScenarioSession&) = delete;

  const std::string& file() const { return file_; }
  // A new, unbooted session parsed from the same text (for analyses that replay the run in a
  // scratch kernel). `scratch`: the replay skips the analysis steps (RunState::scratch).
  std::unique_ptr<ScenarioSession> fresh(bool scratch = true) const;
  const Scenario& scenario() const { return *scenario_; }
  // Before boot(): change what will boot (a matrix cell's configuration, a one-LSM boot for
  // per-LSM analysis). `record()` keeps the summary taken at parse time unless updated.
  Scenario& scenario_to_boot() { return *scenario_; }
  ScenarioRecord& record_to_fill() { return record_; }

  // Boots the kernel and runs boot `selinux:`/`apparmor:`/`smack:` and the boot checks.
  // Throws ParseError positioned at the boot section when the kernel does not boot.
  void boot();
  bool booted() const { return state_ != nullptr; }

  // Steps are run in order; `next_step()` is the 0-based position of the next one.
  std::size_t next_step() const { return record_.steps.size(); }
  bool finished() const;
  const StepRecord& run_next();
  // Runs every step whose 1-based index is below `index` (boots first if needed).
  void run_before(int index);
  void run_all();

  // Valid after boot().
  RunState& state() { return *state_; }
  Kernel& kernel();
  const ScenarioRecord& record() const { return record_; }

 private:
  std::string file_;
  std::string text_;
  bool scratch_ = false;
  std::unique_ptr<Scenario> scenario_;
  std::unique_ptr<RunState> state_;
  ScenarioRecord record_;
};

}  // namespace lsmsim::engine
