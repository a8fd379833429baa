// The security server's decisions (the kernel's ss/services.c): access vectors, new-object
// labels, validatetrans, typebounds and booleans. Context strings are in context_string.cpp,
// MLS arithmetic in mls.cpp, constraint expressions in constraint_eval.cpp.
#include "lsms/selinux/policy/services.h"

#include <cerrno>
#include <cstdio>

#include "lsms/selinux/policy/constraint_eval.h"
#include "lsms/selinux/policy/mls.h"

namespace lsmsim::sepolicy {
namespace {

// cond_evaluate_expr(): 1, 0, or -1 for a malformed expression.
int cond_evaluate_expr(const Policydb& db, const std::vector<CondNode>& expr) {
  std::vector<bool> s;
  for (const CondNode& n : expr) {
    if (n.op == CondOp::boolean) {
      if (n.boolean == 0 || n.boolean > db.booleans.size()) return -1;
      s.push_back(db.booleans[n.boolean - 1].state);
      continue;
    }
    if (n.op == CondOp::op_not) {
      if (s.empty()) return -1;
      s.back() = !s.back();
      continue;
    }
    if (s.size() < 2) return -1;
    const bool b = s.back();
    s.pop_back();
    const bool a = s.back();
    switch (n.op) {
      case CondOp::op_or:
        s.back() = a || b;
        break;
      case CondOp::op_and:
        s.back() = a && b;
        break;
      case CondOp::op_xor:
        s.back() = a != b;
        break;
      case CondOp::op_eq:
        s.back() = a == b;
        break;
      case CondOp::op_neq:
        s.back() = a != b;
        break;
      default:
        return -1;
    }
  }
  return s.size() == 1 ? (s.back() ? 1 : 0) : -1;
}

// security_is_socket_class(): the kernel's socket classes are "socket" and the "*_socket"
// classes of its class map.
bool is_socket_class(const SecurityClass* cls) {
  if (cls == nullptr) return false;
  const std::string& n = cls->name;
  return n == "socket" || (n.size() > 7 && n.compare(n.size() - 7, 7, "_socket") == 0);
}

}  // namespace

SecurityServer::SecurityServer(Policydb db) : db_(std::move(db)) {
  process_class_ = db_.class_value("process");
  if (const SecurityClass* p = db_.tclass(process_class_))
    process_trans_ = p->perm_bit("transition") | p->perm_bit("dyntransition");
  evaluate_conds();
}

void SecurityServer::evaluate_conds() {
  cond_av_.clear();
  cond_types_.clear();
  for (const CondBlock& b : db_.conditionals) {
    const int state = cond_evaluate_expr(db_, b.expr);
    if (state < 0) continue;  // undefined result: the kernel disables both branches
    for (const AvRule& r : state ? b.if_true : b.if_false) {
      AvDatum& d = cond_av_[r.key];
      d.allowed |= r.datum.allowed;
      d.auditallow |= r.datum.auditallow;
      d.dontaudit |= r.datum.dontaudit;
    }
    for (const auto& [key, type] : state ? b.types_true : b.types_false)
      cond_types_.emplace(key, type);
  }
}

bool SecurityServer::set_boolean(std::string_view name, bool value) {
  auto it = db_.bool_values.find(name);
  if (it == db_.bool_values.end()) return false;
  db_.booleans[it->second - 1].state = value;
  evaluate_conds();
  return true;
}

std::optional<bool> SecurityServer::boolean(std::string_view name) const {
  auto it = db_.bool_values.find(name);
  if (it == db_.bool_values.end()) return std::nullopt;
  return db_.booleans[it->second - 1].state;
}

AccessVector SecurityServer::perm_bit(std::uint16_t tclass, std::string_view perm) const {
  const SecurityClass* cls = db_.tclass(tclass);
  return cls ? cls->perm_bit(std::string(perm)) : 0;
}

// As libselinux's print_access_vector() (compute_av) and the kernel's avc_dump_av(): "null"
// for no permission, else the named permissions, then the bits no permission names as one hex
// number ('*' and '~' rules set all 32).
std::string SecurityServer::perms_to_string(std::uint16_t tclass, AccessVector av) const {
  if (av == 0) return "null";
  const SecurityClass* cls = db_.tclass(tclass);
  std::string out = "{";
  AccessVector rest = 0;
  for (unsigned i = 0; i < 32; ++i) {
    if (((av >> i) & 1u) == 0) continue;
    if (cls && i < cls->perms.size()) {
      out += ' ';
      out += cls->perms[i];
    } else {
      rest |= AccessVector{1} << i;
    }
  }
  if (rest != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, " 0x%x", rest);
    out += buf;
  }
  return out + " }";
}

