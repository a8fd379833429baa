// Declarations: classes, initial SIDs, commons and permissions, default_* rules, policy
// capabilities, types, attributes, aliases, booleans, roles and users (checkpolicy's
// define_class, define_av_perms, define_type, define_typeattribute, define_role_types,
// define_user, ...), each acting in the pass where checkpolicy acts. Role attributes are
// refused: checkpolicy 3.4 neither gives their types to the member roles nor their roles to
// users, which lsmsim does not try to reproduce.
#include <algorithm>
#include <array>

#include "lsms/selinux/policy/policy_parser_impl.h"

namespace lsmsim::sepolicy::detail {
namespace {

// libsepol's polcap names (polcaps.c) as of 3.4.
constexpr std::array<std::string_view, 8> kPolicyCaps{
    "network_peer_controls", "open_perms",   "extended_socket_class",   "always_check_network",
    "cgroup_seclabel",       "nnp_nosuid_transition", "genfs_seclabel_symlinks",
    "ioctl_skip_cloexec"};

}  // namespace

void Parser::parse_class_decl() {
  next();
  const Token& name = expect_identifier("class name");
  if (pass_ != 1) return;
  if (db_.class_values.count(str(name)) != 0) fail(name, "duplicate declaration of class '" + s(name) + "'");
  SecurityClass c;
  c.name = s(name);
  db_.classes.push_back(std::move(c));
  db_.class_values[s(name)] = static_cast<std::uint16_t>(db_.classes.size());
  class_has_perms_.push_back(false);
}

void Parser::parse_initial_sid_decl() {
  next();
  const Token& name = expect_identifier("initial SID name");
  if (at(Tok::identifier) && peek(1).kind == Tok::colon)
    fail(peek(), "a SID context here: the contexts of initial SIDs follow the users and "
                 "constraints");
  if (pass_ != 1) return;
  for (const InitialSid& sid : db_.initial_sids)
    if (sid.name == str(name)) fail(name, "duplicate declaration of initial SID '" + s(name) + "'");
  db_.initial_sids.push_back({s(name), std::nullopt});
}

void Parser::parse_common() {
  next();
  const Token& name = expect_identifier("common name");
  expect(Tok::lbrace, "after the common's name");
  std::vector<const Token*> perms;
  while (!accept(Tok::rbrace)) perms.push_back(&expect_identifier("permission name or '}'"));
  if (perms.empty()) fail(name, "common '" + s(name) + "' has no permissions");
  if (pass_ != 1) return;
  for (const Common& c : db_.commons)
    if (c.name == str(name)) fail(name, "duplicate declaration of common '" + s(name) + "'");
  Common c;
  c.name = s(name);
  for (const Token* p : perms) {
    if (std::find(c.perms.begin(), c.perms.end(), str(*p)) != c.perms.end())
      fail(*p, "duplicate permission '" + s(*p) + "' in common '" + c.name + "'");
    c.perms.push_back(s(*p));
  }
  if (c.perms.size() > 32) fail(name, "common '" + c.name + "' has more than 32 permissions");
  db_.commons.push_back(std::move(c));
}

void Parser::parse_av_perms() {
  next();
  const Token& name = expect_identifier("class name");
  const Token* common = nullptr;
  if (accept(Tok::kw_inherits)) common = &expect_identifier("common name after 'inherits'");
  std::vector<const Token*> perms;
  if (common == nullptr || at(Tok::lbrace)) {
    expect(Tok::lbrace, common == nullptr ? "or 'inherits' after the class name" : "");
    while (!accept(Tok::rbrace)) perms.push_back(&expect_identifier("permission name or '}'"));
    if (perms.empty()) unexpected(toks_[pos_ - 1], "permission name");
  }
  if (pass_ != 1) return;
  const std::uint16_t v = lookup_class(name);
  if (class_has_perms_[v - 1u]) fail(name, "duplicate permission definition for class '" + s(name) + "'");
  class_has_perms_[v - 1u] = true;
  SecurityClass& c = db_.classes[v - 1u];
  if (common != nullptr) {
    auto it = std::find_if(db_.commons.begin(), db_.commons.end(),
                           [&](const Common& cm) { return cm.name == str(*common); });
    if (it == db_.commons.end()) fail(*common, "unknown common '" + s(*common) + "'");
    c.common = it->name;
    c.perms = it->perms;
  }
  for (const Token* p : perms) {
    if (std::find(c.perms.begin(), c.perms.end(), str(*p)) != c.perms.end())
      fail(*p, "duplicate permission '" + s(*p) + "' in class '" + c.name + "'");
    c.perms.push_back(s(*p));
  }
  if (c.perms.size() > 32) fail(name, "class '" + c.name + "' has more than 32 permissions");
}

void Parser::parse_default_rule() {
  const Token& kw = next();
  NameSet classes = parse_names();
  DefaultSource src = DefaultSource::none;
  DefaultRange range = DefaultRange::none;
  if (kw.kind == Tok::kw_default_range) {
    if (accept(Tok::kw_glblub)) {
      range = DefaultRange::glblub;
    } else {
      const bool source = at(Tok::kw_source);
      if (!accept(Tok::kw_source) && !accept(Tok::kw_target))
        unexpected(peek(), "'source', 'target' or 'glblub'");
      if (accept(Tok::kw_low)) {
        range = source ? DefaultRange::source_low : DefaultRange::target_low;
      } else if (accept(Tok::kw_high)) {
        range = source ? DefaultRange::source_high : DefaultRange::target_high;
      } else if (accept(Tok::kw_low_high)) {
        range = source ? DefaultRange::source_low_high : DefaultRange::target_low_high;
      } else {
        unexpected(peek(), "'low', 'high' or 'low-high'");
      }
    }
  } else if (accept(Tok::kw_source)) {
    src = DefaultSource::source;
  } else if (accept(Tok::kw_target)) {
    src = DefaultSource::target;
  } else {
    unexpected(peek(), "'source' or 'target'");
  }
  expect(Tok::semi, "after the default rule");
  if (pass_ != 1) return;
  for (std::uint16_t c : expand_classes(classes)) {
    SecurityClass& cls = db_.classes[c - 1u];
    auto set = [&](auto& field, auto value, const char* what) {
      if (field != decltype(value){} && field != value)
        fail(kw, std::string("conflicting default ") + what + " information for class '" +
                     cls.name + "'");
      field = value;
    };
    switch (kw.kind) {
      case Tok::kw_default_user: set(cls.default_user, src, "user"); break;
      case Tok::kw_default_role: set(cls.default_role, src, "role"); break;
      case Tok::kw_default_type: set(cls.default_type, src, "type"); break;
      default: set(cls.default_range, range, "range"); break;
    }
  }
}

void Parser::parse_policycap() {
  next();
  const Token& name = expect_identifier("policy capability name");
  expect(Tok::semi, "after the policy capability");
  if (pass_ != 1) return;
  if (std::find(kPolicyCaps.begin(), kPolicyCaps.end(), str(name)) == kPolicyCaps.end())
    fail(name, "unknown policy capability '" + s(name) + "'");
  if (std::find(db_.policycaps.begin(), db_.policycaps.end(), str(name)) == db_.policycaps.end())
    db_.policycaps.push_back(s(name));
}

void Parser::declare_type(const Token& name, bool attribute) {
  if (db_.type_values.count(str(name)) != 0)
    fail(name, "duplicate declaration of type '" + s(name) + "'");
  TypeDatum d;
  d.name = s(name);
  d.attribute = attribute;
  const auto value = static_cast<std::uint32_t>(db_.types.size() + 1);
  if (!attribute) d.set.set(value - 1);
  db_.types.push_back(std::move(d));
  db_.type_values[s(name)] = value;
}

void Parser::add_type_alias(std::uint32_t value, const Token& alias) {
  if (db_.type_values.count(str(alias)) != 0)
    fail(alias, "duplicate declaration of type alias '" + s(alias) + "'");
  db_.type_values[s(alias)] = value;
}

void Parser::parse_attribute() {
  next();
  const Token& name = expect_identifier("attribute name");
  expect(Tok::semi, "after the attribute declaration");
  if (pass_ == 1) declare_type(name, true);
}

// Adds `type_value` to the attribute named by `attr` (pass 2).
static void add_to_attribute(const Parser& p, Policydb& db, std::uint32_t type_value,
                             const Token& attr) {
  auto it = db.type_values.find(p.str(attr));
  if (it == db.type_values.end() || !db.types[it->second - 1].attribute)
    p.fail(attr, "attribute '" + p.s(attr) + "' is not declared");
  const std::uint32_t a = it->second;
  db.types[a - 1].set.set(type_value - 1);
  db.types[type_value - 1].set.set(a - 1);
}

void Parser::parse_type() {
  next();
  const Token& name = expect_identifier("type name");
  NameSet aliases;
  if (accept(Tok::kw_alias)) aliases = parse_names();
  std::vector<const Token*> attrs;
  if (accept(Tok::comma)) attrs = parse_id_comma_list();
  expect(Tok::semi, "after the type declaration");
  if (pass_ != 1) return;
  // checkpolicy gives the attributes in pass 1, in order: each must be declared already.
  if (aliases.star || aliases.comp) fail(*aliases.start, "an alias list cannot use '*' or '~'");
  declare_type(name, false);
  const std::uint32_t v = db_.type_values[s(name)];
  for (const NameItem& a : aliases.items) add_type_alias(v, *a.tok);
  for (const Token* a : attrs) add_to_attribute(*this, db_, v, *a);
}

void Parser::parse_typealias() {
  next();
  const Token& name = expect_identifier("type name");
  expect(Tok::kw_alias, "after the type name");
  NameSet aliases = parse_names();
  expect(Tok::semi, "after the type alias");
  if (pass_ != 1) return;
  if (aliases.star || aliases.comp) fail(*aliases.start, "an alias list cannot use '*' or '~'");
  const std::uint32_t v = lookup_concrete_type(name);
  for (const NameItem& a : aliases.items) add_type_alias(v, *a.tok);
}

void Parser::parse_typeattribute() {
  next();
  const Token& name = expect_identifier("type name");
  std::vector<const Token*> attrs = parse_id_comma_list();
  expect(Tok::semi, "after the typeattribute statement");
  if (pass_ != 1) return;  // pass 1, in order, as checkpolicy: the type must come first
  const std::uint32_t v = lookup_type(name);
  if (db_.types[v - 1].attribute) fail(name, "attributes may not be given attributes");
  for (const Token* a : attrs) add_to_attribute(*this, db_, v, *a);
}

void Parser::parse_typebounds() {
  next();
  const Token& parent = expect_identifier("type name");
  std::vector<const Token*> children = parse_id_comma_list();
  expect(Tok::semi, "after the typebounds statement");
  if (pass_ != 3) return;
  const std::uint32_t p = lookup_concrete_type(parent);
  for (const Token* c : children) {
    const std::uint32_t v = lookup_concrete_type(*c);
    TypeDatum& d = db_.types[v - 1];
    if (d.bounds != 0 && d.bounds != p)
      fail(*c, "type '" + d.name + "' already bounded by '" + db_.types[d.bounds - 1].name + "'");
    if (v == p) fail(*c, "type '" + d.name + "' cannot bound itself");
    d.bounds = p;
  }
}

void Parser::parse_permissive() {
  next();
  const Token& name = expect_identifier("type name");
  expect(Tok::semi, "after the permissive statement");
  if (pass_ == 3) db_.types[lookup_concrete_type(name) - 1].permissive = true;
}

void Parser::parse_bool() {
  next();
  const Token& name = expect_identifier("boolean name");
  bool state = false;
  if (accept(Tok::kw_true)) {
    state = true;
  } else if (!accept(Tok::kw_false)) {
    unexpected(peek(), "'true' or 'false'");
  }
  expect(Tok::semi, "after the boolean declaration");
  if (pass_ != 1) return;
  if (db_.bool_values.count(str(name)) != 0)
    fail(name, "duplicate declaration of boolean '" + s(name) + "'");
  db_.booleans.push_back({s(name), state});
  db_.bool_values[s(name)] = static_cast<std::uint32_t>(db_.booleans.size());
}

// `role r;` may be repeated; each `role r types ...` (pass 2) adds to the role's types.
std::uint32_t Parser::declare_role(const Token& name) {
  auto it = db_.role_values.find(str(name));
  if (it != db_.role_values.end()) return it->second;
  RoleDatum r;
  r.name = s(name);
  const auto v = static_cast<std::uint32_t>(db_.roles.size() + 1);
  r.dominates.set(v - 1);
  db_.roles.push_back(std::move(r));
  db_.role_values[s(name)] = v;
  return v;
}

void Parser::parse_role() {
  next();
  const Token& name = expect_identifier("role name");
  NameSet types;
  bool has_types = false;
  if (accept(Tok::kw_types)) {
    types = parse_names();
    no_star_or_tilde(types);  // checkpolicy: "* not allowed in this type of rule"
    has_types = true;
  } else if (at(Tok::comma)) {
    fail(peek(), "unsupported construct: role attributes ('role R, ATTR') are not modelled by "
                 "lsmsim");
  }
  expect(Tok::semi, "after the role statement");
  if (pass_ == 1 && !has_types) {  // only `role r;` declares (checkpolicy 3.4)
    declare_role(name);
  } else if (pass_ == 2 && has_types) {  // types may be declared after the role (pass 2)
    role_type_sets_.emplace_back(lookup_role(name), std::move(types));
  }
}

void Parser::finish_pass2() {
  for (auto& [role, set] : role_type_sets_) db_.roles[role - 1].types |= expand_types(set);
}

void Parser::parse_user() {
  next();
  const Token& name = expect_identifier("user name");
  expect(Tok::kw_roles, "after the user name");
  NameSet roles = parse_names();
  MlsLevel level;
  MlsRange range;
  const Token* level_at = nullptr;
  if (at(Tok::kw_level)) {
    if (!options_.mls) fail(peek(), "MLS level given for user '" + s(name) + "' in a non-MLS policy");
    next();
    level_at = &peek();
    level = parse_level(pass_ == 3);
    expect(Tok::kw_range, "after the user's default level");
    range = parse_range(pass_ == 3);
  }
  expect(Tok::semi, "after the user declaration");
  if (pass_ != 3) return;
  if (options_.mls && level_at == nullptr)
    fail(name, "MLS policy: user '" + s(name) + "' needs a default level and a range");
  // checkpolicy 3.4 merges a repeated user (roles united, but the MLS parts in a way that
  // depends on the order, sometimes failing); lsmsim refuses the repetition instead.
  if (db_.user_values.count(str(name)) != 0)
    fail(name, "unsupported construct: repeated declaration of user '" + s(name) + "'");
  UserDatum u;
  u.name = s(name);
  u.roles = expand_roles(roles);
  if (level_at != nullptr) {
    if (!dominates(level, range.low) || !dominates(range.high, level))
      fail(*level_at, "default level of user '" + u.name + "' is not within its range");
    u.default_level = level;
    u.range = range;
  }
  db_.users.push_back(std::move(u));
  db_.user_values[s(name)] = static_cast<std::uint32_t>(db_.users.size());
}

}  // namespace lsmsim::sepolicy::detail
