#include "lsms/selinux/policy/constraint_eval.h"

#include "lsms/selinux/policy/mls.h"

namespace lsmsim::sepolicy {
namespace {

bool role_dominates(const Policydb& db, std::uint32_t r1, std::uint32_t r2) {
  return r1 >= 1 && r1 <= db.roles.size() && r2 >= 1 && db.roles[r1 - 1].dominates.test(r2 - 1);
}

bool compare_levels(CexprOp op, const MlsLevel& l1, const MlsLevel& l2) {
  switch (op) {
    case CexprOp::eq:
      return mls_level_eq(l1, l2);
    case CexprOp::neq:
      return !mls_level_eq(l1, l2);
    case CexprOp::dom:
      return mls_level_dom(l1, l2);
    case CexprOp::domby:
      return mls_level_dom(l2, l1);
    case CexprOp::incomp:
      return mls_level_incomp(l2, l1);
  }
  return false;
}

// One `attr` node: u1 op u2, r1 op r2, t1 op t2, or a level pair.
bool eval_attr(const Policydb& db, const Context& s, const Context& t, const ConstraintNode& n) {
  std::uint32_t v1 = 0, v2 = 0;
  switch (n.attr) {
    case CexprAttr::u1u2:
      v1 = s.user;
      v2 = t.user;
      break;
    case CexprAttr::t1t2:
      v1 = s.type;
      v2 = t.type;
      break;
    case CexprAttr::r1r2:
      v1 = s.role;
      v2 = t.role;
      switch (n.op) {
        case CexprOp::dom:
          return role_dominates(db, v1, v2);
        case CexprOp::domby:
          return role_dominates(db, v2, v1);
        case CexprOp::incomp:
          return !role_dominates(db, v1, v2) && !role_dominates(db, v2, v1);
        default:
          break;
      }
      break;
    case CexprAttr::l1l2:
      return compare_levels(n.op, s.range.low, t.range.low);
    case CexprAttr::l1h2:
      return compare_levels(n.op, s.range.low, t.range.high);
    case CexprAttr::h1l2:
      return compare_levels(n.op, s.range.high, t.range.low);
    case CexprAttr::h1h2:
      return compare_levels(n.op, s.range.high, t.range.high);
    case CexprAttr::l1h1:
      return compare_levels(n.op, s.range.low, s.range.high);
    case CexprAttr::l2h2:
      return compare_levels(n.op, t.range.low, t.range.high);
    default:
      return false;
  }
  if (n.op == CexprOp::eq) return v1 == v2;
  if (n.op == CexprOp::neq) return v1 != v2;
  return false;  // dom/domby/incomp on users or types: the kernel's BUG() path
}

// One `names` node: u1 == { ... }, t2 != attr, r3 == ...
bool eval_names(const Context& s, const Context& t, const Context* x, const ConstraintNode& n,
                bool& ok) {
  const Context* c = nullptr;
  std::uint32_t v = 0;
  switch (n.attr) {
    case CexprAttr::u1:
      c = &s;
      v = c->user;
      break;
    case CexprAttr::r1:
      c = &s;
      v = c->role;
      break;
    case CexprAttr::t1:
      c = &s;
      v = c->type;
      break;
    case CexprAttr::u2:
      c = &t;
      v = c->user;
      break;
    case CexprAttr::r2:
      c = &t;
      v = c->role;
      break;
    case CexprAttr::t2:
      c = &t;
      v = c->type;
      break;
    case CexprAttr::u3:
      c = x;
      v = c ? c->user : 0;
      break;
    case CexprAttr::r3:
      c = x;
      v = c ? c->role : 0;
      break;
    case CexprAttr::t3:
      c = x;
      v = c ? c->type : 0;
      break;
    default:
      break;
  }
  if (c == nullptr || v == 0) {
    ok = false;
    return false;
  }
  const bool in = n.names.test(v - 1);
  if (n.op == CexprOp::eq) return in;
  if (n.op == CexprOp::neq) return !in;
  ok = false;
  return false;
}

}  // namespace

bool constraint_expr_eval(const Policydb& db, const Context& s, const Context& t, const Context* x,
                          const std::vector<ConstraintNode>& expr) {
  std::vector<bool> stack;
  stack.reserve(expr.size());
  for (const ConstraintNode& n : expr) {
    switch (n.kind) {
      case CexprKind::op_not:
        if (stack.empty()) return false;
        stack.back() = !stack.back();
        break;
      case CexprKind::op_and:
      case CexprKind::op_or: {
        if (stack.size() < 2) return false;
        const bool b = stack.back();
        stack.pop_back();
        stack.back() = n.kind == CexprKind::op_and ? (stack.back() && b) : (stack.back() || b);
        break;
      }
      case CexprKind::attr:
        stack.push_back(eval_attr(db, s, t, n));
        break;
      case CexprKind::names: {
        bool ok = true;
        const bool v = eval_names(s, t, x, n, ok);
        if (!ok) return false;
        stack.push_back(v);
        break;
      }
    }
  }
  return stack.size() == 1 && stack.back();
}

namespace {

std::string node_text(const ConstraintNode& n) {
  if (!n.text.empty()) return n.text;
  static const char* const kAttr[] = {"u1 u2", "r1 r2", "t1 t2", "u1",    "u2",    "u3",
                                      "r1",    "r2",    "r3",    "t1",    "t2",    "t3",
                                      "l1 l2", "l1 h2", "h1 l2", "h1 h2", "l1 h1", "l2 h2"};
  static const char* const kOp[] = {"?", "==", "!=", "dom", "domby", "incomp"};
  std::string a = kAttr[static_cast<unsigned>(n.attr)];
  const std::size_t sp = a.find(' ');
  const std::string op = kOp[static_cast<unsigned>(n.op)];
  if (sp != std::string::npos) return a.substr(0, sp) + " " + op + " " + a.substr(sp + 1);
  return a + " " + op + " {...}";
}

}  // namespace

std::string constraint_text(const Policydb& db, const SecurityClass& cls, const Constraint& c) {
  (void)db;
  if (!c.text.empty()) return c.text;
  std::vector<std::string> stack;
  for (const ConstraintNode& n : c.expr) {
    if (n.kind == CexprKind::op_not) {
      if (stack.empty()) return "<malformed constraint>";
      stack.back() = "not (" + stack.back() + ")";
    } else if (n.kind == CexprKind::op_and || n.kind == CexprKind::op_or) {
      if (stack.size() < 2) return "<malformed constraint>";
      std::string b = std::move(stack.back());
      stack.pop_back();
      stack.back() =
          "(" + stack.back() + (n.kind == CexprKind::op_and ? " and " : " or ") + b + ")";
    } else {
      stack.push_back("(" + node_text(n) + ")");
    }
  }
  std::string perms = "{";
  for (std::size_t i = 0; i < cls.perms.size() && i < 32; ++i)
    if ((c.perms >> i) & 1u) perms += " " + cls.perms[i];
  perms += " }";
  return std::string(c.mls ? "mlsconstrain " : "constrain ") + cls.name + " " + perms + " " +
         (stack.size() == 1 ? stack.back() : "<malformed constraint>");
}

}  // namespace lsmsim::sepolicy
