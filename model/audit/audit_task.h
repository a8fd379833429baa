// What audit keeps per task (the kernel's task->audit / struct audit_task_info): the login
// uid and session, whether the task has a syscall audit context, and its audit container ID.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "model/types.h"

namespace lsmsim {

struct AuditContainerId;  // model/audit/audit_contid.h
struct AuditContext;      // model/audit/audit_context.h

inline constexpr unsigned kAuditSessionUnset = 4294967295u;  // AUDIT_SID_UNSET

struct AuditTaskInfo {
  Uid loginuid = kInvalidUid;  // AUDIT_UID_UNSET, printed auid=4294967295
  unsigned sessionid = kAuditSessionUnset;
  bool loginuid_immutable = false;  // inherited; set by the unshare/clone trick of systemd
  // audit_alloc() gives a task a syscall context only when audit was ever enabled; tasks
  // forked before that never produce SYSCALL records.
  std::shared_ptr<AuditContext> context;
  // ghak90: the container the task belongs to (inherited on fork), null if unset.
  std::shared_ptr<AuditContainerId> contid;
  bool capcontid = false;  // v11 11/11; not inherited
};

}  // namespace lsmsim
