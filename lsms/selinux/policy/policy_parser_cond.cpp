// Booleans' if/else blocks (checkpolicy's define_conditional and define_cond_expr): the
// expression in postfix order, with bison's precedence (|| < ^ < && < ! < == !=), and the
// rules of each branch expanded like unconditional ones.
#include "lsms/selinux/policy/policy_parser_impl.h"

namespace lsmsim::sepolicy::detail {
namespace {

int binary_prec(Tok k, CondOp& op) {
  switch (k) {
    case Tok::or_op: case Tok::kw_or: op = CondOp::op_or; return 1;
    case Tok::xor_op: case Tok::kw_xor: op = CondOp::op_xor; return 2;
    case Tok::and_op: case Tok::kw_and: op = CondOp::op_and; return 3;
    case Tok::eq: case Tok::kw_eq: op = CondOp::op_eq; return 5;
    case Tok::neq: op = CondOp::op_neq; return 5;
    default: return 0;
  }
}
constexpr int kNotPrec = 4;

}  // namespace

void Parser::parse_cond_unary(std::vector<CondNode>& out) {
  const NestingGuard guard(*this);
  if (accept(Tok::not_op) || accept(Tok::kw_not)) {
    parse_cond_expr(out, kNotPrec + 1);
    out.push_back({CondOp::op_not, 0});
  } else if (accept(Tok::lparen)) {
    parse_cond_expr(out, 1);
    expect(Tok::rparen, "to close the condition");
  } else {
    const Token& b = expect_identifier("boolean name, '!' or '('");
    out.push_back({CondOp::boolean, pass_ == 3 ? lookup_bool(b) : 0});
  }
}

void Parser::parse_cond_expr(std::vector<CondNode>& out, int min_prec) {
  parse_cond_unary(out);
  for (;;) {
    CondOp op{};
    const int prec = binary_prec(peek().kind, op);
    if (prec == 0 || prec < min_prec) return;
    next();
    parse_cond_expr(out, prec + 1);
    out.push_back({op, 0});
  }
}

void Parser::parse_if() {
  next();
  CondBlock block;
  parse_cond_expr(block.expr, 1);
  Avtab tables[2];
  std::vector<std::pair<TypeRuleKey, std::uint32_t>>* type_lists[2] = {&block.types_true,
                                                                        &block.types_false};
  auto branch = [&](int which) {
    expect(Tok::lbrace, which == 0 ? "after the condition" : "after 'else'");
    while (!accept(Tok::rbrace)) {
      switch (peek().kind) {
        case Tok::kw_allow: parse_av_rule(AvKind::allow, &tables[which]); break;
        case Tok::kw_auditallow: parse_av_rule(AvKind::auditallow, &tables[which]); break;
        case Tok::kw_auditdeny: parse_av_rule(AvKind::auditdeny, &tables[which]); break;
        case Tok::kw_dontaudit: parse_av_rule(AvKind::dontaudit, &tables[which]); break;
        case Tok::kw_type_transition:
          parse_type_rule(TypeRuleKind::transition, type_lists[which]);
          break;
        case Tok::kw_type_member: parse_type_rule(TypeRuleKind::member, type_lists[which]); break;
        case Tok::kw_type_change: parse_type_rule(TypeRuleKind::change, type_lists[which]); break;
        default:
          unexpected(peek(), "an allow, auditallow, auditdeny, dontaudit, type_transition, "
                             "type_member or type_change rule, or '}'");
      }
    }
  };
  branch(0);
  if (accept(Tok::kw_else)) branch(1);
  if (pass_ != 3) return;
  for (int i = 0; i < 2; ++i) {
    std::vector<AvRule>& rules = i == 0 ? block.if_true : block.if_false;
    rules.reserve(tables[i].size());
    for (const auto& [key, datum] : tables[i]) rules.push_back({key, datum});
  }
  db_.conditionals.push_back(std::move(block));
}

}  // namespace lsmsim::sepolicy::detail
