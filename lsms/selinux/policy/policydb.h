// The in-memory SELinux policy (the role of the kernel's struct policydb, after checkpolicy's
// expansion): what the policy.conf parser builds and the security server reads. Symbols are
// numbered from 1 in declaration order, as libsepol numbers them (value 0 = none); the
// vectors below are indexed by value - 1. Names are kept so results can be compared with
// libsepol by name.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "lsms/selinux/policy/ebitmap.h"

namespace lsmsim::sepolicy {

using AccessVector = std::uint32_t;  // one bit per permission of a class (at most 32)

// libsepol predefines object_r as role 1 (OBJECT_R_VAL); objects' contexts use it.
inline constexpr std::uint32_t kObjectRole = 1;

// ---- MLS ----
struct MlsLevel {
  std::uint32_t sens = 0;  // sensitivity value (1-based, in dominance order)
  Ebitmap cats;            // category bits: bit (category value - 1)
  bool operator==(const MlsLevel&) const = default;
};
struct MlsRange {
  MlsLevel low, high;
  bool operator==(const MlsRange&) const = default;
};

struct Context {
  std::uint32_t user = 0, role = 0, type = 0;
  MlsRange range;
  bool operator==(const Context&) const = default;
};

// ---- constraints (the kernel's struct constraint_expr, in postfix order) ----
enum class CexprKind : std::uint8_t { op_not = 1, op_and, op_or, attr, names };
// Which attribute an `attr`/`names` node compares (CEXPR_USER ... CEXPR_H1H2 in the kernel).
enum class CexprAttr : std::uint16_t {
  u1u2, r1r2, t1t2,                      // u1 == u2, r1 dom r2, t1 == t2
  u1, u2, u3, r1, r2, r3, t1, t2, t3,    // names nodes: compared against a set
  l1l2, l1h2, h1l2, h1h2, l1h1, l2h2,    // MLS level pairs
};
enum class CexprOp : std::uint8_t { eq = 1, neq, dom, domby, incomp };
struct ConstraintNode {
  CexprKind kind = CexprKind::attr;
  CexprAttr attr = CexprAttr::u1u2;
  CexprOp op = CexprOp::eq;
  Ebitmap names;  // for `names` nodes: user/role/type bits (value - 1), attributes expanded
  std::string text;  // the node as written, for denial reasons ("t1 == mcs_override")
};
struct Constraint {
  AccessVector perms = 0;              // unused by validatetrans
  std::vector<ConstraintNode> expr;    // postfix
  bool mls = false;                    // mlsconstrain / mlsvalidatetrans
  std::string text;                    // the statement, for reasons
};

// ---- symbols ----
struct Common {
  std::string name;
  std::vector<std::string> perms;  // bit i = perms[i]
};

enum class DefaultSource : std::uint8_t { none, source, target };
enum class DefaultRange : std::uint8_t { none, source_low, source_high, source_low_high,
                                         target_low, target_high, target_low_high, glblub };
struct SecurityClass {
  std::string name;
  std::string common;              // "" if none
  std::vector<std::string> perms;  // the common's perms first, then the class's own
  std::vector<Constraint> constraints;    // constrain and mlsconstrain, in order
  std::vector<Constraint> validatetrans;  // validatetrans and mlsvalidatetrans
  DefaultSource default_user = DefaultSource::none, default_role = DefaultSource::none,
                default_type = DefaultSource::none;
  DefaultRange default_range = DefaultRange::none;
  // The bit of `perm`, or 0 if the class has no such permission.
  AccessVector perm_bit(const std::string& perm) const {
    for (std::size_t i = 0; i < perms.size(); ++i)
      if (perms[i] == perm) return AccessVector{1} << i;
    return 0;
  }
};

struct TypeDatum {
  std::string name;
  bool attribute = false;
  // For a type: the attributes it has plus itself (the kernel's type_attr_map).
  // For an attribute: its member types.
  Ebitmap set;
  bool permissive = false;
  std::uint32_t bounds = 0;  // typebounds parent (value), 0 if none
};

struct RoleDatum {
  std::string name;
  Ebitmap types;             // types authorized for the role (attributes expanded)
  Ebitmap dominates;         // roles this one dominates, itself included
  std::uint32_t bounds = 0;
};

struct UserDatum {
  std::string name;
  Ebitmap roles;
  MlsRange range;
  MlsLevel default_level;
  std::uint32_t bounds = 0;
};

struct Sensitivity {
  std::string name;
  Ebitmap cats;  // categories allowed with this sensitivity (the `level` statement)
  bool defined_level = false;
};

struct Boolean {
  std::string name;
  bool state = false;  // the current value (starts at the declared default)
};

// ---- TE rules ----
// avtab key: source and target may be types or attributes (lookups go through each type's
// attribute set), as the kernel's avtab keeps them.
struct AvKey {
  std::uint32_t source = 0, target = 0;
  std::uint16_t tclass = 0;
  bool operator==(const AvKey&) const = default;
};
struct AvKeyHash {
  std::size_t operator()(const AvKey& k) const {
    return (std::size_t{k.source} * 0x9E3779B1u) ^ (std::size_t{k.target} << 16) ^ k.tclass;
  }
};
struct AvDatum {
  AccessVector allowed = 0;
  AccessVector auditallow = 0;
  AccessVector dontaudit = 0;  // permissions written in dontaudit rules (auditdeny = ~this)
};
using Avtab = std::unordered_map<AvKey, AvDatum, AvKeyHash>;

// type_transition / type_change / type_member, expanded to types (as checkpolicy does).
enum class TypeRuleKind : std::uint8_t { transition, change, member };
struct TypeRuleKey {
  std::uint32_t source = 0, target = 0;
  std::uint16_t tclass = 0;
  TypeRuleKind kind = TypeRuleKind::transition;
  bool operator==(const TypeRuleKey&) const = default;
};
struct TypeRuleKeyHash {
  std::size_t operator()(const TypeRuleKey& k) const {
    return AvKeyHash{}({k.source, k.target, k.tclass}) ^ (std::size_t(k.kind) << 60);
  }
};
using TypeRules = std::unordered_map<TypeRuleKey, std::uint32_t, TypeRuleKeyHash>;

// A boolean expression of an `if` block in postfix (COND_BOOL, COND_NOT, COND_OR, ...).
enum class CondOp : std::uint8_t { boolean = 1, op_not, op_or, op_and, op_xor, op_eq, op_neq };
struct CondNode {
  CondOp op = CondOp::boolean;
  std::uint32_t boolean = 0;  // value, for CondOp::boolean
};
struct AvRule {  // one expanded conditional entry
  AvKey key;
  AvDatum datum;
};
struct CondBlock {
  std::vector<CondNode> expr;
  std::vector<AvRule> if_true, if_false;
  std::vector<std::pair<TypeRuleKey, std::uint32_t>> types_true, types_false;
};

struct FilenameTransKey {
  std::uint32_t source = 0, target = 0;
  std::uint16_t tclass = 0;
  std::string name;
  auto operator<=>(const FilenameTransKey&) const = default;
};

struct RoleTransKey {
  std::uint32_t role = 0, type = 0;
  std::uint16_t tclass = 0;
  auto operator<=>(const RoleTransKey&) const = default;
};

struct RangeTransKey {
  std::uint32_t source = 0, target = 0;
  std::uint16_t tclass = 0;
  auto operator<=>(const RangeTransKey&) const = default;
};

// ---- labelling statements ----
enum class FsUseKind : std::uint8_t { xattr, task, trans };
struct FsUse {
  FsUseKind kind = FsUseKind::xattr;
  std::string fstype;
  Context context;
};
struct Genfscon {
  std::string fstype, path;
  char file_type = 0;  // 0 = any; otherwise '-', 'd', 'c', 'b', 's', 'l', 'p' as written
  Context context;
};
struct Portcon {
  std::string protocol;  // "tcp", "udp", "dccp" or "sctp" as written
  std::uint16_t low = 0, high = 0;
  Context context;
};
struct Netifcon {
  std::string name;
  Context if_context, packet_context;
};
struct Nodecon {
  bool ipv6 = false;
  std::string addr, mask;  // as written
  Context context;
};
struct InitialSid {
  std::string name;
  std::optional<Context> context;  // from the `sid NAME CONTEXT` statement
};

struct Policydb {
  bool mls = false;
  std::vector<std::string> policycaps;
  std::vector<Common> commons;
  std::vector<SecurityClass> classes;  // value = index + 1
  std::vector<InitialSid> initial_sids;  // in declaration (kernel) order
  std::vector<Sensitivity> sensitivities;  // value = index + 1, in dominance order
  std::vector<std::string> categories;     // value = index + 1
  std::vector<TypeDatum> types;            // types and attributes; value = index + 1
  std::vector<RoleDatum> roles;
  std::vector<UserDatum> users;
  std::vector<Boolean> booleans;

