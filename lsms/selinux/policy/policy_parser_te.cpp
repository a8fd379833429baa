// Type enforcement and role rules: allow/auditallow/auditdeny/dontaudit/neverallow into the
// avtab, type_transition/type_change/type_member (and the named form), role_transition,
// role allow, and the neverallow check against the allow rules (libsepol's
// expand_avrule_helper, expand_terule_helper and check_assertions). Simple names are kept
// as written; sets are expanded to types, `self` to one (t, t) entry per source type.
#include <algorithm>

#include "lsms/selinux/policy/policy_parser_impl.h"

namespace lsmsim::sepolicy::detail {

bool Parser::at_te_rbac() const {
  switch (peek().kind) {
    case Tok::kw_attribute: case Tok::kw_type: case Tok::kw_typealias:
    case Tok::kw_typeattribute: case Tok::kw_typebounds: case Tok::kw_bool:
    case Tok::kw_tunable: case Tok::kw_type_transition: case Tok::kw_type_member:
    case Tok::kw_type_change: case Tok::kw_range_transition: case Tok::kw_allow:
    case Tok::kw_auditallow: case Tok::kw_auditdeny: case Tok::kw_dontaudit:
    case Tok::kw_neverallow: case Tok::kw_allowxperm: case Tok::kw_auditallowxperm:
    case Tok::kw_dontauditxperm: case Tok::kw_neverallowxperm: case Tok::kw_permissive:
    case Tok::kw_attribute_role: case Tok::kw_role: case Tok::kw_dominance:
    case Tok::kw_role_transition: case Tok::kw_roleattribute: case Tok::kw_if:
    case Tok::kw_optional: case Tok::kw_require: case Tok::kw_policycap:
    case Tok::kw_expandattribute: case Tok::semi:
      return true;
    default:
      return false;
  }
}

void Parser::parse_te_rbac_decl() {
  switch (peek().kind) {
    case Tok::kw_attribute: return parse_attribute();
    case Tok::kw_type: return parse_type();
    case Tok::kw_typealias: return parse_typealias();
    case Tok::kw_typeattribute: return parse_typeattribute();
    case Tok::kw_typebounds: return parse_typebounds();
    case Tok::kw_bool: return parse_bool();
    case Tok::kw_type_transition: return parse_type_rule(TypeRuleKind::transition, nullptr);
    case Tok::kw_type_member: return parse_type_rule(TypeRuleKind::member, nullptr);
    case Tok::kw_type_change: return parse_type_rule(TypeRuleKind::change, nullptr);
    case Tok::kw_range_transition: return parse_range_transition();
    case Tok::kw_allow: return parse_av_rule(AvKind::allow, nullptr);
    case Tok::kw_auditallow: return parse_av_rule(AvKind::auditallow, nullptr);
    case Tok::kw_auditdeny: return parse_av_rule(AvKind::auditdeny, nullptr);
    case Tok::kw_dontaudit: return parse_av_rule(AvKind::dontaudit, nullptr);
    case Tok::kw_neverallow: return parse_av_rule(AvKind::neverallow, nullptr);
    case Tok::kw_permissive: return parse_permissive();
    case Tok::kw_role: return parse_role();
    case Tok::kw_role_transition: return parse_role_transition();
    case Tok::kw_if: return parse_if();
    case Tok::kw_policycap: return parse_policycap();
    case Tok::semi: next(); return;
    default: unexpected(peek(), "a type enforcement or role statement");
  }
}

void Parser::add_av(Avtab& table, const AvKey& key, AvKind kind, AccessVector perms,
                    std::uint32_t line) {
  if (perms == 0) return;  // checkpolicy warns and writes no rule
  AvDatum& d = table[key];
  switch (kind) {
    case AvKind::allow:
      d.allowed |= perms;
      if (has_neverallow_) allow_records_.push_back({line, key, perms});
      break;
    case AvKind::auditallow: d.auditallow |= perms; break;
    default: d.dontaudit |= perms; break;  // dontaudit (auditdeny comes complemented)
  }
}

void Parser::parse_av_rule(AvKind kind, Avtab* cond_table) {
  const Token& kw = next();
  const NameSet src = parse_names(), tgt = parse_names();
  if (kind == AvKind::allow && cond_table == nullptr && at(Tok::semi)) {
    next();
    if (pass_ == 3) {  // role allow: allow r1 r2;
      const Ebitmap from = expand_roles(src), to = expand_roles(tgt);
      from.for_each([&](std::uint32_t f) {
        to.for_each([&](std::uint32_t t) { db_.role_allow[{f + 1, t + 1}] = true; });
      });
    }
    return;
  }
  expect(Tok::colon, "between the target types and the classes");
  const NameSet cls = parse_names(), perms = parse_names();
  const std::string what = "after the " + s(kw) + " rule";
  expect(Tok::semi, what);
  if (kind == AvKind::neverallow) has_neverallow_ = true;
  if (pass_ != 3) return;
  if (kind != AvKind::neverallow) {
    no_star_or_tilde(src);
    no_star_or_tilde(tgt);
  }
  const std::vector<std::uint16_t> classes = expand_classes(cls);
  std::vector<AccessVector> avs;
  avs.reserve(classes.size());
  for (std::uint16_t c : classes) {
    AccessVector av = expand_perms(c, perms);
    if (kind == AvKind::auditdeny) {  // auditdeny P audits only P: the others are not audited
      const std::size_t n = klass(c).perms.size();
      const AccessVector mask = n >= 32 ? ~AccessVector{0} : (AccessVector{1} << n) - 1;
      av = ~av & mask;
    }
    avs.push_back(av);
  }
  if (kind == AvKind::neverallow) {
    NeverallowRule rule;
    rule.start = &kw;
    rule.sources = expand_types(src);
    rule.targets = expand_types(tgt, &rule.self);
    for (std::size_t i = 0; i < classes.size(); ++i) rule.perms.emplace_back(classes[i], avs[i]);
    neverallows_.push_back(std::move(rule));
    return;
  }
  Avtab& table = cond_table != nullptr ? *cond_table : db_.avtab;
  const bool tgt_self = tgt.simple() && str(*tgt.items[0].tok) == "self";
  if (src.simple() && tgt.simple() && !tgt_self) {
    const AvKey base{lookup_type(*src.items[0].tok), lookup_type(*tgt.items[0].tok), 0};
    for (std::size_t i = 0; i < classes.size(); ++i)
      add_av(table, {base.source, base.target, classes[i]}, kind, avs[i], kw.line);
    return;
  }
  bool self = false;
  const Ebitmap targets = expand_types(tgt, &self);
  std::vector<std::uint32_t> tv;
  if (tgt.simple() && !tgt_self) {
    tv.push_back(lookup_type(*tgt.items[0].tok));
  } else {
    targets.for_each([&](std::uint32_t b) { tv.push_back(b + 1); });
  }
  const Ebitmap sources = expand_types(src);
  std::vector<std::uint32_t> sv;
  if (src.simple()) {
    sv.push_back(lookup_type(*src.items[0].tok));
  } else {
    sources.for_each([&](std::uint32_t b) { sv.push_back(b + 1); });
  }
  for (std::size_t i = 0; i < classes.size(); ++i) {
    for (std::uint32_t sval : sv)
      for (std::uint32_t tval : tv) add_av(table, {sval, tval, classes[i]}, kind, avs[i], kw.line);
    if (self)
      sources.for_each([&](std::uint32_t b) {
        add_av(table, {b + 1, b + 1, classes[i]}, kind, avs[i], kw.line);
      });
  }
}

void Parser::parse_type_rule(TypeRuleKind kind,
                             std::vector<std::pair<TypeRuleKey, std::uint32_t>>* cond_list) {
  const Token& kw = next();
  const NameSet src = parse_names(), tgt = parse_names();
  expect(Tok::colon, "between the target types and the classes");
  const NameSet cls = parse_names();
  const Token& result = expect_identifier("the new type");
  const Token* filename = nullptr;
  if (kind == TypeRuleKind::transition && at(Tok::filename)) filename = &next();
  expect(Tok::semi, "after the " + s(kw) + " rule");
  if (pass_ != 3) return;
  no_star_or_tilde(src);
  no_star_or_tilde(tgt);
  if (filename != nullptr && cond_list != nullptr)
    fail(*filename, "type transitions with a filename are not allowed inside conditionals");
  const std::uint32_t newtype = lookup_concrete_type(result);
  const std::vector<std::uint16_t> classes = expand_classes(cls);
  bool self = false;
  const Ebitmap sources = expand_types(src), targets = expand_types(tgt, &self);
  std::string name;
  if (filename != nullptr) name = std::string(str(*filename).substr(1, filename->length - 2));
  auto conflict = [&](std::uint32_t sb, std::uint32_t tb, std::uint16_t c, std::uint32_t old) {
    fail(kw, "conflicting " + s(kw) + " rule for (" + db_.types[sb].name + ", " +
                 db_.types[tb].name + ":" + klass(c).name + "): old was " +
                 db_.types[old - 1].name + ", new is " + s(result));
  };
  auto add = [&](std::uint32_t sb, std::uint32_t tb, std::uint16_t c) {
    if (filename != nullptr) {
      auto [it, inserted] = db_.filename_trans.emplace(
          FilenameTransKey{sb + 1, tb + 1, c, name}, newtype);
      if (!inserted)
        fail(kw, "duplicate filename transition for (" + db_.types[sb].name + ", " +
                     db_.types[tb].name + ":" + klass(c).name + " \"" + name + "\")");
      return;
    }
    const TypeRuleKey key{sb + 1, tb + 1, c, kind};
    if (cond_list != nullptr) {
      for (const auto& [k, v] : *cond_list)
        if (k == key && v != newtype) conflict(sb, tb, c, v);
      cond_list->emplace_back(key, newtype);
      return;
    }
    auto [it, inserted] = db_.type_rules.emplace(key, newtype);
    if (!inserted && it->second != newtype) conflict(sb, tb, c, it->second);
  };
  for (std::uint16_t c : classes) {
    sources.for_each([&](std::uint32_t sb) {
      targets.for_each([&](std::uint32_t tb) { add(sb, tb, c); });
      if (self) add(sb, sb, c);
    });
  }
}

void Parser::parse_role_transition() {
  const Token& kw = next();
  const NameSet roles = parse_names(), types = parse_names();
  std::optional<NameSet> cls;
  if (accept(Tok::colon)) cls = parse_names();
  const Token& result = expect_identifier("the new role");
  expect(Tok::semi, "after the role_transition rule");
  if (pass_ != 3) return;
  const std::uint32_t newrole = lookup_role(result);
  const std::vector<std::uint16_t> classes = classes_or_process(cls, kw);
  const Ebitmap rs = expand_roles(roles), ts = expand_types(types);
  rs.for_each([&](std::uint32_t r) {
    ts.for_each([&](std::uint32_t t) {
      for (std::uint16_t c : classes) {
        if (!db_.role_trans.emplace(RoleTransKey{r + 1, t + 1, c}, newrole).second)
          fail(kw, "duplicate role transition for (" + db_.roles[r].name + "," +
                       db_.types[t].name + "," + klass(c).name + ")");
      }
    });
  });
}

// Whether allow record `r` grants something neverallow `n` forbids: the permissions it
// shares, or 0 (libsepol check_assertion_avtab_match, with `self` as (t, t)).
AccessVector Parser::neverallow_hit(const NeverallowRule& n, AccessVector never_perms,
                                    const AllowRecord& r) const {
  const AccessVector perms = never_perms & r.perms;
  if (perms == 0) return 0;
  const Ebitmap& src = db_.types[r.key.source - 1].set;
  const Ebitmap& tgt = db_.types[r.key.target - 1].set;
  if (!src.intersects(n.sources)) return 0;
  if (tgt.intersects(n.targets)) return perms;
  if (!n.self) return 0;
  Ebitmap both = src;
  both &= n.sources;
  return both.intersects(tgt) ? perms : 0;
}

void Parser::check_neverallows() const {
  if (neverallows_.empty()) return;
  // The allow rules by class, so each neverallow looks only at the classes it names.
  std::vector<std::vector<const AllowRecord*>> by_class(db_.classes.size() + 1);
  for (const AllowRecord& r : allow_records_) by_class[r.key.tclass].push_back(&r);
  for (const NeverallowRule& n : neverallows_) {
    for (const auto& [cls, never_perms] : n.perms) {
      for (const AllowRecord* r : by_class[cls]) {
        const AccessVector hit = neverallow_hit(n, never_perms, *r);
        if (hit == 0) continue;
        const SecurityClass& c = klass(cls);
        std::string perms;
        for (std::size_t i = 0; i < c.perms.size(); ++i)
          if ((hit >> i) & 1u) perms += " " + c.perms[i];
        fail(*n.start, "neverallow violated by the allow rule on line " +
                           std::to_string(r->line) + ": allow " +
                           db_.types[r->key.source - 1].name + " " +
                           db_.types[r->key.target - 1].name + ":" + c.name + " {" + perms +
                           " };");
      }
    }
  }
}

}  // namespace lsmsim::sepolicy::detail