AvDecision SecurityServer::compute_av(const Context& scontext, const Context& tcontext,
                                      std::uint16_t tclass, AccessVector requested) const {
  AvDecision d = compute_av_internal(scontext, tcontext, tclass, requested, 0);
  if (scontext.type >= 1 && scontext.type <= db_.types.size() &&
      db_.types[scontext.type - 1].permissive)
    d.permissive = true;
  return d;
}

AvDecision SecurityServer::compute_av_internal(const Context& s, const Context& t,
                                               std::uint16_t tclass, AccessVector requested,
                                               int bounds_depth) const {
  AvDecision d;
  const SecurityClass* cls = db_.tclass(tclass);
  auto add_reason = [&](std::string text) {
    if (!d.explanation.empty()) d.explanation += "; ";
    d.explanation += std::move(text);
  };
  if (cls == nullptr) {
    // libsepol refuses an unknown class; with handle_unknown=deny nothing is allowed.
    d.reason |= kReasonTe;
    add_reason("unknown class " + std::to_string(tclass));
    return d;
  }
  // Reasons speak only of permissions the class defines.
  if (cls->perms.size() < 32) requested &= (AccessVector{1} << cls->perms.size()) - 1u;
  if (s.type == 0 || s.type > db_.types.size() || t.type == 0 || t.type > db_.types.size()) {
    d.reason |= kReasonTe;
    add_reason("unknown type");
    return d;
  }

  // TE: every (attribute-or-self of source, attribute-or-self of target) pair.
  AccessVector dontaudit = 0;
  const Ebitmap& sattr = db_.types[s.type - 1].set;
  const Ebitmap& tattr = db_.types[t.type - 1].set;
  sattr.for_each([&](std::uint32_t i) {
    tattr.for_each([&](std::uint32_t j) {
      const AvKey key{i + 1, j + 1, tclass};
      for (const Avtab* tab : {&db_.avtab, &cond_av_}) {
        auto it = tab->find(key);
        if (it == tab->end()) continue;
        d.allowed |= it->second.allowed;
        d.auditallow |= it->second.auditallow;
        dontaudit |= it->second.dontaudit;
      }
    });
  });
  d.auditdeny = ~dontaudit;
  if (requested & ~d.allowed) {
    d.reason |= kReasonTe;
    add_reason("no allow rule " + db_.types[s.type - 1].name + " " + db_.types[t.type - 1].name +
               ":" + cls->name + " " + perms_to_string(tclass, requested & ~d.allowed));
    requested &= d.allowed;
  }

  // Constraints, mlsconstrain included, remove their permissions when they fail.
  for (const Constraint& c : cls->constraints) {
    if ((c.perms & d.allowed) == 0) continue;
    if (constraint_expr_eval(db_, s, t, nullptr, c.expr)) continue;
    d.allowed &= ~c.perms;
    if (requested & c.perms) add_reason(constraint_text(db_, *cls, c));
  }
  if (requested & ~d.allowed) {
    d.reason |= kReasonConstraint;
    requested &= d.allowed;
  }

  // RBAC: a process transition to another role needs `allow r1 r2`.
  if (tclass == process_class_ && (d.allowed & process_trans_) != 0 && s.role != t.role &&
      db_.role_allow.find({s.role, t.role}) == db_.role_allow.end()) {
    d.allowed &= ~process_trans_;
    if (requested & process_trans_) {
      auto role = [&](std::uint32_t r) {
        return r >= 1 && r <= db_.roles.size() ? db_.roles[r - 1].name : std::string("?");
      };
      add_reason("no role allow " + role(s.role) + " " + role(t.role) + " for process " +
                 perms_to_string(tclass, requested & process_trans_));
    }
  }
  if (requested & ~d.allowed) {
    d.reason |= kReasonRbac;
    requested &= d.allowed;
  }

  // type_attribute_bounds_av(): a bounded type gets no more than its parent.
  const TypeDatum& source = db_.types[s.type - 1];
  if (source.bounds != 0 && bounds_depth < 64) {
    Context lo_s = s;
    lo_s.type = source.bounds;
    Context lo_t = t;
    if (db_.types[t.type - 1].bounds != 0) lo_t.type = db_.types[t.type - 1].bounds;
    const AvDecision lo = compute_av_internal(lo_s, lo_t, tclass, 0, bounds_depth + 1);
    const AccessVector masked = ~lo.allowed & d.allowed;
    if (masked != 0) {
      d.allowed &= ~masked;
      d.reason |= kReasonBounds;
      add_reason("typebounds " + db_.types[source.bounds - 1].name + " " + source.name + " masks " +
                 cls->name + " " + perms_to_string(tclass, masked));
    }
  }
  return d;
}