  // Name -> value lookups, aliases included.
  std::map<std::string, std::uint16_t, std::less<>> class_values;
  std::map<std::string, std::uint32_t, std::less<>> type_values, role_values, user_values,
      bool_values, sens_values, cat_values;

  Avtab avtab;  // unconditional allow/auditallow/dontaudit
  std::vector<CondBlock> conditionals;
  TypeRules type_rules;
  std::map<FilenameTransKey, std::uint32_t> filename_trans;
  std::map<RoleTransKey, std::uint32_t> role_trans;
  std::map<std::pair<std::uint32_t, std::uint32_t>, bool> role_allow;  // (from, to)
  std::map<RangeTransKey, MlsRange> range_trans;

  std::vector<FsUse> fs_use;
  std::vector<Genfscon> genfscon;
  std::vector<Portcon> portcon;
  std::vector<Netifcon> netifcon;
  std::vector<Nodecon> nodecon;

  // Lookup helpers (0 when unknown).
  std::uint16_t class_value(std::string_view name) const {
    auto it = class_values.find(name);
    return it == class_values.end() ? 0 : it->second;
  }
  const SecurityClass* tclass(std::uint16_t value) const {
    return value == 0 || value > classes.size() ? nullptr : &classes[value - 1u];
  }
};

}  // namespace lsmsim::sepolicy
