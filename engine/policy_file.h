// Policy files a scenario names (boot `selinux: {policy: FILE}`, `load_policy: FILE`): read
// relative to the scenario's folder and checked when the scenario is parsed, so a bad policy
// is bad input with both positions, before anything runs.
#pragma once

#include <string>

#include "engine/scenario_model.h"

namespace lsmsim::engine {

struct PolicyFile {
  std::string path;  // as resolved (shown in reports and messages)
  std::string text;  // the policy.conf text
};

// Reads `name` (relative to `base_dir` unless absolute) and parses it as policy.conf.
// Throws BadInput at `pos` when the file cannot be read or the policy does not load; the
// message carries the policy's own "file:line:col: message".
PolicyFile load_policy_file(const std::string& name, const std::string& base_dir, SourcePos pos);

// A path a scenario names (file_contexts, ...), resolved relative to the scenario's folder.
std::string resolve_scenario_path(const std::string& name, const std::string& base_dir);

}  // namespace lsmsim::engine
