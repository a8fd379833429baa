// AppArmor's exec transitions (security/apparmor/domain.c, v6.12):
// apparmor_bprm_creds_for_exec -> handle_onexec or, per profile of the label,
// profile_transition -> x_to_label / find_attach; the per-profile results merged into one
// label (fn_label_build + aa_label_merge), the no_new_privs subset rule, env scrubbing.
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
    t.secure = fp.exec.scrub;
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

// The onexec label must be allowed by an exec-time change_profile rule of every confined
// profile (profile_onexec: AA_MAY_ONEXEC on the program, then change_profile_perms).
int handle_onexec(ApparmorLsm& me, const AaLabel& label, const AaLabel& onexec,
                  const std::string& name) {
  return aa_for_each_confined(label, [&](const AaProfile& p) {
    bool allowed = false;
    auto perms_for = [&](const std::string& text) -> std::uint32_t {
      for (const aa::ChangeProfileRule& r : p.rules->change_profile) {
        if (r.deny) continue;
        if (r.exec.has_value() && !r.exec->matches(name)) continue;
        const std::string target = r.stack_only && text.front() != '&' ? "&" + text : text;
        if (r.target.matches(text) || r.target.matches(target)) return 1;
      }
      return 0;
    };
    allowed = aa_peer_perms(p, onexec, 1, perms_for, true) != 0;
    AaAuditData ad;
    ad.op = "change_onexec";
    ad.cls = "file";
    ad.name = name;
    if (!allowed) ad.info = "no change_onexec valid for executable";
    ad.fields = " target=" + audit_untrusted_string(aa_label_print(*p.ns, onexec, 0));
    return aa_profile_decide(me, p, !allowed, false, false, -EACCES, ad);
  });
}

// aa_label_is_unconfined_subset(new, nnp): every confined profile the task had when it set
// no_new_privs is still in the new label.
bool nnp_subset(const AaLabel& now, const AaLabel& nnp) {
  for (const AaComponent& c : nnp.vec) {
    if (!aa_profile_confined(aa_component_profile(c))) continue;
    bool found = false;
    for (const AaComponent& n : now.vec) found = found || n == c;
    if (!found) return false;
  }
  return true;
}

int bprm_creds_for_exec(LsmModule& self, LinuxBinprm& bprm) {
  auto& me = apparmor(self);
  Task& current = me.kernel().current();
  AaTaskCtx& ctx = me.task_ctx(current);
  const std::uint32_t old_id = me.cred_label(*bprm.cred);
  const AaLabel& label = me.label(old_id);
  const std::string name = bprm.file != nullptr ? bprm.file->path : bprm.filename;
  const Cred& cred = *current.cred;
  std::vector<AaComponent> merged;
  bool secure = false;
  if (ctx.onexec != 0) {
    const AaLabel& onexec = me.label(ctx.onexec);
    if (const int rc = handle_onexec(me, label, onexec, name); rc != 0) return rc;
    merged = onexec.vec;
  } else {
    int error = 0;
    for (const AaComponent& c : label.vec) {
      Transition t = profile_transition(me, aa_component_profile(c), name, cred, *bprm.inode);
      if (t.error != 0) {
        error = t.error;
        continue;
      }
      secure = secure || t.secure;
      merged.insert(merged.end(), t.label.begin(), t.label.end());
    }
    if (error != 0) return error;
  }
  const std::uint32_t next = me.intern(std::move(merged));
  // no_new_privs: only transitions to a label keeping every profile the task had are allowed
  // (lsmsim takes the label at exec time as the one no_new_privs was set under).
  if (cred.no_new_privs && !aa_label_unconfined(label) && !nnp_subset(me.label(next), label)) {
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
