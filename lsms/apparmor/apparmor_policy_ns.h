// AppArmor's policy namespaces and loaded profiles (security/apparmor/policy_ns.c, policy.c,
// v6.12): a tree under the root namespace ("root", never printed); each namespace has a level,
// its own `unconfined` profile, the profiles loaded into it by hname ("parent//child", hats
// included) and a revision bumped by every load, replacement and removal.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lsms/apparmor/policy/profile.h"

namespace lsmsim {

struct AaNs;

// struct aa_profile as far as lsmsim needs it: where it lives and its compiled rules.
struct AaProfile {
  AaNs* ns = nullptr;
  std::string hname;  // "unconfined" for the namespace's unconfined profile
  // The compiled profile (aliasing the top-level profile's ownership for children and hats);
  // null for unconfined.
  std::shared_ptr<const aa::Profile> rules;
  // Its apparmorfs directory under profiles/: the mangled base name and the namespace's
  // uniq_id at creation ("usr.sbin.cupsd.3", __aafs_profile_mkdir); kept across replacement.
  std::string dirname;
  // Its place in its parent's profile list: __add_profile puts a new profile at the head
  // (newest first); a replacement takes the old one's place (list_replace_rcu).
  long seq = 0;

  bool unconfined() const { return rules == nullptr; }
  aa::ProfileMode mode() const {
    return rules == nullptr ? aa::ProfileMode::unconfined : rules->mode;
  }
};

struct AaNs {
  std::string name;   // base name ("root" for the root namespace)
  std::string hname;  // "root", "root//child", "root//child//grandchild"
  int level = 0;
  AaNs* parent = nullptr;
  std::map<std::string, std::unique_ptr<AaNs>, std::less<>> children;
  std::shared_ptr<AaProfile> unconfined;
  std::map<std::string, std::shared_ptr<AaProfile>, std::less<>> profiles;  // by hname
  std::uint64_t revision = 0;
  long uniq_id = 0;  // the next profile directory's suffix (ns->uniq_id)
  long seq = 0;      // creation order among its parent's sub_ns (newest at the list head)
  long next_seq = 0;  // the counter behind AaProfile::seq and the children's AaNs::seq
  bool removed = false;                     // kept alive for the labels still naming it
  std::vector<std::unique_ptr<AaNs>> dead;  // removed children replaced by new ones

  // __aa_lookupn_profile plus aa_lookupn_profile's "unconfined" special case; null if none.
  AaProfile* find_profile(std::string_view profile) const;
  // __aa_lookupn_ns: "a//b" below this namespace; null if none.
  AaNs* find_ns(std::string_view path) const;
  // Creates the child `name` (one level, no "//") if missing (__aa_create_ns).
  AaNs* child(std::string_view name);
};

// aa_ns_visible(curr, view, subns=true): `view` is `curr` or below it.
bool aa_ns_visible(const AaNs& curr, const AaNs& view);
// aa_ns_name(curr, view, subns=true): view's hname relative to curr ("a//b"); "" when the same.
std::string aa_ns_name(const AaNs& curr, const AaNs& view);

// The whole tree (struct aa_ns *root_ns and the namespaces below it).
class AaPolicy {
 public:
  AaPolicy();
  AaNs& root() { return *root_; }
  const AaNs& root() const { return *root_; }

  // aa_replace_profiles' effect on one namespace: every profile of `set` (children and hats
  // included, by hname) is added, or replaces the loaded one of that name; a replaced
  // profile's children missing from the new set are kept (__replace_profile inherits them).
  // `noreplace` (.load): an existing name is -EEXIST. Returns 0 or -errno; nothing changes
  // on error.
  int replace(AaNs& ns, std::vector<std::unique_ptr<aa::Profile>> set, bool noreplace,
              std::string& info);
  // aa_remove_profiles: the profile and its children (their hnames go to `removed`);
  // -ENOENT if missing.
  int remove_profile(AaNs& ns, std::string_view hname, std::vector<std::string>& removed);
  // __aa_remove_ns: the namespace and everything below it (marked removed, never freed:
  // labels may still name it).
  void remove_ns(AaNs& ns);

 private:
  std::unique_ptr<AaNs> root_;
};

std::unique_ptr<AaNs> aa_alloc_ns(AaNs* parent, std::string_view name);

}  // namespace lsmsim