int SecurityServer::compute_sid(const Context& s, const Context& t, std::uint16_t tclass,
                                TypeRuleKind kind, std::string_view objname, Context& out,
                                bool enforcing) const {
  const SecurityClass* cls = db_.tclass(tclass);
  const bool sock = is_socket_class(cls);
  const bool process_like = tclass == process_class_ || sock;
  Context n;
  // User: the creator's for transition/change unless default_user target; the object's
  // owner for member.
  if (kind == TypeRuleKind::member)
    n.user = t.user;
  else
    n.user = cls && cls->default_user == DefaultSource::target ? t.user : s.user;
  // Role: default_role, else the creator's for processes and sockets, else object_r.
  if (cls && cls->default_role == DefaultSource::source)
    n.role = s.role;
  else if (cls && cls->default_role == DefaultSource::target)
    n.role = t.role;
  else
    n.role = process_like ? s.role : kObjectRole;
  // Type: default_type, else the creator's for processes and sockets, else the parent's.
  if (cls && cls->default_type == DefaultSource::source)
    n.type = s.type;
  else if (cls && cls->default_type == DefaultSource::target)
    n.type = t.type;
  else
    n.type = process_like ? s.type : t.type;

  // type_transition / type_change / type_member: unconditional first, then enabled ones.
  const TypeRuleKey key{s.type, t.type, tclass, kind};
  if (auto it = db_.type_rules.find(key); it != db_.type_rules.end()) {
    n.type = it->second;
  } else if (auto c = cond_types_.find(key); c != cond_types_.end()) {
    n.type = c->second;
  }
  // filename_compute_type(): a name-based transition overrides.
  if (!objname.empty()) {
    auto it =
        db_.filename_trans.find(FilenameTransKey{s.type, t.type, tclass, std::string(objname)});
    if (it != db_.filename_trans.end()) n.type = it->second;
  }
  if (kind == TypeRuleKind::transition) {
    auto it = db_.role_trans.find(RoleTransKey{s.role, t.type, tclass});
    if (it != db_.role_trans.end()) n.role = it->second;
  }
  const SidKind sk = kind == TypeRuleKind::transition ? SidKind::transition
                     : kind == TypeRuleKind::change   ? SidKind::change
                                                      : SidKind::member;
  if (int rc = mls_compute_sid(db_, s, t, tclass, sk, sock, n); rc != 0) return rc;
  // compute_sid_handle_invalid_context(): an invalid result is refused when enforcing; a
  // permissive system lets the object have it.
  if (enforcing && !context_isvalid(db_, n)) return -EACCES;
  out = std::move(n);
  return 0;
}

int SecurityServer::compute_create(const Context& scontext, const Context& tcontext,
                                   std::uint16_t tclass, std::string_view objname,
                                   Context& out) const {
  return compute_sid(scontext, tcontext, tclass, TypeRuleKind::transition, objname, out);
}

int SecurityServer::compute_create(const Context& scontext, const Context& tcontext,
                                   std::uint16_t tclass, std::string_view objname, Context& out,
                                   bool enforcing) const {
  return compute_sid(scontext, tcontext, tclass, TypeRuleKind::transition, objname, out, enforcing);
}

int SecurityServer::compute_relabel(const Context& scontext, const Context& tcontext,
                                    std::uint16_t tclass, Context& out) const {
  return compute_sid(scontext, tcontext, tclass, TypeRuleKind::change, {}, out);
}

int SecurityServer::compute_member(const Context& scontext, const Context& tcontext,
                                   std::uint16_t tclass, Context& out) const {
  return compute_sid(scontext, tcontext, tclass, TypeRuleKind::member, {}, out);
}

int SecurityServer::validate_transition(const Context& oldc, const Context& newc,
                                        const Context& taskc, std::uint16_t tclass,
                                        std::string* why) const {
  const SecurityClass* cls = db_.tclass(tclass);
  if (cls == nullptr) {
    if (why) *why = "unknown class " + std::to_string(tclass);
    return -EINVAL;
  }
  for (const Constraint& c : cls->validatetrans) {
    if (constraint_expr_eval(db_, oldc, newc, &taskc, c.expr)) continue;
    if (why) *why = c.text.empty() ? constraint_text(db_, *cls, c) : c.text;
    return -EPERM;
  }
  return 0;
}

int SecurityServer::bounded_transition(const Context& oldc, const Context& newc) const {
  if (oldc.type == newc.type) return 0;
  std::uint32_t index = newc.type;
  for (std::size_t guard = 0; guard <= db_.types.size(); ++guard) {
    if (index == 0 || index > db_.types.size()) return -EPERM;
    const std::uint32_t bounds = db_.types[index - 1].bounds;
    if (bounds == 0) return -EPERM;  // not bounded any more
    if (bounds == oldc.type) return 0;
    index = bounds;
  }
  return -EPERM;
}

}  // namespace lsmsim::sepolicy
