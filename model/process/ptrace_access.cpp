#include "model/process/ptrace_access.h"

#include "lsms/capability/commoncap.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/lsm/security.h"
#include "model/process/pid_lookup.h"
#include "model/syscalls/denial.h"

namespace lsmsim {

namespace {

// ptrace_has_cap(): CAP_SYS_PTRACE in `ns`, audited unless the mode says otherwise.
bool ptrace_has_cap(Task& current, const UserNamespace& ns, unsigned mode, SysResult& why) {
  Kernel& k = current.kernel;
  const unsigned opts = (mode & PTRACE_MODE_NOAUDIT) != 0 ? CAP_OPT_NOAUDIT : CAP_OPT_NONE;
  if (security_capable(k, *current.cred, ns, CAP_SYS_PTRACE, opts) == 0) {
    (void)k.lsm().take_denial();
    return true;
  }
  why = lsm_denial(k, EPERM);
  return false;
}

void prefix_reason(SysResult& r, const std::string& what) {
  if (r.denial) r.denial->reason = what + (r.denial->reason.empty() ? "" : "; " + r.denial->reason);
}

}  // namespace

SysResult ptrace_may_access(Task& current, Task& target, unsigned mode) {
  // Exactly one of FSCREDS and REALCREDS must be given.
  if (((mode & PTRACE_MODE_FSCREDS) == 0) == ((mode & PTRACE_MODE_REALCREDS) == 0))
    return kernel_denial(EPERM, "ptrace mode without FSCREDS or REALCREDS");
  // Introspection of one's own thread group is never refused, not even by LSMs.
  if (same_thread_group(current, target)) return SysResult::success();

  const Cred& cred = *current.cred;
  const Cred& tcred = *target.real_cred;
  const bool fs = (mode & PTRACE_MODE_FSCREDS) != 0;
  const Uid caller_uid = fs ? cred.fsuid : cred.uid;
  const Gid caller_gid = fs ? cred.fsgid : cred.gid;
  SysResult why;
  const bool ids_match = caller_uid == tcred.euid && caller_uid == tcred.suid &&
                         caller_uid == tcred.uid && caller_gid == tcred.egid &&
                         caller_gid == tcred.sgid && caller_gid == tcred.gid;
  if (!ids_match && !ptrace_has_cap(current, *tcred.user_ns, mode, why)) {
    prefix_reason(why, "the target's real, effective and saved ids differ from the caller's");
    return why;
  }
  // A task that changed ids is not dumpable: only CAP_SYS_PTRACE over its mm may look in.
  if (target.dumpable != SUID_DUMP_USER && target.mm_user_ns != nullptr &&
      !ptrace_has_cap(current, *target.mm_user_ns, mode, why)) {
    prefix_reason(why, "the target is not dumpable");
    return why;
  }
  const int rc = security_ptrace_access_check(current.kernel.lsm(), target, mode);
  if (rc != 0) return lsm_denial(current.kernel, -rc);
  return SysResult::success();
}

}  // namespace lsmsim
