#include "lsms/apparmor/policy/file_perms.h"

namespace lsmsim::aa {

std::string file_perms_letters(std::uint32_t perms) {
  // aa_perm_mask_to_str(aa_file_perm_chrs = "xwracd         km l     "): bit order of the
  // kernel's AA_MAY_* mask, so x w r a k m l (security/apparmor/lib.c, file.c); real logs
  // say requested_mask="wr" for a read-write open.
  static constexpr struct {
    std::uint32_t bit;
    char letter;
  } kOrder[] = {{kMayExec, 'x'}, {kMayWrite, 'w'}, {kMayRead, 'r'}, {kMayAppend, 'a'},
                {kMayLock, 'k'}, {kMayMmap, 'm'},  {kMayLink, 'l'}};
  std::string out;
  for (const auto& o : kOrder)
    if ((perms & o.bit) != 0) out += o.letter;
  return out;
}

}  // namespace lsmsim::aa
