// A parsed scenario: boot parameters, steps and expectations, with the source position of
// everything so a runtime problem can still point into the file. No yaml-cpp types here.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "lsms/probe/probe_lsm.h"
#include "model/capability.h"
#include "model/kernel.h"

namespace lsmsim::engine {

// 1-based; 0 means "unknown".
struct SourcePos {
  int line = 0;
  int column = 0;
};

// Raised by the parser for bad input; the runner turns it into "file:line:col: message".
struct BadInput {
  BadInput() = default;
  BadInput(SourcePos p, std::string m) : pos(p), message(std::move(m)) {}
  SourcePos pos;
  std::string message;
  // The included file `pos` is in (engine/include_files.h); "" is the scenario file itself.
  std::string file;
  // How that text was reached, innermost first: "included from x.yaml:3:5",
  // "in fragment 'setup' used at x.yaml:12:5".
  std::vector<std::string> included_from;
};

// How a step argument is read and later resolved.
enum class ArgType {
  integer,    // a number ("${var}" allowed, resolved at run time)
  id,         // a uid/gid; -1 means "unchanged"
  text,       // a string; ${...} substituted at run time
  task,       // a pid: a task name (translated into the caller's pid namespace) or a number
  fd,         // a descriptor number or the name a step saved with `save:`
  mode,       // octal permission bits, as chmod(1) writes them
  flags,      // OR of names from a symbol table, a list of names, or a number
  choice,     // one name from a symbol table, or a number
  caps,       // a list of capability names, "all" or "none"
  ids,        // a list of ids
  texts,      // a list of strings
  prctl_arg,  // a number, a PR_* name or a capability name
  user_size,  // a number or NULL (a null user pointer): `text` is "NULL" then
  lsm,        // an LSM: LSM_ID_* name, a number, or the name of one of the kernel's LSMs
  policy_file,  // a policy.conf path relative to the scenario: `texts` = {path}, `text` = contents
  boolean,      // true or false: `number` is 1 or 0
  profile_file,  // AppArmor profiles relative to the scenario: `texts` = {path}, `text` = contents
};

struct ArgValue {
  ArgType type = ArgType::integer;
  SourcePos pos;
  long long number = 0;   // resolved number (integer, id, fd, mode, flags, choice, prctl_arg)
  std::string text;       // text template, task name, fd variable or template for a number
  bool deferred = false;  // `text` must be resolved when the step runs
  std::vector<long long> numbers;
  std::vector<std::string> texts;
  std::vector<SourcePos> text_pos;  // where each of `texts` starts
  CapSet caps;
};

// Strings compared against what a step returned. `${...}` is substituted when the step runs.
// One struct lsm_ctx entry lsm_get_self_attr must have written (unset fields: any).
struct EntryExpectation {
  SourcePos pos;
  std::optional<ArgValue> id;      // ArgType::lsm
  std::optional<std::string> ctx;  // the context; one trailing NUL is not part of it
  std::optional<long long> ctx_len;
  std::optional<long long> len;
  std::optional<long long> flags;
};

// expect `audit:` - the records one daemon received during the step (engine/audit_expect.cpp).
struct AuditRecordPattern {
  SourcePos pos;
  std::optional<ArgValue> type;  // ArgType::text, as auditd writes it after type=
  ArgValue fields;               // ArgType::texts: NAME=VALUE or NAME
};

struct AuditExpectation {
  SourcePos pos;
  std::string daemon = "host";
  std::vector<AuditRecordPattern> records;  // each must match at least one new record
  std::vector<AuditRecordPattern> absent;   // none may match any new record
  std::optional<long long> count;           // how many records the step produced, exactly
};

// expect `labels:` - what a viewer reads from /proc/PID/attr/current (or attr/LSM/current)
// for each task, after the step (engine/labels_expect.cpp).
struct LabelExpectation {
  SourcePos pos;
  std::string task;
  enum class Kind { label, invisible, error } kind = Kind::label;
  std::string label;  // Kind::label; ${...} substituted as the viewer sees them
  int error = 0;      // Kind::error: the errno the read fails with
};

struct LabelsExpectation {
  SourcePos pos;
  std::string viewer;  // "" = the step's `as:` task
  std::string lsm;     // "" = the legacy /proc/PID/attr/current
  std::vector<LabelExpectation> of;
};

struct Expectation {
  SourcePos pos;
  std::optional<bool> ok;
  std::optional<int> error;  // errno
  std::optional<ArgValue> returns;
  std::optional<std::string> denied_by;
  std::optional<std::string> hook;
  std::optional<std::string> ns_level;
  std::optional<std::string> reason;  // substring of the denial's reason
  std::optional<std::string> equals;
  std::vector<std::string> contains;
  std::vector<std::string> not_contains;
  std::optional<std::string> matches;  // regex source (ECMAScript), searched in the data
  std::shared_ptr<const std::regex> matches_re;
  // The LSM syscalls: *size after the call, and what they wrote (in order, exactly).
  std::optional<long long> size;
  std::optional<std::vector<EntryExpectation>> entries;
  // ArgType::lsm values, in order.
  std::optional<std::vector<ArgValue>> ids;
  std::vector<std::string> called;      // "lsm" or "lsm:hook" that must appear in the trace
  std::vector<std::string> not_called;  // ... that must not
  std::optional<AuditExpectation> audit;
  std::optional<LabelsExpectation> labels;
  bool implicit = false;                // no `expect:` in the step: success is expected
};

struct Step {
  SourcePos pos;
  int index = 0;  // 1-based step number
  std::string as;
  std::string op;  // "fork", "unshare", ...
  SourcePos op_pos;
  std::map<std::string, ArgValue> args;
  Expectation expect;
  std::vector<std::string> save;  // names for the return value (socketpair: both fds)
  std::optional<std::string> ns_name;
  std::string note;
  // `expect_cells: {CELL: {...}}`: what the step expects in that matrix cell instead of
  // `expect:` (engine/matrix.h applies it).
  std::map<std::string, Expectation> cell_expect;
  // The included file the step is written in ("" = the scenario file) and, for steps that
  // come from a fragment, "fragment NAME used at FILE:LINE:COL".
  std::string file;
  std::string origin;
};

// One rule of a Smack rule file (engine/smack_rules_file.h).
struct SmackRuleLine {
  int line = 0;
  int column = 1;                             // the subject's
  std::string subject, object, access, deny;  // deny empty: a load2 rule
};

struct BootExpectation {
  SourcePos pos;
  std::optional<std::string> lsm_list;
  std::vector<std::string> boot_messages;  // each must be a substring of some message
  std::vector<std::string> not_boot_messages;
};

// boot `selinux:` — what init does before the steps run: load the policy, set enforcing,
// label the filesystem from file_contexts (setfiles).
struct SelinuxBoot {
  SourcePos pos;
  std::string policy_path, policy_text;
  bool enforcing = true;
  std::string file_contexts;  // resolved path; empty: no setfiles
  std::string label_root = "/";
};

// boot `apparmor:` — what the init scripts do before the steps run (apparmor.service:
// apparmor_parser -r on each profile file, into the root policy namespace).
struct ApparmorBoot {
  SourcePos pos;
  std::vector<std::string> profile_paths, profile_texts;
  std::optional<int> unprivileged_userns_policy;  // sysctl kernel.unprivileged_userns_apparmor_policy
};

// boot `smack:` — what init does before the steps run (smack.service: smackload the rules
// into /sys/fs/smackfs/load2 (change-rule for four-word rules), then set onlycap).
struct SmackBoot {
  SourcePos pos;
  std::string rules_path;  // empty: no rules
  std::vector<SmackRuleLine> rules;
  std::optional<std::vector<std::string>> onlycap;
};

// boot `audit:` - the audit= command line parameter and lsmsim's per-user-namespace daemons.
struct AuditBootSettings {
  SourcePos pos;
  std::optional<bool> boot;   // audit=1 / audit=0; unset: not on the command line
  bool userns_daemons = true; // false: exactly mainline (ECONNREFUSED outside init userns)
};

// One cell of `matrix:`: the boot keys it overrides, already applied to a copy of the
// scenario's configuration (engine/matrix.h).
struct MatrixCell {
  std::string name;
  SourcePos pos;
  KernelConfig config;
  std::string boot_summary;
  std::optional<BootExpectation> boot_expect;
};

struct Scenario {
  std::string name;
  std::string description;
  KernelConfig config;  // catalog already includes the probes
  std::vector<ProbeSpec> probes;
  SourcePos boot_pos;
  std::string boot_summary;  // "lsm=capability,probe_a stacking" as written
  std::optional<BootExpectation> boot_expect;
  std::optional<SelinuxBoot> selinux;
  std::optional<ApparmorBoot> apparmor;
  std::optional<SmackBoot> smack;
  std::optional<AuditBootSettings> audit;
  std::vector<Step> steps;
  // `matrix:` cells in file order (empty: one run); `cell` names the one applied
  // (engine/matrix.h apply_matrix_cell), "" before.
  std::vector<MatrixCell> matrix;
  std::string cell;
  // Included files, as named in messages, in the order they were read.
  std::vector<std::string> included_files;
};

}  // namespace lsmsim::engine
