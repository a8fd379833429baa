#include "model/errno_name.h"

#include <cstring>

namespace lsmsim {

std::string errno_name(int err) {
  if (err == 0) return "0";
  if (const char* name = strerrorname_np(err)) return name;
  // Built with append, not operator+: GCC 12 at -O3 reports a false -Wrestrict on
  // "E" + std::to_string() (GCC bug 105329), which breaks the release preset under -Werror.
  std::string s = "E";
  s.append(std::to_string(err));
  return s;
}

int errno_from_name(const std::string& name) {
  // errno values are small; a linear scan keeps this table-free and always in sync with libc.
  for (int e = 1; e < 256; ++e) {
    const char* n = strerrorname_np(e);
    if (n != nullptr && name == n) return e;
  }
  return -1;
}

}  // namespace lsmsim
