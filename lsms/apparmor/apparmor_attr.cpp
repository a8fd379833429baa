// AppArmor's attribute interfaces (security/apparmor/lsm.c and procattr.c, v6.12):
// apparmor_getprocattr/setprocattr (do_setattr), getselfattr/setselfattr, SO_PEERSEC and
// secid <-> context. Labels print as "profile (mode)", "unconfined" without a mode; the
// /proc files add a newline, the LSM syscalls and SO_PEERSEC do not (no NUL either).
#include <algorithm>
#include <cerrno>
#include <csignal>

#include "lsms/apparmor/apparmor_label.h"
#include "lsms/apparmor/apparmor_lsm.h"
#include "lsms/apparmor/apparmor_mediate.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/kernel.h"
#include "model/lsm/lsm_ctx.h"
#include "model/lsm/lsm_uapi.h"
#include "model/lsm/secid_table.h"
#include "model/net/socket.h"
#include "model/process/exit.h"

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

// aa_replace_current_label(): installs `label` as the task's label (commit_creds of a
// prepared cred); a change to unconfined or to another namespace ends the hat and onexec
// state (aa_clear_task_ctx_trans).
int set_cred_label(ApparmorLsm& me, std::uint32_t label) {
  Kernel& k = me.kernel();
  Task& current = k.current();
  const AaLabel& old = me.cred_aa_label(*current.cred);
  const AaLabel& now = me.label(label);
  if (aa_label_unconfined(now) || &aa_labels_ns(old) != &aa_labels_ns(now))
    aa_clear_task_ctx_trans(me.task_ctx(current));
  int err = 0;
  std::shared_ptr<Cred> next = k.prepare_creds(*current.cred, err);
  if (next == nullptr) return -err;
  me.cred_label(*next) = label;
  k.commit_creds(current, std::move(next));
  return 0;
}

// aa_audit_file() for a self-directed change: a file-class record of profile `p`.
// Complain mode logs ALLOWED; the error stays (the caller decides).
void audit_change(ApparmorLsm& me, const AaProfile& p, const char* op, const std::string& name,
                  const std::string& info, int error, const AaLabel* target, const char* type) {
  AaAuditData ad;
  ad.op = op;
  ad.cls = "file";
  ad.info = info;
  ad.error = error;
  ad.name = name;
  if (target != nullptr)
    ad.fields = " target=" + audit_untrusted_string(aa_label_print(*p.ns, *target, 0));
  me.audit(type, p, ad);
}

// The same for every profile of `label` in its own namespace (fn_for_each_in_ns).
void audit_in_ns(ApparmorLsm& me, const AaLabel& label, const char* op, const std::string& name,
                 const std::string& info, int error, const AaLabel* target = nullptr,
                 bool kill = false) {
  AaNs& view = aa_labels_ns(label);
  for (const AaComponent& c : label.vec) {
    if (c.ns != &view) continue;
    const AaProfile& p = aa_component_profile(c);
    const bool complain = p.mode() == aa::ProfileMode::complain;
    audit_change(me, p, op, name, info, error, target,
                 kill ? "KILLED" : (complain ? "ALLOWED" : "DENIED"));
  }
  if (kill) send_sig_info(SIGKILL, me.kernel().current());
}

// The no_new_privs test of a self-directed change (not an AppArmor denial: no record).
bool nnp_refuses(ApparmorLsm& me, Task& current, const AaLabel& label, const AaLabel& next) {
  if (!current.cred->no_new_privs || aa_label_unconfined(label)) return false;
  return !aa_label_is_unconfined_subset(next, me.label(me.task_ctx(current).nnp));
}

