// Building struct lsm_ctx entries in user memory (security/security.c lsm_fill_user_ctx).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/user_memory.h"

namespace lsmsim {

// The size of one entry holding `ctx_len` bytes: ALIGN(32 + ctx_len, 8).
std::uint32_t lsm_ctx_entry_size(std::size_t ctx_len);

// Writes one entry at `offset` of `buf` if it fits in `size` bytes. Always sets `size` to the
// entry size. Returns 0, -E2BIG if it does not fit, -EFAULT if user memory faults. A null
// buffer only reports the size (returns 0).
int lsm_fill_user_ctx(UserBuffer& buf, std::uint32_t offset, std::uint32_t& size,
                      std::string_view value, std::uint64_t id, std::uint64_t flags);

// One entry as userspace reads it back.
struct LsmCtxEntry {
  std::uint64_t id = 0;
  std::uint64_t flags = 0;
  std::uint64_t len = 0;  // header + ctx + padding
  std::uint64_t ctx_len = 0;
  std::string ctx;  // ctx_len bytes (a label string includes its NUL)
};

// Walks `size` bytes of packed entries by `len`, as userspace should. Stops at an entry
// whose header or ctx would run past `size`, or whose len is too short to step over.
std::vector<LsmCtxEntry> lsm_ctx_parse(const std::byte* data, std::size_t size);

// One entry as a caller of lsm_set_self_attr builds it, laid out as lsm_fill_user_ctx does.
std::vector<std::byte> lsm_ctx_pack(std::uint64_t id, std::string_view ctx,
                                    std::uint64_t flags = 0);

}  // namespace lsmsim
