#include "lsms/apparmor/policy/file_perms.h"

namespace lsmsim::aa {

std::string file_perms_letters(std::uint32_t perms) {
  // aa_audit_perm_mask's order for file masks: r w a x m l k (security/apparmor/file.c).
  static constexpr struct {
    std::uint32_t bit;
    char letter;
  } kOrder[] = {{kMayRead, 'r'}, {kMayWrite, 'w'}, {kMayAppend, 'a'}, {kMayExec, 'x'},
                {kMayMmap, 'm'}, {kMayLink, 'l'},  {kMayLock, 'k'}};
  std::string out;
  for (const auto& o : kOrder)
    if ((perms & o.bit) != 0) out += o.letter;
  return out;
}

}  // namespace lsmsim::aa
