#include "lsms/apparmor/apparmor_labelset.h"

#include <algorithm>
#include <cctype>
#include <cerrno>

namespace lsmsim {

namespace {

// ns_cmp(): level, then hname.
int ns_cmp(const AaNs& a, const AaNs& b) {
  if (&a == &b) return 0;
  if (a.level != b.level) return a.level < b.level ? -1 : 1;
  const int c = a.hname.compare(b.hname);
  if (c != 0) return c;
  // Same name, different namespaces (one removed and recreated): any stable order.
  return std::less<const AaNs*>{}(&a, &b) ? -1 : 1;
}

const char* mode_name(aa::ProfileMode m) {
  switch (m) {  // aa_profile_mode_names[]
    case aa::ProfileMode::enforce:
      return "enforce";
    case aa::ProfileMode::complain:
      return "complain";
    case aa::ProfileMode::kill:
      return "kill";
    case aa::ProfileMode::unconfined:
      return "unconfined";
    case aa::ProfileMode::user:
      return "user";
  }
  return "enforce";
}

std::string_view trim_front(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
  return s;
}

// fqlookupn_profile(): one component, ":ns:name", ":ns://name", ":ns:" or a bare name.
int lookup_component(AaNs& base_ns, AaNs& curr_ns, std::string_view str, AaComponent& out) {
  str = trim_front(str);
  std::string_view name = str;
  AaNs* ns = &curr_ns;
  if (!str.empty() && str.front() == ':') {  // aa_splitn_fqname()
    std::string_view rest = str.substr(1);
    const std::size_t colon = rest.find(':');
    std::string_view ns_name = rest.substr(0, colon);
    if (colon == std::string_view::npos) {
      name = {};
    } else {
      name = rest.substr(colon + 1);
      if (name.substr(0, 2) == "//") name.remove_prefix(2);
      name = trim_front(name);
    }
    if (!ns_name.empty()) {
      ns = base_ns.find_ns(ns_name);
      if (ns == nullptr) return -ENOENT;
    }
  }
  if (name.empty()) name = "unconfined";  // the namespace's default profile
  if (ns->find_profile(name) == nullptr) return -ENOENT;
  out.ns = ns;
  out.hname = std::string(name);
  return 0;
}

}  // namespace

int aa_component_cmp(const AaComponent& a, const AaComponent& b) {
  if (const int c = ns_cmp(*a.ns, *b.ns); c != 0) return c;
  return a.hname.compare(b.hname);
}

const AaProfile& aa_component_profile(const AaComponent& c) {
  const AaProfile* p = c.ns->find_profile(c.hname);
  return p != nullptr ? *p : *c.ns->unconfined;
}

AaNs& aa_labels_ns(const AaLabel& l) {
  return *l.vec.back().ns;
}

bool aa_label_unconfined(const AaLabel& l) {
  for (const AaComponent& c : l.vec) {
    const AaProfile& p = aa_component_profile(c);
    if (!p.unconfined() && p.mode() != aa::ProfileMode::unconfined) return false;
  }
  return true;
}

std::string aa_label_print(const AaNs& view, const AaLabel& l, unsigned flags) {
  std::string out;
  int count = 0;
  const AaNs* prev_ns = nullptr;
  const auto visible = [&](const AaComponent& c) {
    return (flags & kAaNoSubns) != 0 ? c.ns == &view : aa_ns_visible(view, *c.ns);
  };
  for (const AaComponent& c : l.vec) {
    if (!visible(c)) continue;
    if (count++ > 0) out += "//&";
    // aa_profile_snxprint(): the namespace prefix once per run of the same namespace.
    if (c.ns != &view && prev_ns != c.ns) {
      prev_ns = c.ns;
      out += ":" + aa_ns_name(view, *c.ns) + ":";
    }
    out += c.hname;
  }
  if (count == 0) return (flags & kAaHiddenUnconfined) != 0 ? "unconfined" : "---";
  if ((flags & kAaShowMode) == 0) return out;
  // display_mode() / label_modename(): unconfined components count for neither.
  int modes = 0;
  aa::ProfileMode mode = aa::ProfileMode::enforce;
  bool mixed = false;
  for (const AaComponent& c : l.vec) {
    if (!visible(c)) continue;
    const AaProfile& p = aa_component_profile(c);
    if (p.unconfined()) continue;
    if (modes++ == 0)
      mode = p.mode();
    else if (p.mode() != mode)
      mixed = true;
  }
  if (modes == 0) return out;
  return out + " (" + (mixed ? "mixed" : mode_name(mode)) + ")";
}

AaLabel AaLabelSet::canonical(std::vector<AaComponent> vec) {
  std::sort(vec.begin(), vec.end(),
            [](const AaComponent& a, const AaComponent& b) { return aa_component_cmp(a, b) < 0; });
  vec.erase(std::unique(vec.begin(), vec.end()), vec.end());  // aa_vec_unique()
  AaLabel l;
  l.vec = std::move(vec);
  const AaNs* root = l.vec.front().ns;
  while (root->parent != nullptr) root = root->parent;
  l.text = aa_label_print(*root, l, 0);
  // Components in removed namespaces are told apart from live ones of the same name.
  for (const AaComponent& c : l.vec)
    if (c.ns->removed) l.text += "\x01" + std::to_string(reinterpret_cast<std::uintptr_t>(c.ns));
  return l;
}

std::uint32_t AaLabelSet::intern(std::vector<AaComponent> vec) {
  AaLabel l = canonical(std::move(vec));
  auto it = live_.find(l.text);
  if (it != live_.end()) return it->second;
  labels_.push_back(std::move(l));
  const auto id = static_cast<std::uint32_t>(labels_.size());
  live_.emplace(labels_.back().text, id);
  return id;
}

std::uint32_t AaLabelSet::lookup(std::vector<AaComponent> vec) const {
  const AaLabel l = canonical(std::move(vec));
  auto it = live_.find(l.text);
  return it != live_.end() ? it->second : 0;
}

const AaLabel* AaLabelSet::find(std::uint32_t secid) const {
  if (secid == 0 || secid > labels_.size()) return nullptr;
  return &labels_[secid - 1];
}

std::uint32_t AaLabelSet::newest(std::uint32_t secid) const {
  while (const AaLabel* l = find(secid)) {
    if (l->replacedby == 0) break;
    secid = l->replacedby;
  }
  return secid;
}

void AaLabelSet::redirect_removed(AaNs& ns, const std::string& hname) {
  const std::size_t n = labels_.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (labels_[i].replacedby != 0) continue;
    std::vector<AaComponent> vec = labels_[i].vec;
    bool hit = false;
    for (AaComponent& c : vec) {
      if (c.ns == &ns && c.hname == hname) {
        c.hname = "unconfined";
        hit = true;
      }
    }
    if (!hit) continue;
    live_.erase(labels_[i].text);
    const std::uint32_t to = intern(std::move(vec));
    labels_[i].replacedby = to;
  }
}

