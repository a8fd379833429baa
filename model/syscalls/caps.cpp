// capget(2) and capset(2) (kernel/capability.c).
#include "model/kernel.h"
#include "model/syscalls/syscall_util.h"
#include "model/lsm/security.h"
#include "model/process/pid_lookup.h"
#include "model/syscalls/denial.h"
#include "model/syscalls/process.h"

namespace lsmsim {

SysResult sys_capget(Task& caller, Pid pid, CapSet& effective, CapSet& inheritable,
                     CapSet& permitted) {
  SyscallScope scope(caller, 125, {}, false);
  return scope.leave([&]() -> SysResult {
    Task* target = &caller;
    if (pid != 0 && pid != task_pid_nr_for(caller, caller)) {
      target = find_task_by_vpid(caller, pid);
      if (target == nullptr) return kernel_denial(ESRCH, "no such pid in the caller's pid namespace");
    }
    if (const int rc = security_capget(caller.kernel.lsm(), static_cast<const Task&>(*target),
                                       effective, inheritable, permitted);
        rc != 0)
      return lsm_denial(caller.kernel, -rc);
    return SysResult::success();
  }());
}

SysResult sys_capset(Task& caller, CapSet effective, CapSet inheritable, CapSet permitted) {
  SyscallScope scope(caller, 126, {}, false);
  return scope.leave([&]() -> SysResult {
    // capset acts on the caller only (a pid other than its own is EPERM in the kernel).
    Kernel& k = caller.kernel;
    int err = 0;
    std::shared_ptr<Cred> next = k.prepare_creds(*caller.cred, err);
    if (next == nullptr) return lsm_denial(k, err);
    const CredRef old = caller.cred;
    if (const int rc = security_capset(k.lsm(), *next, static_cast<const Cred&>(*old),
                                       static_cast<const CapSet&>(effective),
                                       static_cast<const CapSet&>(inheritable),
                                       static_cast<const CapSet&>(permitted));
        rc < 0)
      return lsm_denial(k, -rc);
    k.commit_creds(caller, std::move(next));
    return SysResult::success();
  }());
}

}  // namespace lsmsim
