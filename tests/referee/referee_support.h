// Running one batch in the real kernel (user-mode-linux + the agent) and comparing answers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/referee/uml_boot.h"

namespace lsmsim::referee {

// The agent binary built by area.cmake.
std::string agent_path();

struct GuestRun {
  UmlResult boot;
  std::vector<std::string> answers;  // one per batch line when boot.ok
  std::string failure;               // boot failure, wrong LSM, or a short answer file
};

// Boots with lsm=`lsm`, runs `setup` (sh lines: mounts), then the agent on `batch`. Fails
// unless /sys/kernel/security/lsm lists `lsm` (a kernel that fell back to another LSM would
// answer for the wrong module) and there is one answer per line.
GuestRun run_in_guest(const TempDir& dir, const std::string& lsm,
                      const std::vector<std::string>& cmdline, const std::string& setup,
                      const std::vector<std::string>& batch, int timeout_seconds = 60);

// The seed of a run: LSMSIM_REFEREE_SEED if set, else `fallback`.
std::uint64_t referee_seed(std::uint64_t fallback);

}  // namespace lsmsim::referee
