// `matrix:` - one scenario run under several boot configurations. Each cell overrides boot
// keys (lsm=, security=, CONFIG_LSM, stacking, interface_lsm, enabled, dispatch, the boot
// expectations); a step's `expect_cells: {CELL: ...}` replaces its `expect:` in that cell.
// The runner (engine/run.cpp) boots one ScenarioSession per cell and applies the cell to
// scenario_to_boot() before boot().
#pragma once

#include <string>
#include <vector>

#include "engine/scenario_model.h"

namespace lsmsim::engine {

// The keys a matrix cell may hold.
const std::vector<std::string_view>& matrix_cell_keys();

// Applies cell `name` (one of sc.matrix) to `sc`: its configuration, boot summary and boot
// expectations, and each step's expectation for that cell. Boot sections (selinux:,
// apparmor:, smack:) of an LSM that is not active in the cell are dropped, as the init
// scripts skip them (systemd loads no policy when SELinux is off; apparmor.service has
// ConditionSecurity=apparmor). Returns the boot-log notes saying so. Throws
// std::invalid_argument for an unknown cell.
std::vector<std::string> apply_matrix_cell(Scenario& sc, const std::string& name);

}  // namespace lsmsim::engine
