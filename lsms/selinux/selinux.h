// SELinux as a registered LSM (security/selinux/hooks.c, v6.12): its descriptor, task and
// socket labels and the attribute interfaces. No policy yet (issue 4): every access is
// allowed, and any syntactically valid context is accepted as if the policy defined it.
#pragma once

#include "model/lsm/lsm_module.h"

namespace lsmsim {

// The context of the boot task (the "kernel" initial SID under the reference policy).
inline constexpr const char* kSelinuxKernelContext = "system_u:system_r:kernel_t:s0";
// What SECINITSID_UNLABELED maps to: fresh sockets' labels and peers.
inline constexpr const char* kSelinuxUnlabeledContext = "system_u:object_r:unlabeled_t:s0";

// name "selinux", LSM_ID_SELINUX, LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE.
LsmDescriptor selinux_descriptor();

}  // namespace lsmsim
