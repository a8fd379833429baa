// What both oracle test files need: the seed (LSMSIM_ORACLE_SEED reproduces a failing run)
// and loading a compiled policy into the libsepol oracle as a test requirement.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

#include "tests/selinux_oracle/sepol_oracle.h"

namespace lsmsim::sepolicy::testing {

inline std::uint64_t base_seed() {
  const char* env = std::getenv("LSMSIM_ORACLE_SEED");
  return env ? std::strtoull(env, nullptr, 0) : 20261202u;
}

inline void load_sepol(const std::string& bin) {
  char err[512] = "";
  BOOST_REQUIRE_MESSAGE(so_load(bin.c_str(), err, sizeof err) == 0, err);
}

}  // namespace lsmsim::sepolicy::testing
