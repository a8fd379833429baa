#include "lsms/apparmor/apparmor_mediate.h"

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

// audit_signal_cb / audit_ptrace_cb: aa_label_xaudit(labels_ns(subject), peer, FLAGS_NONE):
// only the peer's components in the profile's own namespace ("---" when none).
std::string aa_peer_audit(const AaProfile& p, const AaLabel& peer) {
  return audit_untrusted_string(aa_label_print(*p.ns, peer, kAaNoSubns));
}

}  // namespace lsmsim
