#include "model/memory.h"

#include <cerrno>

namespace lsmsim {

int vm_enough_memory(MemoryInfo& mem, long pages, bool cap_sys_admin) {
  mem.committed_pages += pages;
  if (mem.overcommit_memory == OVERCOMMIT_ALWAYS) return 0;
  if (mem.overcommit_memory == OVERCOMMIT_GUESS) {
    if (pages <= mem.totalram_pages + mem.total_swap_pages) return 0;
  } else {
    long allowed = mem.totalram_pages * mem.overcommit_ratio / 100 + mem.total_swap_pages;
    if (!cap_sys_admin) allowed -= mem.admin_reserve_pages;
    if (mem.committed_pages <= allowed) return 0;
  }
  mem.committed_pages -= pages;
  return -ENOMEM;
}

}  // namespace lsmsim
