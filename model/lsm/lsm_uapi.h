// Userspace ABI constants of the LSM framework, as in include/uapi/linux/lsm.h (v6.8+).
#pragma once

#include <cstdint>

namespace lsmsim {

inline constexpr std::uint64_t LSM_ID_UNDEF = 0;
inline constexpr std::uint64_t LSM_ID_CAPABILITY = 100;
inline constexpr std::uint64_t LSM_ID_SELINUX = 101;
inline constexpr std::uint64_t LSM_ID_SMACK = 102;
inline constexpr std::uint64_t LSM_ID_TOMOYO = 103;
inline constexpr std::uint64_t LSM_ID_APPARMOR = 104;
inline constexpr std::uint64_t LSM_ID_YAMA = 105;
inline constexpr std::uint64_t LSM_ID_LOADPIN = 106;
inline constexpr std::uint64_t LSM_ID_SAFESETID = 107;
inline constexpr std::uint64_t LSM_ID_LOCKDOWN = 108;
inline constexpr std::uint64_t LSM_ID_BPF = 109;
inline constexpr std::uint64_t LSM_ID_LANDLOCK = 110;
inline constexpr std::uint64_t LSM_ID_IMA = 111;
inline constexpr std::uint64_t LSM_ID_EVM = 112;
inline constexpr std::uint64_t LSM_ID_IPE = 113;

inline constexpr unsigned LSM_ATTR_UNDEF = 0;
inline constexpr unsigned LSM_ATTR_CURRENT = 100;
inline constexpr unsigned LSM_ATTR_EXEC = 101;
inline constexpr unsigned LSM_ATTR_FSCREATE = 102;
inline constexpr unsigned LSM_ATTR_KEYCREATE = 103;
inline constexpr unsigned LSM_ATTR_PREV = 104;
inline constexpr unsigned LSM_ATTR_SOCKCREATE = 105;

inline constexpr std::uint32_t LSM_FLAG_SINGLE = 0x0001;

// struct lsm_ctx { __u64 id; __u64 flags; __u64 len; __u64 ctx_len; __u8 ctx[]; }
inline constexpr std::uint32_t kLsmCtxHeaderSize = 32;

}  // namespace lsmsim
