// Building a syscall's error result together with who refused it.
#pragma once

#include <string>

#include "model/sys_result.h"

namespace lsmsim {

class Kernel;
struct Task;
struct UserNamespace;

// The error `err` with the denial the LSM framework recorded for the hook that just failed
// (capability checks included: ns_capable goes through the capable hook).
SysResult lsm_denial(Kernel& k, int err);
// The error `err` refused by the kernel itself (bad arguments, limits, state).
SysResult kernel_denial(int err, std::string reason, std::string ns_level = {});
// ns_capable(ns, cap) for `current`; on failure `why` holds the denial (and the framework's
// pending denial is consumed either way, so no stale one leaks into a later result).
bool ns_capable_why(Task& current, const UserNamespace& ns, int cap, SysResult& why);
// ns_capable_setid(): the same with CAP_OPT_INSETID (set*id paths).
bool ns_capable_setid_why(Task& current, const UserNamespace& ns, int cap, SysResult& why);

}  // namespace lsmsim
