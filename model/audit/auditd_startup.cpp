// auditd's start-up sequence, sent through the same netlink entry point as auditctl.
#include "model/audit/auditd_startup.h"

#include <cerrno>

#include "model/audit/audit.h"
#include "model/audit/audit_netlink.h"
#include "model/kernel.h"
#include "model/task.h"

namespace lsmsim {


SysResult start_auditd(Task& t, const AuditdOptions& options, AuditdStarted* started) {
  AuditdStarted local;
  AuditdStarted& out = started != nullptr ? *started : local;
  const Pid vnr = t.pid_in(t.active_pid_ns());
  SysResult r =
      audit_set_status(t, AUDIT_STATUS_PID, &AuditStatus::pid, static_cast<std::uint32_t>(vnr));
  if (!r.ok()) return r;
  for (const auto& d : t.kernel.audit().daemons())
    if (d->alive && d->pid == t.tgid) out.daemon = d.get();
  if (out.daemon == nullptr) return SysResult::error(ESRCH);  // unreachable: the SET succeeded
  out.daemon->name = options.name;
  AuditReply st;
  AuditRequest get;
  get.type = AUDIT_GET;
  if (sys_audit_request(t, get, &st).ok() && st.status.enabled == 0) {
    out.enabled_audit = true;
    r = audit_set_status(t, AUDIT_STATUS_ENABLED, &AuditStatus::enabled, 1);
    if (!r.ok()) return r;
  }
  if (options.backlog_limit) {
    r = audit_set_status(t, AUDIT_STATUS_BACKLOG_LIMIT, &AuditStatus::backlog_limit,
                         *options.backlog_limit);
    if (!r.ok()) return r;
  }
  if (options.failure) {
    r = audit_set_status(t, AUDIT_STATUS_FAILURE, &AuditStatus::failure, *options.failure);
    if (!r.ok()) return r;
  }
  out.daemon->stalled = options.stalled;
  return SysResult::success();
}

}  // namespace lsmsim
