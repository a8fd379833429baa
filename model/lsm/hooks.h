// Expansions of hook_list.def: the Hook enum, hook names, defaults and function types.
#pragma once

#include <array>
#include <cerrno>
#include <cstddef>
#include <string_view>

#include "model/lsm/hook_types.h"

#ifndef ENOPARAM
#define ENOPARAM 519  // kernel-internal errno (include/linux/errno.h), not in libc's headers
#endif

namespace lsmsim {

// The "default" of a void hook; only its presence in the list matters.
inline constexpr int LSM_RET_VOID = 0;

enum class Hook : std::uint16_t {
#define LSMSIM_HOOK(RET, DEFAULT, NAME, ...) NAME,
#define LSMSIM_SPECIAL_HOOK LSMSIM_HOOK
#include "model/lsm/hook_list.def"
#undef LSMSIM_HOOK
#undef LSMSIM_SPECIAL_HOOK
};

inline constexpr std::size_t kHookCount = 0
#define LSMSIM_HOOK(RET, DEFAULT, NAME, ...) +1
#define LSMSIM_SPECIAL_HOOK LSMSIM_HOOK
#include "model/lsm/hook_list.def"
#undef LSMSIM_HOOK
#undef LSMSIM_SPECIAL_HOOK
    ;

inline constexpr std::array<std::string_view, kHookCount> kHookNames = {
#define LSMSIM_HOOK(RET, DEFAULT, NAME, ...) #NAME,
#define LSMSIM_SPECIAL_HOOK LSMSIM_HOOK
#include "model/lsm/hook_list.def"
#undef LSMSIM_HOOK
#undef LSMSIM_SPECIAL_HOOK
};

// True for hooks whose security_<name>() is hand-written (see security_special.cpp).
inline constexpr std::array<bool, kHookCount> kHookIsSpecial = {
#define LSMSIM_HOOK(RET, DEFAULT, NAME, ...) false,
#define LSMSIM_SPECIAL_HOOK(RET, DEFAULT, NAME, ...) true,
#include "model/lsm/hook_list.def"
#undef LSMSIM_HOOK
#undef LSMSIM_SPECIAL_HOOK
};

inline constexpr std::string_view hook_name(Hook h) {
  return kHookNames[static_cast<std::size_t>(h)];
}

// Per-hook facts known at compile time: the callback type, the return type and default.
template <Hook H>
struct HookTraits;

#define LSMSIM_HOOK(RET, DEFAULT, NAME, ...)                          \
  template <>                                                          \
  struct HookTraits<Hook::NAME> {                                      \
    using Ret = RET;                                                   \
    using Fn = RET (*)(LsmModule & self __VA_OPT__(, ) __VA_ARGS__);   \
    static constexpr int kDefault = DEFAULT;                           \
    static constexpr std::string_view kName = #NAME;                   \
  };
#define LSMSIM_SPECIAL_HOOK LSMSIM_HOOK
#include "model/lsm/hook_list.def"
#undef LSMSIM_HOOK
#undef LSMSIM_SPECIAL_HOOK

// The default return value of an int hook (LSM_RET_DEFAULT); 0 for void hooks.
inline constexpr std::array<int, kHookCount> kHookDefaults = {
#define LSMSIM_HOOK(RET, DEFAULT, NAME, ...) DEFAULT,
#define LSMSIM_SPECIAL_HOOK LSMSIM_HOOK
#include "model/lsm/hook_list.def"
#undef LSMSIM_HOOK
#undef LSMSIM_SPECIAL_HOOK
};

// Looks a hook up by its kernel name; returns false if there is no such hook.
bool hook_from_name(std::string_view name, Hook& out);

}  // namespace lsmsim
