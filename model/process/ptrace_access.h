// __ptrace_may_access() (kernel/ptrace.c): may `current` inspect or attach to `target`?
// Used by ptrace(2), setns(pidfd) and /proc/PID access checks.
#pragma once

#include "model/sys_result.h"

namespace lsmsim {

struct Task;

// PTRACE_MODE_* combinations the kernel's callers use (include/linux/ptrace.h).
inline constexpr unsigned PTRACE_MODE_READ_FSCREDS = 0x01 | 0x08;
inline constexpr unsigned PTRACE_MODE_READ_REALCREDS = 0x01 | 0x10;
inline constexpr unsigned PTRACE_MODE_ATTACH_FSCREDS = 0x02 | 0x08;
inline constexpr unsigned PTRACE_MODE_ATTACH_REALCREDS = 0x02 | 0x10;

// 0 when allowed. Otherwise an error result (EPERM) naming who refused: "capability" when
// the ids differ and CAP_SYS_PTRACE is missing, the LSM for ptrace_access_check.
SysResult ptrace_may_access(Task& current, Task& target, unsigned mode);

}  // namespace lsmsim
