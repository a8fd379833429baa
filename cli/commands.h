// The subcommands of `lsmsim`, one file each; cli_main.cpp wires them to CLI11.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/run.h"

namespace lsmsim::cli {

// run FILE...: 0 all passed, 1 an expectation failed, 2 bad input.
int run_command(const std::vector<std::string>& files, const RunOptions& options);
// check FILE...: 0 every file is valid, 2 bad input (file:line:col: message on stderr).
int check_command(const std::vector<std::string>& files, bool quiet);
// schema: the JSON Schema of the scenario format on stdout.
int schema_command();
// list-hooks: every hook with its return type, default and dispatch rule.
int list_hooks_command();
// lsm-order: the active LSMs and the boot log for the given boot parameters.
struct LsmOrderArgs {
  std::optional<std::string> lsm;
  std::optional<std::string> security;
  std::optional<std::string> config_lsm;
  bool stacking = false;
  std::vector<std::string> enabled;  // "selinux=0"
};
int lsm_order_command(const LsmOrderArgs& args);

}  // namespace lsmsim::cli
