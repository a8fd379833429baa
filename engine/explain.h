// `lsmsim explain FILE --step N`: why one step was allowed or denied. The scenario runs up to
// and including step N (ScenarioSession); the step's hook calls are then laid out call by
// call, LSM by LSM in dispatch order (with the LSMs the framework did not call after the
// first non-default answer), and level by level for namespaced LSMs (LsmModule::note_level),
// ending with the errno and who decided.
#pragma once

#include <string>
#include <vector>

#include "engine/report.h"

namespace lsmsim::engine {

class ScenarioSession;

struct ExplainLsm {
  enum class State {
    called,          // its callback ran and answered `rc`
    stopped,         // registered, not called: an earlier LSM's answer ended the dispatch
    not_asked,       // registered, not called for another reason (a special dispatcher)
    not_registered,  // no callback for this hook
  };
  std::string lsm;
  State state = State::called;
  int rc = 0;
  std::string ns_level, reason;  // a denial's
  std::vector<LevelRecord> levels;
};

// One security_<hook>() call: the callbacks it ran, in order.
struct ExplainCall {
  std::string hook;
  std::string dispatch;  // "call_int_hook", "call_void_hook" or "special"
  int default_rc = 0;
  int rc = 0;                    // the answer of the last LSM called
  std::string decided_by;        // the LSM whose non-default answer ended the call ("" if none)
  std::vector<ExplainLsm> lsms;  // every active LSM, in dispatch order
};

struct Explanation {
  std::string file, cell;
  int step = 0, line = 0, column = 0;
  std::string task, call, result, note;
  int err = 0;
  std::string denied_by, denied_hook, denied_level, denied_reason;
  std::string error;  // the step could not run
  std::string lsm_list, dispatch;
  std::vector<ExplainCall> calls;
  std::vector<CheckRecord> checks;
};

// Runs `session` (not yet past step `step`) up to and including step `step` (1-based, as
// the reports number them). Throws lsmsim::ParseError for bad input (including a step number
// the scenario does not have, positioned at the scenario's first line).
Explanation explain_step(ScenarioSession& session, int step);

// For people: a compiler-diagnostic-like text ("file:line:col: step N: ...").
std::string render_explanation(const Explanation& e, bool color);
// The same as one JSON object (a line of text, no trailing newline).
std::string explanation_json(const Explanation& e);

}  // namespace lsmsim::engine
