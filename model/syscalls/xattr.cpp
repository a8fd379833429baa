// Extended attributes (fs/xattr.c): the VFS's namespace rules, then the LSM hooks.
#include <cerrno>

#include "model/capable.h"
#include "model/lsm/security.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/syscall_util.h"
#include "model/vfs/inode.h"
#include "model/vfs/mount.h"
#include "model/vfs/namei.h"

namespace lsmsim {

namespace {

constexpr int kXattrCreate = 0x1;
constexpr int kXattrReplace = 0x2;
constexpr std::size_t kXattrNameMax = 255;
constexpr std::size_t kXattrSizeMax = 65536;

bool has_prefix(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }

bool known_prefix(const std::string& name) {
  return has_prefix(name, "security.") || has_prefix(name, "system.") ||
         has_prefix(name, "trusted.") || has_prefix(name, "user.");
}

// xattr_permission()
Verdict xattr_permission(Task& t, Inode& inode, const std::string& name, int mask) {
  if ((mask & MAY_WRITE) != 0 && (!kuid_has_mapping(*inode.sb->user_ns, inode.uid) ||
                                   !kgid_has_mapping(*inode.sb->user_ns, inode.gid)))
    return Verdict::deny(EPERM, "kernel", "inode has ids unmapped in its filesystem");
  // security.* and system.* are left to the LSMs and the filesystem.
  if (has_prefix(name, "security.") || has_prefix(name, "system.")) return Verdict::allow();
  if (has_prefix(name, "trusted.")) {
    const bool ok = capable(t, CAP_SYS_ADMIN);  // in the initial user namespace
    std::optional<Denial> d = t.kernel.lsm().take_denial();
    if (ok) return Verdict::allow();
    Verdict v;
    v.err = (mask & MAY_WRITE) != 0 ? EPERM : ENODATA;
    v.denial = d ? d : Denial{"capability", "capable", {}, "trusted.* needs cap_sys_admin"};
    return v;
  }
  if (has_prefix(name, "user.")) {
    if (!inode.is_reg() && !inode.is_dir())
      return Verdict::deny((mask & MAY_WRITE) != 0 ? EPERM : ENODATA, "kernel",
                           "user.* only on regular files and directories");
    if (inode.is_dir() && (inode.mode & 01000) != 0 && (mask & MAY_WRITE) != 0 &&
        !inode_owner_or_capable(t, inode))
      return Verdict::deny(EPERM, "dac", "sticky directory: user.* writable by the owner only");
  }
  return inode_permission(t, inode, mask);
}

Verdict lookup_xattr_target(Task& t, const std::string& path, const std::string& name,
                            PathStack& st) {
  if (name.empty() || name.size() > kXattrNameMax)
    return Verdict::deny(ERANGE, "kernel", "bad xattr name length");
  return path_lookup(t, path, LOOKUP_FOLLOW, st);
}

// What setxattr(2) and removexattr(2) share after their own argument checks: the target, a
// writable mount, xattr_permission(MAY_WRITE), the LSM hook (`hook`, named `hook_name`; with
// no LSM denial the refusal is commoncap's), a known name space, then `change` itself.
template <class Hook, class Change>
SysResult change_xattr(Task& caller, const std::string& path, const std::string& name,
                       const char* hook_name, Hook hook, Change change) {
  PathStack st;
  Verdict v = lookup_xattr_target(caller, path, name, st);
  if (!v.ok()) return v.result();
  if ((st.back().mnt->flags & MNT_READONLY) != 0) return kernel_error(EROFS, "read-only mount");
  Inode& inode = *st.back().inode;
  v = xattr_permission(caller, inode, name, MAY_WRITE);
  if (!v.ok()) return v.result();
  if (const int rc = hook(inode); rc != 0) {
    std::optional<Denial> d = caller.kernel.lsm().take_denial();
    if (!d)
      d = Denial{"capability", hook_name, {}, "security.* needs cap_sys_admin over the filesystem"};
    return SysResult::error(-rc, d);
  }
  if (!known_prefix(name)) return kernel_error(EOPNOTSUPP, "no handler for this xattr namespace");
  return change(inode);
}

}  // namespace

SysResult sys_setxattr(Task& caller, const std::string& path, const std::string& name,
                       const std::string& value, int flags) {
  return run_syscall(
      caller, 188, {audit_arg(0), audit_arg(0), audit_arg(0), audit_arg(value.size())},
      [&]() -> SysResult {
        if (flags & ~(kXattrCreate | kXattrReplace)) return kernel_error(EINVAL, "bad flags");
        if (value.size() > kXattrSizeMax) return kernel_error(E2BIG, "value too large");
        return change_xattr(
            caller, path, name, "inode_setxattr",
            [&](Inode& inode) {
              return security_inode_setxattr(caller.kernel.lsm(), inode, name, value, flags);
            },
            [&](Inode& inode) -> SysResult {
              const bool exists = inode.xattrs.count(name) != 0;
              if ((flags & kXattrCreate) != 0 && exists)
                return kernel_error(EEXIST, "xattr exists");
              if ((flags & kXattrReplace) != 0 && !exists)
                return kernel_error(ENODATA, "no such xattr");
              inode.xattrs[name] = value;
              security_inode_post_setxattr(caller.kernel.lsm(), inode, name, value, flags);
              return SysResult::success();
            });
      });
}

SysResult sys_getxattr(Task& caller, const std::string& path, const std::string& name) {
  return run_syscall(caller, 191, {}, [&]() -> SysResult {
    PathStack st;
    Verdict v = lookup_xattr_target(caller, path, name, st);
    if (!v.ok()) return v.result();
    Inode& inode = *st.back().inode;
    v = xattr_permission(caller, inode, name, MAY_READ);
    if (!v.ok()) return v.result();
    const int rc = security_inode_getxattr(caller.kernel.lsm(), inode, name);
    if (rc != 0) return Verdict::from_hook(caller, rc, "inode_getxattr").result();
    if (has_prefix(name, "security.")) {
      // xattr_getsecurity(): an LSM may answer for its own attribute.
      std::string value;
      const std::string suffix = name.substr(9);
      const int r = security_inode_getsecurity(caller.kernel.lsm(), inode, suffix, value);
      if (r >= 0) return SysResult::with_data(value);
      if (r != -EOPNOTSUPP) return Verdict::from_hook(caller, r, "inode_getsecurity").result();
    }
    if (!known_prefix(name)) return kernel_error(EOPNOTSUPP, "no handler for this xattr namespace");
    auto it = inode.xattrs.find(name);
    if (it == inode.xattrs.end()) return kernel_error(ENODATA, "no such xattr");
    return SysResult::with_data(it->second);
  });
}

SysResult sys_listxattr(Task& caller, const std::string& path) {
  return run_syscall(caller, 194, {}, [&]() -> SysResult {
    PathStack st;
    Verdict v = path_lookup(caller, path, LOOKUP_FOLLOW, st);
    if (!v.ok()) return v.result();
    Inode& inode = *st.back().inode;
    const int rc = security_inode_listxattr(caller.kernel.lsm(), inode);
    if (rc != 0) return Verdict::from_hook(caller, rc, "inode_listxattr").result();
    // simple_xattr_list(): trusted.* names only for CAP_SYS_ADMIN.
    const bool trusted = capable(caller, CAP_SYS_ADMIN);
    (void)caller.kernel.lsm().take_denial();
    std::string out;
    for (const auto& [n, value] : inode.xattrs) {
      if (!trusted && has_prefix(n, "trusted.")) continue;
      out += n;
      out += '\0';
    }
    return SysResult::with_data(out);
  });
}

SysResult sys_removexattr(Task& caller, const std::string& path, const std::string& name) {
  return run_syscall(caller, 197, {}, [&] {
    return change_xattr(
        caller, path, name, "inode_removexattr",
        [&](Inode& inode) { return security_inode_removexattr(caller.kernel.lsm(), inode, name); },
        [&](Inode& inode) -> SysResult {
          if (inode.xattrs.erase(name) == 0) return kernel_error(ENODATA, "no such xattr");
          return SysResult::success();
        });
  });
}

}  // namespace lsmsim
