// Basic scalar types of the simulated kernel, spelled as the kernel spells them.
#pragma once

#include <cstdint>

namespace lsmsim {

using Uid = std::uint32_t;
using Gid = std::uint32_t;
using Pid = std::int32_t;

// The kernel's "(uid_t)-1": the uid nobody can map to.
inline constexpr Uid kInvalidUid = static_cast<Uid>(-1);
inline constexpr Gid kInvalidGid = static_cast<Gid>(-1);
// What an unmapped id reads as from a user namespace (/proc/sys/kernel/overflowuid).
inline constexpr Uid kOverflowUid = 65534;
inline constexpr Gid kOverflowGid = 65534;

}  // namespace lsmsim
