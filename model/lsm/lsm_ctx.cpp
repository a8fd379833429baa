#include "model/lsm/lsm_ctx.h"

#include <cerrno>
#include <cstring>
#include <vector>

#include "model/lsm/lsm_uapi.h"

namespace lsmsim {

std::uint32_t lsm_ctx_entry_size(std::size_t ctx_len) {
  const std::size_t n = kLsmCtxHeaderSize + ctx_len;
  return static_cast<std::uint32_t>((n + 7) / 8 * 8);
}

std::vector<std::byte> lsm_ctx_pack(std::uint64_t id, std::string_view ctx, std::uint64_t flags) {
  // Header fields are host-endian __u64s; the padding after ctx is zero.
  const std::uint32_t need = lsm_ctx_entry_size(ctx.size());
  std::vector<std::byte> entry(need);
  const std::uint64_t header[4] = {id, flags, need, ctx.size()};
  std::memcpy(entry.data(), header, sizeof header);
  if (!ctx.empty()) std::memcpy(entry.data() + kLsmCtxHeaderSize, ctx.data(), ctx.size());
  return entry;
}

int lsm_fill_user_ctx(UserBuffer& buf, std::uint32_t offset, std::uint32_t& size,
                      std::string_view value, std::uint64_t id, std::uint64_t flags) {
  const std::uint32_t need = lsm_ctx_entry_size(value.size());
  int rc = 0;
  if (need > size) {
    rc = -E2BIG;
  } else if (!buf.is_null()) {
    const std::vector<std::byte> entry = lsm_ctx_pack(id, value, flags);
    if (!buf.copy_to(offset, entry.data(), entry.size())) rc = -EFAULT;
  }
  size = need;
  return rc;
}

std::vector<LsmCtxEntry> lsm_ctx_parse(const std::byte* data, std::size_t size) {
  std::vector<LsmCtxEntry> out;
  std::size_t off = 0;
  while (size - off >= kLsmCtxHeaderSize) {
    std::uint64_t header[4];
    std::memcpy(header, data + off, sizeof header);
    LsmCtxEntry e{header[0], header[1], header[2], header[3], {}};
    const std::size_t room = size - off - kLsmCtxHeaderSize;
    if (e.ctx_len > room || e.len < kLsmCtxHeaderSize + e.ctx_len || e.len > size - off) break;
    e.ctx.assign(reinterpret_cast<const char*>(data) + off + kLsmCtxHeaderSize, e.ctx_len);
    off += e.len;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace lsmsim
