// SELinux as a registered LSM (security/selinux/hooks.c, v6.12) with the unmerged Smalley
// series' namespaces ("[PATCH v7 00/42] SELinux namespace support", 2025): the descriptor,
// and the public API the engine and the bindings use. Without a loaded policy every access
// is allowed, and any syntactically valid context is accepted.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "model/lsm/lsm_module.h"

namespace lsmsim {

namespace sepolicy {
class SecurityServer;
}

class SelinuxLsm;

// The context of the boot task (the "kernel" initial SID under the reference policy).
inline constexpr const char* kSelinuxKernelContext = "system_u:system_r:kernel_t:s0";
// What SECINITSID_UNLABELED maps to: fresh sockets' labels and peers.
inline constexpr const char* kSelinuxUnlabeledContext = "system_u:object_r:unlabeled_t:s0";

// name "selinux", LSM_ID_SELINUX, LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE.
LsmDescriptor selinux_descriptor();

// The SELinux module of `k`; null if SELinux is not active.
SelinuxLsm* selinux_lsm(Kernel& k);
// Loads policy.conf text into the SELinux namespace of `task` (init task if null), as
// /sys/fs/selinux/load does; throws sepolicy::PolicyError (located) on a bad policy,
// std::runtime_error if SELinux is not active. Flushes that namespace's AVC.
void selinux_load_policy(Kernel& k, std::string_view policy_conf, const std::string& filename,
                         Task* task = nullptr);
// The policy of the namespace of `task` (init if null); null when none is loaded.
const sepolicy::SecurityServer* selinux_policy(Kernel& k, Task* task = nullptr);
void selinux_set_enforcing(Kernel& k, bool enforcing, Task* task = nullptr);
bool selinux_enforcing(Kernel& k, Task* task = nullptr);
// Sets and commits a boolean; false if there is no policy or no such boolean.
bool selinux_set_boolean(Kernel& k, const std::string& name, bool value, Task* task = nullptr);
// setfiles/restorecon: labels every inode under `root` (a path in the init task's mount ns)
// from a file_contexts file through libselinux's selabel_open(SELABEL_CTX_FILE) /
// selabel_lookup, writing security.selinux xattrs; returns the number labelled; throws
// std::runtime_error naming the file on failure. libselinux validates every context
// (SELABEL_OPT_VALIDATE) against the init namespace's policy when one is loaded: an invalid
// context refuses the whole file at selabel_open, the error naming its line. Calls are
// serialized (libselinux's callbacks are process-global).
std::size_t selinux_setfiles(Kernel& k, const std::string& file_contexts, const std::string& root);
// The AVC statistics of the namespace of `task` (/sys/fs/selinux/avc/cache_stats).
std::string selinux_avc_cache_stats(Kernel& k, Task* task = nullptr);
// Every AVC record written so far, kernel-wide (audit is not namespaced).
const std::vector<std::string>& selinux_avc_records(Kernel& k);

}  // namespace lsmsim
