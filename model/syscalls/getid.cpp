// getpid/getppid/getuid/geteuid: numbers as the caller's pid and user namespaces see them.
#include "model/capable.h"
#include "model/kernel.h"
#include "model/syscalls/syscall_util.h"
#include "model/process/pid_lookup.h"
#include "model/syscalls/process.h"

namespace lsmsim {

SysResult sys_getpid(Task& caller) {
  SyscallScope scope(caller, 39, {}, false);
  return scope.leave([&]() -> SysResult {
    return SysResult::success(task_tgid_nr_for(caller, caller));
  }());
}

SysResult sys_getppid(Task& caller) {
  SyscallScope scope(caller, 110, {}, false);
  return scope.leave([&]() -> SysResult {
    // 0 when the parent lives in an ancestor pid namespace (e.g. for a namespace's init).
    const Task* parent = caller.parent;
    return SysResult::success(parent == nullptr ? 0 : task_tgid_nr_for(*parent, caller));
  }());
}

SysResult sys_getuid(Task& caller) {
  SyscallScope scope(caller, 102, {}, false);
  return scope.leave([&]() -> SysResult {
    return SysResult::success(from_kuid_munged(*caller.cred->user_ns, caller.cred->uid));
  }());
}

SysResult sys_geteuid(Task& caller) {
  SyscallScope scope(caller, 107, {}, false);
  return scope.leave([&]() -> SysResult {
    return SysResult::success(from_kuid_munged(*caller.cred->user_ns, caller.cred->euid));
  }());
}

}  // namespace lsmsim
