// Reading a scenario file into a Scenario, strictly: every key, type, name and reference is
// checked, and the first problem is reported as BadInput with its position.
#pragma once

#include <string>

#include "engine/scenario_model.h"

namespace lsmsim::engine {

// Throws BadInput. Never throws anything else for any input.
// Files the scenario names (policies) are read relative to `base_dir`.
Scenario parse_scenario(const std::string& text, const std::string& base_dir = {});

}  // namespace lsmsim::engine
