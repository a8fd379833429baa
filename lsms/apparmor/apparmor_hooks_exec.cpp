// AppArmor's exec transitions (security/apparmor/domain.c, v6.12):
// apparmor_bprm_creds_for_exec -> handle_onexec (profile_onexec for the task's namespace,
// profile_transition for the others) or, per profile of the label, profile_transition ->
// x_to_label / find_attach; the per-profile results merged into one label (fn_label_build +
// aa_label_merge), the no_new_privs subset rule (against ctx->nnp), env scrubbing.
#include <cerrno>

#include "lsms/apparmor/apparmor_mediate.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/binprm.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"

namespace lsmsim {

// find_attach(): the profile of `candidates` whose attachment matches `name`; an exact
// (literal) name wins at once, else the longest xmatch_len (the parser's shortest match up
// to the first wildcard, aa::Glob::min_match_length); a later match of the same length is a
// conflict, cleared by a longer one (null, with info).
const AaProfile* aa_find_attach(const AaNs& ns, const std::string& parent, const std::string& name,
                                std::string& info) {
  const AaProfile* best = nullptr;
  std::size_t best_len = 0;
  bool conflict = false;
  for (const auto& [hname, p] : ns.profiles) {
    // top level (parent "") or the direct children of `parent`
    if (parent.empty()) {
      if (hname.find("//") != std::string::npos) continue;
    } else if (hname.rfind(parent + "//", 0) != 0 ||
               hname.find("//", parent.size() + 2) != std::string::npos) {
      continue;
    }
    if (p->rules == nullptr || !p->rules->attachment.has_value()) continue;
    const aa::Glob& g = *p->rules->attachment;
    if (!g.matches(name)) continue;
    if (g.is_literal()) return p.get();
    const std::size_t len = g.min_match_length();
    if (best == nullptr || len > best_len) {
      best = p.get();
      best_len = len;
      conflict = false;
    } else if (len == best_len) {
      conflict = true;
    }
  }
  if (conflict) {
    info = "conflicting profile attachments";
    return nullptr;
  }
  return best;
}

// aa_new_learning_profile(parent, hat=false, base=the program): the child
// `parent//null-<program>`, found or added to the parent's children (__add_profile: no
// revision bump, no apparmorfs directory), in complain mode with no rules (aa_alloc_null:
// the null DFA), so everything it does is logged ALLOWED.
const AaProfile& aa_new_learning_profile(const AaProfile& parent, const std::string& base) {
  const std::string hname = parent.hname + "//null-" + base;
  if (AaProfile* found = parent.ns->find_profile(hname)) return *found;
  auto rules = std::make_shared<aa::Profile>();
  rules->name = hname;
  rules->mode = aa::ProfileMode::complain;
  auto entry = std::make_shared<AaProfile>();
  entry->ns = parent.ns;
  entry->hname = hname;
  entry->rules = std::move(rules);
  AaProfile& out = *entry;
  parent.ns->profiles[hname] = std::move(entry);
  return out;
}

namespace {

std::vector<AaComponent> single(const AaProfile& p) {
  return {AaComponent{p.ns, p.hname}};
}

struct Transition {
  int error = 0;
  std::vector<AaComponent> label;  // empty on error
  bool secure = false;
  std::string info, target;
};

// x_to_label(): where an x permission leads.
bool x_to_label(ApparmorLsm& me, const AaProfile& p, const aa::ExecMode& x, const std::string& name,
                Transition& t) {
  std::vector<AaComponent> out;
  std::string stack;
  const AaProfile* found = nullptr;
  switch (x.type) {
    case aa::ExecType::none:
      return false;
    case aa::ExecType::inherit:
      t.label = single(p);
      return true;
    case aa::ExecType::unconfined:
      t.label = single(*p.ns->unconfined);
      return true;
    case aa::ExecType::profile:
    case aa::ExecType::child: {
      const bool child = x.type == aa::ExecType::child;
      if (!x.target.empty() && x.target.front() != '&') {
        // x_table_lookup(): a named target, a child's base name for cx.
        t.target = x.target;
        if (child) {
          found = p.ns->find_profile(p.hname + "//" + x.target);
        } else {
          std::vector<AaComponent> vec;
          const AaLabel& base = me.label(me.intern(single(p)));
          if (aa_label_parse(base, x.target, false, vec) == 0) out = std::move(vec);
        }
      } else {
        stack = x.target;  // "&name": stacked on the post-transition label
        found = aa_find_attach(*p.ns, child ? p.hname : std::string(), name, t.info);
        t.target = name;
      }
      if (found != nullptr) out = single(*found);
      break;
    }
  }
  if (out.empty()) {
    if (x.fallback == aa::ExecType::inherit) {
      t.info = "ix fallback";
      out = single(p);
    } else if (x.fallback == aa::ExecType::unconfined) {
      t.info = "ux fallback";
      out = single(*p.ns->unconfined);
    }
  }
  if (!out.empty() && !stack.empty()) {
    const AaLabel& base = me.label(me.intern(out));
    std::vector<AaComponent> vec;
    if (aa_label_parse(base, stack, false, vec) != 0) return false;
    out = std::move(vec);
  }
  if (out.empty()) return false;
  t.label = std::move(out);
  return true;
}

void audit_exec(ApparmorLsm& me, const AaProfile& p, const std::string& name, const Transition& t,
                bool denied, bool audit_allowed, const Inode& inode, Uid fsuid) {
  AaAuditData ad;
  ad.op = "exec";
  ad.cls = "file";
  ad.info = t.info;
  ad.name = name;
  ad.fields = " requested_mask=\"x\"";
  if (denied) ad.fields += " denied_mask=\"x\"";
  ad.fields += " fsuid=" + std::to_string(fsuid) + " ouid=" + std::to_string(inode.uid);
  if (!t.label.empty()) {
    AaLabel l;
    l.vec = t.label;
    ad.fields += " target=" + audit_untrusted_string(aa_label_print(*p.ns, l, 0));
  } else if (!t.target.empty()) {
    ad.fields += " target=" + audit_untrusted_string(t.target);
  }
  (void)aa_profile_decide(me, p, denied, audit_allowed, false, -EACCES, ad);
}

// profile_transition().
Transition profile_transition(ApparmorLsm& me, const AaProfile& p, const std::string& name,
                              const Cred& cred, const Inode& inode) {
  Transition t;
  if (!aa_profile_confined(p)) {
    // Unconfined: the attachment of a profile in its namespace, else stay.
    const AaProfile* a = aa_find_attach(*p.ns, {}, name, t.info);
    t.label = single(a != nullptr ? *a : p);
    return t;
  }
  const aa::FilePerms fp = p.rules->file.match(name, cred.fsuid == inode.uid);
  if ((fp.effective() & aa::kMayExec) != 0) {
    if (!x_to_label(me, p, fp.exec, name, t)) {
      t.error = -EACCES;
      if (t.info.empty()) t.info = "profile transition not found";
      audit_exec(me, p, name, t, true, false, inode, cred.fsuid);
      return t;
    }
    // An ix fallback stays in the profile: no AT_SECURE (profile_transition's "hack ix
    // fallback" skips secure_exec).
    t.secure = fp.exec.scrub && t.info != "ix fallback";
    if ((fp.audit & aa::kMayExec) != 0 || p.rules->audit_all)
      audit_exec(me, p, name, t, false, true, inode, cred.fsuid);
    return t;
  }
  // No x permission. Complain mode goes on in a learning profile (below); enforce refuses.
  if (p.mode() == aa::ProfileMode::complain || p.mode() == aa::ProfileMode::user) {
    t.label = single(aa_new_learning_profile(p, name));
    audit_exec(me, p, name, t, true, false, inode, cred.fsuid);  // ALLOWED, target= the null-
    return t;
  }
  audit_exec(me, p, name, t, true, false, inode, cred.fsuid);
  t.error = -EACCES;
  return t;
}

// profile_onexec(): a confined profile of the caller's namespace must allow the pending
// change_onexec for this program: a change_profile rule whose program condition matches
// (none: any program; else "no change_onexec valid for executable") and whose target
// matches the onexec label (as "&target" when stacking). Allowed: AT_SECURE (lsmsim does
// not model the `unsafe` qualifier). Records are operation="exec".
int profile_onexec(ApparmorLsm& me, const AaProfile& p, const AaLabel& onexec, bool stack,
                   const std::string& name, const Cred& cred, const Inode& inode, bool& secure) {
  if (!aa_profile_confined(p)) return 0;  // change_profile on exec already granted
  bool program = false;
  for (const aa::ChangeProfileRule& r : p.rules->change_profile)
    program = program || (!r.deny && (!r.exec.has_value() || r.exec->matches(name)));
  const bool allowed = program && aa_change_profile_perms(p, onexec, stack, &name);
  AaAuditData ad;
  ad.op = "exec";
  ad.cls = "file";
  ad.name = name;
  ad.info = program ? "change_profile onexec" : "no change_onexec valid for executable";
  ad.fields = " fsuid=" + std::to_string(cred.fsuid) + " ouid=" + std::to_string(inode.uid) +
              " target=" + audit_untrusted_string(aa_label_print(*p.ns, onexec, 0));
  const int rc = aa_profile_decide(me, p, !allowed, false, false, -EACCES, ad);
  if (rc == 0 && allowed) secure = true;
  return rc;
}

int bprm_creds_for_exec(LsmModule& self, LinuxBinprm& bprm) {
  auto& me = apparmor(self);
  Task& current = me.kernel().current();
  AaTaskCtx& ctx = me.task_ctx(current);
  const std::uint32_t old_id = me.cred_label(*bprm.cred);
  const AaLabel& label = me.label(old_id);
  const std::string name = bprm.file != nullptr ? bprm.file->path : bprm.filename;
  const Cred& cred = *current.cred;
  // ctx->nnp: the label no_new_privs was first seen under (LSM_UNSAFE_NO_NEW_PRIVS).
  aa_note_nnp(ctx, cred.no_new_privs, label, old_id);
  bool secure = false;
  AaNs& view = aa_labels_ns(label);
  const AaLabel* onexec = ctx.onexec != 0 ? &me.label(ctx.onexec) : nullptr;
  const bool stack = ctx.onexec_stack;
  if (onexec != nullptr) {
    // handle_onexec(): every profile of the task's own namespace checks the onexec first.
    int error = 0;
    for (const AaComponent& c : label.vec) {
      if (c.ns != &view) continue;
      const AaProfile& p = aa_component_profile(c);
      if (const int e = profile_onexec(me, p, *onexec, stack, name, cred, *bprm.inode, secure);
          e != 0)
        error = e;
    }
    if (error != 0) return error;
  }
  // fn_label_build(_in_ns)(): each component's new part, merged. With an onexec the in-view
  // profiles become the onexec label (stacked on themselves for `stack`); the others take
  // their own exec transition. The first failure ends the build: later components are
  // neither evaluated nor logged.
  std::vector<AaComponent> merged;
  for (const AaComponent& c : label.vec) {
    if (onexec != nullptr && c.ns == &view) {
      if (stack) merged.push_back(c);
      merged.insert(merged.end(), onexec->vec.begin(), onexec->vec.end());
      continue;
    }
    Transition t = profile_transition(me, aa_component_profile(c), name, cred, *bprm.inode);
    if (t.error != 0) return t.error;
    secure = secure || t.secure;
    merged.insert(merged.end(), t.label.begin(), t.label.end());
  }
  const std::uint32_t next = me.intern(std::move(merged));
  // no_new_privs: the new label must keep every confined profile of ctx->nnp.
  if (cred.no_new_privs && !aa_label_unconfined(label) &&
      !aa_label_is_unconfined_subset(me.label(next), me.label(ctx.nnp))) {
    aa_for_each_confined(label, [&](const AaProfile& p) {
      AaAuditData ad;
      ad.op = "exec";
      ad.cls = "file";
      ad.info = "no new privs";
      ad.name = name;
      ad.fields = " requested_mask=\"x\" denied_mask=\"x\" fsuid=" + std::to_string(cred.fsuid) +
                  " ouid=" + std::to_string(bprm.inode->uid) +
                  " target=" + audit_untrusted_string(aa_label_print(*p.ns, me.label(next), 0));
      return aa_profile_decide(me, p, true, false, false, -EPERM, ad);
    });
    return -EPERM;
  }
  if (secure) bprm.secureexec = true;
  me.cred_label(*bprm.cred) = next;
  return 0;
}

}  // namespace

void apparmor_register_exec_hooks(HookRegistrar& r) {
  r.add<Hook::bprm_creds_for_exec>(&bprm_creds_for_exec);
}

}  // namespace lsmsim
