// Running one step on the kernel: resolve the caller, call the syscall, record the LSM hooks
// it went through, name the namespaces it created and check the expectations.
#pragma once

#include "engine/report.h"
#include "engine/run_state.h"
#include "engine/scenario_model.h"

namespace lsmsim::engine {

StepRecord run_step(RunState& state, const Step& step);

}  // namespace lsmsim::engine
