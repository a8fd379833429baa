// Random profiles made only of file rules, written both as apparmor_parser text and as the
// FileRuleSpec list FileMatcher takes, and paths that hit (and nearly hit) their rules.
// Seeded: a seed reproduces the profile and the paths. Test-only.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "lsms/apparmor/policy/file_matcher.h"
#include "lsms/apparmor/policy/glob_regex.h"

namespace lsmsim::aa::testing {

struct GeneratedProfile {
  std::string text;
  std::vector<FileRuleSpec> rules;
};

class ProfileGenerator {
 public:
  explicit ProfileGenerator(std::uint64_t seed) : rng_(seed) {}

  // `x_modes` distinct x modes are used by the allow rules with x; with more than one,
  // some profiles have rules the parser refuses ("conflicting x modifiers").
  GeneratedProfile profile(std::size_t rule_count, std::size_t x_modes);
  // Paths built from the rules' own patterns (a matching string, then maybe mutated),
  // plus random paths over the same alphabet: empty components, '//', trailing '/'.
  std::vector<std::string> paths(const GeneratedProfile& profile, std::size_t count);

  std::string glob();

 private:
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  std::string random_path();
  std::string mutate(std::string path);

  std::mt19937_64 rng_;
};

// A random string `regex` matches, its bytes taken from `alphabet` where the regex allows
// (and '/' now and then where it allows that).
void sample_match(const detail::GlobRegex& regex, std::mt19937_64& rng, std::string_view alphabet,
                  std::string* out);

// The seed of this run: LSMSIM_ORACLE_SEED if set (to reproduce a failure), else fixed.
std::uint64_t oracle_seed();

}  // namespace lsmsim::aa::testing
