// Audit rules as auditctl(8) writes them, for the subset lsmsim implements (docs/audit.md):
//   -a|-A LIST,ACTION [-F arch=b64] [-S name|number|all]... [-F field OP value]... [-k key]
//   -w PATH [-p rwxa] [-k key]     -W PATH     -d LIST,ACTION ...     -D
//   -e 0|1|2   -f 0|1|2   -b N   --backlog_wait_time MS   -r N
// LIST is exit, task, user or exclude (entry is refused as auditctl refuses it); ACTION is
// always or never. The parser is "user space": it turns text into what the kernel receives
// in struct audit_rule_data, and matching is the kernel's (kernel/auditfilter.c, auditsc.c).
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/parse_error.h"

namespace lsmsim {

// A rule line that auditctl would refuse. what() is "file:line:col: message".
class AuditRuleError : public ParseError {
 public:
  using ParseError::ParseError;
};

enum class AuditFilterList { user, task, exit, exclude, fs };  // AUDIT_FILTER_*
enum class AuditAction { never, always };
enum class AuditOp { eq, ne, lt, le, gt, ge, bitmask, bittest };  // =, !=, <, <=, >, >=, &, &=

// One -F condition. Numeric fields keep `number`; string fields (subj_type, key, path, dir,
// msgtype names resolved to numbers) keep `text`.
struct AuditFieldRule {
  std::string field;  // as auditctl names it: uid, auid, euid, pid, ppid, exit, success,
                      // subj_type, subj_user, subj_role, obj_type, msgtype, contid, path,
                      // dir, perm, key, arch
  AuditOp op = AuditOp::eq;
  std::uint64_t number = 0;
  std::string text;
  bool is_text = false;
};

struct AuditRule {
  AuditFilterList list = AuditFilterList::exit;
  AuditAction action = AuditAction::always;
  bool all_syscalls = false;
  std::vector<int> syscalls;  // x86_64 numbers
  std::vector<AuditFieldRule> fields;
  std::string key;  // -k; "" when none (key=(null) in records)
  // -w PATH -p PERMS: a watch is an exit rule on the path with a perm mask (AUDIT_PERM_*).
  std::string watch_path;
  unsigned watch_perms = 0;  // 1 exec, 2 write, 4 read, 8 attr
  std::string text;          // the rule as written, for -l listings

  bool operator==(const AuditRule& o) const;  // same list, action, syscalls, fields, key
};

// One auditctl invocation.
struct AuditctlCommand {
  enum class Kind {
    append_rule,   // -a, -w
    prepend_rule,  // -A
    delete_rule,   // -d, -W
    delete_all,    // -D
    set_enabled,   // -e
    set_failure,   // -f
    set_backlog_limit,      // -b
    set_backlog_wait_time,  // --backlog_wait_time
    set_rate_limit,         // -r
    list_rules,             // -l
    status,                 // -s
  };
  Kind kind = Kind::append_rule;
  AuditRule rule;
  std::uint32_t value = 0;
  int line = 1;  // where it was read (parse_auditctl's `line`), for messages about running it
};

// Parses one auditctl command line (without the leading "auditctl"). `file`/`line` name the
// position in the caller's input for errors; columns count from 1 within `text`.
AuditctlCommand parse_auditctl(const std::string& text, const std::string& file = "<auditctl>",
                               int line = 1, int column_offset = 0);
// An audit.rules file: one command per line, blank lines and '#' comments skipped.
std::vector<AuditctlCommand> parse_audit_rules(const std::string& text, const std::string& file);

// The x86_64 syscall number of a name auditctl accepts ("openat" -> 257), -1 if unknown.
int audit_syscall_number(const std::string& name);
// And back: "openat" for 257, "" if lsmsim does not know the number.
std::string audit_syscall_name(int nr);

// The rule in auditctl -l form ("-a always,exit -F arch=b64 -S openat -F key=k").
std::string format_audit_rule(const AuditRule& r);

}  // namespace lsmsim
