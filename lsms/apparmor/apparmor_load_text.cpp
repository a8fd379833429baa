// Loading profile text (the parser's side of .load/.replace): until aa::parse_profiles is
// merged, text loads are refused with EOPNOTSUPP.
#include <cerrno>

#include "lsms/apparmor/apparmor_policy_ops.h"

namespace lsmsim {

int aa_load_text(ApparmorLsm&, const Cred*, const std::string&, std::uint32_t, std::string& info) {
  info = "profile text parser not available";
  return -EOPNOTSUPP;
}

}  // namespace lsmsim
