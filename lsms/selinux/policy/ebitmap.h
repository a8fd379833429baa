// A growable bit set indexed from 0 (the role of the kernel's struct ebitmap): type, role,
// user and category sets. Bit i stands for the item whose policy value is i + 1 where the
// policy numbers from 1 (types, roles, users); categories and sensitivities number from 0
// in lsmsim (c0 is bit 0), as in the kernel's mls.c.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

namespace lsmsim::sepolicy {

class Ebitmap {
 public:
  bool test(std::uint32_t bit) const {
    const std::size_t w = bit / 64;
    return w < words_.size() && ((words_[w] >> (bit % 64)) & 1u) != 0;
  }
  void set(std::uint32_t bit, bool on = true) {
    const std::size_t w = bit / 64;
    if (w >= words_.size()) {
      if (!on) return;
      words_.resize(w + 1, 0);
    }
    const std::uint64_t mask = std::uint64_t{1} << (bit % 64);
    words_[w] = on ? (words_[w] | mask) : (words_[w] & ~mask);
    if (!on) trim();
  }
  bool empty() const { return words_.empty(); }
  std::size_t count() const {
    std::size_t n = 0;
    for (std::uint64_t w : words_) n += static_cast<std::size_t>(std::popcount(w));
    return n;
  }
  // Every bit of `other` is set here (ebitmap_contains).
  bool contains(const Ebitmap& other) const {
    if (other.words_.size() > words_.size()) return false;
    for (std::size_t i = 0; i < other.words_.size(); ++i)
      if ((other.words_[i] & ~words_[i]) != 0) return false;
    return true;
  }
  bool intersects(const Ebitmap& other) const {
    const std::size_t n = std::min(words_.size(), other.words_.size());
    for (std::size_t i = 0; i < n; ++i)
      if ((words_[i] & other.words_[i]) != 0) return true;
    return false;
  }
  Ebitmap& operator|=(const Ebitmap& other) {
    if (other.words_.size() > words_.size()) words_.resize(other.words_.size(), 0);
    for (std::size_t i = 0; i < other.words_.size(); ++i) words_[i] |= other.words_[i];
    return *this;
  }
  Ebitmap& operator&=(const Ebitmap& other) {
    if (words_.size() > other.words_.size()) words_.resize(other.words_.size());
    for (std::size_t i = 0; i < words_.size(); ++i) words_[i] &= other.words_[i];
    trim();
    return *this;
  }
  // Removes every bit of `other` (set difference).
  Ebitmap& subtract(const Ebitmap& other) {
    const std::size_t n = std::min(words_.size(), other.words_.size());
    for (std::size_t i = 0; i < n; ++i) words_[i] &= ~other.words_[i];
    trim();
    return *this;
  }
  bool operator==(const Ebitmap& other) const { return words_ == other.words_; }

  // Calls f(bit) for each set bit in increasing order.
  template <typename F>
  void for_each(F&& f) const {
    for (std::size_t w = 0; w < words_.size(); ++w) {
      std::uint64_t bits = words_[w];
      while (bits != 0) {
        const int b = std::countr_zero(bits);
        f(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(b)));
        bits &= bits - 1;
      }
    }
  }
  // The highest set bit + 1 (0 when empty).
  std::uint32_t length() const {
    if (words_.empty()) return 0;
    return static_cast<std::uint32_t>((words_.size() - 1) * 64 + 64 -
                                      static_cast<std::size_t>(std::countl_zero(words_.back())));
  }

 private:
  // No trailing zero words, so equal sets compare equal.
  void trim() {
    while (!words_.empty() && words_.back() == 0) words_.pop_back();
  }
  std::vector<std::uint64_t> words_;
};

}  // namespace lsmsim::sepolicy
