// The records of a syscall event as kernel/auditsc.c audit_log_exit() writes them (SYSCALL,
// OBJ_PID, CWD, PATH, PROCTITLE, EOE) and the 6.18 multi-LSM subject/object context fields
// (audit_log_subj_ctx / audit_log_obj_ctx with their MAC_TASK_CONTEXTS / MAC_OBJ_CONTEXTS
// aux records). Formatting only: routing is audit.cpp's.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace lsmsim {

class Kernel;
struct AuditContext;
struct Inode;
struct Task;

using AuditRecordList = std::vector<std::pair<int, std::string>>;

// A subject or object context field and, with two or more LSMs giving contexts, the aux
// record that lists them all.
struct AuditLsmField {
  std::string field;  // " subj=ctx", " subj=?", or "" when no LSM gives a context
  std::string aux;    // "subj_selinux=... subj_apparmor=..." or "" (no aux record)
  std::vector<std::pair<std::string, std::string>> contexts;  // (lsm name, context)
};

// audit_log_task_context(): the task's subject contexts, LSMs in registration order.
AuditLsmField audit_subj_field(Kernel& k, Task& t);
// The object contexts of a task (OBJ_PID) and of an inode (PATH).
AuditLsmField audit_task_obj_field(Kernel& k, Task& t);
AuditLsmField audit_inode_obj_field(Kernel& k, const Inode& inode);

// audit_log_task_info(): " ppid=... pid=... auid=... uid=... ... ses=N comm=\"..\" exe=\"..\""
// in initial-namespace terms (followed by the caller's subj=).
std::string audit_task_info(const Task& t);

// "proctitle=..." from t.cmdline (audit_log_proctitle: at most 128 bytes, trailing NULs and
// spaces trimmed, untrusted-string encoded).
std::string audit_proctitle_body(const Task& t);

// Everything audit_log_exit() writes for `ctx`, in order, with `key` ("" -> key=(null)).
AuditRecordList audit_syscall_event_records(Kernel& k, Task& t, const AuditContext& ctx,
                                            const std::string& key);

}  // namespace lsmsim
