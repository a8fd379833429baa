// Helpers for the LSM syscall tests: user memory filled with a marker byte, so a test can
// tell what the kernel wrote from what it left alone, and raw header access.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "model/user_memory.h"

namespace lsmsim::testing {

inline constexpr std::byte kMarker{0xa5};

// `n` bytes of mapped user memory, each holding kMarker.
struct UserMem {
  explicit UserMem(std::size_t n) : bytes(n, kMarker), buf(bytes.data(), bytes.size()) {}
  std::vector<std::byte> bytes;
  UserBuffer buf;

  std::uint64_t u64(std::size_t off) const {
    std::uint64_t v;
    std::memcpy(&v, bytes.data() + off, sizeof v);
    return v;
  }
  void set_u64(std::size_t off, std::uint64_t v) { std::memcpy(bytes.data() + off, &v, sizeof v); }
  bool untouched_from(std::size_t off) const {
    for (std::size_t i = off; i < bytes.size(); ++i)
      if (bytes[i] != kMarker) return false;
    return true;
  }
};

}  // namespace lsmsim::testing
