#include "model/syscalls/denial.h"

#include "model/capable.h"
#include "model/kernel.h"

namespace lsmsim {

SysResult lsm_denial(Kernel& k, int err) {
  std::optional<Denial> d = k.lsm().take_denial();
  if (!d) d = Denial{"kernel", "", "", "refused"};
  return SysResult::error(err, std::move(d));
}

SysResult kernel_denial(int err, std::string reason, std::string ns_level) {
  return SysResult::error(err, Denial{"kernel", "", std::move(ns_level), std::move(reason)});
}

namespace {

bool capable_why(Task& current, const UserNamespace& ns, int cap, unsigned opts,
                 SysResult& why) {
  Kernel& k = current.kernel;
  if (security_capable(k, *current.cred, ns, cap, opts) == 0) {
    (void)k.lsm().take_denial();
    return true;
  }
  why = lsm_denial(k, EPERM);
  return false;
}

}  // namespace

bool ns_capable_why(Task& current, const UserNamespace& ns, int cap, SysResult& why) {
  return capable_why(current, ns, cap, CAP_OPT_NONE, why);
}

bool ns_capable_setid_why(Task& current, const UserNamespace& ns, int cap, SysResult& why) {
  return capable_why(current, ns, cap, CAP_OPT_INSETID, why);
}

}  // namespace lsmsim
