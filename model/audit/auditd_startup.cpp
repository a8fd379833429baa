// auditd's start-up sequence, sent through the same netlink entry point as auditctl.
#include "model/audit/auditd_startup.h"

#include <cerrno>

#include "model/audit/audit.h"
#include "model/audit/audit_netlink.h"
#include "model/kernel.h"
#include "model/task.h"

namespace lsmsim {

namespace {

SysResult set_status(Task& t, std::uint32_t mask, std::uint32_t value) {
  AuditRequest req;
  req.type = AUDIT_SET;
  req.status.mask = mask;
  if (mask == AUDIT_STATUS_PID) req.status.pid = value;
  if (mask == AUDIT_STATUS_ENABLED) req.status.enabled = value;
  if (mask == AUDIT_STATUS_BACKLOG_LIMIT) req.status.backlog_limit = value;
  if (mask == AUDIT_STATUS_FAILURE) req.status.failure = value;
  return sys_audit_request(t, req);
}

}  // namespace

SysResult start_auditd(Task& t, const AuditdOptions& options, AuditdStarted* started) {
  AuditdStarted local;
  AuditdStarted& out = started != nullptr ? *started : local;
  const Pid vnr = t.pid_in(t.active_pid_ns());
  SysResult r = set_status(t, AUDIT_STATUS_PID, static_cast<std::uint32_t>(vnr));
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
    r = set_status(t, AUDIT_STATUS_ENABLED, 1);
    if (!r.ok()) return r;
  }
  if (options.backlog_limit) {
    r = set_status(t, AUDIT_STATUS_BACKLOG_LIMIT, *options.backlog_limit);
    if (!r.ok()) return r;
  }
  if (options.failure) {
    r = set_status(t, AUDIT_STATUS_FAILURE, *options.failure);
    if (!r.ok()) return r;
  }
  out.daemon->stalled = options.stalled;
  return SysResult::success();
}

}  // namespace lsmsim
