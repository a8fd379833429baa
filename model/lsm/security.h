// security_<hook>(): what the rest of the simulated kernel calls. Generic hooks are generated
// from hook_list.def; the special cases are declared in security_special.h.
#pragma once

#include <type_traits>
#include <utility>

#include "model/lsm/lsm_framework.h"
#include "model/lsm/security_special.h"

namespace lsmsim {

#define LSMSIM_HOOK(RET, DEFAULT, NAME, ...)                         \
  template <class... A>                                              \
  inline RET security_##NAME(LsmFramework& lsm, A&&... args) {       \
    if constexpr (std::is_void_v<RET>) {                             \
      lsm.call_void<Hook::NAME>(std::forward<A>(args)...);           \
    } else {                                                         \
      return lsm.call_int<Hook::NAME>(std::forward<A>(args)...);     \
    }                                                                \
  }
#define LSMSIM_SPECIAL_HOOK(RET, DEFAULT, NAME, ...)
#include "model/lsm/hook_list.def"
#undef LSMSIM_HOOK
#undef LSMSIM_SPECIAL_HOOK

}  // namespace lsmsim
