// Where the netlink and loginuid code reach the audit state of a Kernel and a Task. The core
// (model/audit/audit.cpp) defines these; kept in one place so the wiring is one change.
#pragma once

#include <string>

namespace lsmsim {

class AuditSubsystem;
class Kernel;
struct AuditTaskInfo;
struct Task;

AuditSubsystem& audit_subsystem(Kernel& k);
AuditTaskInfo& audit_task_info(Task& t);
// audit_log_task_context(): " subj=CONTEXT" (leading space) or "" when no LSM gives one.
std::string audit_subj_text(Task& t);

}  // namespace lsmsim
