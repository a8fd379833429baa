// ptrace_may_access() as procfs uses it (kernel/ptrace.c __ptrace_may_access), for the
// /proc/PID files that check it (ns links, ...). Dumpability is not modelled (always dumpable).
#pragma once

namespace lsmsim {

struct Task;

// 0 or -EPERM/-errno from security_ptrace_access_check.
int proc_ptrace_may_access(Task& current, Task& target, unsigned mode);

}  // namespace lsmsim
