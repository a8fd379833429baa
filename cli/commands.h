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

// What `run` writes besides its report (docs/cli.md).
struct RunOutputs {
  std::string junit;       // --junit FILE.xml
  std::string trace_json;  // --trace-json FILE.jsonl
  std::string audit_dir;   // --audit-dir DIR
  std::string progress = "auto";  // --progress auto|always|never
};
// run FILE...: 0 all passed, 1 an expectation failed, 2 bad input (or an output that cannot
// be written).
int run_command(const std::vector<std::string>& files, const RunOptions& options,
                const RunOutputs& outputs);
// explain FILE --step N: 0 explained (allowed or denied alike), 2 bad input.
struct ExplainArgs {
  std::string file;
  int step = 0;
  std::string cell;
  bool json = false;
  bool color = false;
};
int explain_command(const ExplainArgs& args);
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
// reach FILE --from TASK ... / transitions FILE --from TASK (cli/reach_command.cpp):
// 0 reachable (transitions: explored), 1 not reachable, 2 bad input or a limit reached.
struct ReachArgs {
  std::string file;
  std::string from;
  std::optional<int> after_step;
  std::string to;      // "selinux=update_t,apparmor=unconfined"
  std::string access;  // "open /etc/shadow O_WRONLY"
  bool per_lsm = false;
  bool self_changes = false;
  std::string dot;     // reach: write the graph as DOT to this file ("-": stdout)
  bool dot_stdout = false;  // transitions --dot
  std::size_t max_states = 256;
  std::size_t max_candidates = 20000;
};
int reach_command(const ReachArgs& args);
int transitions_command(const ReachArgs& args);

}  // namespace lsmsim::cli
