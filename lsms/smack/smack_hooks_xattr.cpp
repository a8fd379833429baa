// Smack's extended attributes (security/smack/smack_lsm.c, v6.12): who may set and remove
// the SMACK64* xattrs, what values they take, how the blob follows them, and the values
// getxattr shows (smack_inode_getsecurity).
#include <cerrno>
#include <cstring>

#include "lsms/smack/smack_label.h"
#include "lsms/smack/smack_objects.h"
#include "model/capability.h"
#include "model/kernel.h"
#include "model/net/socket.h"
#include "model/vfs/inode.h"

namespace lsmsim {

namespace {

constexpr std::size_t kTransTrueSize = 4;

bool is_transmute_true(const std::string& value) {
  return value.size() == kTransTrueSize && value.compare(0, kTransTrueSize, TRANS_TRUE) == 0;
}

bool is_label_name(const std::string& name) {
  return name == XATTR_NAME_SMACK || name == XATTR_NAME_SMACKIPIN || name == XATTR_NAME_SMACKIPOUT;
}

bool is_task_label_name(const std::string& name) {
  return name == XATTR_NAME_SMACKEXEC || name == XATTR_NAME_SMACKMMAP;
}

bool is_smack_name(const std::string& name) {
  return is_label_name(name) || is_task_label_name(name) || name == XATTR_NAME_SMACKTRANSMUTE;
}

// smack_inode_xattr_skipcap() as v6.12 has it: it compares the full name with the bare
// suffix "SMACK64", so it never claims a name and commoncap's CAP_SYS_ADMIN check on
// security.* always runs as well (fixed after v6.12 by comparing with "security.SMACK64").
int inode_xattr_skipcap(LsmModule&, const std::string& name) {
  if (name.compare(0, std::strlen(XATTR_SMACK_SUFFIX), XATTR_SMACK_SUFFIX) != 0) return 0;
  return is_smack_name(name) ? 1 : 0;
}

// The SMACK64* xattrs need CAP_MAC_ADMIN. The namespace prototype asks it in the current
// task's user namespace (smack_ns_privileged(ns_of_current())), and only when the task's and
// the object's labels are both mapped there (smk_labels_valid()); outside a mapped namespace
// this is v6.12's smack_privileged(). Without a current task (a kernel thread): privileged.
bool smk_mac_admin(SmackLsm& me, std::uint32_t object) {
  Kernel& k = me.kernel();
  if (!k.has_current()) return smack_privileged(me, CAP_MAC_ADMIN);
  const Cred& cred = *k.current().cred;
  const UserNamespace& ns = *cred.user_ns;
  const bool ok = smk_labels_valid(me, me.tsp(cred).smk_task, object, ns) &&
                  smack_ns_privileged_cred(me, ns, CAP_MAC_ADMIN, cred);
  (void)k.lsm().take_denial();
  return ok;
}

// smack_inode_setxattr(): the SMACK64* names need CAP_MAC_ADMIN (smk_mac_admin(); EPERM
// before any EINVAL) and a valid value: a label (not "*" or "@" for EXEC/MMAP; inside a mapped
// namespace a mapped name, EBADR otherwise), "TRUE" on a directory for TRANSMUTE. Then, for
// every name, write access to the object.
int inode_setxattr(LsmModule& self, Inode& inode, const std::string& name, const std::string& value,
                   int) {
  auto& me = smack(self);
  const bool check_import = is_label_name(name) || is_task_label_name(name);
  const bool check_star = is_task_label_name(name);
  const bool check_priv = check_import || name == XATTR_NAME_SMACKTRANSMUTE;
  int rc = 0;
  const bool bad_transmute =
      name == XATTR_NAME_SMACKTRANSMUTE && (!inode.is_dir() || !is_transmute_true(value));
  const std::uint32_t obj = smk_of_inode(me, inode);
  if (check_priv && !smk_mac_admin(me, obj)) {
    me.explain_denial("", "smack_inode_setxattr: setting " + name +
                              " needs CAP_MAC_ADMIN (and both labels mapped in a Smack "
                              "namespace)");
    rc = -EPERM;
  } else if (bad_transmute) {
    me.explain_denial("",
                      "smack_inode_setxattr: SMACK64TRANSMUTE takes \"TRUE\", on a "
                      "directory only");
    rc = -EINVAL;
  }
  if (rc == 0 && check_import) {
    std::uint32_t skp = 0;
    if (value.empty()) {
      rc = -EINVAL;
    } else {
      rc = smk_import_current(me, value, skp);
      if (rc == 0 && check_star && smk_star_or_web(me, skp)) rc = -EINVAL;
    }
    if (rc != 0)
      me.explain_denial(
          "", "smack_inode_setxattr: \"" + value + "\" is not a valid " + name + " value");
  }
  if (rc != 0) return rc;
  const SmackAuditInfo ad = smk_ad(me, "smack_inode_setxattr", smk_ad_inode(inode));
  return smk_curacc(me, obj, MAY_WRITE, &ad);
}

// smack_inode_post_setxattr(): the blob follows SMACK64, SMACK64EXEC, SMACK64MMAP and
// SMACK64TRANSMUTE. Inside a mapped namespace the value written is a mapped name; the
// prototype's smack_inode_pre_setxattr() hands the filesystem the init name instead, so the
// disk keeps unmapped labels. lsmsim has no pre_setxattr hook: the stored value is replaced
// here, before anything can read it (the VFS stored it just before calling this hook).
void inode_post_setxattr(LsmModule& self, Inode& inode, const std::string& name,
                         const std::string& value, int) {
  auto& me = smack(self);
  std::uint32_t skp = 0;
  const bool label = name == XATTR_NAME_SMACK || is_task_label_name(name);
  const bool imported = label && smk_import_current(me, value, skp) == 0;
  if (imported) {
    Kernel& k = me.kernel();
    const Task& writer = k.has_current() ? k.current() : k.init_task();
    if (me.namespaces.find_mapped_ns(*writer.cred->user_ns) != nullptr) {
      auto it = inode.xattrs.find(name);
      const std::string* init_name = me.known.find(skp);
      if (it != inode.xattrs.end() && init_name != nullptr) it->second = *init_name;
    }
  }
  InodeSmack* isp = smk_inode_instant(me, inode);
  if (isp == nullptr) return;
  if (name == XATTR_NAME_SMACKTRANSMUTE) {
    isp->smk_flags |= SMK_INODE_TRANSMUTE;
    return;
  }
  if (!imported) return;
  if (name == XATTR_NAME_SMACK) {
    isp->smk_inode = skp;
  } else if (name == XATTR_NAME_SMACKEXEC) {
    isp->smk_task = skp;
  } else if (name == XATTR_NAME_SMACKMMAP) {
    isp->smk_mmap = skp;
  }
}

// smack_inode_getxattr(): read access to the object.
int inode_getxattr(LsmModule& self, Inode& inode, const std::string&) {
  auto& me = smack(self);
  const SmackAuditInfo ad = smk_ad(me, "smack_inode_getxattr", smk_ad_inode(inode));
  return smk_curacc(me, smk_of_inode(me, inode), MAY_READ, &ad);
}

// smack_inode_removexattr(): CAP_MAC_ADMIN for the SMACK64* names, write access to the
// object for every name; then SMACK64 falls back to the filesystem default, EXEC and MMAP
// to none, TRANSMUTE off.
int inode_removexattr(LsmModule& self, Inode& inode, const std::string& name) {
  auto& me = smack(self);
  if (is_smack_name(name) && !smk_mac_admin(me, smk_of_inode(me, inode))) {
    me.explain_denial("", "smack_inode_removexattr: removing " + name +
                              " needs CAP_MAC_ADMIN (and both labels mapped in a Smack "
                              "namespace)");
    return -EPERM;
  }
  const SmackAuditInfo ad = smk_ad(me, "smack_inode_removexattr", smk_ad_inode(inode));
  if (const int rc = smk_curacc(me, smk_of_inode(me, inode), MAY_WRITE, &ad); rc != 0) return rc;
  InodeSmack* isp = smk_inode_instant(me, inode);
  if (isp == nullptr) return 0;
  if (name == XATTR_NAME_SMACK) {
    const SuperblockSmack* sbsp = smack_superblock(me, *inode.sb);
    isp->smk_inode = sbsp != nullptr ? sbsp->smk_default : me.floor;
  } else if (name == XATTR_NAME_SMACKEXEC) {
    isp->smk_task = 0;
  } else if (name == XATTR_NAME_SMACKMMAP) {
    isp->smk_mmap = 0;
  } else if (name == XATTR_NAME_SMACKTRANSMUTE) {
    isp->smk_flags &= ~SMK_INODE_TRANSMUTE;
  }
  return 0;
}

// The socket behind a sockfs inode (SOCKET_I); lsmsim's sockets have no sockfs inode yet.
Socket* socket_of(Inode& inode) {
  if (inode.sb->fs_type != "sockfs") return nullptr;
  return inode.bound_socket.lock().get();
}

// smack_inode_getsecurity(): SMACK64 from the blob, SMACK64TRANSMUTE "TRUE" or empty,
// SMACK64IPIN/IPOUT from a socket's blob; the length is the label's, without a NUL. Inside a
// mapped Smack namespace the prototype also answers SMACK64EXEC/MMAP from the blob, as the
// mapped name or "?" (v6.12 leaves them to the filesystem, which holds init names).
int inode_getsecurity(LsmModule& self, Inode& inode, const std::string& name, std::string& value) {
  auto& me = smack(self);
  const Task& viewer = me.kernel().has_current() ? me.kernel().current() : me.kernel().init_task();
  const bool mapped = me.namespaces.find_mapped_ns(*viewer.cred->user_ns) != nullptr;
  if (name == XATTR_SMACK_SUFFIX) {
    value = smk_label_for(me, smk_of_inode(me, inode), viewer);
  } else if (mapped && (name == XATTR_SMACK_EXEC || name == XATTR_SMACK_MMAP)) {
    const InodeSmack* isp = smk_inode_instant(me, inode);
    const std::uint32_t l = isp == nullptr             ? 0
                            : name == XATTR_SMACK_EXEC ? isp->smk_task
                                                       : isp->smk_mmap;
    if (l == 0) return -EOPNOTSUPP;  // smk_of_exec() NULL: the filesystem answers
    value = smk_label_for(me, l, viewer);
  } else if (name == XATTR_SMACK_TRANSMUTE) {
    value = smk_inode_transmutable(me, inode) ? TRANS_TRUE : "";
  } else {
    Socket* sock = socket_of(inode);
    if (sock == nullptr || sock->security.empty()) return -EOPNOTSUPP;
    if (name == XATTR_SMACK_IPIN) {
      value = smk_label_for(me, me.ssp(*sock).smk_in, viewer);
    } else if (name == XATTR_SMACK_IPOUT) {
      value = smk_label_for(me, me.ssp(*sock).smk_out, viewer);
    } else {
      return -EOPNOTSUPP;
    }
  }
  return static_cast<int>(value.size());
}

// smack_inode_setsecurity(): the filesystem keeps no xattrs, the blob takes the value.
int inode_setsecurity(LsmModule& self, Inode& inode, const std::string& name,
                      const std::string& value, int) {
  auto& me = smack(self);
  if (value.empty() || value.size() > kSmkLongLabel) return -EINVAL;
  InodeSmack* nsp = smk_inode_instant(me, inode);
  if (name == XATTR_SMACK_TRANSMUTE) {
    if (!inode.is_dir() || !is_transmute_true(value)) return -EINVAL;
    if (nsp != nullptr) nsp->smk_flags |= SMK_INODE_TRANSMUTE;
    return 0;
  }
  std::uint32_t skp = 0;
  if (const int rc = smk_import_current(me, value, skp); rc != 0) return rc;
  if (name == XATTR_SMACK_SUFFIX) {
    if (nsp != nullptr) {
      nsp->smk_inode = skp;
      nsp->smk_flags |= SMK_INODE_INSTANT;
    }
    return 0;
  }
  Socket* sock = socket_of(inode);
  if (sock == nullptr || sock->security.empty()) return -EOPNOTSUPP;
  if (name == XATTR_SMACK_IPIN) {
    me.ssp(*sock).smk_in = skp;
  } else if (name == XATTR_SMACK_IPOUT) {
    me.ssp(*sock).smk_out = skp;
  } else {
    return -EOPNOTSUPP;
  }
  return 0;
}

}  // namespace

void smack_register_xattr_hooks(HookRegistrar& r) {
  r.add<Hook::inode_xattr_skipcap>(&inode_xattr_skipcap);
  r.add<Hook::inode_setxattr>(&inode_setxattr);
  r.add<Hook::inode_post_setxattr>(&inode_post_setxattr);
  r.add<Hook::inode_getxattr>(&inode_getxattr);
  r.add<Hook::inode_removexattr>(&inode_removexattr);
  r.add<Hook::inode_getsecurity>(&inode_getsecurity);
  r.add<Hook::inode_setsecurity>(&inode_setsecurity);
}

}  // namespace lsmsim
