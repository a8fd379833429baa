// The recursive-descent parser behind parse_policy_conf(), shared by the policy_parser*.cpp
// files (one per concern). Like checkpolicy it reads the policy more than once: pass 1
// declares (classes, SIDs, MLS symbols, types, attributes, aliases, booleans, roles),
// pass 2 gives types and roles their attributes and roles their types, pass 3 reads the
// rules, users, constraints and labelling statements (checkpolicy's second pass), so a
// name may be used before the statement that declares it, as checkpolicy allows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lsms/selinux/policy/policy_lexer.h"
#include "lsms/selinux/policy/policy_parser.h"
#include "lsms/selinux/policy/policydb.h"

namespace lsmsim::sepolicy::detail {

// A `names` set as written: `a`, `{ a -b { c } }`, `*`, `~a`, `~{ a b }`, `a - b`.
struct NameItem {
  const Token* tok = nullptr;
  bool neg = false;
};
struct NameSet {
  const Token* start = nullptr;
  bool star = false, comp = false, braced = false;
  std::vector<NameItem> items;
  // One name, no braces, no operator: kept as written in the avtab.
  bool simple() const { return !star && !comp && !braced && items.size() == 1 && !items[0].neg; }
};

// What pass 3 keeps of an allow rule when the policy has neverallow rules to check.
struct AllowRecord {
  std::uint32_t line = 0;
  AvKey key;
  AccessVector perms = 0;
};
struct NeverallowRule {
  const Token* start = nullptr;
  Ebitmap sources, targets;  // concrete types
  bool self = false;
  std::vector<std::pair<std::uint16_t, AccessVector>> perms;  // per class
};

enum class AvKind : std::uint8_t { allow, auditallow, auditdeny, dontaudit, neverallow };

class Parser {
 public:
  Parser(std::string_view text, const PolicyParseOptions& options);
  Policydb run();

  // ---- tokens (policy_parser.cpp) ----
  const Token& peek(std::size_t k = 0) const {
    const std::size_t i = pos_ + k;
    return toks_[i < toks_.size() ? i : toks_.size() - 1];
  }
  bool at(Tok k) const { return peek().kind == k; }
  bool accept(Tok k) {
    if (!at(k)) return false;
    ++pos_;
    return true;
  }
  const Token& next() {
    const Token& t = peek();
    if (t.kind != Tok::end) ++pos_;
    return t;
  }
  const Token& expect(Tok k, std::string_view context);
  const Token& expect_identifier(std::string_view what);
  std::string_view str(const Token& t) const { return text_.substr(t.offset, t.length); }
  std::string s(const Token& t) const { return std::string(str(t)); }
  [[noreturn]] void fail(const Token& t, const std::string& message) const;
  [[noreturn]] void unexpected(const Token& t, std::string_view expected) const;
  // Expressions and '{ }' sets are parsed recursively: a hostile policy nesting them without
  // bound would overflow the stack, so nesting beyond kMaxNesting is a located error.
  static constexpr int kMaxNesting = 1000;
  class NestingGuard {
   public:
    explicit NestingGuard(Parser& p) : p_(p) {
      if (++p_.depth_ > kMaxNesting) {
        p_.depth_ = 0;
        p_.fail(p_.peek(), "expression nested deeper than " + std::to_string(kMaxNesting));
      }
    }
    ~NestingGuard() { --p_.depth_; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

   private:
    Parser& p_;
  };
  // The statement from `first` to the token before pos_, tokens joined by single spaces.
  std::string text_from(const Token* first) const;

  // ---- grammar pieces shared by several statements ----
  NameSet parse_names();                   // checkpolicy `names`
  NameSet parse_names_push();              // constraint names: no nesting, no '-'
  std::vector<const Token*> parse_id_comma_list();

  // ---- declarations (policy_parser_decls.cpp) ----
  void parse_class_decl();
  void parse_initial_sid_decl();
  void parse_common();
  void parse_av_perms();
  void parse_default_rule();
  void parse_policycap();
  void parse_attribute();
  void parse_type();
  void parse_typealias();
  void parse_typeattribute();
  void parse_typebounds();
  void parse_permissive();
  void parse_bool();
  void parse_role();
  void parse_user();
  void finish_pass2();
  void declare_type(const Token& name, bool attribute);
  void add_type_alias(std::uint32_t value, const Token& alias);
  std::uint32_t declare_role(const Token& name);
  bool dominates(const MlsLevel& a, const MlsLevel& b) const {
    return a.sens >= b.sens && a.cats.contains(b.cats);
  }

