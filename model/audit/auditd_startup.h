// What auditd(8) sends when it starts, shared by the scenario step `auditd` and the Python
// Kernel.audit.start_daemon().
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "model/sys_result.h"

namespace lsmsim {

struct Task;
struct AuditDaemon;

// auditd(8) starting up in `daemon_task`'s user namespace (auditd.c): AUDIT_SET pid (its pid
// as its own pid namespace sees it), enabled=1 when audit is off, then the configured backlog
// limit and failure mode as audit.rules' -b / -f would set them. The first refusal is returned
// and the later steps are not sent.
struct AuditdOptions {
  std::string name = "host";                  // the daemon's display name
  std::optional<std::uint32_t> backlog_limit;  // -b
  std::optional<std::uint32_t> failure;        // -f (0 silent, 1 printk, 2 panic)
  bool stalled = false;                        // it never reads its queue
};
struct AuditdStarted {
  AuditDaemon* daemon = nullptr;  // the registered daemon (set once AUDIT_SET pid succeeded)
  bool enabled_audit = false;     // it had to turn audit on (AUDIT_SET enabled=1)
};
SysResult start_auditd(Task& daemon_task, const AuditdOptions& options,
                       AuditdStarted* started = nullptr);

}  // namespace lsmsim
