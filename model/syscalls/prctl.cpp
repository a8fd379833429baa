// prctl(2) (kernel/sys.c): the LSMs see every option first through security_task_prctl;
// only when all of them answer -ENOSYS does the syscall handle the option itself.
#include <cstring>

#include "model/kernel.h"
#include "model/syscalls/syscall_util.h"
#include "model/lsm/security.h"
#include "model/syscalls/denial.h"
#include "model/syscalls/process.h"

namespace lsmsim {

namespace {

constexpr int PR_GET_DUMPABLE = 3;
constexpr int PR_SET_DUMPABLE = 4;
constexpr int PR_SET_NAME = 15;
constexpr int PR_GET_NAME = 16;
constexpr int PR_SET_NO_NEW_PRIVS = 38;
constexpr int PR_GET_NO_NEW_PRIVS = 39;
constexpr std::size_t kTaskCommLen = 16;  // TASK_COMM_LEN, NUL included

SysResult set_no_new_privs(Task& caller) {
  // The flag lives in the cred in lsmsim (the kernel keeps it in task->atomic_flags), so it
  // is set on a fresh copy of the cred.
  Kernel& k = caller.kernel;
  if (caller.cred->no_new_privs) return SysResult::success();
  int err = 0;
  std::shared_ptr<Cred> next = k.prepare_creds(*caller.cred, err);
  if (next == nullptr) return lsm_denial(k, err);
  next->no_new_privs = true;
  k.commit_creds(caller, std::move(next));
  return SysResult::success();
}

}  // namespace

SysResult sys_prctl(Task& caller, int option, unsigned long arg2, unsigned long arg3,
                    unsigned long arg4, unsigned long arg5) {
  SyscallScope scope(caller, 157, {audit_arg(option), audit_arg(arg2), audit_arg(arg3), audit_arg(arg4)}, false);
  return scope.leave([&]() -> SysResult {
    const int rc = security_task_prctl(caller.kernel.lsm(), option, arg2, arg3, arg4, arg5);
    if (rc != -ENOSYS) {
      if (rc < 0) return lsm_denial(caller.kernel, -rc);
      return SysResult::success(rc);
    }
    switch (option) {
      case PR_SET_NO_NEW_PRIVS:
        if (arg2 != 1 || arg3 != 0 || arg4 != 0 || arg5 != 0)
          return kernel_denial(EINVAL, "PR_SET_NO_NEW_PRIVS takes 1 and zeros");
        return set_no_new_privs(caller);
      case PR_GET_NO_NEW_PRIVS:
        if (arg2 != 0 || arg3 != 0 || arg4 != 0 || arg5 != 0)
          return kernel_denial(EINVAL, "PR_GET_NO_NEW_PRIVS takes zeros");
        return SysResult::success(caller.cred->no_new_privs ? 1 : 0);
      case PR_SET_NAME: {
        // arg2 is a user pointer to a NUL-terminated name; lsmsim callers pass the address of
        // a char buffer. At most 15 bytes are taken.
        const char* name = reinterpret_cast<const char*>(arg2);
        if (name == nullptr) return kernel_denial(EFAULT, "PR_SET_NAME with a NULL name");
        caller.comm.assign(name, strnlen(name, kTaskCommLen - 1));
        return SysResult::success();
      }
      case PR_GET_NAME: {
        // arg2 points at a 16-byte buffer; the name is also returned in SysResult::data.
        char* buf = reinterpret_cast<char*>(arg2);
        if (buf == nullptr) return kernel_denial(EFAULT, "PR_GET_NAME with a NULL buffer");
        char comm[kTaskCommLen] = {};
        std::memcpy(comm, caller.comm.data(), std::min(caller.comm.size(), kTaskCommLen - 1));
        std::memcpy(buf, comm, kTaskCommLen);
        SysResult r = SysResult::success();
        r.data = comm;
        return r;
      }
      case PR_GET_DUMPABLE:
        return SysResult::success(caller.dumpable);
      case PR_SET_DUMPABLE:
        if (arg2 != SUID_DUMP_DISABLE && arg2 != SUID_DUMP_USER)
          return kernel_denial(EINVAL, "PR_SET_DUMPABLE takes 0 or 1");
        caller.dumpable = static_cast<int>(arg2);
        return SysResult::success();
      default:
        return kernel_denial(EINVAL, "unknown prctl option " + std::to_string(option));
    }
  }());
}

}  // namespace lsmsim
