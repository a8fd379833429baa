// Memory commit accounting, as far as the LSM vm_enough_memory hook needs it (mm/util.c).
#pragma once

namespace lsmsim {

inline constexpr int OVERCOMMIT_GUESS = 0;
inline constexpr int OVERCOMMIT_ALWAYS = 1;
inline constexpr int OVERCOMMIT_NEVER = 2;

struct MemoryInfo {
  long totalram_pages = 4L * 1024 * 1024;  // 16 GiB of 4 KiB pages
  long total_swap_pages = 0;
  long committed_pages = 0;                // vm_committed_as
  int overcommit_memory = OVERCOMMIT_GUESS;
  int overcommit_ratio = 50;               // percent of RAM, used with OVERCOMMIT_NEVER
  long admin_reserve_pages = 2048;         // sysctl_admin_reserve_kbytes (8 MiB) in pages
};

// __vm_enough_memory(): charges `pages` to the commit count and returns 0, or returns -ENOMEM
// (and charges nothing) when the policy refuses. Without CAP_SYS_ADMIN (`cap_sys_admin`
// false) the admin reserve is not available under OVERCOMMIT_NEVER.
int vm_enough_memory(MemoryInfo& mem, long pages, bool cap_sys_admin);

}  // namespace lsmsim
