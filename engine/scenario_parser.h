// Reading a scenario file into a Scenario, strictly: every key, type, name and reference is
// checked, and the first problem is reported as BadInput with its position.
#pragma once

#include <string>

#include "engine/scenario_model.h"

namespace lsmsim::engine {

// Throws BadInput. Never throws anything else for any input.
// Files the scenario names (policies, includes) are read relative to `base_dir`; `file` names
// the scenario in messages about included files ("included from FILE:3:5"). A BadInput
// located in an included file names it in `file` (engine/include_files.h).
Scenario parse_scenario(const std::string& text, const std::string& base_dir = {},
                        const std::string& file = {});

}  // namespace lsmsim::engine
