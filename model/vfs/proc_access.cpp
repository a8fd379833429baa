#include "model/vfs/proc_access.h"

#include <cerrno>

#include "lsms/capability/commoncap.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/lsm/security.h"

namespace lsmsim {

int proc_ptrace_may_access(Task& current, Task& target, unsigned mode) {
  if (current.tgid == target.tgid) return 0;  // same thread group
  const Cred& c = *current.cred;
  const Cred& tc = *target.real_cred;
  const bool fs = (mode & PTRACE_MODE_FSCREDS) != 0;
  const Uid uid = fs ? c.fsuid : c.uid;
  const Gid gid = fs ? c.fsgid : c.gid;
  bool ok = uid == tc.euid && uid == tc.suid && uid == tc.uid && gid == tc.egid &&
            gid == tc.sgid && gid == tc.gid;
  if (!ok) {
    // ptrace_has_cap(): CAP_SYS_PTRACE in the target's user namespace.
    const unsigned opts = (mode & PTRACE_MODE_NOAUDIT) != 0 ? CAP_OPT_NOAUDIT : CAP_OPT_NONE;
    ok = security_capable(current.kernel, c, *tc.user_ns, CAP_SYS_PTRACE, opts) == 0;
    (void)current.kernel.lsm().take_denial();
  }
  if (!ok) return -EPERM;
  return security_ptrace_access_check(current.kernel.lsm(), target, mode);
}

}  // namespace lsmsim
