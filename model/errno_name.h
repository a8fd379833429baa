// errno numbers are the host's (lsmsim only builds on Linux, where they are the kernel's).
#pragma once

#include <string>

namespace lsmsim {

// "EACCES" for 13; "E<number>" for values the C library does not name.
std::string errno_name(int err);
// Inverse of errno_name: 13 for "EACCES"; -1 if the name is unknown.
int errno_from_name(const std::string& name);

}  // namespace lsmsim
