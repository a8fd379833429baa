// Simulated user memory: the buffer a caller hands a syscall. Access outside it faults
// (-EFAULT), as an unmapped page would; a null buffer is the caller's NULL pointer.
#pragma once

#include <cstddef>
#include <cstdint>
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

// One u32 in user memory, what a `u32 __user *` points at (lsm_get_self_attr's size). A
// null pointer is modelled by passing no UserWord at all; a UserWord may still fault on
// get_user (unreadable) or on put_user (unwritable, e.g. a read-only page).
class UserWord {
 public:
  explicit UserWord(std::uint32_t value = 0, bool readable = true, bool writable = true)
      : value_(value), readable_(readable), writable_(writable) {}
  // A non-NULL pointer to nothing: every access faults.
  static UserWord unmapped() { return UserWord(0, false, false); }

  // get_user: false (EFAULT) if the word cannot be read.
  bool get(std::uint32_t& out) const {
    if (!readable_) return false;
    out = value_;
    return true;
  }
  // put_user: false (EFAULT) if the word cannot be written.
  bool put(std::uint32_t v) {
    if (!writable_) return false;
    value_ = v;
    return true;
  }
  // What the memory holds now (for the caller, after the syscall).
  std::uint32_t value() const { return value_; }
  bool readable() const { return readable_; }
  bool writable() const { return writable_; }

 private:
  std::uint32_t value_;
  bool readable_;
  bool writable_;
};

}  // namespace lsmsim
