// Checking a step's `expect:` against what the syscall returned.
#pragma once

#include <map>
#include <string>
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

// How many records each audit daemon (by name) has received so far: taken before a step so
// that expect `audit:` sees only the records the step produced.
std::map<std::string, std::size_t> audit_record_counts(Kernel& k);
// expect `audit:` (engine/expectation_audit.cpp).
std::vector<CheckRecord> check_audit_expectation(const AuditExpectation& ae, RunState& state,
                                                 const Task& caller,
                                                 const std::map<std::string, std::size_t>& before);
// expect `labels:` (engine/expectation_labels.cpp): the viewer (default `caller`) reads
// /proc/PID/attr/current or /proc/PID/attr/LSM/current of each task, PID as its pid
// namespace numbers the task, after the step.
std::vector<CheckRecord> check_labels_expectation(const LabelsExpectation& le, RunState& state,
                                                  const Task& caller);

// "= 0", "= 3", "= -1 EPERM (denied by capability in capable at init: ...)".
std::string render_result(const SysResult& r);

}  // namespace lsmsim::engine
