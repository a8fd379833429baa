// constrain, validatetrans, mlsconstrain, mlsvalidatetrans (checkpolicy's define_constraint,
// define_validatetrans, define_cexpr): the expression in postfix order; u1/r1/t1 ... as
// the grammar's cexpr_prim allows them (dom, domby and incomp only between roles and
// levels; u3/r3/t3 only in validatetrans); name sets with attributes expanded.
#include "lsms/selinux/policy/policy_parser_impl.h"

namespace lsmsim::sepolicy::detail {

void Parser::parse_constraint(bool mls, bool validatetrans) {
  const Token& kw = next();
  const NameSet classes = parse_names();
  NameSet perms;
  if (!validatetrans) perms = parse_names();
  std::vector<ConstraintNode> expr;
  parse_cexpr(expr, 1, mls, validatetrans);
  expect(Tok::semi, "after the constraint expression");
  if (pass_ != 3) return;
  Constraint c;
  c.mls = mls;
  c.expr = std::move(expr);
  c.text = text_from(&kw);
  for (std::uint16_t cls : expand_classes(classes)) {
    SecurityClass& sc = db_.classes[cls - 1u];
    if (validatetrans) {
      sc.validatetrans.push_back(c);
    } else {
      Constraint with_perms = c;
      with_perms.perms = expand_perms(cls, perms, true);
      // define_constraint(): "omitting constraint with no permission set" (a '~' of all).
      if (with_perms.perms == 0) continue;
      sc.constraints.push_back(std::move(with_perms));
    }
  }
}

void Parser::parse_cexpr(std::vector<ConstraintNode>& out, int min_prec, bool mls, bool vt) {
  parse_cexpr_unary(out, mls, vt);
  for (;;) {
    const Tok k = peek().kind;
    int prec = 0;
    CexprKind kind = CexprKind::op_or;
    if (k == Tok::kw_or || k == Tok::or_op) {
      prec = 1;
    } else if (k == Tok::kw_and || k == Tok::and_op) {
      prec = 2;
      kind = CexprKind::op_and;
    }
    if (prec == 0 || prec < min_prec) return;
    next();
    parse_cexpr(out, prec + 1, mls, vt);
    ConstraintNode node;
    node.kind = kind;
    node.text = kind == CexprKind::op_and ? "and" : "or";
    out.push_back(std::move(node));
  }
}

void Parser::parse_cexpr_unary(std::vector<ConstraintNode>& out, bool mls, bool vt) {
  const NestingGuard guard(*this);
  if (accept(Tok::kw_not) || accept(Tok::not_op)) {
    parse_cexpr_unary(out, mls, vt);
    ConstraintNode node;
    node.kind = CexprKind::op_not;
    node.text = "not";
    out.push_back(std::move(node));
  } else if (accept(Tok::lparen)) {
    parse_cexpr(out, 1, mls, vt);
    expect(Tok::rparen, "to close the constraint expression");
  } else {
    parse_cexpr_prim(out, mls, vt);
  }
}

void Parser::parse_cexpr_prim(std::vector<ConstraintNode>& out, bool, bool vt) {
  const Token& first = next();
  ConstraintNode node;
  auto op = [&](bool mls_ops) {
    const Tok k = peek().kind;
    if (k == Tok::eq || k == Tok::kw_eq) {
      next();
      return CexprOp::eq;
    }
    if (k == Tok::neq) {
      next();
      return CexprOp::neq;
    }
    if (mls_ops) {
      if (accept(Tok::kw_dom)) return CexprOp::dom;
      if (accept(Tok::kw_domby)) return CexprOp::domby;
      if (accept(Tok::kw_incomp)) return CexprOp::incomp;
      unexpected(peek(), "'==', '!=', 'dom', 'domby' or 'incomp'");
    }
    unexpected(peek(), "'==' or '!='");
  };
  // 0 = users, 1 = roles, 2 = types
  auto names = [&](CexprAttr attr, int symbol) {
    node.kind = CexprKind::names;
    node.attr = attr;
    const NameSet set = parse_names_push();
    if (pass_ != 3) return;
    no_star_or_tilde(set);
    if (symbol == 0) {
      node.names = expand_users(set);
    } else if (symbol == 1) {
      node.names = expand_roles(set);
    } else {
      node.names = expand_types(set);
    }
  };
  auto attr = [&](CexprAttr a, CexprOp o) {
    node.kind = CexprKind::attr;
    node.attr = a;
    node.op = o;
  };
  auto level_attr = [&](Tok other, CexprAttr a) {
    if (at(other)) {
      next();
      node.kind = CexprKind::attr;
      node.attr = a;
      return true;
    }
    return false;
  };
  auto only_validatetrans = [&] {
    if (!vt) fail(first, "illegal constraint expression: '" + s(first) +
                             "' is only allowed in validatetrans and mlsvalidatetrans");
  };
  switch (first.kind) {
    case Tok::kw_u1:
      node.op = op(false);
      if (accept(Tok::kw_u2)) {
        attr(CexprAttr::u1u2, node.op);
      } else {
        names(CexprAttr::u1, 0);
      }
      break;
    case Tok::kw_u2: node.op = op(false); names(CexprAttr::u2, 0); break;
    case Tok::kw_u3: only_validatetrans(); node.op = op(false); names(CexprAttr::u3, 0); break;
    case Tok::kw_r1:
      node.op = op(true);
      if (accept(Tok::kw_r2)) {
        attr(CexprAttr::r1r2, node.op);
      } else {
        if (node.op != CexprOp::eq && node.op != CexprOp::neq) unexpected(peek(), "'r2'");
        names(CexprAttr::r1, 1);
      }
      break;
    case Tok::kw_r2: node.op = op(false); names(CexprAttr::r2, 1); break;
    case Tok::kw_r3: only_validatetrans(); node.op = op(false); names(CexprAttr::r3, 1); break;
    case Tok::kw_t1:
      node.op = op(false);
      if (accept(Tok::kw_t2)) {
        attr(CexprAttr::t1t2, node.op);
      } else {
        names(CexprAttr::t1, 2);
      }
      break;
    case Tok::kw_t2: node.op = op(false); names(CexprAttr::t2, 2); break;
    case Tok::kw_t3: only_validatetrans(); node.op = op(false); names(CexprAttr::t3, 2); break;
    case Tok::kw_sameuser: attr(CexprAttr::u1u2, CexprOp::eq); break;
    case Tok::kw_source:
    case Tok::kw_target: {
      const bool source = first.kind == Tok::kw_source;
      node.op = CexprOp::eq;
      if (accept(Tok::kw_role)) {
        names(source ? CexprAttr::r1 : CexprAttr::r2, 1);
      } else if (accept(Tok::kw_type)) {
        names(source ? CexprAttr::t1 : CexprAttr::t2, 2);
      } else {
        unexpected(peek(), "'role' or 'type'");
      }
      break;
    }
    case Tok::kw_role: attr(CexprAttr::r1r2, op(true)); break;
    case Tok::kw_l1:
      node.op = op(true);
      if (!level_attr(Tok::kw_l2, CexprAttr::l1l2) && !level_attr(Tok::kw_h2, CexprAttr::l1h2) &&
          !level_attr(Tok::kw_h1, CexprAttr::l1h1))
        unexpected(peek(), "'l2', 'h2' or 'h1'");
      break;
    case Tok::kw_l2:
      node.op = op(true);
      if (!level_attr(Tok::kw_h2, CexprAttr::l2h2)) unexpected(peek(), "'h2'");
      break;
    case Tok::kw_h1:
      node.op = op(true);
      if (!level_attr(Tok::kw_l2, CexprAttr::h1l2) && !level_attr(Tok::kw_h2, CexprAttr::h1h2))
        unexpected(peek(), "'l2' or 'h2'");
      break;
    default:
      unexpected(first, "a constraint expression (u1, r1, t1, l1, h1, ..., 'not' or '(')");
  }
  if ((first.kind == Tok::kw_l1 || first.kind == Tok::kw_l2 || first.kind == Tok::kw_h1) &&
      !options_.mls)
    fail(first, "MLS constraint expression in a non-MLS policy");
  node.text = text_from(&first);
  out.push_back(std::move(node));
}

}  // namespace lsmsim::sepolicy::detail