  // ---- symbols and sets ----
  std::uint32_t lookup_type(const Token& t) const;  // type or attribute
  std::uint32_t lookup_concrete_type(const Token& t) const;
  std::uint32_t lookup_role(const Token& t) const;
  std::uint32_t lookup_user(const Token& t) const;
  std::uint16_t lookup_class(const Token& t) const;
  std::uint32_t lookup_bool(const Token& t) const;
  const SecurityClass& klass(std::uint16_t v) const { return db_.classes[v - 1u]; }
  // Concrete types of a set (attributes replaced by their types, `-`, `*`, `~` applied).
  // `self` (when allowed) is reported through *self instead.
  Ebitmap expand_types(const NameSet& set, bool* self = nullptr) const;
  Ebitmap expand_roles(const NameSet& set) const;
  Ebitmap expand_users(const NameSet& set) const;
  std::vector<std::uint16_t> expand_classes(const NameSet& set) const;
  std::vector<std::uint16_t> classes_or_process(const std::optional<NameSet>& set,
                                                const Token& kw) const;
  // mask_to_class: '*' and '~' cover only the class's permissions (constraints).
  AccessVector expand_perms(std::uint16_t tclass, const NameSet& perms,
                            bool mask_to_class = false) const;
  Ebitmap all_types() const;
  // checkpolicy allows '*' and '~' in type sets of neverallow rules only (and never in
  // class sets or constraint names).
  void no_star_or_tilde(const NameSet& set) const;

  // ---- MLS (policy_parser_mls.cpp) ----
  void parse_mls_block();
  void parse_sensitivity();
  void parse_dominance();
  void parse_category();
  void parse_level_decl();
  MlsLevel parse_level(bool act);
  MlsRange parse_range(bool act);
  Ebitmap parse_category_list(const std::vector<const Token*>& ids) const;
  void check_level(const MlsLevel& l, const Token& at) const;
  void parse_range_transition();

  // ---- TE rules (policy_parser_te.cpp) ----
  bool at_te_rbac() const;
  void parse_te_rbac_decl();
  // cond_table: the branch of an if block, or null for the unconditional avtab.
  void parse_av_rule(AvKind kind, Avtab* cond_table);
  void parse_type_rule(TypeRuleKind kind,
                       std::vector<std::pair<TypeRuleKey, std::uint32_t>>* cond_list);
  void parse_role_transition();
  void parse_role_allow(const Token* first, const NameSet& from);
  void add_av(Avtab& table, const AvKey& key, AvKind kind, AccessVector perms,
              std::uint32_t line);
  void check_neverallows() const;
  AccessVector neverallow_hit(const NeverallowRule& n, AccessVector never_perms,
                              const AllowRecord& r) const;

  // ---- conditionals (policy_parser_cond.cpp) ----
  void parse_if();
  void parse_cond_expr(std::vector<CondNode>& out, int min_prec);
  void parse_cond_unary(std::vector<CondNode>& out);

  // ---- constraints (policy_parser_constraints.cpp) ----
  void parse_constraint(bool mls, bool validatetrans);
  void parse_cexpr(std::vector<ConstraintNode>& out, int min_prec, bool mls, bool vt);
  void parse_cexpr_unary(std::vector<ConstraintNode>& out, bool mls, bool vt);
  void parse_cexpr_prim(std::vector<ConstraintNode>& out, bool mls, bool vt);

  // ---- labelling statements (policy_parser_labels.cpp) ----
  Context parse_context(bool act);
  void parse_sid_context();
  void parse_fs_use();
  void parse_genfscon();
  void parse_portcon();
  void parse_netifcon();
  void parse_nodecon();

  // ---- state ----
  std::string_view text_;
  PolicyParseOptions options_;
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  int pass_ = 1;
  int depth_ = 0;  // current expression/set nesting (NestingGuard)
  Policydb db_;

  // pass 1
  std::vector<std::string> pending_sens_;  // declaration order, before `dominance`
  std::vector<std::vector<std::string>> pending_sens_aliases_;
  bool has_neverallow_ = false;
  std::vector<bool> class_has_perms_;  // by class value - 1: its permissions are defined
  // pass 2
  std::vector<std::pair<std::uint32_t, NameSet>> role_type_sets_;
  // pass 3
  std::vector<AllowRecord> allow_records_;
  std::vector<NeverallowRule> neverallows_;
};

}  // namespace lsmsim::sepolicy::detail
