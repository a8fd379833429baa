// The security server of one loaded policy (the role of security/selinux/ss/services.c):
// context strings <-> context structs, access decisions and new-object labels. It works on
// contexts, not SIDs: the SID table and the AVC live above it (one per SELinux namespace),
// so one global SID can be read by each namespace's own policy.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "lsms/selinux/policy/policydb.h"

namespace lsmsim::sepolicy {

// Why permissions were left out (libsepol's SEPOL_COMPUTEAV_* bits).
inline constexpr unsigned kReasonTe = 1;          // no allow rule
inline constexpr unsigned kReasonConstraint = 2;  // a constrain/mlsconstrain failed
inline constexpr unsigned kReasonRbac = 4;        // role transition not allowed
inline constexpr unsigned kReasonBounds = 8;      // typebounds cut the permission

struct AvDecision {
  AccessVector allowed = 0;
  AccessVector auditallow = 0;
  AccessVector auditdeny = 0xffffffffu;  // denials to audit: ~dontaudit
  bool permissive = false;               // the source type is a permissive domain
  unsigned reason = 0;                   // kReason* bits for permissions in `requested`
  std::string explanation;               // the failing rule or constraint, human-readable
};

class SecurityServer {
 public:
  explicit SecurityServer(Policydb db);
  const Policydb& policy() const { return db_; }

  // security_context_to_sid(): parses and validates `text` against this policy (known user,
  // role, type, levels; role authorized for the user, type for the role, range within the
  // user's range). -EINVAL if invalid; `why` (if not null) says what was wrong.
  int context_from_string(std::string_view text, Context& out, std::string* why = nullptr) const;
  std::string context_to_string(const Context& c) const;

  // context_struct_compute_av(): TE (with conditional rules at the current boolean values),
  // RBAC for process transitions, constraints and MLS constraints, typebounds.
  // `requested` only decides which reasons and explanation are reported.
  AvDecision compute_av(const Context& scontext, const Context& tcontext, std::uint16_t tclass,
                        AccessVector requested = 0xffffffffu) const;

  // security_transition_sid() / security_compute_sid(): the label of a new object of class
  // `tclass` created by `scontext` in/under `tcontext` (`objname` for name-based
  // type_transition, may be empty); a process class gives the exec transition.
  int compute_create(const Context& scontext, const Context& tcontext, std::uint16_t tclass,
                     std::string_view objname, Context& out) const;
  // The same for a namespace that may be permissive: compute_sid_handle_invalid_context()
  // refuses an invalid result (-EACCES) only when enforcing, else hands it back.
  int compute_create(const Context& scontext, const Context& tcontext, std::uint16_t tclass,
                     std::string_view objname, Context& out, bool enforcing) const;
  // security_change_sid() (type_change) and security_member_sid() (type_member).
  int compute_relabel(const Context& scontext, const Context& tcontext, std::uint16_t tclass,
                      Context& out) const;
  int compute_member(const Context& scontext, const Context& tcontext, std::uint16_t tclass,
                     Context& out) const;

  // security_validate_transition(): 0 or -EPERM (with `why`).
  int validate_transition(const Context& oldc, const Context& newc, const Context& taskc,
                          std::uint16_t tclass, std::string* why = nullptr) const;
  // security_bounded_transition(): 0 if `newc`'s type is bounded by `oldc`'s.
  int bounded_transition(const Context& oldc, const Context& newc) const;

  // Booleans (security_set_bools): false if there is no such boolean.
  bool set_boolean(std::string_view name, bool value);
  std::optional<bool> boolean(std::string_view name) const;

  // Names for the hooks: class value (0 if unknown) and a permission's bit (0 if unknown).
  std::uint16_t class_value(std::string_view name) const { return db_.class_value(name); }
  AccessVector perm_bit(std::uint16_t tclass, std::string_view perm) const;
  // "{ read write }" for the bits of `av` in `tclass`, "null" for none (print_access_vector).
  std::string perms_to_string(std::uint16_t tclass, AccessVector av) const;

 private:
  // evaluate_cond_list(): rebuilds the enabled conditional rules from the boolean states.
  void evaluate_conds();
  int compute_sid(const Context& s, const Context& t, std::uint16_t tclass, TypeRuleKind kind,
                  std::string_view objname, Context& out, bool enforcing = true) const;
  // context_struct_compute_av() without typebounds; `bounds_depth` stops a bounds cycle.
  AvDecision compute_av_internal(const Context& s, const Context& t, std::uint16_t tclass,
                                 AccessVector requested, int bounds_depth) const;

  Policydb db_;
  Avtab cond_av_;         // enabled conditional allow/auditallow/dontaudit, merged
  TypeRules cond_types_;  // enabled conditional type rules (first enabled one wins)
  std::uint16_t process_class_ = 0;
  AccessVector process_trans_ = 0;  // process { transition dyntransition }
};

}  // namespace lsmsim::sepolicy
