// Seeded random choices shared by the test generators (policies, Smack cases): one engine,
// so a seed printed by a failing test reproduces the same case everywhere.
#pragma once

#include <cstddef>
#include <random>
#include <vector>

namespace lsmsim::testing {

using Rng = std::mt19937_64;

// A uniform index below n (n > 0).
inline std::size_t pick(Rng& r, std::size_t n) {
  return std::uniform_int_distribution<std::size_t>(0, n - 1)(r);
}
// True with probability p.
inline bool chance(Rng& r, double p) {
  return std::uniform_real_distribution<double>(0, 1)(r) < p;
}
template <typename T>
const T& pick_of(Rng& r, const std::vector<T>& v) {
  return v[pick(r, v.size())];
}

}  // namespace lsmsim::testing
