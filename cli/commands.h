// The subcommands of `lsmsim`, one file each; cli_main.cpp wires them to CLI11.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/run.h"

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
