// What every simulated syscall returns: the value or errno, and on denial who denied it.
#pragma once

#include <optional>
#include <string>

namespace lsmsim {

// Who refused an operation. `by` is "dac", "capability", an LSM name ("selinux", ...) or
// "kernel" for checks outside DAC and the LSMs (bad arguments, limits).
struct Denial {
  std::string by;
  std::string hook;      // kernel hook name when an LSM denied, e.g. "file_open"
  std::string ns_level;  // which namespace level decided, e.g. "init" or "ns1"; empty if n/a
  std::string reason;    // human-readable explanation
};

struct SysResult {
  long ret = 0;  // the syscall's return value when err == 0, else -1
  int err = 0;   // errno (positive), 0 on success
  std::optional<Denial> denial;
  std::string data;  // bytes read, for syscalls that return data (read, readlink, ...)

  bool ok() const { return err == 0; }

  static SysResult success(long value = 0) { return SysResult{value, 0, std::nullopt, {}}; }
  static SysResult with_data(std::string bytes) {
    SysResult r;
    r.ret = static_cast<long>(bytes.size());
    r.data = std::move(bytes);
    return r;
  }
  static SysResult error(int errnum, std::optional<Denial> why = std::nullopt) {
    return SysResult{-1, errnum, std::move(why), {}};
  }
};

// "ok (ret=3)" or "EACCES (denied by selinux in file_open at init: ...)".
std::string describe(const SysResult& r);

}  // namespace lsmsim
