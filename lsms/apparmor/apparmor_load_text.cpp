// Loading profile text: aa::parse_profiles stands in for apparmor_parser, whose binary
// output the kernel unpacks (aa_unpack); a text that does not compile is -EPROTO at
// .load/.replace, as an unpack failure is.
#include <cerrno>

#include "lsms/apparmor/apparmor_policy_ops.h"
#include "lsms/apparmor/policy/profile_parser.h"
#include "model/kernel.h"

namespace lsmsim {

int aa_load_text(ApparmorLsm& me, const Cred* cred, const std::string& text, std::uint32_t mask,
                 std::string& info, AaNs* policy_ns) {
  // policy_update(): the caller may manage policy before the data is unpacked.
  if (const int rc = aa_may_manage_policy(me, cred, policy_ns, mask); rc != 0) {
    info = "not policy admin";
    return rc;
  }
  aa::ProfileParseOptions o;
  o.filename = (mask & kAaMayReplacePolicy) != 0 ? ".replace" : ".load";
  aa::ParsedProfiles parsed;
  try {
    parsed = aa::parse_profiles(text, o);
  } catch (const aa::ProfileError& e) {
    info = e.what();
    return -EPROTO;
  }
  return aa_replace_profiles(me, cred, policy_ns, {}, std::move(parsed.profiles), mask, info);
}

void apparmor_load_profiles(Kernel& k, std::string_view text,
                            const aa::ProfileParseOptions& options, Task* as, bool replace) {
  ApparmorLsm* me = apparmor_lsm(k);
  if (me == nullptr) throw std::runtime_error("AppArmor is not active");
  aa::ParsedProfiles parsed = aa::parse_profiles(text, options);  // throws aa::ProfileError
  apparmor_load(k, std::move(parsed.profiles), {}, as, replace);
}

}  // namespace lsmsim
