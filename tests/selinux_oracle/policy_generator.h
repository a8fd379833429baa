// A seeded generator of random monolithic MLS policies in checkpolicy's policy.conf grammar,
// with the metadata needed to draw valid (and some invalid) contexts for queries.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace lsmsim::sepolicy::testing {

struct GenUser {
  std::string name;
  std::vector<std::size_t> roles;  // indexes into GeneratedPolicy::roles
  std::uint32_t high_sens = 0;     // range s0 - s<high_sens>:<high_cats>
  std::vector<std::uint32_t> high_cats;
};
struct GenRole {
  std::string name;
  std::vector<std::size_t> types;  // concrete types (indexes into GeneratedPolicy::types)
};

struct GeneratedPolicy {
  std::uint64_t seed = 0;
  std::string text;                // policy.conf
  std::vector<std::string> types;  // concrete types only
  std::vector<GenRole> roles;      // object_r excluded
  std::vector<GenUser> users;
  std::vector<std::string> booleans;
  std::vector<std::vector<std::uint32_t>> sens_cats;  // categories allowed per sensitivity
  std::vector<std::string> classes;
};

GeneratedPolicy generate_policy(std::uint64_t seed);

// A random context string. Mostly valid subject ("u:r:t:range" with r authorized for u and
// t for r, range within u's) or object (object_r, any type, any defined level); with
// probability `invalid` something is broken on purpose.
std::string random_context(const GeneratedPolicy& p, std::mt19937_64& rng, bool subject,
                           double invalid = 0.0);

}  // namespace lsmsim::sepolicy::testing
