// SELinux's attribute interfaces (security/selinux/hooks.c, v6.12): /proc/PID/attr/*
// (selinux_getprocattr/setprocattr via selinux_lsm_getattr/setattr), lsm_get/set_self_attr,
// SO_PEERSEC and secid <-> context. Contexts are shown NUL-terminated, as
// security_sid_to_context() returns them. The permission checks (process:getattr,
// setcurrent, setexec, dyntransition, ...) are policy and arrive with issue 4.
#include <cerrno>

#include "lsms/selinux/selinux_context.h"
#include "lsms/selinux/selinux_lsm.h"
#include "model/kernel.h"
#include "model/lsm/lsm_ctx.h"
#include "model/lsm/lsm_uapi.h"
#include "model/net/socket.h"

namespace lsmsim {
namespace {

// lsm_name_to_attr(): the legacy file names; 0 (LSM_ATTR_UNDEF) for any other name.
unsigned name_to_attr(const std::string& name) {
  if (name == "current") return LSM_ATTR_CURRENT;
  if (name == "exec") return LSM_ATTR_EXEC;
  if (name == "fscreate") return LSM_ATTR_FSCREATE;
  if (name == "keycreate") return LSM_ATTR_KEYCREATE;
  if (name == "prev") return LSM_ATTR_PREV;
  if (name == "sockcreate") return LSM_ATTR_SOCKCREATE;
  return LSM_ATTR_UNDEF;
}

// selinux_lsm_getattr(): the SID behind `attr` for task `p`; -EOPNOTSUPP for other attrs.
int lsm_getattr(SelinuxLsm& me, unsigned attr, const Task& p, std::string& value) {
  const SelinuxCredSecurity& tsec = me.cred_sec(*p.real_cred);
  std::uint32_t sid = 0;
  switch (attr) {
    case LSM_ATTR_CURRENT:
      sid = tsec.sid;
      break;
    case LSM_ATTR_PREV:
      sid = tsec.osid;
      break;
    case LSM_ATTR_EXEC:
      sid = tsec.exec_sid;
      break;
    case LSM_ATTR_FSCREATE:
      sid = tsec.create_sid;
      break;
    case LSM_ATTR_KEYCREATE:
      sid = tsec.keycreate_sid;
      break;
    case LSM_ATTR_SOCKCREATE:
      sid = tsec.sockcreate_sid;
      break;
    default:
      return -EOPNOTSUPP;
  }
  value.clear();
  if (sid == 0) return 0;  // unset: an empty value
  value = me.context(sid, me.kernel().current()) + '\0';
  return static_cast<int>(value.size());
}

// selinux_lsm_setattr(): `value` as written (a trailing newline or NUL is allowed).
int lsm_setattr(SelinuxLsm& me, unsigned attr, std::string value) {
  switch (attr) {
    case LSM_ATTR_EXEC:
    case LSM_ATTR_FSCREATE:
    case LSM_ATTR_KEYCREATE:
    case LSM_ATTR_SOCKCREATE:
    case LSM_ATTR_CURRENT:
      break;  // (policy: process:setexec/setfscreate/... checks go here)
    default:
      return -EOPNOTSUPP;
  }
  const auto size = static_cast<int>(value.size());
  std::uint32_t sid = 0;
  // An empty write (or one starting with NUL or newline) clears the attribute.
  if (!value.empty() && value[0] != '\0' && value[0] != '\n') {
    if (value.back() == '\n') value.pop_back();
    // security_context_to_sid() reads up to the first NUL.
    const std::string ctx = value.substr(0, value.find('\0'));
    if (!selinux_context_valid(ctx)) {
      me.explain_denial("", "invalid security context '" + ctx + "'");
      return -EINVAL;
    }
    sid = me.sids.intern(ctx);
  }
  Kernel& k = me.kernel();
  Task& current = k.current();
  int err = 0;
  std::shared_ptr<Cred> next = k.prepare_creds(*current.cred, err);
  if (next == nullptr) return -err;
  SelinuxCredSecurity& tsec = me.cred_sec(*next);
  switch (attr) {
    case LSM_ATTR_EXEC:
      tsec.exec_sid = sid;
      break;
    case LSM_ATTR_FSCREATE:
      tsec.create_sid = sid;
      break;
    case LSM_ATTR_KEYCREATE:
      tsec.keycreate_sid = sid;
      break;
    case LSM_ATTR_SOCKCREATE:
      tsec.sockcreate_sid = sid;
      break;
    default:  // LSM_ATTR_CURRENT
      if (sid == 0) {
        me.explain_denial("", "the current context cannot be cleared");
        return -EINVAL;
      }
      // (policy: a multithreaded task needs a bounded transition; process:dyntransition;
      // a ptracer must be allowed to trace the new SID)
      tsec.sid = sid;
  }
  k.commit_creds(current, std::move(next));
  return size;
}

int getprocattr(LsmModule& self, Task& p, const std::string& name, std::string& value) {
  const unsigned attr = name_to_attr(name);
  if (attr != LSM_ATTR_UNDEF) {
    const int rc = lsm_getattr(selinux(self), attr, p, value);
    if (rc != -EOPNOTSUPP) return rc;
  }
  return -EINVAL;
}

int setprocattr(LsmModule& self, const std::string& name, const std::string& value) {
  // interface_lsm (stacking series): SELinux only checks process2:setdisplay (policy).
  if (name == "interface_lsm") return 0;
  const unsigned attr = name_to_attr(name);
  if (attr == LSM_ATTR_UNDEF) return -EINVAL;
  return lsm_setattr(selinux(self), attr, value);
}

int getselfattr(LsmModule& self, unsigned attr, UserBuffer& ctx, std::uint32_t offset,
                std::uint32_t& size, std::uint32_t) {
  auto& me = selinux(self);
  std::string value;
  const int len = lsm_getattr(me, attr, me.kernel().current(), value);
  if (len < 0) return len;
  const int rc = lsm_fill_user_ctx(ctx, offset, size, value, LSM_ID_SELINUX, 0);
  return rc == 0 ? 1 : rc;
}

int setselfattr(LsmModule& self, unsigned attr, const LsmCtxHeader&, const std::string& value,
                std::uint32_t) {
  const int rc = lsm_setattr(selinux(self), attr, value);
  return rc > 0 ? 0 : rc;
}

// selinux_socket_getpeersec_stream(): the peer's context with its NUL.
int socket_getpeersec_stream(LsmModule& self, Socket& sock, std::string& optval,
                             std::uint32_t& optlen, std::uint32_t len) {
  auto& me = selinux(self);
  if (sock.security.empty()) return -ENOPROTOOPT;
  const std::uint32_t peer = me.sock_sec(sock).peer_sid;
  if (peer == 0) return -ENOPROTOOPT;  // SECSID_NULL: no peer label
  return lsm_copy_peersec(me.context(peer, me.kernel().current()) + '\0', optval, optlen, len);
}

int secid_to_secctx(LsmModule& self, std::uint32_t secid, std::string& secdata) {
  auto& me = selinux(self);
  if (me.sids.find(secid) == nullptr) return -EINVAL;
  secdata = me.context(secid, me.kernel().current());
  return 0;
}

int lsmprop_to_secctx(LsmModule& self, const LsmProp& prop, std::string& secdata) {
  return secid_to_secctx(self, prop.secid[self.index()], secdata);
}

int secctx_to_secid(LsmModule& self, const std::string& secdata, std::uint32_t& secid) {
  const std::string ctx = secdata.substr(0, secdata.find('\0'));
  if (!selinux_context_valid(ctx)) return -EINVAL;
  secid = selinux(self).sids.intern(ctx);
  return 0;
}

}  // namespace

void selinux_register_attr_hooks(HookRegistrar& r) {
  r.add<Hook::getprocattr>(&getprocattr);
  r.add<Hook::setprocattr>(&setprocattr);
  r.add<Hook::getselfattr>(&getselfattr);
  r.add<Hook::setselfattr>(&setselfattr);
  r.add<Hook::socket_getpeersec_stream>(&socket_getpeersec_stream);
  r.add<Hook::secid_to_secctx>(&secid_to_secctx);
  r.add<Hook::lsmprop_to_secctx>(&lsmprop_to_secctx);
  r.add<Hook::secctx_to_secid>(&secctx_to_secid);
}

}  // namespace lsmsim
