// What a scenario run produced, step by step, and its rendering for people: one
// command-like line per step, the result, and each expectation with expected vs actual.
#pragma once

#include <string>
#include <vector>

namespace lsmsim::engine {

struct CheckRecord {
  std::string expected;  // "error EPERM", "data contains \"CapEff:\""
  std::string actual;    // filled when it failed (and in verbose mode)
  bool passed = false;
};

// One namespace level's verdict inside a hook call (LsmModule::note_level).
struct LevelRecord {
  std::string level{};    // "init", "ns1", "root//lxd", "user1"
  std::string subject{};  // the label checked there
  int rc = 0;
  std::string reason{};
};

struct TraceRecord {
  std::string lsm;
  std::string hook;
  int rc = 0;
  std::string ns_level{};  // a denial's level (explain_denial); "" otherwise
  std::string reason{};    // a denial's explanation
  std::vector<LevelRecord> levels{};
};

struct StepRecord {
  int index = 0;
  int line = 0;
  std::string task;        // "alice"
  std::string call;        // "unshare(CLONE_NEWUSER)"
  std::string result;      // "= 0", "= -1 EPERM (denied by capability in capable: ...)"
  std::string data;        // returned data, if the operation returns some
  bool show_data = false;  // the data is the step's output (read, stat, ...)
  bool show_block = false; // ... printed in full even without --verbose (audit records)
  std::string note;
  // Where the step is written when that is not the scenario file's line `line`: "FILE:LINE"
  // of an included file, and "in fragment 'x' used at FILE:LINE:COL" for a fragment's step.
  std::string source;
  std::string error;       // set when the step could not run (StepError)
  bool implicit = false;   // no `expect:` written; success was expected
  std::vector<CheckRecord> checks;
  std::vector<TraceRecord> trace;
  // The syscall's outcome as data (for explain and the JSON outputs): errno (0 success) and,
  // on denial, who refused it (SysResult::denial).
  int err = 0;
  std::string denied_by{}, denied_hook{}, denied_level{}, denied_reason{};
  double seconds = 0;  // wall time the step took

  bool passed() const;
};

struct ScenarioRecord {
  std::string file;
  std::string name;
  std::string description;
  std::string cell;      // the matrix cell this run is ("" when the scenario has no matrix)
  std::string boot;      // "lsm=capability,probe_a stacking"
  std::string dispatch;  // "slot_table"
  std::string lsm_list;  // /sys/kernel/security/lsm
  std::vector<std::string> boot_messages;
  std::vector<CheckRecord> boot_checks;
  std::vector<StepRecord> steps;

  int expectations() const;
  int failures() const;
};

struct RenderOptions {
  bool color = false;
  bool verbose = false;  // every check, full data, boot messages
  bool quiet = false;    // failures and the summary only
  bool trace = false;    // LSM hook calls under each step
};

std::string render_report(const ScenarioRecord& s, const RenderOptions& o);
// "PASS scenarios/x.yaml: 7 steps, 9 expectations" (the last line of a report).
std::string render_summary(const ScenarioRecord& s, const RenderOptions& o);
// The last line for a matrix: "PASS x.yaml: 3 matrix cells, 27 expectations met" or
// "FAIL x.yaml: 1 of 3 matrix cells failed (apparmor_first)".
std::string render_matrix_summary(const std::vector<ScenarioRecord>& cells, const RenderOptions& o);

}  // namespace lsmsim::engine
