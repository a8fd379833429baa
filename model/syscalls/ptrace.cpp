// ptrace(PTRACE_ATTACH) and ptrace(PTRACE_TRACEME) (kernel/ptrace.c).
#include "model/kernel.h"
#include "model/syscalls/syscall_util.h"
#include "model/lsm/security.h"
#include "model/process/pid_lookup.h"
#include "model/process/ptrace_access.h"
#include "model/syscalls/denial.h"
#include "model/syscalls/process.h"

namespace lsmsim {

SysResult sys_ptrace_attach(Task& caller, Pid pid) {
  SyscallScope scope(caller, 101, {audit_arg(16), audit_arg(pid)}, false);
  return scope.leave([&]() -> SysResult {
    Task* t = find_task_by_vpid(caller, pid);
    if (t == nullptr) return kernel_denial(ESRCH, "no such pid in the caller's pid namespace");
    caller.kernel.audit().record_target(*t);  // audit_ptrace()
    if (same_thread_group(*t, caller))
      return kernel_denial(EPERM, "a task cannot attach to its own thread group");
    if (SysResult r = ptrace_may_access(caller, *t, PTRACE_MODE_ATTACH_REALCREDS); !r.ok())
      return r;
    if (!t->alive()) return kernel_denial(EPERM, "the target is exiting");
    if (t->ptracer != nullptr) return kernel_denial(EPERM, "the target is already traced");
    t->ptracer = &caller;
    return SysResult::success();
  }());
}

SysResult sys_ptrace_traceme(Task& caller) {
  SyscallScope scope(caller, 101, {audit_arg(0)}, false);
  return scope.leave([&]() -> SysResult {
    if (caller.ptracer != nullptr) return kernel_denial(EPERM, "already traced");
    Task* parent = caller.parent;
    if (parent == nullptr) return kernel_denial(EPERM, "no parent to trace the caller");
    if (const int rc = security_ptrace_traceme(caller.kernel.lsm(), *parent); rc != 0)
      return lsm_denial(caller.kernel, -rc);
    if (parent->alive()) caller.ptracer = parent;  // an exiting parent is silently not linked
    return SysResult::success();
  }());
}

}  // namespace lsmsim
