// Which hooks are void (call_void_hook: every LSM is called, nothing is returned), for the
// tools that describe dispatch (`lsmsim list-hooks`, `lsmsim explain`); kept out of hooks.h,
// which nearly every file includes.
#pragma once

#include <array>
#include <type_traits>

#include "model/lsm/hooks.h"

namespace lsmsim {

inline constexpr std::array<bool, kHookCount> kHookIsVoid = {
#define LSMSIM_HOOK(RET, DEFAULT, NAME, ...) std::is_void_v<RET>,
#define LSMSIM_SPECIAL_HOOK LSMSIM_HOOK
#include "model/lsm/hook_list.def"
#undef LSMSIM_HOOK
#undef LSMSIM_SPECIAL_HOOK
};

}  // namespace lsmsim
