// Name lookups and set expansion (libsepol's type_set_expand / role_set_expand): attributes
// are replaced by their members, `-` removes, `*` is every type, `~` the complement;
// attributes themselves never end up in an expanded set.
#include "lsms/selinux/policy/policy_parser_impl.h"

namespace lsmsim::sepolicy::detail {

std::uint32_t Parser::lookup_type(const Token& t) const {
  auto it = db_.type_values.find(str(t));
  if (it == db_.type_values.end()) fail(t, "unknown type '" + s(t) + "'");
  return it->second;
}

std::uint32_t Parser::lookup_concrete_type(const Token& t) const {
  const std::uint32_t v = lookup_type(t);
  if (db_.types[v - 1].attribute) fail(t, "'" + s(t) + "' is an attribute, not a type");
  return v;
}

std::uint32_t Parser::lookup_role(const Token& t) const {
  auto it = db_.role_values.find(str(t));
  if (it == db_.role_values.end()) fail(t, "unknown role '" + s(t) + "'");
  return it->second;
}

std::uint32_t Parser::lookup_user(const Token& t) const {
  auto it = db_.user_values.find(str(t));
  if (it == db_.user_values.end()) fail(t, "unknown user '" + s(t) + "'");
  return it->second;
}

std::uint16_t Parser::lookup_class(const Token& t) const {
  auto it = db_.class_values.find(str(t));
  if (it == db_.class_values.end()) fail(t, "unknown class '" + s(t) + "'");
  return it->second;
}

std::uint32_t Parser::lookup_bool(const Token& t) const {
  auto it = db_.bool_values.find(str(t));
  if (it == db_.bool_values.end()) fail(t, "unknown boolean '" + s(t) + "'");
  return it->second;
}

Ebitmap Parser::all_types() const {
  Ebitmap all;
  for (std::size_t i = 0; i < db_.types.size(); ++i)
    if (!db_.types[i].attribute) all.set(static_cast<std::uint32_t>(i));
  return all;
}

void Parser::no_star_or_tilde(const NameSet& set) const {
  if (set.star || set.comp)
    fail(*set.start,
         std::string("'") + (set.star ? "*" : "~") + "' is not allowed in this type of rule");
}

Ebitmap Parser::expand_types(const NameSet& set, bool* self) const {
  Ebitmap pos, neg;
  for (const NameItem& item : set.items) {
    if (self != nullptr && str(*item.tok) == "self") {
      if (item.neg || set.comp) fail(*item.tok, "'self' cannot be excluded or complemented");
      *self = true;
      continue;
    }
    const std::uint32_t v = lookup_type(*item.tok);
    const TypeDatum& d = db_.types[v - 1];
    Ebitmap& dst = item.neg ? neg : pos;
    if (d.attribute) {
      dst |= d.set;
    } else {
      dst.set(v - 1);
    }
  }
  pos.subtract(neg);
  if (set.star) return all_types();
  if (set.comp) {
    Ebitmap all = all_types();
    all.subtract(pos);
    return all;
  }
  return pos;
}

Ebitmap Parser::expand_roles(const NameSet& set) const {
  Ebitmap pos, neg;
  for (const NameItem& item : set.items) {
    const std::uint32_t v = lookup_role(*item.tok);
    (item.neg ? neg : pos).set(v - 1);
  }
  pos.subtract(neg);
  if (set.star || set.comp) {
    Ebitmap all;
    for (std::size_t i = 0; i < db_.roles.size(); ++i) all.set(static_cast<std::uint32_t>(i));
    if (set.comp) all.subtract(pos);
    return all;
  }
  return pos;
}

Ebitmap Parser::expand_users(const NameSet& set) const {
  Ebitmap pos;
  for (const NameItem& item : set.items) pos.set(lookup_user(*item.tok) - 1);
  if (set.star || set.comp) {
    Ebitmap all;
    for (std::size_t i = 0; i < db_.users.size(); ++i) all.set(static_cast<std::uint32_t>(i));
    if (set.comp) all.subtract(pos);
    return all;
  }
  return pos;
}

std::vector<std::uint16_t> Parser::expand_classes(const NameSet& set) const {
  if (set.star || set.comp)  // checkpolicy: "unknown class *"
    fail(*set.start, std::string("'") + (set.star ? "*" : "~") + "' is not allowed in a class set");
  std::vector<bool> chosen(db_.classes.size(), false);
  for (const NameItem& item : set.items) {
    if (item.neg) fail(*item.tok, "'-' is not allowed in a class set");
    chosen[lookup_class(*item.tok) - 1u] = true;
  }
  std::vector<std::uint16_t> out;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const bool in = set.star || (set.comp ? !chosen[i] : chosen[i]);
    if (in) out.push_back(static_cast<std::uint16_t>(i + 1));
  }
  return out;
}

// role_transition and range_transition apply to class process when no class is written.
std::vector<std::uint16_t> Parser::classes_or_process(const std::optional<NameSet>& set,
                                                      const Token& kw) const {
  if (set) return expand_classes(*set);
  const std::uint16_t process = db_.class_value("process");
  if (process == 0) fail(kw, s(kw) + " without a class needs class 'process'");
  return {process};
}

// A permission set for one class; every named permission must exist in it (checkpolicy:
// "permission X is not defined for class Y", also when several classes are named). As in
// checkpolicy 3.4's define_te_avtab_helper(), in an AV rule '*' is all 32 bits (~0U) and '~'
// complements all 32, not only the class's permissions: the kernel's access answers show the
// extra bits. Its define_constraint() masks both with PERMISSION_MASK(nprim) instead
// (mask_to_class), so a constraint never covers bits past the class's permissions.
AccessVector Parser::expand_perms(std::uint16_t tclass, const NameSet& perms,
                                  bool mask_to_class) const {
  const SecurityClass& c = klass(tclass);
  const AccessVector mask = !mask_to_class || c.perms.size() >= 32
                                ? ~AccessVector{0}
                                : (AccessVector{1} << c.perms.size()) - 1u;
  if (perms.star) return mask;
  AccessVector av = 0;
  for (const NameItem& item : perms.items) {
    if (item.neg) fail(*item.tok, "'-' is not allowed in a permission set");
    const AccessVector bit = c.perm_bit(s(*item.tok));
    if (bit == 0)
      fail(*item.tok,
           "permission '" + s(*item.tok) + "' is not defined for class '" + c.name + "'");
    av |= bit;
  }
  return perms.comp ? ~av & mask : av;
}

}  // namespace lsmsim::sepolicy::detail
