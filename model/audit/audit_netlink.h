// The NETLINK_AUDIT interface as a syscall: one message sent by `caller` on an audit socket
// it opened itself (so the opener and the sender are the same task), with the kernel's gate
// (audit_netlink_ok) and handlers (audit_receive_msg). Plus the two user-space helpers that
// everything else is written with: auditctl(8) and libaudit's audit_log_user_message().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/audit/audit_rule.h"
#include "model/sys_result.h"

namespace lsmsim {

struct Task;

// struct audit_status mask bits.
inline constexpr std::uint32_t AUDIT_STATUS_ENABLED = 0x0001;
inline constexpr std::uint32_t AUDIT_STATUS_FAILURE = 0x0002;
inline constexpr std::uint32_t AUDIT_STATUS_PID = 0x0004;
inline constexpr std::uint32_t AUDIT_STATUS_RATE_LIMIT = 0x0008;
inline constexpr std::uint32_t AUDIT_STATUS_BACKLOG_LIMIT = 0x0010;
inline constexpr std::uint32_t AUDIT_STATUS_BACKLOG_WAIT_TIME = 0x0020;
inline constexpr std::uint32_t AUDIT_STATUS_LOST = 0x0040;

struct AuditStatus {
  std::uint32_t mask = 0;
  std::uint32_t enabled = 0;
  std::uint32_t failure = 0;
  std::uint32_t pid = 0;  // the daemon's pid as the requester sees it (pid_vnr)
  std::uint32_t rate_limit = 0;
  std::uint32_t backlog_limit = 0;
  std::uint32_t lost = 0;
  std::uint32_t backlog = 0;  // records queued now
  std::uint32_t backlog_wait_time = 0;
};

struct AuditRequest {
  int type = 0;            // AUDIT_GET, AUDIT_SET, AUDIT_ADD_RULE, AUDIT_USER_LOGIN, ...
  AuditStatus status;      // AUDIT_SET
  AuditRule rule;          // AUDIT_ADD_RULE / AUDIT_DEL_RULE
  std::string text;        // user messages: the message text
};

struct AuditReply {
  AuditStatus status;            // AUDIT_GET
  std::vector<AuditRule> rules;  // AUDIT_LIST_RULES
};

// sendto() on a NETLINK_AUDIT socket. Errors as audit_netlink_ok() and the handlers give
// them: ECONNREFUSED from outside the initial user namespace (unless the namespace, or an
// ancestor below the initial one, has its own daemon and the per-userns daemon model is on),
// EOPNOTSUPP for the legacy LIST/ADD/DEL, EPERM without CAP_AUDIT_CONTROL / CAP_AUDIT_WRITE
// or from outside the initial pid namespace for control messages, EINVAL for other types,
// EEXIST when a live daemon is registered, EACCES when another task unregisters it.
SysResult sys_audit_request(Task& caller, const AuditRequest& request, AuditReply* reply = nullptr);

// AUDIT_SET of one struct audit_status field (`mask` its bit), as auditctl -e/-f/-b/-r
// --backlog_wait_time and auditd's start-up send it.
SysResult audit_set_status(Task& caller, std::uint32_t mask, std::uint32_t AuditStatus::* field,
                           std::uint32_t value, AuditReply* reply = nullptr);

// auditctl(8): one parsed command sent as the tool sends it (errors as the kernel's).
SysResult run_auditctl(Task& caller, const AuditctlCommand& command, AuditReply* reply = nullptr);

// libaudit audit_log_user_message(): sends a user message; ECONNREFUSED is what libaudit
// takes as "audit is not available" and reports as success (ret 0), as PAM relies on.
SysResult audit_log_user_message(Task& caller, int type, const std::string& message);

// Logs a record whose text carries `t`'s subject context: `before` + subj field + `after`,
// plus the MAC_TASK_CONTEXTS aux record when two or more LSMs give contexts (joining the
// current syscall's event, or as one standalone event). `standalone`: never joins the
// syscall (audit_log_start with a NULL context, as for user messages).
void audit_log_with_subj(Task& t, int type, const std::string& before, const std::string& after,
                         bool standalone = false);

}  // namespace lsmsim
