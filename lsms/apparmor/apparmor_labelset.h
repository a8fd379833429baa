// AppArmor labels (security/apparmor/label.c, v6.12): a label is a sorted, de-duplicated
// set of profiles, each named by its namespace and hname, in the kernel's canonical order
// (profile_cmp: namespace level, namespace hname, profile hname). Labels are interned by
// their canonical text (as the root namespace prints it, no mode) so secids stay stable.
// A component resolves to the currently loaded profile of its name, so a replaced profile
// changes running tasks' policy as the kernel's proxies do; a removed profile's labels are
// redirected to labels with the namespace's unconfined in its place (aa_label_remove ->
// __label_remove(label, ns_unconfined(...)) -> __aa_proxy_redirect).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "lsms/apparmor/apparmor_policy_ns.h"

namespace lsmsim {

struct AaComponent {
  AaNs* ns = nullptr;
  std::string hname;
  bool operator==(const AaComponent& o) const { return ns == o.ns && hname == o.hname; }
};

// profile_cmp(): <0, 0, >0.
int aa_component_cmp(const AaComponent& a, const AaComponent& b);

struct AaLabel {
  std::vector<AaComponent> vec;  // canonical order, no duplicates, never empty
  std::string text;              // canonical text as the root namespace prints it, no mode
  std::uint32_t replacedby = 0;  // the label's proxy was redirected (profile removed)
};

// Printing flags of aa_label_snxprint.
inline constexpr unsigned kAaShowMode = 1;          // FLAG_SHOW_MODE
inline constexpr unsigned kAaHiddenUnconfined = 2;  // FLAG_HIDDEN_UNCONFINED
// Without FLAG_VIEW_SUBNS (FLAGS_NONE): only components in the view namespace itself.
inline constexpr unsigned kAaNoSubns = 4;

class AaLabelSet {
 public:
  // The secid of the label made of `vec` (sorted and de-duplicated here).
  std::uint32_t intern(std::vector<AaComponent> vec);
  // The secid of that label if it exists already, else 0 (vec_find: create=false).
  std::uint32_t lookup(std::vector<AaComponent> vec) const;
  const AaLabel* find(std::uint32_t secid) const;
  // aa_get_newest_label(): follows redirections.
  std::uint32_t newest(std::uint32_t secid) const;
  // Redirects every live label containing (ns, hname) to the same label with ns's
  // unconfined in its place.
  void redirect_removed(AaNs& ns, const std::string& hname);
  // The same for every component in `ns` (a removed namespace): to the parent's unconfined.
  void redirect_removed_ns(AaNs& ns);

 private:
  static AaLabel canonical(std::vector<AaComponent> vec);
  std::deque<AaLabel> labels_;  // deque: references stay valid as labels are added
  std::map<std::string, std::uint32_t, std::less<>> live_;
};

// The profile a component names now (the ns's unconfined when it is gone).
const AaProfile& aa_component_profile(const AaComponent& c);
// labels_ns(): the namespace of the last (deepest) component.
AaNs& aa_labels_ns(const AaLabel& l);
// unconfined(label): every component is unconfined (a namespace's unconfined or a
// flags=(unconfined) profile).
bool aa_label_unconfined(const AaLabel& l);

// aa_label_snxprint(view, label, FLAG_VIEW_SUBNS | flags).
std::string aa_label_print(const AaNs& view, const AaLabel& l, unsigned flags);

// aa_label_strn_parse(base, text, create=true): components looked up from `base` (the
// caller's label; explicit `:ns:` names are found below labels_ns(base), bare names in the
// namespace of the previous component); a leading '&' stacks on `base`. 0 or -EINVAL (bad
// syntax), -ENOENT (a profile or namespace that does not exist).
int aa_label_parse(const AaLabel& base, std::string_view text, bool force_stack,
                   std::vector<AaComponent>& out);

}  // namespace lsmsim
