// AppArmor as a registered LSM (security/apparmor/lsm.c, v6.12): its descriptor, task labels,
// the task context (change_hat/change_onexec state) and the attribute interfaces. No policy
// yet (issue 5): every access is allowed, every task starts unconfined, and a change to any
// syntactically valid profile name is accepted as if that profile were loaded (enforce).
#pragma once

#include "model/lsm/lsm_module.h"

namespace lsmsim {

inline constexpr const char* kApparmorUnconfined = "unconfined";

// name "apparmor", LSM_ID_APPARMOR, LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE.
LsmDescriptor apparmor_descriptor();

}  // namespace lsmsim
