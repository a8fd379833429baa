// Builds small Policydb objects by hand for the security server's unit tests (the parser is
// tested elsewhere). Values follow libsepol's numbering: declaration order from 1, object_r
// is role 1.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

#include "lsms/selinux/policy/policydb.h"

namespace lsmsim::sepolicy::testing {

class PolicyBuilder {
 public:
  explicit PolicyBuilder(bool mls = true) {
    db_.mls = mls;
    role("object_r");
  }

  std::uint16_t cls(const std::string& name, std::vector<std::string> perms) {
    SecurityClass c;
    c.name = name;
    c.perms = std::move(perms);
    db_.classes.push_back(std::move(c));
    const auto v = static_cast<std::uint16_t>(db_.classes.size());
    db_.class_values[name] = v;
    return v;
  }
  SecurityClass& cls_ref(std::uint16_t v) { return db_.classes[v - 1u]; }

  std::uint32_t type(const std::string& name, std::initializer_list<std::uint32_t> attrs = {}) {
    TypeDatum t;
    t.name = name;
    db_.types.push_back(std::move(t));
    const auto v = static_cast<std::uint32_t>(db_.types.size());
    db_.type_values[name] = v;
    db_.types[v - 1].set.set(v - 1);
    for (std::uint32_t a : attrs) {
      db_.types[v - 1].set.set(a - 1);
      db_.types[a - 1].set.set(v - 1);
    }
    return v;
  }
  std::uint32_t attribute(const std::string& name) {
    TypeDatum t;
    t.name = name;
    t.attribute = true;
    db_.types.push_back(std::move(t));
    const auto v = static_cast<std::uint32_t>(db_.types.size());
    db_.type_values[name] = v;
    return v;
  }
  std::uint32_t role(const std::string& name, std::initializer_list<std::uint32_t> types = {}) {
    RoleDatum r;
    r.name = name;
    db_.roles.push_back(std::move(r));
    const auto v = static_cast<std::uint32_t>(db_.roles.size());
    db_.role_values[name] = v;
    db_.roles[v - 1].dominates.set(v - 1);
    for (std::uint32_t t : types) db_.roles[v - 1].types.set(t - 1);
    return v;
  }
  std::uint32_t user(const std::string& name, std::initializer_list<std::uint32_t> roles,
                     MlsRange range = {}) {
    UserDatum u;
    u.name = name;
    for (std::uint32_t r : roles) u.roles.set(r - 1);
    u.range = std::move(range);
    u.default_level = u.range.low;
    db_.users.push_back(std::move(u));
    const auto v = static_cast<std::uint32_t>(db_.users.size());
    db_.user_values[name] = v;
    return v;
  }
  // Sensitivities s0..s<n-1> and categories c0..c<ncats-1>, every category allowed with each.
  void mls_levels(unsigned nsens, unsigned ncats) {
    for (unsigned c = 0; c < ncats; ++c) {
      db_.categories.push_back("c" + std::to_string(c));
      db_.cat_values["c" + std::to_string(c)] = c + 1;
    }
    for (unsigned s = 0; s < nsens; ++s) {
      Sensitivity sens;
      sens.name = "s" + std::to_string(s);
      for (unsigned c = 0; c < ncats; ++c) sens.cats.set(c);
      sens.defined_level = true;
      db_.sensitivities.push_back(std::move(sens));
      db_.sens_values["s" + std::to_string(s)] = s + 1;
    }
  }
  std::uint32_t boolean(const std::string& name, bool state) {
    db_.booleans.push_back(Boolean{name, state});
    const auto v = static_cast<std::uint32_t>(db_.booleans.size());
    db_.bool_values[name] = v;
    return v;
  }

  AccessVector perms(std::uint16_t tclass, std::initializer_list<const char*> names) {
    AccessVector av = 0;
    for (const char* n : names) av |= db_.classes[tclass - 1u].perm_bit(n);
    return av;
  }
  void allow(std::uint32_t s, std::uint32_t t, std::uint16_t c,
             std::initializer_list<const char*> p) {
    db_.avtab[AvKey{s, t, c}].allowed |= perms(c, p);
  }
  void dontaudit(std::uint32_t s, std::uint32_t t, std::uint16_t c,
                 std::initializer_list<const char*> p) {
    db_.avtab[AvKey{s, t, c}].dontaudit |= perms(c, p);
  }
  void auditallow(std::uint32_t s, std::uint32_t t, std::uint16_t c,
                  std::initializer_list<const char*> p) {
    db_.avtab[AvKey{s, t, c}].auditallow |= perms(c, p);
  }

  Policydb& db() { return db_; }

 private:
  Policydb db_;
};

// Constraint nodes.
inline ConstraintNode attr_node(CexprAttr a, CexprOp op, std::string text = {}) {
  ConstraintNode n;
  n.kind = CexprKind::attr;
  n.attr = a;
  n.op = op;
  n.text = std::move(text);
  return n;
}
inline ConstraintNode names_node(CexprAttr a, CexprOp op, std::initializer_list<std::uint32_t> vals,
                                 std::string text = {}) {
  ConstraintNode n;
  n.kind = CexprKind::names;
  n.attr = a;
  n.op = op;
  for (std::uint32_t v : vals) n.names.set(v - 1);
  n.text = std::move(text);
  return n;
}
inline ConstraintNode op_node(CexprKind k) {
  ConstraintNode n;
  n.kind = k;
  return n;
}

inline MlsLevel level(std::uint32_t sens, std::initializer_list<std::uint32_t> cats = {}) {
  MlsLevel l;
  l.sens = sens;
  for (std::uint32_t c : cats) l.cats.set(c);
  return l;
}

}  // namespace lsmsim::sepolicy::testing
