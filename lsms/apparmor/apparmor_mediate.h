// Helpers the AppArmor hook files share: iterating the confined profiles of a label
// (fn_for_each_confined) and matching a peer label in a profile's view (aa_label_match's
// label_compound_match / label_components_match).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "lsms/apparmor/apparmor_lsm.h"

namespace lsmsim {

// profile_unconfined(): the namespace's unconfined, or a flags=(unconfined) profile.
inline bool aa_profile_confined(const AaProfile& p) {
  return !p.unconfined() && p.mode() != aa::ProfileMode::unconfined;
}

// fn_for_each_confined(): every confined profile is asked (each audits its own refusal);
// the result is the last error, 0 when all allow.
inline int aa_for_each_confined(const AaLabel& l, const std::function<int(const AaProfile&)>& fn) {
  int error = 0;
  for (const AaComponent& c : l.vec) {
    const AaProfile& p = aa_component_profile(c);
    if (!aa_profile_confined(p)) continue;
    if (const int e = fn(p); e != 0) error = e;
  }
  return error;
}

// The permissions a profile's rules give a peer label, with aa_label_match's two tries:
// the visible components of `peer` (those in the profile's own namespace: subns false)
// joined with "//&" as one string, then each visible component on its own (intersection).
// No visible component: everything allowed (allperms). `perms_for(text)` returns the
// allowed bits for one peer string.
// `subns` (change_profile targets) also sees components in namespaces below the profile's,
// matched as ":ns:name" (match_component).
std::uint32_t aa_peer_perms(const AaProfile& p, const AaLabel& peer, std::uint32_t request,
                            const std::function<std::uint32_t(const std::string&)>& perms_for,
                            bool subns = false);

// aa_label_is_unconfined_subset(now, old): every confined profile of `old` is in `now`.
bool aa_label_is_unconfined_subset(const AaLabel& now, const AaLabel& old);

// The no_new_privs reference label (ctx->nnp): recorded once, the first time a confined task
// under no_new_privs execs, changes profile or changes hat.
inline void aa_note_nnp(AaTaskCtx& ctx, bool no_new_privs, const AaLabel& label,
                        std::uint32_t secid) {
  if (no_new_privs && !aa_label_unconfined(label) && ctx.nnp == 0) ctx.nnp = secid;
}

// change_profile_perms() (domain.c): whether profile `p`'s change_profile rules allow
// `target`, matched as "&target" when stacking (`-> &name` rules only match stacking).
// exec == nullptr: the attr write (the parser's bare-target entry, every rule counts);
// else at exec (profile_onexec): only the rules whose program condition matches `*exec`.
// Deny rules subtract. Unconfined profiles may change to anything.
bool aa_change_profile_perms(const AaProfile& p, const AaLabel& target, bool stack,
                             const std::string* exec);

// The peer as audit records print it: aa_label_xaudit(view = the profile's namespace).
std::string aa_peer_audit(const AaProfile& p, const AaLabel& peer);

}  // namespace lsmsim
