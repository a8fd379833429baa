#include "tests/selinux_oracle/policydb_from_sepol.h"

#include <cstdlib>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "tests/selinux_oracle/sepol_oracle.h"

namespace lsmsim::sepolicy::testing {
namespace {

Ebitmap read_bits(std::istream& in) {
  Ebitmap e;
  unsigned n = 0;
  in >> n;
  for (unsigned i = 0; i < n; ++i) {
    std::uint32_t b = 0;
    in >> b;
    e.set(b);
  }
  return e;
}
MlsLevel read_level(std::istream& in) {
  MlsLevel l;
  in >> l.sens;
  l.cats = read_bits(in);
  return l;
}

// libsepol's CEXPR_* attribute bits.
constexpr unsigned kUser = 1, kRole = 2, kType = 4, kTarget = 8, kXTarget = 16;
CexprAttr map_attr(unsigned kind, unsigned a) {
  if (kind == 4) {  // CEXPR_ATTR
    switch (a) {
      case kUser:
        return CexprAttr::u1u2;
      case kRole:
        return CexprAttr::r1r2;
      case kType:
        return CexprAttr::t1t2;
      case 32:
        return CexprAttr::l1l2;
      case 64:
        return CexprAttr::l1h2;
      case 128:
        return CexprAttr::h1l2;
      case 256:
        return CexprAttr::h1h2;
      case 512:
        return CexprAttr::l1h1;
      case 1024:
        return CexprAttr::l2h2;
      default:
        throw std::runtime_error("constraint attr " + std::to_string(a));
    }
  }
  const int who = (a & kTarget) ? 1 : (a & kXTarget) ? 2 : 0;
  if (a & kUser) return static_cast<CexprAttr>(static_cast<int>(CexprAttr::u1) + who);
  if (a & kRole) return static_cast<CexprAttr>(static_cast<int>(CexprAttr::r1) + who);
  return static_cast<CexprAttr>(static_cast<int>(CexprAttr::t1) + who);
}

void read_av(std::istream& in, AvKey& key, unsigned& spec, std::uint32_t& data) {
  in >> key.source >> key.target >> key.tclass >> spec >> data;
}

}  // namespace

Policydb policydb_from_sepol() {
  std::unique_ptr<char, decltype(&std::free)> text(so_dump_policy(), &std::free);
  if (!text) throw std::runtime_error("no policy loaded");
  Policydb db;
  std::istringstream all(text.get());
  std::string line;
  CondBlock* cond = nullptr;
  while (std::getline(all, line)) {
    std::istringstream in(line);
    std::string kind;
    in >> kind;
    if (kind == "mls") {
      int m = 0;
      in >> m;
      db.mls = m != 0;
    } else if (kind == "class") {
      SecurityClass c;
      unsigned v = 0, du = 0, dr = 0, dt = 0, drange = 0;
      in >> v >> c.name >> du >> dr >> dt >> drange;
      c.default_user = static_cast<DefaultSource>(du);
      c.default_role = static_cast<DefaultSource>(dr);
      c.default_type = static_cast<DefaultSource>(dt);
      c.default_range = static_cast<DefaultRange>(drange);
      std::vector<std::string> perms(32);
      for (auto& p : perms) in >> p;
      while (!perms.empty() && perms.back() == "-") perms.pop_back();
      c.perms = perms;
      db.class_values[c.name] = static_cast<std::uint16_t>(v);
      db.classes.push_back(std::move(c));
    } else if (kind == "constraint" || kind == "validatetrans") {
      unsigned cls = 0, n = 0;
      Constraint c;
      in >> cls >> c.perms >> n;
      for (unsigned i = 0; i < n; ++i) {
        unsigned k = 0, a = 0, op = 0;
        in >> k >> a >> op;
        ConstraintNode node;
        node.kind = static_cast<CexprKind>(k);
        node.op = static_cast<CexprOp>(op == 0 ? 1 : op);
        node.names = read_bits(in);
        if (k == 4 || k == 5) node.attr = map_attr(k, a);
        if (k == 4 && a >= 32) c.mls = true;
        c.expr.push_back(std::move(node));
      }
      auto& list = kind == "constraint" ? db.classes[cls - 1].constraints
                                        : db.classes[cls - 1].validatetrans;
      list.push_back(std::move(c));
    } else if (kind == "sens") {
      Sensitivity s;
      unsigned v = 0;
      in >> v >> s.name;
      s.cats = read_bits(in);
      s.defined_level = true;
      db.sensitivities.push_back(std::move(s));
    } else if (kind == "sensname") {
      std::string n;
      std::uint32_t v = 0;
      in >> n >> v;
      db.sens_values[n] = v;
    } else if (kind == "cat") {
      unsigned v = 0;
      std::string n;
      in >> v >> n;
      db.categories.push_back(n);
    } else if (kind == "catname") {
      std::string n;
      std::uint32_t v = 0;
      in >> n >> v;
      db.cat_values[n] = v;
    } else if (kind == "type") {
      TypeDatum t;
      unsigned v = 0;
      int attr = 0, perm = 0;
      in >> v >> t.name >> attr >> perm >> t.bounds;
      t.attribute = attr != 0;
      t.permissive = perm != 0;
      t.set = read_bits(in);
      db.types.push_back(std::move(t));
    } else if (kind == "typename") {
      std::string n;
      std::uint32_t v = 0;
      in >> n >> v;
      db.type_values[n] = v;
    } else if (kind == "role") {
      RoleDatum r;
      unsigned v = 0;
      in >> v >> r.name >> r.bounds;
      r.dominates = read_bits(in);
      r.types = read_bits(in);
      db.role_values[r.name] = v;
      db.roles.push_back(std::move(r));
    } else if (kind == "user") {
      UserDatum u;
      unsigned v = 0;
      in >> v >> u.name >> u.bounds;
      u.roles = read_bits(in);
      u.range.low = read_level(in);
      u.range.high = read_level(in);
      u.default_level = read_level(in);
      db.user_values[u.name] = v;
      db.users.push_back(std::move(u));
    } else if (kind == "bool") {
      Boolean b;
      unsigned v = 0;
      int st = 0;
      in >> v >> b.name >> st;
      b.state = st != 0;
      db.bool_values[b.name] = v;
      db.booleans.push_back(std::move(b));
    } else if (kind == "av" || kind == "condtrue" || kind == "condfalse") {
      AvKey key;
      unsigned spec = 0;
      std::uint32_t data = 0;
      read_av(in, key, spec, data);
      // AVTAB_ALLOWED 1, AUDITALLOW 2, AUDITDENY 4, TRANSITION 0x10, MEMBER 0x20, CHANGE 0x40.
      if (spec & 0x70u) {
        const TypeRuleKind k = (spec & 0x10u)   ? TypeRuleKind::transition
                               : (spec & 0x20u) ? TypeRuleKind::member
                                                : TypeRuleKind::change;
        const TypeRuleKey tk{key.source, key.target, key.tclass, k};
        if (kind == "av")
          db.type_rules[tk] = data;
        else
          (kind == "condtrue" ? cond->types_true : cond->types_false).push_back({tk, data});
        continue;
      }
      if ((spec & 0x7u) == 0) continue;  // extended permissions: not modelled
      AvDatum d;
      if (spec & 1u) d.allowed = data;
      if (spec & 2u) d.auditallow = data;
      if (spec & 4u) d.dontaudit = ~data;
      if (kind == "av") {
        AvDatum& e = db.avtab[key];
        e.allowed |= d.allowed;
        e.auditallow |= d.auditallow;
        e.dontaudit |= d.dontaudit;
      } else {
        (kind == "condtrue" ? cond->if_true : cond->if_false).push_back({key, d});
      }
    } else if (kind == "cond") {
      db.conditionals.emplace_back();
      cond = &db.conditionals.back();
      unsigned n = 0;
      in >> n;
      for (unsigned i = 0; i < n; ++i) {
        unsigned op = 0, b = 0;
        in >> op >> b;
        cond->expr.push_back(CondNode{static_cast<CondOp>(op), b});
      }
    } else if (kind == "role_trans") {
      RoleTransKey k;
      std::uint32_t nr = 0;
      in >> k.role >> k.type >> k.tclass >> nr;
      db.role_trans[k] = nr;
    } else if (kind == "role_allow") {
      std::uint32_t a = 0, b = 0;
      in >> a >> b;
      db.role_allow[{a, b}] = true;
    } else if (kind == "range_trans") {
      RangeTransKey k;
      in >> k.source >> k.target >> k.tclass;
      MlsRange r;
      r.low = read_level(in);
      r.high = read_level(in);
      db.range_trans[k] = r;
    } else if (kind == "filename_trans") {
      FilenameTransKey k;
      std::uint32_t otype = 0;
      std::size_t len = 0;
      in >> k.source >> k.target >> k.tclass >> otype >> len;
      in.get();
      k.name.resize(len);
      in.read(k.name.data(), static_cast<std::streamsize>(len));
      db.filename_trans[k] = otype;
    }
  }
  return db;
}

}  // namespace lsmsim::sepolicy::testing
