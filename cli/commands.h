// The subcommands of `lsmsim`, one file each; cli_main.cpp wires them to CLI11.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/run.h"

namespace lsmsim {
struct Task;
namespace engine {
class ScenarioSession;
}
}  // namespace lsmsim

namespace lsmsim::cli {

// run FILE...: 0 all passed, 1 an expectation failed, 2 bad input.
int run_command(const std::vector<std::string>& files, const RunOptions& options);
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

// ps FILE: the tasks with their labels as one task sees them (ps -eZ). 0, or 2 bad input.
struct PsArgs {
  std::string file;
  int after_step = -1;  // run steps 1..N only; -1: all
  std::string as = "init";
  std::string lsm;             // "", an LSM name, or "all"
  std::string format = "ps";   // ps | json
};
int ps_command(const PsArgs& args);
// graph FILE: namespaces, tasks and label transitions as DOT or SVG. 0, or 2 bad input.
struct GraphArgs {
  std::string file;
  int after_step = -1;
  std::string as = "init";
  std::string output;  // "" or "-": stdout
  std::string format;  // dot | svg; "" : from the output's extension, else dot
};
int graph_command(const GraphArgs& args);
// ps and graph: the running task `name` of a booted session, or null after a message on
// stderr naming the scenario's tasks.
Task* inspect_viewer(engine::ScenarioSession& s, const std::string& name, const char* cmd);

}  // namespace lsmsim::cli