void AaLabelSet::redirect_removed_ns(AaNs& ns) {
  const std::size_t n = labels_.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (labels_[i].replacedby != 0) continue;
    std::vector<AaComponent> vec = labels_[i].vec;
    bool hit = false;
    for (AaComponent& c : vec) {
      // destroy_ns(): the namespace's unconfined proxy goes to the parent's unconfined.
      if (aa_ns_visible(ns, *c.ns) && ns.parent != nullptr) {
        c.ns = ns.parent;
        c.hname = "unconfined";
        hit = true;
      }
    }
    if (!hit) continue;
    live_.erase(labels_[i].text);
    const std::uint32_t to = intern(std::move(vec));
    labels_[i].replacedby = to;
  }
}

int aa_label_parse(const AaLabel& base, std::string_view text, bool force_stack,
                   std::vector<AaComponent>& out) {
  std::string_view str = trim_front(text);
  if (str.empty()) return -EINVAL;
  out.clear();
  if (str.front() == '&' || force_stack) {  // stack on top of base
    out = base.vec;
    if (str.front() == '&') str.remove_prefix(1);
  }
  AaNs& base_ns = aa_labels_ns(base);
  AaNs* curr = &base_ns;
  while (true) {
    const std::size_t split = str.find("//&");  // aa_label_strn_split()
    AaComponent c;
    if (const int rc = lookup_component(base_ns, *curr, str.substr(0, split), c); rc != 0)
      return rc;
    // A component naming a new namespace becomes the base of the ones after it.
    curr = c.ns;
    out.push_back(std::move(c));
    if (split == std::string_view::npos) break;
    str = str.substr(split + 3);
  }
  return 0;
}

}  // namespace lsmsim
