// operator<< for lsmsim types, so Boost.Test can print them in failure messages.
#pragma once

#include <ostream>

#include "model/capability.h"

namespace lsmsim {

inline std::ostream& operator<<(std::ostream& os, const CapSet& s) { return os << capset_hex(s); }

}  // namespace lsmsim
