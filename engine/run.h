// Running scenario files: the public entry points of the scenario engine, shared by the CLI
// and the Python bindings.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/report.h"

namespace lsmsim {

namespace engine {
class ScenarioSession;
}

struct RunOptions {
  bool trace = false;    // print every LSM hook call
  bool verbose = false;  // print every expectation, full data and the boot log
  bool quiet = false;    // print only failures and the summary line
  bool color = false;    // ANSI colors in the report (the CLI sets it when stdout is a TTY)
  // Called after every step (the CLI's progress display) and once a scenario (matrix cell)
  // has run, its kernel still up (the CLI's --audit-dir). Either may be empty.
  std::function<void(const engine::ScenarioSession&)> on_step = nullptr;
  std::function<void(engine::ScenarioSession&)> on_finished = nullptr;
};

// The outcome of one scenario file.
struct ScenarioReport {
  std::string file;
  bool bad_input = false;   // the file could not be parsed or validated (exit code 2)
  std::string error;        // "file:line:col: message" when bad_input
  int steps_run = 0;
  int expectations_passed = 0;
  int expectations_failed = 0;
  std::string text;         // what `lsmsim run` prints for this file
  // What ran, step by step: one record per boot configuration (one unless the scenario has a
  // matrix); empty for bad input. JUnit XML and JSON reports are written from these.
  std::vector<engine::ScenarioRecord> runs;
  bool passed() const { return !bad_input && expectations_failed == 0; }
};

ScenarioReport run_scenario_file(const std::string& path, const RunOptions& options);

// `lsmsim check`: the file parsed and validated (includes, fragments, matrix, policies,
// profiles, rule files) and each boot configuration booted (boot sections and boot checks
// included), without running a step.
struct CheckResult {
  std::string file;
  bool bad_input = false;
  std::string error;  // "file:line:col: message" when bad_input
  int steps = 0;
  std::vector<std::string> cells;     // matrix cell names (empty: one configuration)
  std::vector<std::string> included;  // the files include: read
};
CheckResult check_scenario_file(const std::string& path);
// The same for text already in memory; `name` is used as the file name in messages.
ScenarioReport run_scenario_text(const std::string& text, const std::string& name,
                                 const RunOptions& options);

}  // namespace lsmsim
