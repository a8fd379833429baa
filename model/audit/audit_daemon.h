// A registered audit daemon (auditd): where records of one user namespace go. Mainline has
// exactly one, in the initial namespaces; lsmsim also models the proposed daemons of child
// user namespaces (Briggs, LSS 2016; audit-kernel#93), each with its own rule set, bounded
// backlog queue, lost count and failure mode, so one overflowing never loses another's records.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "model/audit/audit_record.h"
#include "model/audit/audit_rule.h"
#include "model/types.h"

namespace lsmsim {

struct Task;
struct UserNamespace;

inline constexpr int AUDIT_FAIL_SILENT = 0;
inline constexpr int AUDIT_FAIL_PRINTK = 1;
inline constexpr int AUDIT_FAIL_PANIC = 2;

struct AuditDaemon {
  std::shared_ptr<UserNamespace> user_ns;  // the namespace whose records it receives
  Pid pid = 0;                             // its tgid in the initial pid namespace
  std::string name;                        // display name ("host", "container-a", ...)
  // Its own configuration (AUDIT_SET / auditctl -e -f -b). Kernel defaults.
  std::uint32_t enabled = 1;
  int failure = AUDIT_FAIL_PRINTK;
  std::uint32_t backlog_limit = 64;
  std::uint32_t backlog_wait_time = 60000;  // ms; lsmsim never waits (nothing drains meanwhile)
  std::uint32_t rate_limit = 0;
  std::vector<AuditRule> rules;  // in list order as the kernel keeps them
  // Records the kernel queued and auditd has not read yet (audit_queue), at most
  // backlog_limit + 1 of them (the kernel tests "queue length > limit" before queueing).
  std::deque<AuditRecord> queue;
  // What auditd has read and written to its log, in order.
  std::vector<AuditRecord> log;
  std::uint64_t lost = 0;  // audit_lost: records dropped for this daemon
  // audit_rate_check()'s and audit_log_lost()'s static state, per daemon (kernel/audit.c).
  int rate_messages = 0;
  std::uint64_t rate_last_check_ns = 0;
  std::uint64_t lost_last_msg_ns = 0;
  // A stalled daemon does not read its queue (a scenario's way to make it overflow).
  bool stalled = false;
  bool alive = true;

  // auditd reads everything queued (kauditd_thread handing skbs to the daemon).
  void drain();
  // All records this daemon has received: its log, then what is still queued.
  std::vector<AuditRecord> received() const;
};

}  // namespace lsmsim
