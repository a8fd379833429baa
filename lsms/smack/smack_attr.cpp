// Smack's attribute interfaces (security/smack/smack_lsm.c, v6.12): only "current" exists.
// /proc shows the bare label, the LSM syscalls and SO_PEERSEC add a NUL.
#include <cerrno>

#include "lsms/smack/smack_access.h"
#include "lsms/smack/smack_label.h"
#include "lsms/smack/smack_lsm.h"
#include "model/capability.h"
#include "model/kernel.h"
#include "model/lsm/lsm_ctx.h"
#include "model/lsm/lsm_uapi.h"
#include "model/net/socket.h"

namespace lsmsim {
namespace {

bool legacy_attr(const std::string& name, unsigned& attr) {
  attr = name == "current"      ? LSM_ATTR_CURRENT
         : name == "exec"       ? LSM_ATTR_EXEC
         : name == "fscreate"   ? LSM_ATTR_FSCREATE
         : name == "keycreate"  ? LSM_ATTR_KEYCREATE
         : name == "prev"       ? LSM_ATTR_PREV
         : name == "sockcreate" ? LSM_ATTR_SOCKCREATE
                                : LSM_ATTR_UNDEF;
  return attr != LSM_ATTR_UNDEF;
}

// do_setattr() as the stable kernels have it since the 2025 fix "smack: do not import label on
// failed relabel" (Debian's 6.1.176 answers so; v6.12.0 gave EINVAL for "@" and "*" and imported
// first): privilege (smack_privileged(CAP_MAC_ADMIN), onlycap included, or a relabel-self list),
// the size, the attribute, the label's syntax (it ends at the first byte a label may not hold),
// "@" and "*" refused with EPERM, the relabel-self list by name, and only then the import
// (smk_import_entry(): the writer's mapped names inside a Smack namespace). Returns the size.
int do_setattr(SmackLsm& me, unsigned attr, const std::string& value) {
  Kernel& k = me.kernel();
  Task& current = k.current();
  const TaskSmack& tsp = me.tsp(*current.cred);
  // The prototype: CAP_MAC_ADMIN in the task's own (mapped) user namespace.
  const bool privileged =
      smack_ns_privileged_cred(me, *current.cred->user_ns, CAP_MAC_ADMIN, *current.cred);
  if (!privileged && tsp.smk_relabel.empty()) {
    me.explain_denial("", "changing the Smack label needs CAP_MAC_ADMIN");
    return -EPERM;
  }
  if (value.empty() || value.size() >= kSmkLongLabel) return -EINVAL;
  if (attr != LSM_ATTR_CURRENT) return -EOPNOTSUPP;
  std::string label;
  if (!smk_parse_smack(value, label)) {
    me.explain_denial("", "not a Smack label");
    return -EINVAL;
  }
  if (label == "@" || label == "*") {
    me.explain_denial("", "no task may have the label " + label);
    return -EPERM;
  }
  if (!privileged) {
    std::uint32_t found = 0;
    bool listed = smk_find_entry(me, label, current, found) == 0;
    if (listed) {
      listed = false;
      for (std::uint32_t l : tsp.smk_relabel) listed = listed || l == found;
    }
    if (!listed) {
      me.explain_denial("", label + " is not in the task's relabel-self list");
      return -EPERM;
    }
  }
  std::uint32_t skp = 0;
  if (const int rc = smk_import_entry(me, label, current, skp); rc < 0) {
    me.explain_denial("", "not a label mapped in the task's Smack namespace");
    return rc;
  }
  int err = 0;
  std::shared_ptr<Cred> next = k.prepare_creds(*current.cred, err);
  if (next == nullptr) return -err;
  me.tsp(*next).smk_task = skp;
  me.tsp(*next).smk_relabel.clear();  // a task can relabel itself only once
  k.commit_creds(current, std::move(next));
  return static_cast<int>(value.size());
}

int getprocattr(LsmModule& self, Task& p, const std::string& name, std::string& value) {
  if (name != "current") return -EINVAL;
  auto& me = smack(self);
  value = me.label(me.tsp(*p.real_cred).smk_task, me.kernel().current());
  return static_cast<int>(value.size());
}

int setprocattr(LsmModule& self, const std::string& name, const std::string& value) {
  // interface_lsm (stacking series): "reset at will".
  if (name == "interface_lsm") return 0;
  unsigned attr = LSM_ATTR_UNDEF;
  if (!legacy_attr(name, attr)) return -EINVAL;
  return do_setattr(smack(self), attr, value);
}

int getselfattr(LsmModule& self, unsigned attr, UserBuffer& ctx, std::uint32_t offset,
                std::uint32_t& size, std::uint32_t) {
  if (attr != LSM_ATTR_CURRENT) return -EOPNOTSUPP;
  auto& me = smack(self);
  Task& current = me.kernel().current();
  const std::string value = me.label(me.tsp(*current.cred).smk_task, current) + '\0';
  const int rc = lsm_fill_user_ctx(ctx, offset, size, value, LSM_ID_SMACK, 0);
  return rc < 0 ? rc : 1;
}

// smack_setselfattr(): just do_setattr(), which checks privilege (EPERM) before the
// attribute (EOPNOTSUPP); the context's flags are not Smack's business.
int setselfattr(LsmModule& self, unsigned attr, const LsmCtxHeader&, const std::string& value,
                std::uint32_t) {
  const int rc = do_setattr(smack(self), attr, value);
  return rc > 0 ? 0 : rc;
}

// smack_socket_getpeersec_stream(): the packet label with its NUL; "" (one NUL byte) while
// there is no peer label (an unconnected socket), as a real 6.1.176 kernel answers.
int socket_getpeersec_stream(LsmModule& self, Socket& sock, std::string& optval,
                             std::uint32_t& optlen, std::uint32_t len) {
  auto& me = smack(self);
  if (sock.security.empty() || me.ssp(sock).smk_packet == 0)
    return lsm_copy_peersec(std::string(1, '\0'), optval, optlen, len);
  return lsm_copy_peersec(me.label(me.ssp(sock).smk_packet, me.kernel().current()) + '\0', optval,
                          optlen, len);
}

int secid_to_secctx(LsmModule& self, std::uint32_t secid, std::string& secdata) {
  auto& me = smack(self);
  secdata = me.label(secid, me.kernel().current());
  return 0;
}

int lsmprop_to_secctx(LsmModule& self, const LsmProp& prop, std::string& secdata) {
  return secid_to_secctx(self, prop.secid[self.index()], secdata);
}

// smack_secctx_to_secid(): only labels Smack already knows; others give secid 0.
int secctx_to_secid(LsmModule& self, const std::string& secdata, std::uint32_t& secid) {
  secid = smack(self).known.lookup(secdata.substr(0, secdata.find('\0')));
  return 0;
}

}  // namespace

void smack_register_attr_hooks(HookRegistrar& r) {
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
