// Simulated user memory: the buffer a caller hands a syscall. Access outside it faults
// (-EFAULT), as an unmapped page would; a null buffer is the caller's NULL pointer.
#pragma once

#include <cstddef>
#include <cstring>

namespace lsmsim {

class UserBuffer {
 public:
  UserBuffer() = default;  // NULL
  UserBuffer(std::byte* data, std::size_t size) : data_(data), size_(size) {}

  bool is_null() const { return data_ == nullptr; }
  std::size_t size() const { return size_; }
  std::byte* data() const { return data_; }

  // copy_to_user: false if [offset, offset+n) is not inside the buffer.
  bool copy_to(std::size_t offset, const void* src, std::size_t n) {
    if (!in_bounds(offset, n)) return false;
    if (n != 0) std::memcpy(data_ + offset, src, n);
    return true;
  }
  // copy_from_user: false if [offset, offset+n) is not inside the buffer.
  bool copy_from(std::size_t offset, void* dst, std::size_t n) const {
    if (!in_bounds(offset, n)) return false;
    if (n != 0) std::memcpy(dst, data_ + offset, n);
    return true;
  }

 private:
  bool in_bounds(std::size_t offset, std::size_t n) const {
    return data_ != nullptr && offset <= size_ && n <= size_ - offset;
  }
  std::byte* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace lsmsim
