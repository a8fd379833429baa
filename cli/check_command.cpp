// lsmsim check FILE...: validate scenario files without running them (CI linting, editors).
#include <iostream>

#include "cli/commands.h"

namespace lsmsim::cli {

int check_command(const std::vector<std::string>& files, bool quiet) {
  int status = 0;
  for (const std::string& f : files) {
    const CheckResult r = check_scenario_file(f);
    if (r.bad_input) {
      std::cerr << r.error << "\n";
      status = 2;
      continue;
    }
    if (quiet) continue;
    std::cout << "ok " << f << ": " << r.steps << (r.steps == 1 ? " step" : " steps");
    if (!r.cells.empty()) {
      std::cout << ", " << r.cells.size() << " matrix cells (";
      for (std::size_t i = 0; i < r.cells.size(); ++i) std::cout << (i ? ", " : "") << r.cells[i];
      std::cout << ")";
    }
    if (!r.included.empty())
      std::cout << ", " << r.included.size()
                << (r.included.size() == 1 ? " included file" : " included files");
    std::cout << "\n";
  }
  std::cout.flush();
  return status;
}

}  // namespace lsmsim::cli
