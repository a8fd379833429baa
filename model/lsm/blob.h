// LSM security blobs: per-object memory the framework allocates and each LSM reaches at its
// own offset (security/security.c lsm_set_blob_size, lsm_blob_alloc).
#pragma once

#include <array>
#include <cstddef>
#include <memory>
#include <new>
#include <string_view>

namespace lsmsim {

// The kinds of object that carry a framework-managed composite blob, in the order of the
// fields of the kernel's struct lsm_blob_sizes. `xattr_count` counts xattr slots, not bytes.
enum class BlobKind : std::size_t {
  cred,
  file,
  ib,
  inode,
  sock,
  superblock,
  ipc,
  key,
  msg_msg,
  perf_event,
  task,
  xattr_count,
  tun_dev,
  bdev,
};
inline constexpr std::size_t kBlobKindCount = 14;

// The kernel's field name for a kind: "lbs_cred", "lbs_inode", ...
std::string_view blob_field_name(BlobKind kind);

// struct lsm_blob_sizes: what an LSM asks for, and after boot (as in the kernel, which
// overwrites the LSM's own struct) the offset the framework assigned.
struct LsmBlobSizes {
  std::array<int, kBlobKindCount> bytes{};
  // Exclusive shared resources (stacking series, "LSM: Exclusive secmark usage" and the
  // netlabel patch): an LSM asks with true; after boot the flag says whether it got it.
  // The first LSM in order that asks is granted it; later ones find it reset to false.
  bool secmark = false;
  bool netlabel = false;
  int& operator[](BlobKind k) { return bytes[static_cast<std::size_t>(k)]; }
  int operator[](BlobKind k) const { return bytes[static_cast<std::size_t>(k)]; }
};

// The size of the rcu_head at the start of every inode blob (two pointers on 64-bit).
inline constexpr int kInodeBlobRcuHead = 16;

// Folds one LSM's request into the running totals: for every kind it asks space for,
// offset = ALIGN(total, sizeof(void*)), total = offset + need, and `request` is overwritten
// with the offset. The first inode request starts after the rcu_head. secmark/netlabel go
// to the first LSM asking: `totals` records that they are taken, `request` whether it got them.
void lsm_set_blob_sizes(LsmBlobSizes& request, LsmBlobSizes& totals);

// One object's composite blob. Zero-filled like kzalloc; empty when the total is 0.
class Blob {
 public:
  Blob() = default;
  explicit Blob(std::size_t size);
  Blob(Blob&&) noexcept = default;
  Blob& operator=(Blob&&) noexcept = default;

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  std::byte* data() { return data_.get(); }

  // The LSM's part of the blob, viewed as T. Only meaningful after the LSM constructed a T
  // there (see construct_in_blob) in its *_alloc_security hook.
  template <class T>
  T& at(int offset) {
    static_assert(alignof(T) <= 8, "blob members are 8-byte aligned");
    return *std::launder(reinterpret_cast<T*>(data_.get() + offset));
  }
  template <class T>
  const T& at(int offset) const {
    static_assert(alignof(T) <= 8, "blob members are 8-byte aligned");
    return *std::launder(reinterpret_cast<const T*>(data_.get() + offset));
  }

 private:
  std::unique_ptr<std::byte[]> data_;
  std::size_t size_ = 0;
};

// Constructs a T in place at an LSM's offset (paired with destroy_in_blob in the free hook).
template <class T, class... Args>
T& construct_in_blob(Blob& blob, int offset, Args&&... args) {
  return *::new (static_cast<void*>(blob.data() + offset)) T(std::forward<Args>(args)...);
}

template <class T>
void destroy_in_blob(Blob& blob, int offset) {
  blob.at<T>(offset).~T();
}

}  // namespace lsmsim