// aa_change_profile(): "changeprofile"/"permprofile"/"stack" on attr/current (now) and
// "exec"/"stack" on attr/exec (at the next exec). The target must exist (-ENOENT) and be
// allowed by every confined profile of the caller's namespace (-EACCES; exec-conditional
// rules count: their program is checked at exec); without stacking it replaces those
// profiles, out-of-view ones stay. no_new_privs allows stacking only (-EPERM, no record).
// attr/exec keeps the bare target and whether it stacks (aa_set_current_onexec); exec
// builds the label.
int change_profile(ApparmorLsm& me, std::string fqname, bool test, bool onexec, bool stack) {
  Task& current = me.kernel().current();
  const std::uint32_t cur_id = me.cred_label(*current.cred);
  const AaLabel& label = me.label(cur_id);
  aa_note_nnp(me.task_ctx(current), current.cred->no_new_privs, label, cur_id);
  const char* op =
      onexec ? (stack ? "stack_onexec" : "change_onexec") : (stack ? "stack" : "change_profile");
  const std::string auditname = fqname;  // keeps a leading '&'
  if (!fqname.empty() && fqname.front() == '&') {
    stack = true;
    fqname.erase(0, 1);
  }
  std::vector<AaComponent> tvec;
  const int prc = aa_label_parse(label, fqname, false, tvec);
  if (prc != 0) {
    audit_in_ns(me, label, op, auditname, "label not found", prc);
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
    AaAuditData ad;
    ad.op = op;
    ad.cls = "file";
    ad.name = auditname;
    ad.fields = " target=" + audit_untrusted_string(aa_label_print(*p.ns, target, 0));
    const bool ok = aa_change_profile_perms(p, target, stack, nullptr);
    if (const int e = aa_profile_decide(me, p, !ok, false, false, -EACCES, ad); e != 0) error = e;
  }
  if (error != 0) return error;
  if (test) return 0;
  std::vector<AaComponent> next;
  if (stack) {
    next = label.vec;
    next.insert(next.end(), target.vec.begin(), target.vec.end());
  } else {
    // fn_label_build_in_ns(): in-view profiles become the target, the others stay.
    for (const AaComponent& c : label.vec)
      if (c.ns != &view) next.push_back(c);
    next.insert(next.end(), target.vec.begin(), target.vec.end());
  }
  const std::uint32_t new_id = me.intern(std::move(next));
  if (!stack && nnp_refuses(me, current, label, me.label(new_id))) {
    me.explain_denial("", "no_new_privs: only stacking is allowed");
    return -EPERM;
  }
  if (onexec) {
    AaTaskCtx& ctx = me.task_ctx(current);
    ctx.onexec = target_id;
    ctx.onexec_stack = stack;
    return 0;
  }
  return set_cred_label(me, new_id);
}

// aa_find_child(): the direct child `name` of `parent`.
const AaProfile* find_child(const AaProfile& parent, const std::string& name) {
  return parent.ns->find_profile(parent.hname + "//" + name);
}

bool has_children(const AaProfile& p) {
  const std::string prefix = p.hname + "//";
  auto it = p.ns->profiles.lower_bound(prefix);
  return it != p.ns->profiles.end() && it->first.rfind(prefix, 0) == 0;
}

bool is_hat(const AaProfile& p) {
  return p.rules != nullptr && p.rules->is_hat;
}

