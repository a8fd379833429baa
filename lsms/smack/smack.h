// Smack as a registered LSM (security/smack/smack_lsm.c, v6.12): its descriptor, task and
// socket labels and the attribute interfaces. No rules yet (issue 6): every access is
// allowed. Changing one's own label needs CAP_MAC_ADMIN (or a relabel-self entry), which
// is a kernel rule, not policy, and is enforced.
#pragma once

#include "model/lsm/lsm_module.h"

namespace lsmsim {

inline constexpr const char* kSmackFloor = "_";
inline constexpr const char* kSmackHuh = "?";  // what an unknown secid maps to

// name "smack", LSM_ID_SMACK, LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE.
LsmDescriptor smack_descriptor();

}  // namespace lsmsim
