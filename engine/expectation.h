// Checking a step's `expect:` against what the syscall returned.
#pragma once

#include <vector>

#include "engine/call.h"
#include "engine/report.h"
#include "engine/run_state.h"
#include "engine/scenario_model.h"
#include "model/sys_result.h"

namespace lsmsim::engine {

// One CheckRecord per expectation key. References (${pid:...}, task names in `returns`) are
// resolved as `caller` sees them.
std::vector<CheckRecord> check_expectation(const Expectation& ex, const SysResult& r,
                                           const std::vector<TraceRecord>& trace, RunState& state,
                                           const Task& caller,
                                           const LsmCallOutput* lsm_out = nullptr);

// "= 0", "= 3", "= -1 EPERM (denied by capability in capable at init: ...)".
std::string render_result(const SysResult& r);

}  // namespace lsmsim::engine
