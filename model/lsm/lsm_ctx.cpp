#include "model/lsm/lsm_ctx.h"

#include <cerrno>
#include <vector>

#include "model/lsm/lsm_uapi.h"

namespace lsmsim {

std::uint32_t lsm_ctx_entry_size(std::size_t ctx_len) {
  const std::size_t n = kLsmCtxHeaderSize + ctx_len;
  return static_cast<std::uint32_t>((n + 7) / 8 * 8);
}

int lsm_fill_user_ctx(UserBuffer& buf, std::uint32_t offset, std::uint32_t& size,
                      std::string_view value, std::uint64_t id, std::uint64_t flags) {
  const std::uint32_t need = lsm_ctx_entry_size(value.size());
  int rc = 0;
  if (need > size) {
    rc = -E2BIG;
  } else if (!buf.is_null()) {
    // Header fields are host-endian __u64s; the padding after ctx is zero.
    std::vector<std::byte> entry(need);
    const std::uint64_t header[4] = {id, flags, need, value.size()};
    std::memcpy(entry.data(), header, sizeof header);
    if (!value.empty()) std::memcpy(entry.data() + kLsmCtxHeaderSize, value.data(), value.size());
    if (!buf.copy_to(offset, entry.data(), entry.size())) rc = -EFAULT;
  }
  size = need;
  return rc;
}

}  // namespace lsmsim
