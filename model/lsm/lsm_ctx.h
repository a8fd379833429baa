// Building struct lsm_ctx entries in user memory (security/security.c lsm_fill_user_ctx).
#pragma once

#include <cstdint>
#include <string_view>

#include "model/user_memory.h"

namespace lsmsim {

// The size of one entry holding `ctx_len` bytes: ALIGN(32 + ctx_len, 8).
std::uint32_t lsm_ctx_entry_size(std::size_t ctx_len);

// Writes one entry at `offset` of `buf` if it fits in `size` bytes. Always sets `size` to the
// entry size. Returns 0, -E2BIG if it does not fit, -EFAULT if user memory faults. A null
// buffer only reports the size (returns 0).
int lsm_fill_user_ctx(UserBuffer& buf, std::uint32_t offset, std::uint32_t& size,
                      std::string_view value, std::uint64_t id, std::uint64_t flags);

}  // namespace lsmsim
