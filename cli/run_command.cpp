#include <iostream>

#include "cli/commands.h"

namespace lsmsim::cli {

int run_command(const std::vector<std::string>& files, const RunOptions& options) {
  int status = 0;
  int passed = 0, failed = 0, bad = 0;
  for (const std::string& f : files) {
    const ScenarioReport r = run_scenario_file(f, options);
    if (r.bad_input) {
      std::cerr << r.error << "\n";
      ++bad;
      status = 2;
      continue;
    }
    std::cout << r.text;
    if (files.size() > 1 && !options.quiet) std::cout << "\n";
    if (r.passed()) {
      ++passed;
    } else {
      ++failed;
      if (status == 0) status = 1;
    }
  }
  if (files.size() > 1) {
    std::cout << files.size() << " scenarios: " << passed << " passed, " << failed << " failed";
    if (bad > 0) std::cout << ", " << bad << " bad input";
    std::cout << "\n";
  }
  std::cout.flush();
  return status;
}

}  // namespace lsmsim::cli
