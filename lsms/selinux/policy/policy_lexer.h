// The tokens of checkpolicy's policy.conf language (checkpolicy/policy_scan.l): keywords
// (all lower case or all upper case), identifiers, numbers, addresses, paths and quoted
// file names, chosen by longest match as flex does, ties going to the earlier rule.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lsmsim::sepolicy {

enum class Tok : std::uint8_t {
  end,
  // punctuation
  comma, colon, semi, lparen, rparen, lbrace, rbrace, lbracket, rbracket, minus, dot, tilde,
  star, eq, neq, and_op, or_op, not_op, xor_op,
  // literals
  identifier, number, filesystem, ipv4, ipv6, version, path, qpath, filename,
  // keywords
  kw_clone, kw_common, kw_class, kw_constrain, kw_validatetrans, kw_inherits, kw_sid, kw_role,
  kw_roles, kw_roleattribute, kw_attribute_role, kw_types, kw_typealias, kw_typeattribute,
  kw_typebounds, kw_type, kw_bool, kw_tunable, kw_if, kw_else, kw_alias, kw_attribute,
  kw_expandattribute, kw_type_transition, kw_type_member, kw_type_change, kw_role_transition,
  kw_range_transition, kw_sensitivity, kw_dominance, kw_category, kw_level, kw_range,
  kw_mlsconstrain, kw_mlsvalidatetrans, kw_user, kw_neverallow, kw_allow, kw_auditallow,
  kw_auditdeny, kw_dontaudit, kw_allowxperm, kw_auditallowxperm, kw_dontauditxperm,
  kw_neverallowxperm, kw_source, kw_target, kw_sameuser, kw_module, kw_require, kw_optional,
  kw_or, kw_and, kw_not, kw_xor, kw_eq, kw_true, kw_false, kw_dom, kw_domby, kw_incomp,
  kw_fscon, kw_ibpkeycon, kw_ibendportcon, kw_portcon, kw_netifcon, kw_nodecon, kw_pirqcon,
  kw_iomemcon, kw_ioportcon, kw_pcidevicecon, kw_devicetreecon, kw_fs_use_xattr,
  kw_fs_use_task, kw_fs_use_trans, kw_genfscon, kw_r1, kw_r2, kw_r3, kw_u1, kw_u2, kw_u3,
  kw_t1, kw_t2, kw_t3, kw_l1, kw_l2, kw_h1, kw_h2, kw_policycap, kw_permissive,
  kw_default_user, kw_default_role, kw_default_type, kw_default_range, kw_low_high, kw_high,
  kw_low, kw_glblub,
};

struct Token {
  Tok kind = Tok::end;
  std::uint32_t offset = 0, length = 0;  // into the policy text
  std::uint32_t line = 0, col = 0;       // 1-based
};

// What a token kind is called in messages: "';'", "identifier", "'allow'".
std::string tok_describe(Tok kind);

// Splits `text` into tokens, the last one Tok::end. Comments (# to end of line) and
// whitespace are dropped. Throws PolicyError on a character no rule matches (checkpolicy
// only warns and skips it, then fails on the grammar; refusing at once is clearer).
std::vector<Token> tokenize(std::string_view text, const std::string& filename);

}  // namespace lsmsim::sepolicy
