// Glue between the netlink/loginuid code (audit-rules) and the core's state: the accessors
// audit_access.h declares, defined on Kernel::audit(), Task::audit and audit_subj_field().
#include "model/audit/audit_access.h"

#include "model/audit/audit.h"
#include "model/audit/audit_syscall_records.h"
#include "model/kernel.h"
#include "model/task.h"

namespace lsmsim {

AuditSubsystem& audit_subsystem(Kernel& k) { return k.audit(); }
AuditTaskInfo& audit_task_info(Task& t) { return t.audit; }
std::string audit_subj_text(Task& t) { return audit_subj_field(t.kernel, t).field; }

}  // namespace lsmsim
