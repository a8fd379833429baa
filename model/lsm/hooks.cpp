#include "model/lsm/hooks.h"

namespace lsmsim {

bool hook_from_name(std::string_view name, Hook& out) {
  for (std::size_t i = 0; i < kHookCount; ++i) {
    if (kHookNames[i] == name) {
      out = static_cast<Hook>(i);
      return true;
    }
  }
  return false;
}

}  // namespace lsmsim
