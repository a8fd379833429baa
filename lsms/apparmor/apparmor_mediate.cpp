#include "lsms/apparmor/apparmor_mediate.h"

#include <algorithm>

#include "lsms/selinux/selinux_avc_record.h"

namespace lsmsim {

std::uint32_t aa_peer_perms(const AaProfile& p, const AaLabel& peer, std::uint32_t request,
                            const std::function<std::uint32_t(const std::string&)>& perms_for,
                            bool subns) {
  std::vector<std::string> visible;
  for (const AaComponent& c : peer.vec) {
    if (c.ns == p.ns)
      visible.push_back(c.hname);
    else if (subns && aa_ns_visible(*p.ns, *c.ns))
      visible.push_back(":" + aa_ns_name(*p.ns, *c.ns) + ":" + c.hname);
  }
  if (visible.empty()) return ~std::uint32_t{0};
  std::string compound;
  for (const std::string& v : visible) {
    if (!compound.empty()) compound += "//&";
    compound += v;
  }
  const std::uint32_t whole = perms_for(compound);
  if ((whole & request) == request || visible.size() == 1) return whole;
  std::uint32_t each = ~std::uint32_t{0};
  for (const std::string& v : visible) each &= perms_for(v);
  return each;
}

bool aa_label_is_unconfined_subset(const AaLabel& now, const AaLabel& old) {
  for (const AaComponent& c : old.vec) {
    if (!aa_profile_confined(aa_component_profile(c))) continue;
    if (std::find(now.vec.begin(), now.vec.end(), c) == now.vec.end()) return false;
  }
  return true;
}

bool aa_change_profile_perms(const AaProfile& p, const AaLabel& target, bool stack,
                             const std::string* exec) {
  if (!aa_profile_confined(p)) return true;
  auto perms_for = [&](const std::string& text) -> std::uint32_t {
    std::uint32_t allow = 0, deny = 0;
    for (const aa::ChangeProfileRule& r : p.rules->change_profile) {
      if (exec != nullptr && r.exec.has_value() && !r.exec->matches(*exec)) continue;
      // match_component(): the compiled rule sees "&name" when stacking; `-> &A` rules keep
      // their '&', so they only stack, while a glob like `**` also matches "&A".
      const bool hit = r.stack_only ? stack && r.target.matches(text)
                                    : r.target.matches(stack ? "&" + text : text);
      if (hit) (r.deny ? deny : allow) |= 1;
    }
    return allow & ~deny;
  };
  return aa_peer_perms(p, target, 1, perms_for, true) != 0;
}

// audit_signal_cb / audit_ptrace_cb: aa_label_xaudit(labels_ns(subject), peer, FLAGS_NONE):
// only the peer's components in the profile's own namespace ("---" when none).
std::string aa_peer_audit(const AaProfile& p, const AaLabel& peer) {
  return audit_untrusted_string(aa_label_print(*p.ns, peer, kAaNoSubns));
}

}  // namespace lsmsim
