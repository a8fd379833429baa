// Rule matching (kernel/auditsc.c audit_filter_rules, audit_filter_syscall, audit_filter_type;
// kernel/auditfilter.c audit_filter for the user list): which of a daemon's rules decide an
// event's fate.
#pragma once

#include <string>
#include <vector>

#include "model/audit/audit_rule.h"

namespace lsmsim {

struct AuditContext;
struct Task;

struct AuditFilterResult {
  bool matched = false;  // some rule matched
  bool record = false;   // the matching rule says always
  std::string key;       // its -k key, "" if none
};

// The exit list for a finished syscall of `t` (first matching rule wins, as the kernel does).
// Watches match when one of ctx.names is the watched path (or below a watched directory).
AuditFilterResult audit_filter_syscall(const std::vector<AuditRule>& rules, const Task& t,
                                       const AuditContext& ctx);
// The exclude list: true when a record of `type` must not be sent (msgtype rules).
bool audit_filter_type(const std::vector<AuditRule>& rules, int type);
// The user list for a user message of `type` from `t`: false when a never rule matches.
bool audit_filter_user(const std::vector<AuditRule>& rules, const Task& t, int type);
// Whether the rule set counts for audit_n_rules (exit/task/watch rules; not user/exclude/fs):
// with none, the kernel writes no SYSCALL records at all, only the aux records.
bool audit_rules_count(const std::vector<AuditRule>& rules);

}  // namespace lsmsim
