// exit_group(2) and wait4(2) (kernel/exit.c).
#include <climits>

#include "model/kernel.h"
#include "model/syscalls/syscall_util.h"
#include "model/process/exit.h"
#include "model/process/pid_lookup.h"
#include "model/syscalls/denial.h"
#include "model/syscalls/process.h"

namespace lsmsim {

SysResult sys_exit(Task& caller, int code) {
  Kernel::CurrentScope scope(caller.kernel, caller);
  if (!caller.alive()) return kernel_denial(ESRCH, "the task has already exited");
  // The real kernel panics ("Attempted to kill init!"); the simulation refuses instead.
  if (same_thread_group(caller, caller.kernel.init_task()))
    return kernel_denial(EPERM, "the initial init cannot exit: the kernel would panic", "init");
  // exit_group(2) never returns: __audit_free() writes its event with no return value. Done
  // here, before the task (a non-leader thread) may be released; no SyscallScope for that
  // reason.
  AuditSubsystem& audit = caller.kernel.audit();
  if (caller.syscall_depth == 0) {
    audit.syscall_entry(caller, 231, {audit_arg(code)});
    audit.syscall_exit(caller, nullptr);
  }
  do_group_exit(caller, exit_status_code(code));
  return SysResult::success();
}

SysResult sys_wait4(Task& caller, Pid pid, int* status_out) {
  SyscallScope scope(caller, 61, {audit_arg(pid)}, false);
  return scope.leave([&]() -> SysResult {
    if (pid == INT_MIN) return kernel_denial(ESRCH, "pid INT_MIN");
    // Process groups are not modelled: every task stays in its parent's group, so wait4(0)
    // means the same as wait4(-1); a group other than that matches nobody.
    if (pid < -1) return kernel_denial(ECHILD, "process groups are not modelled");
    const Task* wanted = nullptr;
    if (pid > 0) {
      wanted = find_task_by_vpid(caller, pid);
      if (wanted == nullptr) return kernel_denial(ECHILD, "no such pid in the caller's namespace");
    }
    // Children of every thread of the caller's group are eligible; threads are not waited for.
    bool any = false;
    for (Task* th : thread_group(caller)) {
      for (Task* child : th->children) {
        if (child->tgid != child->pid) continue;
        if (wanted != nullptr && child != wanted) continue;
        any = true;
        // A dying namespace's init reports its exit only once its namespace is empty.
        if (child->state != TaskState::zombie || zap_pending(*child)) continue;
        const Pid nr = task_pid_nr_for(*child, caller);
        if (status_out != nullptr) *status_out = child->exit_code;
        reap_zombie(*child);
        return SysResult::success(nr);
      }
    }
    if (!any) return kernel_denial(ECHILD, "no child matches");
    return kernel_denial(EAGAIN, "the child has not exited (lsmsim does not block)");
  }());
}

}  // namespace lsmsim
