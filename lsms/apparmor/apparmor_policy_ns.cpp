#include "lsms/apparmor/apparmor_policy_ns.h"

#include <cctype>
#include <cerrno>

namespace lsmsim {

std::unique_ptr<AaNs> aa_alloc_ns(AaNs* parent, std::string_view name) {
  auto ns = std::make_unique<AaNs>();
  ns->name = std::string(name);
  ns->hname = parent == nullptr ? ns->name : parent->hname + "//" + ns->name;
  ns->level = parent == nullptr ? 0 : parent->level + 1;
  ns->parent = parent;
  // alloc_ns(): each namespace owns an unconfined profile (aa_alloc_null(...,"unconfined")).
  ns->unconfined = std::make_shared<AaProfile>();
  ns->unconfined->ns = ns.get();
  ns->unconfined->hname = "unconfined";
  return ns;
}

AaProfile* AaNs::find_profile(std::string_view profile) const {
  auto it = profiles.find(profile);
  if (it != profiles.end()) return it->second.get();
  // "the unconfined profile is not in the regular profile list" (aa_lookupn_profile)
  if (profile == "unconfined") return unconfined.get();
  return nullptr;
}

AaNs* AaNs::find_ns(std::string_view path) const {
  const AaNs* ns = this;
  while (!path.empty()) {
    const std::size_t split = path.find("//");
    auto it = ns->children.find(path.substr(0, split));
    if (it == ns->children.end() || it->second->removed) return nullptr;
    ns = it->second.get();
    path = split == std::string_view::npos ? std::string_view{} : path.substr(split + 2);
  }
  return const_cast<AaNs*>(ns);
}

AaNs* AaNs::child(std::string_view n) {
  auto it = children.find(n);
  if (it != children.end() && !it->second->removed) return it->second.get();
  if (it != children.end()) dead.push_back(std::move(it->second));  // labels may name it
  auto ns = aa_alloc_ns(this, n);
  ns->seq = ++next_seq;
  AaNs* raw = ns.get();
  children[std::string(n)] = std::move(ns);
  return raw;
}

bool aa_ns_visible(const AaNs& curr, const AaNs& view) {
  for (const AaNs* v = &view; v != nullptr; v = v->parent)
    if (v == &curr) return true;
  return false;
}

std::string aa_ns_name(const AaNs& curr, const AaNs& view) {
  if (&curr == &view) return {};
  return view.hname.substr(curr.hname.size() + 2);
}

AaPolicy::AaPolicy() : root_(aa_alloc_ns(nullptr, "root")) {}

namespace {

// The flattened load set: every profile, children and hats included, with its hname.
void flatten(const std::shared_ptr<const aa::Profile>& owner, const aa::Profile& p,
             const std::string& hname, AaNs& ns, std::vector<std::shared_ptr<AaProfile>>& out) {
  auto entry = std::make_shared<AaProfile>();
  entry->ns = &ns;
  entry->hname = hname;
  entry->rules = std::shared_ptr<const aa::Profile>(owner, &p);
  out.push_back(entry);
  for (const auto& c : p.children) {
    // Children carry their full hname; accept a base name too.
    const std::string prefix = hname + "//";
    const std::string child = c->name.rfind(prefix, 0) == 0 ? c->name : prefix + c->name;
    flatten(owner, *c, child, ns, out);
  }
}

// mangle_name(): leading '/' and '.' dropped, '/' becomes '.', blanks '_', other characters
// but alphanumerics and "._-" dropped; then ".<uniq_id>".
std::string aa_profile_dirname(const AaProfile& p, AaNs& ns) {
  const std::size_t split = p.hname.rfind("//");
  std::string_view base = p.hname;
  if (split != std::string::npos) base.remove_prefix(split + 2);
  while (!base.empty() && (base.front() == '/' || base.front() == '.')) base.remove_prefix(1);
  std::string out;
  for (const char c : base) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '/')
      out += '.';
    else if (std::isspace(u) != 0)
      out += '_';
    else if (std::isalnum(u) != 0 || c == '.' || c == '_' || c == '-')
      out += c;
  }
  return out + "." + std::to_string(ns.uniq_id++);
}

}  // namespace

int AaPolicy::replace(AaNs& ns, std::vector<std::unique_ptr<aa::Profile>> set, bool noreplace,
                      std::string& info) {
  std::vector<std::shared_ptr<AaProfile>> entries;
  for (auto& p : set) {
    std::shared_ptr<const aa::Profile> owner(std::move(p));
    flatten(owner, *owner, owner->name, ns, entries);
  }
  for (const auto& e : entries) {
    if (e->hname.empty() || e->hname == "unconfined") {
      info = "invalid profile name";
      return -EINVAL;
    }
    // replacement_allowed()
    if (noreplace && ns.profiles.count(e->hname) != 0) {
      info = "profile already exists";
      return -EEXIST;
    }
  }
  for (auto& e : entries) {
    // A replaced profile keeps its directory (__aafs_profile_migrate_dents).
    auto old = ns.profiles.find(e->hname);
    e->dirname = old != ns.profiles.end() ? old->second->dirname : aa_profile_dirname(*e, ns);
    e->seq = old != ns.profiles.end() ? old->second->seq : ++ns.next_seq;
    ns.profiles[e->hname] = std::move(e);
  }
  ++ns.revision;  // __aa_bump_ns_revision
  return 0;
}

int AaPolicy::remove_profile(AaNs& ns, std::string_view hname, std::vector<std::string>& removed) {
  auto it = ns.profiles.find(hname);
  if (it == ns.profiles.end()) return -ENOENT;
  const std::string prefix = std::string(hname) + "//";
  for (auto i = ns.profiles.begin(); i != ns.profiles.end();) {
    if (i->first == hname || i->first.rfind(prefix, 0) == 0) {
      removed.push_back(i->first);
      i = ns.profiles.erase(i);
    } else {
      ++i;
    }
  }
  ++ns.revision;
  return 0;
}

void AaPolicy::remove_ns(AaNs& ns) {
  for (auto& [n, c] : ns.children)
    if (!c->removed) remove_ns(*c);
  ns.removed = true;
  ns.profiles.clear();  // __aa_profile_list_release(): stale components resolve to unconfined
  if (ns.parent != nullptr) ++ns.parent->revision;
}

}  // namespace lsmsim
