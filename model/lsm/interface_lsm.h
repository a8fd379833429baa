// interface_lsm: the per-task choice of which LSM answers the interfaces that can show only
// one LSM's view (legacy /proc/PID/attr/* files, SO_PEERSEC, secid <-> context). From Casey
// Schaufler's stacking series ("LSM: Specify which LSM to display", v26 14/25 and later), NOT
// mainline. Enabled with LsmBootParams::interface_lsm (default: with `stacking`).
//
// As in the series, the value lives in the first word of the task blob (the framework
// reserves it before any LSM's part), starts "unset" (the first LSM registering the hook
// answers), is copied to the child in security_task_alloc, and can only be read and written
// by the task itself through /proc/self/attr/interface_lsm. lsmsim stores an LSM id; the
// zero-filled blob therefore starts as LSM_ID_UNDEF, the series' LSMBLOB_INVALID.
#pragma once

#include <cstdint>
#include <string>

namespace lsmsim {

class LsmFramework;
class LsmModule;
struct Task;

// The task's interface LSM id, or LSM_ID_UNDEF (unset, or interface_lsm disabled).
std::uint64_t lsm_task_ilsm(const LsmFramework& lsm, const Task& t);
// The interface LSM of the running task (`current`); LSM_ID_UNDEF outside a syscall.
std::uint64_t lsm_current_ilsm(LsmFramework& lsm);
void lsm_task_set_ilsm(LsmFramework& lsm, Task& t, std::uint64_t id);
// security_task_alloc's copy from parent to child.
void lsm_task_inherit_ilsm(LsmFramework& lsm, const Task& parent, Task& child);
// Whether `m` may be an interface LSM: it supplies the attribute hooks (getprocattr).
bool lsm_can_be_interface(const LsmFramework& lsm, const LsmModule& m);
// Whether, for a task whose interface LSM is `ilsm`, module `m` is the one to ask.
inline bool lsm_ilsm_selects(std::uint64_t ilsm, std::uint64_t module_id) {
  return ilsm == 0 || ilsm == module_id;
}

// /proc/PID/attr/interface_lsm. Reading: the LSM's name (no newline), -EINVAL for another
// task or when no LSM can be an interface. Writing (own task only; procfs checks): every LSM
// with a setprocattr hook is asked with name "interface_lsm" and may veto; then the first
// word (up to a space or newline) must name an eligible active LSM, else -EINVAL.
int interface_lsm_getprocattr(LsmFramework& lsm, Task& p, std::string& value);
int interface_lsm_setprocattr(LsmFramework& lsm, const std::string& value);

}  // namespace lsmsim
