// AppArmor's attribute interfaces (security/apparmor/lsm.c and procattr.c, v6.12):
// apparmor_getprocattr/setprocattr (do_setattr), getselfattr/setselfattr, SO_PEERSEC and
// secid <-> context. Labels print as "profile (mode)", "unconfined" without a mode; the
// /proc files add a newline, the LSM syscalls and SO_PEERSEC do not (no NUL either).
#include <cerrno>

#include "lsms/apparmor/apparmor_label.h"
#include "lsms/apparmor/apparmor_lsm.h"
#include "model/kernel.h"
#include "model/lsm/lsm_ctx.h"
#include "model/lsm/lsm_uapi.h"
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

// "A//&B" from the current label and "B" (stacking keeps unconfined: "unconfined//&B").
std::string stacked(const std::string& current, const std::string& name) {
  const std::string add = name[0] == '&' ? name.substr(1) : name;
  return current + "//&" + add;
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

// aa_change_hat(): hats live under the profile; unconfined has none (-EPERM). Without a
// policy every hat name is taken to exist. An empty list returns from the hat, which needs
// the token given when entering it (-EACCES; the kernel then also kills the task).
int change_hat(ApparmorLsm& me, const AaChangeHat& req, bool test) {
  Task& current = me.kernel().current();
  AaTaskCtx& ctx = me.task_ctx(current);
  const std::uint32_t label = me.cred_label(*current.cred);
  if (label == me.unconfined) {
    me.explain_denial("", "unconfined can not change_hat");
    return -EPERM;
  }
  if (!req.hats.empty()) {
    if (test) return 0;
    if (ctx.previous != 0 && ctx.token != req.token) {
      me.explain_denial("", "change_hat token mismatch");
      return -EACCES;
    }
    const std::uint32_t base = ctx.previous != 0 ? ctx.previous : label;
    const std::uint32_t hat = me.labels.intern(me.name(base) + "//" + req.hats.front());
    if (const int rc = set_cred_label(me, hat); rc != 0) return rc;
    ctx.previous = base;
    ctx.token = req.token;
    return 0;
  }
  if (ctx.previous == 0 || test) return 0;  // not in a hat: nothing to return from
  if (ctx.token != req.token) {
    me.explain_denial("", "change_hat token mismatch");
    return -EACCES;
  }
  if (const int rc = set_cred_label(me, ctx.previous); rc != 0) return rc;
  ctx = AaTaskCtx{ctx.onexec, 0, 0};
  return 0;
}

// do_setattr(): "changehat", "permhat", "changeprofile", "permprofile", "stack" on
// attr/current; "exec", "stack" on attr/exec. Success returns the size written.
int do_setattr(ApparmorLsm& me, unsigned attr, const std::string& value) {
  if (value.empty()) return -EINVAL;
  AaCommand cmd;
  if (!aa_parse_command(value, cmd)) return -EINVAL;
  Task& current = me.kernel().current();
  const std::string cur = me.name(me.cred_label(*current.cred));
  int rc = -EINVAL;
  bool handled = true;
  auto profile = [&](bool test, bool onexec, bool stack) {
    if (!aa_label_name_valid(cmd.args)) {
      me.explain_denial("", "bad profile name '" + cmd.args + "'");
      return -EINVAL;
    }
    if (test) return 0;  // permprofile: would be allowed (no policy to ask)
    const std::uint32_t label = me.labels.intern(stack ? stacked(cur, cmd.args) : cmd.args);
    if (onexec) {
      me.task_ctx(current).onexec = label;
      return 0;
    }
    return set_cred_label(me, label);
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
  value = me.print(label, me.kernel().current()) + "\n";
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
  const int rc = lsm_fill_user_ctx(ctx, offset, size, me.print(label, current), LSM_ID_APPARMOR, 0);
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
  return lsm_copy_peersec(me.print(me.sk_ctx(sock).peer, me.kernel().current()), optval, optlen,
                          len);
}

int secid_to_secctx(LsmModule& self, std::uint32_t secid, std::string& secdata) {
  auto& me = apparmor(self);
  if (me.labels.find(secid) == nullptr) return -EINVAL;
  secdata = me.print(secid, me.kernel().current());
  return 0;
}

int lsmprop_to_secctx(LsmModule& self, const LsmProp& prop, std::string& secdata) {
  return secid_to_secctx(self, prop.secid[self.index()], secdata);
}

int secctx_to_secid(LsmModule& self, const std::string& secdata, std::uint32_t& secid) {
  const std::string name = aa_label_unprint(secdata.substr(0, secdata.find('\0')));
  if (!aa_label_name_valid(name)) return -EINVAL;
  secid = apparmor(self).labels.intern(name);
  return 0;
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
