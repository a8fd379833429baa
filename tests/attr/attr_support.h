// Helpers for the attribute tests: kernels with chosen real LSM stacks, and attr file I/O.
#pragma once

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "tests/support/task_helpers.h"

namespace lsmsim::testing {

// lsm=<lsm>, optionally with the stacking series' exclusivity lift and interface_lsm switch.
inline KernelConfig lsm_config(std::string lsm, bool stacking = false,
                               std::optional<bool> interface_lsm = std::nullopt) {
  KernelConfig c;
  c.lsm.lsm = std::move(lsm);
  c.lsm.stacking = stacking;
  c.lsm.interface_lsm = interface_lsm;
  return c;
}

// The contents of an attr file, or "<errno N>".
inline std::string attr(Task& t, const std::string& path) {
  SysResult r = read_file(t, path);
  return r.ok() ? r.data : "<errno " + std::to_string(r.err) + ">";
}

inline int write_err(Task& t, const std::string& path, const std::string& data) {
  return write_file(t, path, data).err;
}

inline const std::string kSelinuxKernel = std::string("system_u:system_r:kernel_t:s0") + '\0';

}  // namespace lsmsim::testing
