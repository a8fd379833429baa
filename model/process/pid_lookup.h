// Pid numbers as seen from a pid namespace (kernel/pid.c): task_pid_nr_ns, task_tgid_nr_ns,
// find_task_by_vpid and friends. A task has one number in its own pid namespace and in each
// ancestor, and none in any other namespace.
#pragma once

#include <vector>

#include "model/types.h"

namespace lsmsim {

struct PidNamespace;
struct Task;

// The thread group leader of `t` (itself for a single-threaded process).
Task& thread_group_leader(const Task& t);
bool same_thread_group(const Task& a, const Task& b);
// The threads of `t`'s group, leader first, zombies included.
std::vector<Task*> thread_group(const Task& t);

// task_pid_nr_ns / task_tgid_nr_ns: 0 when `t` is not visible in `ns`.
Pid task_pid_nr_ns(const Task& t, const PidNamespace& ns);
Pid task_tgid_nr_ns(const Task& t, const PidNamespace& ns);
// The same seen from `viewer`'s active pid namespace (task_pid_vnr / task_tgid_vnr when the
// viewer is current).
Pid task_pid_nr_for(const Task& t, const Task& viewer);
Pid task_tgid_nr_for(const Task& t, const Task& viewer);
// The "NSpid:" line of /proc/PID/status: `t`'s numbers from `ns` down to its own namespace;
// empty if `t` is not visible in `ns`.
std::vector<Pid> task_pid_chain(const Task& t, const PidNamespace& ns);
// find_task_by_vpid: the task numbered `nr` in `viewer`'s active pid namespace, or null.
Task* find_task_by_vpid(const Task& viewer, Pid nr);
// Whether `t` is the init of its active pid namespace (SIGNAL_UNKILLABLE in the kernel).
bool is_child_reaper(const Task& t);
// The task's tracer's tgid as `viewer` sees it ("TracerPid:"), 0 if untraced or invisible.
Pid tracer_pid_for(const Task& t, const Task& viewer);

}  // namespace lsmsim
