// SELinux's inode and file hooks (security/selinux/hooks.c, v6.12): the MAY_* mask to
// file/dir permissions, creation labels (type_transition, attr/fscreate), link/unlink,
// attributes and the security.selinux xattr. Checks run at every namespace level.
#include <fcntl.h>

#include <algorithm>
#include <cerrno>

#include "lsms/selinux/selinux_access.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/permission.h"

namespace lsmsim {

namespace {

constexpr const char* kXattrName = "security.selinux";

const Cred& current_cred(SelinuxLsm& me) {
  return *me.kernel().current().cred;
}

bool has_policycap(const SelinuxNamespace& ns, std::string_view cap) {
  const auto& caps = ns.ss->policy().policycaps;
  return std::find(caps.begin(), caps.end(), cap) != caps.end();
}

// file_mask_to_av()
SelinuxPerms file_mask_to_av(unsigned mode, int mask) {
  SelinuxPerms av;
  if ((mode & 0170000) != 0040000) {
    if (mask & MAY_EXEC) av.push_back("execute");
    if (mask & MAY_READ) av.push_back("read");
    if (mask & MAY_APPEND) {
      av.push_back("append");
    } else if (mask & MAY_WRITE) {
      av.push_back("write");
    }
  } else {
    if (mask & MAY_EXEC) av.push_back("search");
    if (mask & MAY_WRITE) av.push_back("write");
    if (mask & MAY_READ) av.push_back("read");
  }
  return av;
}

int inode_has_perm(SelinuxLsm& me, Inode& inode, const SelinuxPerms& av,
                   const SelinuxAuditData& ad) {
  return selinux_cred_inode_has_perm(me, current_cred(me), inode,
                                     inode_mode_to_security_class(inode.mode), av, ad);
}

// selinux_inode_permission()
int inode_permission(LsmModule& self, Inode& inode, int mask) {
  mask &= MAY_READ | MAY_WRITE | MAY_EXEC | MAY_APPEND;
  if (mask == 0) return 0;
  auto& me = selinux(self);
  return inode_has_perm(me, inode, file_mask_to_av(inode.mode, mask), audit_inode(inode));
}

// selinux_file_open(): open_file_to_av() = file_to_av() (read/write/append; ioctl for an
// O_ACCMODE 3 open, which grants neither) plus open with the open_perms policy capability.
int file_open(LsmModule& self, File& file) {
  auto& me = selinux(self);
  SelinuxPerms av;
  const int acc = file.flags & O_ACCMODE;
  if (acc == O_RDONLY || acc == O_RDWR) av.push_back("read");
  if (acc == O_WRONLY || acc == O_RDWR) av.push_back((file.flags & O_APPEND) ? "append" : "write");
  if (av.empty()) av.push_back("ioctl");
  SelinuxNamespace* ns = me.nearest_initialized(me.ns_of(current_cred(me)));
  if (ns != nullptr && has_policycap(*ns, "open_perms")) av.push_back("open");
  return inode_has_perm(me, *file.inode, av, audit_path(*file.inode, file.path));
}

// selinux_determine_inode_label(): attr/fscreate, else the type_transition of the creating
// task on the directory (name-based rules included), computed by the nearest initialized
// namespace of the creator; `sid` 0 when no namespace has a policy. A computed context that
// is invalid in the policy fails the creation when that namespace enforces
// (security_compute_sid -> compute_sid_handle_invalid_context), and is kept when permissive.
int determine_inode_label(SelinuxLsm& me, const Cred& cred, Inode& dir, const std::string& name,
                          const char* tclass, std::uint32_t& sid) {
  sid = 0;
  SelinuxNamespace& own = me.ns_of(cred);
  SelinuxNamespace* ns = me.nearest_initialized(own);
  if (ns == nullptr) return 0;
  const SelinuxCredSecurity& tsec = me.cred_sec(cred);
  if (ns == &own && tsec.create_sid != 0) {
    sid = tsec.create_sid;
    return 0;
  }
  const sepolicy::Context* s = ns->lookup(me, me.sid_at(cred, *ns));
  const sepolicy::Context* t = ns->lookup(me, me.inode_sid(dir));
  if (t == nullptr) t = ns->lookup(me, me.unlabeled_sid);
  const std::uint16_t cls = ns->ss->class_value(tclass);
  if (s == nullptr || t == nullptr || cls == 0) {
    sid = me.unlabeled_sid;
    return 0;
  }
  sepolicy::Context out;
  if (const int rc = ns->ss->compute_create(*s, *t, cls, name, out, ns->enforcing); rc != 0) {
    me.explain_denial(ns->name, "op=security_compute_sid: the computed label of the new " +
                                    std::string(tclass) + " \"" + name +
                                    "\" is not valid in the policy [SELinux namespace " + ns->name +
                                    "]");
    return rc;
  }
  sid = me.sids.intern(ns->ss->context_to_string(out));
  return 0;
}

// may_create()
int may_create(SelinuxLsm& me, Inode& dir, const std::string& name, const char* tclass) {
  const Cred& cred = current_cred(me);
  SelinuxAuditData ad{" name=\"" + name + "\""};
  int rc = selinux_cred_inode_has_perm(me, cred, dir, "dir", {"add_name", "search"}, ad);
  if (rc != 0) return rc;
  std::uint32_t newsid = 0;
  rc = determine_inode_label(me, cred, dir, name, tclass, newsid);
  if (rc != 0 || newsid == 0) return rc;
  rc = selinux_cred_has_perm(me, cred, newsid, tclass, {"create"}, ad);
  if (rc != 0) return rc;
  // The new label must be allowed on the filesystem (decided where it was computed).
  SelinuxNamespace* ns = me.nearest_initialized(me.ns_of(cred));
  return selinux_avc_has_perm(me, *ns, newsid, me.sb_sid(*dir.sb), "filesystem", {"associate"}, ad);
}

int inode_create(LsmModule& self, Inode& dir, const std::string& name, unsigned mode) {
  return may_create(selinux(self), dir, name,
                    inode_mode_to_security_class(0100000 | (mode & 07777)));
}
int inode_mkdir(LsmModule& self, Inode& dir, const std::string& name, unsigned) {
  return may_create(selinux(self), dir, name, "dir");
}
int inode_symlink(LsmModule& self, Inode& dir, const std::string& name, const std::string&) {
  return may_create(selinux(self), dir, name, "lnk_file");
}
int inode_mknod(LsmModule& self, Inode& dir, const std::string& name, unsigned mode, unsigned) {
  return may_create(selinux(self), dir, name, inode_mode_to_security_class(mode));
}

// Whether the policy labels files of this filesystem persistently (SBLABEL_MNT: fs_use).
bool sblabel_mnt(SelinuxNamespace& ns, const SuperBlock& sb) {
  for (const auto& u : ns.ss->policy().fs_use)
    if (u.fstype == sb.fs_type) return true;
  return false;
}

// selinux_inode_init_security(): the new file's security.selinux, with its NUL.
int inode_init_security(LsmModule& self, Inode& inode, Inode& dir, const std::string& name,
                        XattrArray& xattrs) {
  auto& me = selinux(self);
  const Cred& cred = current_cred(me);
  SelinuxNamespace* ns = me.nearest_initialized(me.ns_of(cred));
  if (ns == nullptr || !sblabel_mnt(*ns, *inode.sb)) return -EOPNOTSUPP;
  std::uint32_t sid = 0;
  if (const int rc =
          determine_inode_label(me, cred, dir, name, inode_mode_to_security_class(inode.mode), sid);
      rc != 0)
    return rc;
  const std::string* ctx = me.sids.find(sid);
  if (ctx == nullptr) return -EOPNOTSUPP;
  xattrs.push_back(Xattr{kXattrName, *ctx + '\0'});
  return 0;
}

// may_link(): search + remove_name on the directory, then unlink/rmdir on the victim.
int may_link(SelinuxLsm& me, Inode& dir, Inode& victim, const std::string& name,
             std::string_view perm) {
  const Cred& cred = current_cred(me);
  const SelinuxAuditData ad = audit_inode(victim, name);
  int rc = selinux_cred_inode_has_perm(me, cred, dir, "dir", {"search", "remove_name"}, ad);
  if (rc != 0) return rc;
  return selinux_cred_inode_has_perm(me, cred, victim, inode_mode_to_security_class(victim.mode),
                                     {perm}, ad);
}

int inode_unlink(LsmModule& self, Inode& dir, Inode& inode, const std::string& name) {
  return may_link(selinux(self), dir, inode, name, "unlink");
}
int inode_rmdir(LsmModule& self, Inode& dir, Inode& inode, const std::string& name) {
  return may_link(selinux(self), dir, inode, name, "rmdir");
}

int inode_readlink(LsmModule& self, Inode& inode) {
  return inode_has_perm(selinux(self), inode, {"read"}, audit_inode(inode));
}
int inode_follow_link(LsmModule& self, Inode& inode) {
  return inode_has_perm(selinux(self), inode, {"read"}, audit_inode(inode));
}
int inode_getattr(LsmModule& self, Inode& inode, const std::string&) {
  return inode_has_perm(selinux(self), inode, {"getattr"}, audit_inode(inode));
}

// selinux_inode_setattr(): ATTR_FORCE only carries the suid/sgid kill, which needs nothing;
// mode, owner and explicitly set times need setattr; anything else (size, plain times) needs
// write, plus open for a truncate not made through an open file (open_perms capability).
int inode_setattr(LsmModule& self, Inode& inode, unsigned ia_valid) {
  auto& me = selinux(self);
  constexpr unsigned kMode = 1, kUid = 2, kGid = 4, kSize = 8, kAtimeSet = 128, kMtimeSet = 256,
                     kForce = 512, kKillSuid = 2048, kKillSgid = 4096, kFile = 8192,
                     kTimesSet = 65536;
  if ((ia_valid & kForce) != 0) {
    ia_valid &= ~(kKillSuid | kKillSgid | kMode | kForce);
    if (ia_valid == 0) return 0;
  }
  if ((ia_valid & (kMode | kUid | kGid | kAtimeSet | kMtimeSet | kTimesSet)) != 0)
    return inode_has_perm(me, inode, {"setattr"}, audit_inode(inode));
  SelinuxPerms av{"write"};
  SelinuxNamespace* ns = me.nearest_initialized(me.ns_of(current_cred(me)));
  if (ns != nullptr && has_policycap(*ns, "open_perms") && (ia_valid & kSize) != 0 &&
      (ia_valid & kFile) == 0)
    av.push_back("open");
  return inode_has_perm(me, inode, av, audit_inode(inode));
}

// selinux_inode_xattr_skipcap(): SELinux itself decides who may set its attribute.
int inode_xattr_skipcap(LsmModule&, const std::string& name) {
  return name == kXattrName;
}

// selinux_inode_setxattr()
int inode_setxattr(LsmModule& self, Inode& inode, const std::string& name, const std::string& value,
                   int) {
  auto& me = selinux(self);
  Task& current = me.kernel().current();
  const Cred& cred = *current.cred;
  if (name != kXattrName) return inode_has_perm(me, inode, {"setattr"}, audit_inode(inode));
  SelinuxNamespace* ns = me.nearest_initialized(me.ns_of(cred));
  if (ns == nullptr) {
    if (inode_owner_or_capable(current, inode)) return 0;
    me.explain_denial(me.ns_of(cred).name,
                      "setting security.selinux needs ownership or CAP_FOWNER");
    return -EPERM;
  }
  if (!sblabel_mnt(*ns, *inode.sb)) {
    me.explain_denial(ns->name, "the policy gives " + inode.sb->fs_type +
                                    " no xattr labelling (no fs_use statement)");
    return -EOPNOTSUPP;
  }
  if (!inode_owner_or_capable(current, inode)) {
    me.explain_denial(ns->name, "setting security.selinux needs ownership or CAP_FOWNER");
    return -EPERM;
  }
  const SelinuxAuditData ad = audit_inode(inode);
  const char* sclass = inode_mode_to_security_class(inode.mode);
  const std::uint32_t oldsid = me.inode_sid(inode);
  int rc = selinux_cred_has_perm(me, cred, oldsid, sclass, {"relabelfrom"}, ad);
  if (rc != 0) return rc;
  std::string ctx = value.substr(0, value.find('\0'));
  sepolicy::Context parsed;
  std::string why;
  if (ns->ss->context_from_string(ctx, parsed, &why) != 0) {
    // security_context_to_sid_force() only with CAP_MAC_ADMIN.
    const bool mac_admin = capable(current, CAP_MAC_ADMIN);
    (void)me.kernel().lsm().take_denial();
    if (!mac_admin) {
      me.explain_denial(ns->name, "op=setxattr invalid_context=\"" + ctx + "\": " + why);
      return -EINVAL;
    }
  }
  const std::uint32_t newsid = me.sids.intern(ctx);
  rc = selinux_cred_has_perm(me, cred, newsid, sclass, {"relabelto"}, ad);
  if (rc != 0) return rc;
  SelinuxNamespace& own = me.ns_of(cred);
  if (own.initialized()) {
    const sepolicy::Context* o = own.lookup(me, oldsid);
    const sepolicy::Context* n = own.lookup(me, newsid);
    const sepolicy::Context* t = own.lookup(me, me.cred_sec(cred).sid);
    const std::uint16_t cls = own.ss->class_value(sclass);
    std::string vwhy;
    if (o != nullptr && n != nullptr && t != nullptr && cls != 0 &&
        own.ss->validate_transition(*o, *n, *t, cls, &vwhy) != 0) {
      if (own.enforcing) {
        me.explain_denial(own.name, "op=security_validate_transition denied: " + vwhy);
        return -EPERM;
      }
    }
  }
  return selinux_avc_has_perm(me, *ns, newsid, me.sb_sid(*inode.sb), "filesystem", {"associate"},
                              ad);
}

int inode_getxattr(LsmModule& self, Inode& inode, const std::string&) {
  return inode_has_perm(selinux(self), inode, {"getattr"}, audit_inode(inode));
}
int inode_listxattr(LsmModule& self, Inode& inode) {
  return inode_has_perm(selinux(self), inode, {"getattr"}, audit_inode(inode));
}

// selinux_inode_removexattr(): nobody removes the SELinux label once a policy is loaded.
int inode_removexattr(LsmModule& self, Inode& inode, const std::string& name) {
  auto& me = selinux(self);
  if (name != kXattrName) return inode_has_perm(me, inode, {"setattr"}, audit_inode(inode));
  SelinuxNamespace* ns = me.nearest_initialized(me.ns_of(current_cred(me)));
  if (ns == nullptr) return 0;
  me.explain_denial(ns->name, "no one may remove the security.selinux label (relabel instead)");
  return -EACCES;
}

// selinux_inode_getsecurity(): a file without the xattr shows its computed label.
int inode_getsecurity(LsmModule& self, Inode& inode, const std::string& name, std::string& value) {
  auto& me = selinux(self);
  if (name != "selinux" || inode.xattrs.count(kXattrName) != 0) return -EOPNOTSUPP;
  SelinuxNamespace* ns = me.nearest_initialized(me.ns_of(current_cred(me)));
  if (ns == nullptr) return -EOPNOTSUPP;
  value = me.context_in(me.inode_sid_at(inode, *ns), *ns) + '\0';
  return static_cast<int>(value.size());
}

}  // namespace

void selinux_register_inode_hooks(HookRegistrar& r) {
  r.add<Hook::inode_permission>(&inode_permission);
  r.add<Hook::file_open>(&file_open);
  r.add<Hook::inode_create>(&inode_create);
  r.add<Hook::inode_mkdir>(&inode_mkdir);
  r.add<Hook::inode_symlink>(&inode_symlink);
  r.add<Hook::inode_mknod>(&inode_mknod);
  r.add<Hook::inode_init_security>(&inode_init_security);
  r.add<Hook::inode_unlink>(&inode_unlink);
  r.add<Hook::inode_rmdir>(&inode_rmdir);
  r.add<Hook::inode_readlink>(&inode_readlink);
  r.add<Hook::inode_follow_link>(&inode_follow_link);
  r.add<Hook::inode_getattr>(&inode_getattr);
  r.add<Hook::inode_setattr>(&inode_setattr);
  r.add<Hook::inode_xattr_skipcap>(&inode_xattr_skipcap);
  r.add<Hook::inode_setxattr>(&inode_setxattr);
  r.add<Hook::inode_getxattr>(&inode_getxattr);
  r.add<Hook::inode_listxattr>(&inode_listxattr);
  r.add<Hook::inode_removexattr>(&inode_removexattr);
  r.add<Hook::inode_getsecurity>(&inode_getsecurity);
}

}  // namespace lsmsim
