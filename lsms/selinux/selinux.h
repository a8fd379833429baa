// SELinux as a registered LSM (security/selinux/hooks.c, v6.12): its descriptor, task and
// socket labels and the attribute interfaces. No policy yet (issue 4): every access is
// allowed, and any syntactically valid context is accepted as if the policy defined it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "model/lsm/lsm_module.h"

namespace lsmsim {

// The context of the boot task (the "kernel" initial SID under the reference policy).
inline constexpr const char* kSelinuxKernelContext = "system_u:system_r:kernel_t:s0";
// What SECINITSID_UNLABELED maps to: fresh sockets' labels and peers.
inline constexpr const char* kSelinuxUnlabeledContext = "system_u:object_r:unlabeled_t:s0";

// name "selinux", LSM_ID_SELINUX, LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE.
LsmDescriptor selinux_descriptor();

namespace sepolicy {
class SecurityServer;
}
class SelinuxLsm;
class Kernel;
struct Task;

// The public SELinux API for the engine and the bindings. `task` selects the SELinux
// namespace (the init task's when null).
SelinuxLsm* selinux_lsm(Kernel& k);  // null if SELinux is not active
// Loads policy.conf text as /sys/fs/selinux/load does; throws sepolicy::PolicyError (located)
// on a bad policy, std::runtime_error if SELinux is not active. Flushes that namespace's AVC.
void selinux_load_policy(Kernel& k, std::string_view policy_conf, const std::string& filename,
                         Task* task = nullptr);
const sepolicy::SecurityServer* selinux_policy(Kernel& k, Task* task = nullptr);  // null: none
void selinux_set_enforcing(Kernel& k, bool enforcing, Task* task = nullptr);
bool selinux_enforcing(Kernel& k, Task* task = nullptr);
bool selinux_set_boolean(Kernel& k, const std::string& name, bool value, Task* task = nullptr);
// setfiles: labels every inode under `root` from a file_contexts file through libselinux's
// selabel API; returns how many were labelled; throws std::runtime_error naming the file.
std::size_t selinux_setfiles(Kernel& k, const std::string& file_contexts, const std::string& root);
// /sys/fs/selinux/avc/cache_stats of the namespace of `task`.
std::string selinux_avc_cache_stats(Kernel& k, Task* task = nullptr);

}  // namespace lsmsim
