// Stand-ins for the scenario engine's entry points (engine/run.h, cli/cli_main.h), compiled
// into the module only while this tree has no implementation of them (bindings/CMakeLists.txt
// checks). They refuse every input, so tests of the engine fail loudly rather than pass.
#include <iostream>

#include "cli/cli_main.h"
#include "engine/run.h"

namespace lsmsim {

namespace {
constexpr const char* kMissing = "the scenario engine is not built in this tree";
}  // namespace

ScenarioReport run_scenario_file(const std::string& path, const RunOptions& /*options*/) {
  ScenarioReport r;
  r.file = path;
  r.bad_input = true;
  r.error = path + ":1:1: " + kMissing;
  r.text = r.error + "\n";
  return r;
}

ScenarioReport run_scenario_text(const std::string& text, const std::string& name,
                                 const RunOptions& options) {
  (void)text;
  return run_scenario_file(name, options);
}

int cli_main(int /*argc*/, const char* const* /*argv*/) {
  std::cerr << "lsmsim: " << kMissing << "\n";
  return 2;
}

}  // namespace lsmsim
