// /proc/PID/mounts and /proc/PID/mountinfo (fs/proc_namespace.c show_vfsmnt, show_mountinfo):
// the target task's mount namespace, as seen from the target's root.
#pragma once

#include <string>

namespace lsmsim {

struct Task;

std::string show_mounts(Task& target);
std::string show_mountinfo(Task& target);

}  // namespace lsmsim