// aa_change_hat(): the first hat name that every profile of the caller's namespace has
// (children of the profile, or siblings when already in a hat) is entered; out-of-view
// profiles stay. Missing everywhere: -ENOENT ("hat not found"), -ECHILD ("no hats defined")
// when no profile has children, logged only when several names were tried or in complain
// mode. A child that is not a hat, or a hat beside a non-hat: -EPERM. unconfined: -EPERM.
// An empty list returns to the saved label. A wrong token when entering another hat or
// returning kills the task (-EACCES, "failed token match"). no_new_privs: the new label
// must keep the confinement no_new_privs was set under (-EPERM, no record).
int change_hat(ApparmorLsm& me, const AaChangeHat& req, bool test) {
  Task& current = me.kernel().current();
  const std::uint32_t cur = me.cred_label(*current.cred);
  const AaLabel& label = me.label(cur);
  aa_note_nnp(me.task_ctx(current), current.cred->no_new_privs, label, cur);
  AaTaskCtx& ctx = me.task_ctx(current);
  const std::uint32_t previous = ctx.previous != 0 ? me.labels.newest(ctx.previous) : 0;
  if (aa_label_unconfined(label)) {
    audit_in_ns(me, label, "change_hat", "", "unconfined can not change_hat", -EPERM);
    me.explain_denial("", "unconfined can not change_hat");
    return -EPERM;
  }
  AaNs& view = aa_labels_ns(label);
  if (!req.hats.empty()) {
    const bool sibling = is_hat(aa_component_profile(label.vec.back()));
    std::string info;
    int error = 0;
    const std::string* found = nullptr;
    std::string name;  // the record's name=: none when no hat was found
    for (const std::string& h : req.hats) {
      bool all = true;
      name = h;
      for (const AaComponent& c : label.vec) {
        if (c.ns != &view) continue;
        const AaProfile& p = aa_component_profile(c);
        const AaProfile* root = nullptr;
        if (sibling && is_hat(p)) {
          root = p.ns->find_profile(p.hname.substr(0, p.hname.rfind("//")));
        } else if (!sibling && !is_hat(p)) {
          root = &p;
        } else {
          info = "conflicting targets types";
          error = -EPERM;
          break;
        }
        const AaProfile* hat = root != nullptr ? find_child(*root, h) : nullptr;
        if (hat == nullptr) {
          // Complain mode would build a learning hat (not modelled): treated as missing.
          all = false;
          break;
        }
        if (!is_hat(*hat)) {
          info = "target not hat";
          error = -EPERM;
          break;
        }
      }
      if (error != 0) break;
      if (all) {
        found = &h;
        break;
      }
    }
    if (found == nullptr) {
      if (error == 0) {
        name.clear();
        info = "no hats defined";
        error = -ECHILD;
        for (const AaComponent& c : label.vec)
          if (c.ns == &view && has_children(aa_component_profile(c))) {
            info = "hat not found";
            error = -ENOENT;
          }
      }
      for (const AaComponent& c : label.vec) {
        if (c.ns != &view) continue;
        const AaProfile& p = aa_component_profile(c);
        const bool complain = p.mode() == aa::ProfileMode::complain;
        // change_hat probes: a single missing name is not logged.
        if (req.hats.size() > 1 || complain)
          audit_change(me, p, "change_hat", name, info, error, nullptr,
                       complain ? "ALLOWED" : "DENIED");
      }
      me.explain_denial("", "change_hat: " + info);
      return error;
    }
    std::vector<AaComponent> next;
    for (const AaComponent& c : label.vec) {
      if (c.ns != &view) {
        next.push_back(c);
        continue;
      }
      const AaProfile& p = aa_component_profile(c);
      const AaProfile& root =
          sibling ? *p.ns->find_profile(p.hname.substr(0, p.hname.rfind("//"))) : p;
      const AaProfile& hat = *find_child(root, *found);
      next.push_back(AaComponent{hat.ns, hat.hname});
    }
    const std::uint32_t new_id = me.intern(std::move(next));
    if (nnp_refuses(me, current, label, me.label(new_id))) {
      me.explain_denial("", "no_new_privs: change_hat refused");
      return -EPERM;
    }
    if (test) return 0;
    // aa_set_current_hat(): the first hat saves the label and the token; another hat needs
    // the same token.
    if (ctx.previous != 0 && ctx.token != req.token) {
      audit_in_ns(me, label, "change_hat", "", "failed token match", -EACCES, &me.label(new_id),
                  true);
      return -EACCES;
    }
    const bool first = ctx.previous == 0;
    if (const int rc = set_cred_label(me, new_id); rc != 0) return rc;
    AaTaskCtx& c2 = me.task_ctx(current);
    if (first) {
      c2.previous = cur;
      c2.token = req.token;
    }
    c2.onexec = 0;  // a hat has no pending onexec
    c2.onexec_stack = false;
    return 0;
  }
  if (previous == 0 || test) return 0;  // not in a hat: nothing to return from
  if (nnp_refuses(me, current, label, me.label(previous))) {
    me.explain_denial("", "no_new_privs: change_hat refused");
    return -EPERM;
  }
  // aa_restore_previous_label(): the token must match.
  if (ctx.token != req.token) {
    audit_in_ns(me, label, "change_hat", "", "failed token match", -EACCES, &me.label(previous),
                true);
    return -EACCES;
  }
  if (const int rc = set_cred_label(me, previous); rc != 0) return rc;
  aa_clear_task_ctx_trans(me.task_ctx(current));
  return 0;
}

// do_setattr(): "changehat", "permhat", "changeprofile", "permprofile", "stack" on
// attr/current; "exec", "stack" on attr/exec. Success returns the size written. An unknown
// command is -EINVAL with a DENIED record (operation="setprocattr", info = the attribute).
int do_setattr(ApparmorLsm& me, unsigned attr, const std::string& value) {
  if (value.empty()) return -EINVAL;
  AaCommand cmd;
  if (!aa_parse_command(value, cmd)) return -EINVAL;
  int rc = -EINVAL;
  bool handled = true;
  auto profile = [&](bool test, bool onexec, bool stack) {
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
    AaAuditData ad;
    ad.op = "setprocattr";
    ad.info = attr == LSM_ATTR_CURRENT ? "current" : attr == LSM_ATTR_EXEC ? "exec" : "invalid";
    ad.error = -EINVAL;
    me.audit_label("DENIED", me.cred_aa_label(*me.kernel().current().cred), ad);
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
