// SELinux's attribute interfaces (security/selinux/hooks.c, v6.12): /proc/PID/attr/*
// (selinux_getprocattr/setprocattr via selinux_lsm_getattr/setattr), lsm_get/set_self_attr,
// SO_PEERSEC and secid <-> context. Contexts are shown NUL-terminated, as
// security_sid_to_context() returns them. Reads of another task are checked with
// process:getattr at the reader's level and every ancestor and show the target's context at
// the reader's level (Smalley series); writes are checked at the current level only.
#include <cerrno>

#include "lsms/selinux/selinux_access.h"
#include "lsms/selinux/selinux_context.h"
#include "lsms/selinux/selinux_lsm.h"
#include "model/capable.h"
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
  Task& current = me.kernel().current();
  if (&p != &current) {
    const int rc =
        selinux_cred_task_has_perm(me, *current.cred, *p.real_cred, "process", {"getattr"}, {});
    if (rc != 0) return rc;
  }
  const SelinuxNamespace& viewer = me.ns_of(*current.cred);
  const bool same_level = &me.ns_of(*p.real_cred) == &viewer;
  std::uint32_t sid = 0;
  switch (attr) {
    case LSM_ATTR_CURRENT:
      // The context at the reader's level (a frozen ancestor SID, or unlabeled).
      sid = me.sid_at(*p.real_cred, viewer);
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
  // The other SIDs belong to the target's own level; other viewers see them as unlabeled.
  if (attr != LSM_ATTR_CURRENT && sid != 0 && !same_level) sid = me.unlabeled_sid;
  if (sid == 0) return 0;  // unset: an empty value
  value = me.context(sid, me.kernel().current()) + '\0';
  return static_cast<int>(value.size());
}

// selinux_lsm_setattr(): `value` as written (a trailing newline or NUL is allowed).
int lsm_setattr(SelinuxLsm& me, unsigned attr, std::string value) {
  const char* perm = nullptr;
  switch (attr) {
    case LSM_ATTR_EXEC:
      perm = "setexec";
      break;
    case LSM_ATTR_FSCREATE:
      perm = "setfscreate";
      break;
    case LSM_ATTR_KEYCREATE:
      perm = "setkeycreate";
      break;
    case LSM_ATTR_SOCKCREATE:
      perm = "setsockcreate";
      break;
    case LSM_ATTR_CURRENT:
      perm = "setcurrent";
      break;
    default:
      return -EOPNOTSUPP;
  }
  // A task may only alter its own credentials; checked in its current namespace only.
  Task& me_task = me.kernel().current();
  const Cred& cur = *me_task.cred;
  SelinuxNamespace& ns = me.ns_of(cur);
  const std::uint32_t mysid = me.cred_sec(cur).sid;
  if (const int rc = selinux_avc_has_perm(me, ns, mysid, mysid, "process", {perm}, {}); rc != 0)
    return rc;
  const auto size = static_cast<int>(value.size());
  std::uint32_t sid = 0;
  // An empty write (or one starting with NUL or newline) clears the attribute.
  if (!value.empty() && value[0] != '\0' && value[0] != '\n') {
    if (value.back() == '\n') value.pop_back();
    // security_context_to_sid() reads up to the first NUL.
    const std::string ctx = value.substr(0, value.find('\0'));
    if (!selinux_context_valid(ctx)) {
      me.explain_denial(ns.name, "invalid security context '" + ctx + "'");
      return -EINVAL;
    }
    if (ns.initialized()) {
      // security_context_to_sid(); fscreate may force an invalid one with CAP_MAC_ADMIN.
      sepolicy::Context parsed;
      std::string why;
      if (ns.ss->context_from_string(ctx, parsed, &why) != 0) {
        bool forced = false;
        if (attr == LSM_ATTR_FSCREATE) {
          forced = capable(me_task, CAP_MAC_ADMIN);
          (void)me.kernel().lsm().take_denial();
        }
        if (!forced) {
          me.explain_denial(ns.name, "invalid security context '" + ctx + "': " + why);
          return -EINVAL;
        }
      }
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
      if (sid != 0) {
        if (const int rc = selinux_avc_has_perm(me, ns, mysid, sid, "key", {"create"}, {}); rc != 0)
          return rc;
      }
      tsec.keycreate_sid = sid;
      break;
    case LSM_ATTR_SOCKCREATE:
      tsec.sockcreate_sid = sid;
      break;
    default:  // LSM_ATTR_CURRENT
      if (sid == 0) {
        me.explain_denial(ns.name, "the current context cannot be cleared");
        return -EINVAL;
      }
      if (const int rc = selinux_avc_has_perm(me, ns, mysid, sid, "process", {"dyntransition"}, {});
          rc != 0)
        return rc;
      // A tracer must be allowed to trace the new SID.
      if (current.ptracer != nullptr) {
        const std::uint32_t ptsid = me.sid_at(*current.ptracer->real_cred, ns);
        if (const int rc = selinux_avc_has_perm(me, ns, ptsid, sid, "process", {"ptrace"}, {});
            rc != 0)
          return rc;
      }
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
