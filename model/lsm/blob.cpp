#include "model/lsm/blob.h"

namespace lsmsim {
namespace {

constexpr std::array<std::string_view, kBlobKindCount> kFieldNames = {
    "lbs_cred",       "lbs_file",        "lbs_ib",      "lbs_inode",   "lbs_sock",
    "lbs_superblock", "lbs_ipc",         "lbs_key",     "lbs_msg_msg", "lbs_perf_event",
    "lbs_task",       "lbs_xattr_count", "lbs_tun_dev", "lbs_bdev"};

constexpr int align_to_pointer(int n) {
  constexpr int a = static_cast<int>(sizeof(void*));
  return (n + a - 1) / a * a;
}

}  // namespace

std::string_view blob_field_name(BlobKind kind) {
  return kFieldNames[static_cast<std::size_t>(kind)];
}

void lsm_set_blob_sizes(LsmBlobSizes& request, LsmBlobSizes& totals) {
  for (std::size_t i = 0; i < kBlobKindCount; ++i) {
    const auto kind = static_cast<BlobKind>(i);
    const int need = request[kind];
    if (need <= 0) continue;
    // The inode blob begins with the rcu_head used to free it after a grace period.
    if (kind == BlobKind::inode && totals[kind] == 0) totals[kind] = kInodeBlobRcuHead;
    const int offset = align_to_pointer(totals[kind]);
    totals[kind] = offset + need;
    request[kind] = offset;
  }
  auto claim = [](bool& wanted, bool& taken) {
    if (!wanted) return;
    if (taken)
      wanted = false;  // "all subsequent requests are denied"
    else
      taken = true;
  };
  claim(request.secmark, totals.secmark);
  claim(request.netlabel, totals.netlabel);
}

Blob::Blob(std::size_t size) : size_(size) {
  if (size_ > 0) data_ = std::make_unique<std::byte[]>(size_);  // value-initialised: zeroed
}

}  // namespace lsmsim
