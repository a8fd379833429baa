// AppArmor's attribute interfaces (security/apparmor/lsm.c and procattr.c, v6.12):
// apparmor_getprocattr/setprocattr (do_setattr), getselfattr/setselfattr, SO_PEERSEC and
// secid <-> context. Labels print as "profile (mode)", "unconfined" without a mode; the
// /proc files add a newline, the LSM syscalls and SO_PEERSEC do not (no NUL either).
#include <algorithm>
#include <cerrno>

#include "lsms/apparmor/apparmor_label.h"
#include "lsms/apparmor/apparmor_lsm.h"
#include "lsms/apparmor/apparmor_mediate.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/kernel.h"
#include "model/lsm/lsm_ctx.h"
#include "model/lsm/lsm_uapi.h"
#include "model/lsm/secid_table.h"
#include "model/net/socket.h"

namespace lsmsim {
namespace {

unsigned name_to_attr(const std::string& name) {
  if (name == "current") return LSM_ATTR_CURRENT;
  if (name == "exec") return LSM_ATTR_EXEC;
  if (name == "fscreate") return LSM_ATTR_FSCREATE;
  if (name == "keycreate") return LSM_ATTR_KEYCREATE;
  if (name == "prev") return LSM_ATTR_PREV;
  if (name == "sockcreate") return LSM_ATTR_SOCKCREATE;
  return LSM_ATTR_UNDEF;
}

// Installs `label` as the task's label (commit_creds of a prepared cred).
int set_cred_label(ApparmorLsm& me, std::uint32_t label) {
  Kernel& k = me.kernel();
  Task& current = k.current();
  int err = 0;
  std::shared_ptr<Cred> next = k.prepare_creds(*current.cred, err);
  if (next == nullptr) return -err;
  me.cred_label(*next) = label;
  k.commit_creds(current, std::move(next));
  return 0;
}

// aa_label_is_unconfined_subset(new, old): every confined profile of `old` stays in `now`.
bool keeps_confinement(const AaLabel& now, const AaLabel& old) {
  for (const AaComponent& c : old.vec) {
    if (!aa_profile_confined(aa_component_profile(c))) continue;
    if (std::find(now.vec.begin(), now.vec.end(), c) == now.vec.end()) return false;
  }
  return true;
}

void audit_change(ApparmorLsm& me, const AaLabel& subj, const char* op, const std::string& name,
                  const std::string& info, int error) {
  AaAuditData ad;
  ad.op = op;
  ad.cls = "file";
  ad.info = info;
  ad.error = error;
  ad.name = name;
  me.audit_label(error != 0 ? "DENIED" : "AUDIT", subj, ad);
}

// change_profile_perms(): a profile's change_profile rules for `target` (stack: only the
// `-> &name` rules); unconfined profiles may change freely. Target components in the
// profile's namespace and below it are matched (label_match with subns).
int change_profile_perms(ApparmorLsm& me, const AaProfile& p, const AaLabel& target, bool stack,
                         const char* op, const std::string& name) {
  auto perms_for = [&](const std::string& text) -> std::uint32_t {
    std::uint32_t allow = 0, deny = 0;
    for (const aa::ChangeProfileRule& r : p.rules->change_profile) {
      if (r.exec.has_value()) continue;  // exec-time rules apply at exec (handle_onexec)
      // The compiled rule matches the target string, "&name" when stacking: `-> &A` rules
      // only stack, a glob like `**` also matches "&A".
      const bool hit = stack
                           ? (r.stack_only ? r.target.matches(text) : r.target.matches("&" + text))
                           : (!r.stack_only && r.target.matches(text));
      if (!hit) continue;
      (r.deny ? deny : allow) |= 1;
    }
    return allow & ~deny;
  };
  const bool allowed = aa_peer_perms(p, target, 1, perms_for, true) != 0;
  AaAuditData ad;  // aa_audit_file(): a file-class record with the target
  ad.op = op;
  ad.cls = "file";
  ad.name = name;
  ad.fields = " target=" + audit_untrusted_string(aa_label_print(*p.ns, target, 0));
  return aa_profile_decide(me, p, !allowed, false, false, -EACCES, ad);
}

// aa_change_profile(): "changeprofile"/"permprofile"/"stack" on attr/current (now) and
// "exec"/"stack" on attr/exec (at the next exec). The target must exist (-ENOENT) and be
// allowed by every confined profile of the caller's namespace (-EACCES); without stacking
// it replaces those profiles, out-of-view ones stay. no_new_privs allows stacking only.
int change_profile(ApparmorLsm& me, std::string fqname, bool test, bool onexec, bool stack) {
  Task& current = me.kernel().current();
  const std::uint32_t cur_id = me.cred_label(*current.cred);
  const AaLabel& label = me.label(cur_id);
  const char* op =
      onexec ? (stack ? "stack_onexec" : "change_onexec") : (stack ? "stack" : "change_profile");
  if (!fqname.empty() && fqname.front() == '&') {
    stack = true;
    fqname.erase(0, 1);
  }
  std::vector<AaComponent> tvec;
  const int prc = aa_label_parse(label, fqname, false, tvec);
  if (prc != 0) {
    audit_change(me, label, op, fqname, prc == -ENOENT ? "label not found" : "invalid target", prc);
    me.explain_denial("", "AppArmor label '" + fqname + "' not found");
    return prc;
  }
  const std::uint32_t target_id = me.intern(tvec);
  const AaLabel& target = me.label(target_id);
  // fn_for_each_in_ns(): the profiles in the caller's own namespace decide.
  AaNs& view = aa_labels_ns(label);
  int error = 0;
  for (const AaComponent& c : label.vec) {
    const AaProfile& p = aa_component_profile(c);
    if (c.ns != &view || !aa_profile_confined(p)) continue;
    if (const int e = change_profile_perms(me, p, target, stack, op, fqname); e != 0) error = e;
  }
  if (error != 0) return error;
  if (test) return 0;
  std::vector<AaComponent> next;
  if (stack) {
    next = label.vec;
    next.insert(next.end(), target.vec.begin(), target.vec.end());
  } else {
    for (const AaComponent& c : label.vec)
      if (c.ns != &view) next.push_back(c);
    next.insert(next.end(), target.vec.begin(), target.vec.end());
  }
  const std::uint32_t new_id = me.intern(std::move(next));
  if (current.cred->no_new_privs && !aa_label_unconfined(label) &&
      !keeps_confinement(me.label(new_id), label)) {
    audit_change(me, label, op, fqname, "no new privs", -EPERM);
    me.explain_denial("", "no_new_privs: only stacking is allowed");
    return -EPERM;
  }
  if (onexec) {
    me.task_ctx(current).onexec = new_id;
    return 0;
  }
  return set_cred_label(me, new_id);
}

// aa_change_hat(): the hat is a child of the profile (or of the hat's parent) marked as a
// hat; unconfined has none (-EPERM), a missing hat is -ENOENT, a child profile that is not
// a hat -EPERM. An empty list returns from the hat, which needs the token given when
// entering it (-EACCES; the kernel then also kills the task).
int change_hat(ApparmorLsm& me, const AaChangeHat& req, bool test) {
  Task& current = me.kernel().current();
  AaTaskCtx& ctx = me.task_ctx(current);
  const std::uint32_t cur = me.cred_label(*current.cred);
  const AaLabel& label = me.label(cur);
  if (aa_label_unconfined(label)) {
    me.explain_denial("", "unconfined can not change_hat");
    return -EPERM;
  }
  if (ctx.previous != 0 && ctx.token != req.token) {
    me.explain_denial("", "change_hat token mismatch");
    return -EACCES;
  }
  if (!req.hats.empty()) {
    const AaLabel& base = me.label(ctx.previous != 0 ? ctx.previous : cur);
    std::vector<AaComponent> next;
    int error = 0;
    for (const AaComponent& c : base.vec) {
      const AaProfile& p = aa_component_profile(c);
      if (!aa_profile_confined(p)) {
        next.push_back(c);
        continue;
      }
      const AaProfile* hat = nullptr;
      for (const std::string& h : req.hats) {
        hat = p.ns->find_profile(p.hname + "//" + h);
        if (hat != nullptr) break;
      }
      if (hat == nullptr) {
        error = -ENOENT;
        audit_change(me, label, "change_hat", p.hname + "//" + req.hats.front(), "hat not found",
                     error);
        continue;
      }
      if (!hat->rules->is_hat) {
        error = -EPERM;
        audit_change(me, label, "change_hat", hat->hname, "target not hat", error);
        continue;
      }
      next.push_back(AaComponent{hat->ns, hat->hname});
    }
    if (error != 0) {
      me.explain_denial("", "change_hat: no such hat");
      return error;
    }
    if (test) return 0;
    const std::uint32_t prev = ctx.previous != 0 ? ctx.previous : cur;
    if (const int rc = set_cred_label(me, me.intern(std::move(next))); rc != 0) return rc;
    AaTaskCtx& c2 = me.task_ctx(current);
    c2.previous = prev;
    c2.token = req.token;
    return 0;
  }
  if (ctx.previous == 0 || test) return 0;  // not in a hat: nothing to return from
  if (const int rc = set_cred_label(me, ctx.previous); rc != 0) return rc;
  AaTaskCtx& c2 = me.task_ctx(current);
  c2 = AaTaskCtx{c2.onexec, 0, 0};
  return 0;
}

// do_setattr(): "changehat", "permhat", "changeprofile", "permprofile", "stack" on
// attr/current; "exec", "stack" on attr/exec. Success returns the size written.
int do_setattr(ApparmorLsm& me, unsigned attr, const std::string& value) {
  if (value.empty()) return -EINVAL;
  AaCommand cmd;
  if (!aa_parse_command(value, cmd)) return -EINVAL;
  int rc = -EINVAL;
  bool handled = true;
  auto profile = [&](bool test, bool onexec, bool stack) {
    if (!aa_label_name_valid(cmd.args)) {
      me.explain_denial("", "bad profile name '" + cmd.args + "'");
      return -EINVAL;
    }
    return change_profile(me, cmd.args, test, onexec, stack);
  };
  if (attr == LSM_ATTR_CURRENT) {
    if (cmd.command == "changehat" || cmd.command == "permhat") {
      AaChangeHat hat;
      rc = aa_parse_changehat(std::string_view(value).substr(cmd.args_offset), hat)
               ? change_hat(me, hat, cmd.command == "permhat")
               : -EINVAL;
    } else if (cmd.command == "changeprofile") {
      rc = profile(false, false, false);
    } else if (cmd.command == "permprofile") {
      rc = profile(true, false, false);
    } else if (cmd.command == "stack") {
      rc = profile(false, false, true);
    } else {
      handled = false;
    }
  } else if (attr == LSM_ATTR_EXEC) {
    if (cmd.command == "exec")
      rc = profile(false, true, false);
    else if (cmd.command == "stack")
      rc = profile(false, true, true);
    else
      handled = false;
  } else {
    handled = false;
  }
  if (!handled) {
    me.explain_denial("", "unknown command '" + cmd.command + "'");
    return -EINVAL;
  }
  return rc == 0 ? static_cast<int>(value.size()) : rc;
}

// The label behind attr/current, prev or exec; 0 if unset. prev and exec come from the
// *caller's* task context, not the target's (apparmor_getprocattr reads task_ctx(current)).
std::uint32_t attr_label(ApparmorLsm& me, unsigned attr, const Task& p) {
  Task& current = me.kernel().current();
  if (attr == LSM_ATTR_CURRENT) return me.cred_label(*p.real_cred);
  if (attr == LSM_ATTR_PREV) return me.task_ctx(current).previous;
  if (attr == LSM_ATTR_EXEC) return me.task_ctx(current).onexec;
  return 0;
}

int getprocattr(LsmModule& self, Task& p, const std::string& name, std::string& value) {
  auto& me = apparmor(self);
  const unsigned attr = name == "current" ? LSM_ATTR_CURRENT
                        : name == "prev"  ? LSM_ATTR_PREV
                        : name == "exec"  ? LSM_ATTR_EXEC
                                          : LSM_ATTR_UNDEF;
  const std::uint32_t label = attr == LSM_ATTR_UNDEF ? 0 : attr_label(me, attr, p);
  if (label == 0) return -EINVAL;  // unknown name, or prev/exec not set
  std::string text;
  if (const int rc = me.print(label, me.kernel().current(), text); rc != 0) return rc;
  value = text + "\n";
  return static_cast<int>(value.size());
}

int setprocattr(LsmModule& self, const std::string& name, const std::string& value) {
  if (value.empty()) return -EINVAL;
  // interface_lsm (stacking series): a profile may mediate it (AA_CLASS_DISPLAY_LSM); no
  // policy yet, so always allowed.
  if (name == "interface_lsm") return 0;
  const unsigned attr = name_to_attr(name);
  if (attr == LSM_ATTR_UNDEF) return -EINVAL;
  return do_setattr(apparmor(self), attr, value);
}

int getselfattr(LsmModule& self, unsigned attr, UserBuffer& ctx, std::uint32_t offset,
                std::uint32_t& size, std::uint32_t) {
  auto& me = apparmor(self);
  if (attr != LSM_ATTR_CURRENT && attr != LSM_ATTR_PREV && attr != LSM_ATTR_EXEC)
    return -EOPNOTSUPP;
  Task& current = me.kernel().current();
  const std::uint32_t label = attr_label(me, attr, current);
  if (label == 0) return -ENOENT;  // prev/exec not set: aborts the whole syscall
  std::string text;
  if (const int prc = me.print(label, current, text); prc != 0) return prc;
  const int rc = lsm_fill_user_ctx(ctx, offset, size, text, LSM_ID_APPARMOR, 0);
  return rc < 0 ? rc : 1;
}

int setselfattr(LsmModule& self, unsigned attr, const LsmCtxHeader&, const std::string& value,
                std::uint32_t) {
  if (attr != LSM_ATTR_CURRENT && attr != LSM_ATTR_EXEC) return -EOPNOTSUPP;
  const int rc = do_setattr(apparmor(self), attr, value);
  return rc > 0 ? 0 : rc;
}

int socket_getpeersec_stream(LsmModule& self, Socket& sock, std::string& optval,
                             std::uint32_t& optlen, std::uint32_t len) {
  auto& me = apparmor(self);
  if (sock.security.empty() || me.sk_ctx(sock).peer == 0) return -ENOPROTOOPT;
  // "don't include terminating \0 in slen, it breaks some apps"
  // aa_label_asxprint(view = current's namespace, FLAG_HIDDEN_UNCONFINED): no EACCES here,
  // components out of view are left out ("unconfined" when none is visible).
  return lsm_copy_peersec(me.print_view(me.sk_ctx(sock).peer, me.kernel().current()), optval,
                          optlen, len);
}

// apparmor_label_to_secctx(): printed from root_ns with FLAG_VIEW_SUBNS |
// FLAG_HIDDEN_UNCONFINED, whoever asks; the mode only with the apparmor_display_secid_mode
// sysctl, off by default (lsmsim has no such knob). FLAG_ABS_ROOT's prefix is debug-only.
int secid_to_secctx(LsmModule& self, std::uint32_t secid, std::string& secdata) {
  auto& me = apparmor(self);
  if (me.labels.find(secid) == nullptr) return -EINVAL;
  secdata = aa_label_print(me.policy.root(), me.label(secid), kAaHiddenUnconfined);
  return 0;
}

int lsmprop_to_secctx(LsmModule& self, const LsmProp& prop, std::string& secdata) {
  return secid_to_secctx(self, prop.secid[self.index()], secdata);
}

// apparmor_secctx_to_secid(): aa_label_strn_parse(root_ns's unconfined, create=false):
// names are root-relative whoever asks; a profile's own label always exists, a stack only
// once something made it (vec_find), else ENOENT.
int secctx_to_secid(LsmModule& self, const std::string& secdata, std::uint32_t& secid) {
  auto& me = apparmor(self);
  const std::string name = aa_label_unprint(secdata.substr(0, secdata.find('\0')));
  if (!aa_label_name_valid(name)) return -EINVAL;
  std::vector<AaComponent> vec;
  if (const int rc = aa_label_parse(me.label(me.unconfined), name, false, vec); rc != 0) return rc;
  const bool single = std::all_of(vec.begin(), vec.end(),
                                  [&](const AaComponent& c) { return c == vec.front(); });
  secid = single ? me.intern(std::move(vec)) : me.labels.lookup(std::move(vec));
  return secid != 0 ? 0 : -ENOENT;
}

}  // namespace

void apparmor_register_attr_hooks(HookRegistrar& r) {
  r.add<Hook::getselfattr>(&getselfattr);
  r.add<Hook::setselfattr>(&setselfattr);
  r.add<Hook::getprocattr>(&getprocattr);
  r.add<Hook::setprocattr>(&setprocattr);
  r.add<Hook::socket_getpeersec_stream>(&socket_getpeersec_stream);
  r.add<Hook::secid_to_secctx>(&secid_to_secctx);
  r.add<Hook::lsmprop_to_secctx>(&lsmprop_to_secctx);
  r.add<Hook::secctx_to_secid>(&secctx_to_secid);
}

}  // namespace lsmsim
