// mount(2) and umount2(2) (fs/namespace.c path_mount, do_loopback, do_change_type,
// do_new_mount, path_umount).
#include <sys/mount.h>

#include <cerrno>

#include "model/capable.h"
#include "model/lsm/security.h"
#include "model/lsm/security_special.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/syscall_util.h"
#include "model/vfs/fs_context.h"
#include "model/vfs/inode.h"
#include "model/vfs/mount.h"
#include "model/vfs/namei.h"
#include "model/vfs/pnode.h"
#include "model/vfs/vfs.h"

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif

namespace lsmsim {

namespace {

constexpr unsigned long kMsMgcMsk = 0xffff0000;
constexpr unsigned long kMsMgcVal = 0xC0ED0000;
constexpr unsigned long kPropagationFlags = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;
constexpr unsigned kUserSettable = MNT_NOSUID | MNT_NODEV | MNT_NOEXEC | MNT_NOATIME |
                                   MNT_NODIRATIME | MNT_RELATIME | MNT_READONLY | MNT_NOSYMFOLLOW;

bool check_mnt(Task& t, const Mount& m) { return m.ns == t.nsproxy.mnt.get(); }
bool path_mounted(const PathEntry& e) { return e.inode == e.mnt->root; }

SysResult capability_error(Task& t, const char* why) {
  std::optional<Denial> d = t.kernel.lsm().take_denial();
  if (!d) d = Denial{"capability", "capable", {}, why};
  return SysResult::error(EPERM, d);
}

// may_mount(): CAP_SYS_ADMIN over the caller's mount namespace.
bool may_mount(Task& t) { return ns_capable(t, *t.nsproxy.mnt->owner, CAP_SYS_ADMIN); }

unsigned mnt_flags_from(unsigned long flags) {
  unsigned f = 0;
  if (flags & MS_NOSUID) f |= MNT_NOSUID;
  if (flags & MS_NODEV) f |= MNT_NODEV;
  if (flags & MS_NOEXEC) f |= MNT_NOEXEC;
  if (flags & MS_NOSYMFOLLOW) f |= MNT_NOSYMFOLLOW;
  if (flags & MS_RDONLY) f |= MNT_READONLY;
  if (flags & MS_NOATIME) {
    f |= MNT_NOATIME;
  } else if ((flags & MS_STRICTATIME) == 0) {
    f |= MNT_RELATIME;  // the default since 2.6.30
  }
  if (flags & MS_NODIRATIME) f |= MNT_NODIRATIME;
  return f;
}

std::vector<Mount*> subtree(const Mount& m) {
  std::vector<Mount*> out{const_cast<Mount*>(&m)};
  if (m.ns == nullptr) return out;
  for (std::size_t i = 0; i < out.size(); ++i)
    for (Mount* c : m.ns->mounts->children(*out[i])) out.push_back(c);
  return out;
}

SysResult do_change_type(Task& t, const PathEntry& e, unsigned long flags) {
  if (!path_mounted(e)) return kernel_error(EINVAL, "not a mount point");
  const unsigned long type = flags & ~static_cast<unsigned long>(MS_REC | MS_SILENT);
  if (type != MS_SHARED && type != MS_PRIVATE && type != MS_SLAVE && type != MS_UNBINDABLE)
    return kernel_error(EINVAL, "exactly one propagation type expected");
  Vfs& vfs = t.kernel.vfs();
  std::vector<Mount*> ms = (flags & MS_REC) != 0 ? subtree(*e.mnt) : std::vector<Mount*>{e.mnt.get()};
  for (Mount* m : ms) change_mnt_propagation(vfs, *m, type);
  return SysResult::success();
}

SysResult do_loopback(Task& t, const PathStack& target, const std::string& old_name, bool recurse) {
  if (old_name.empty()) return kernel_error(EINVAL, "no source");
  PathStack old;
  Verdict v = path_lookup(t, old_name, LOOKUP_FOLLOW, old);
  if (!v.ok()) return v.result();
  Mount& old_mnt = *old.back().mnt;
  if (old_mnt.unbindable()) return kernel_error(EINVAL, "source mount is unbindable");
  if (!check_mnt(t, *target.back().mnt)) return kernel_error(EINVAL, "target not in the caller's mount namespace");
  const bool nsfs = old.back().inode->ns != nullptr;
  if (!check_mnt(t, old_mnt) && !nsfs) return kernel_error(EINVAL, "source not in the caller's mount namespace");
  const std::string root_path = path_in_mount(old);
  if (!recurse && old_mnt.ns != nullptr) {
    // has_locked_children(): a non-recursive bind would reveal what a locked mount covers;
    // only children mounted at or below the bound directory count (is_subdir).
    const std::string base = old_mnt.root_path == "/" ? "" : old_mnt.root_path;
    for (Mount* c : old_mnt.ns->mounts->children(old_mnt)) {
      if ((c->flags & MNT_LOCKED) == 0) continue;
      const std::string mp = base + c->mp_path;
      if (root_path == "/" || mp == root_path || mp.rfind(root_path + "/", 0) == 0)
        return kernel_error(EINVAL, "source has locked submounts");
    }
  }
  Vfs& vfs = t.kernel.vfs();
  MountTree tree = recurse ? copy_tree(vfs, old_mnt, old.back().inode, root_path, CL_COPY_MNT_NS_FILE)
                           : MountTree{clone_mnt(vfs, old_mnt, old.back().inode, root_path, 0)};
  tree.front()->flags &= ~MNT_LOCKED;
  attach_recursive_mnt(vfs, std::move(tree), *target.back().mnt, target.back().inode,
                       path_in_mount(target));
  return SysResult::success();
}

// mount_too_revealing(): in a namespace not owned by the initial user namespace, proc and
// sysfs may only be mounted if an instance is already fully visible there.
bool mount_too_revealing(Task& t, const FsType& type) {
  MountNamespace& ns = *t.nsproxy.mnt;
  if (ns.owner == t.kernel.init_user_ns() || !type.userns_visible) return false;
  for (const auto& m : ns.mounts->mounts) {
    if (m->sb->fs_type != type.name || m->root_path != "/") continue;
    bool locked_child = false;
    for (Mount* c : ns.mounts->children(*m))
      if ((c->flags & MNT_LOCKED) != 0 && !c->mountpoint->entries.empty()) locked_child = true;
    if (!locked_child) return false;
  }
  return true;
}

SysResult do_new_mount(Task& t, const PathStack& target, const std::string& fstype,
                       unsigned long flags, unsigned mnt_flags, const std::string& source,
                       const std::string& data) {
  if (fstype.empty()) return kernel_error(EINVAL, "no filesystem type");
  Vfs& vfs = t.kernel.vfs();
  const FsType* type = vfs.find_fs_type(fstype);
  if (type == nullptr || !type->user_mountable)
    return kernel_error(ENODEV, "unknown filesystem type " + fstype);
  if (type->init_fs_context) {
    const int rc = type->init_fs_context(t);
    if (rc < 0) return kernel_error(-rc, fstype + ": not the owner of the current network namespace");
  }
  // vfs_parse_fs_param(): the LSMs see each option first; the ones they claim are theirs
  // (fc->security) for security_sb_set_mnt_opts().
  std::vector<std::string> lsm_opts;
  std::size_t at = 0;
  while (at < data.size()) {
    std::size_t comma = data.find(',', at);
    if (comma == std::string::npos) comma = data.size();
    const std::string opt = data.substr(at, comma - at);
    at = comma + 1;
    if (opt.empty()) continue;
    const std::size_t eq = opt.find('=');
    const int rc = security_fs_context_parse_param(
        t.kernel.lsm(), fstype, opt.substr(0, eq),
        eq == std::string::npos ? std::string() : opt.substr(eq + 1));
    if (rc != 0 && rc != -ENOPARAM) return Verdict::from_hook(t, rc, "fs_context_parse_param").result();
    if (rc == 0) lsm_opts.push_back(opt);
  }
  // mount_capable(): FS_USERNS_MOUNT types need CAP_SYS_ADMIN over fc->user_ns, the others
  // over the initial user namespace.
  const bool cap_ok = type->userns_mount
                          ? ns_capable(t, *fs_context_user_ns(*type, t), CAP_SYS_ADMIN)
                          : capable(t, CAP_SYS_ADMIN);
  if (!cap_ok) return capability_error(t, "mounting this filesystem type needs cap_sys_admin");
  int err = 0;
  std::shared_ptr<SuperBlock> sb = vfs_get_tree(vfs, *type, t, data, err);
  if (sb == nullptr) return Verdict::from_hook(t, -err, "sb_alloc_security").result();
  if (!type->single && (flags & MS_RDONLY) != 0) sb->flags |= SB_RDONLY;
  // vfs_get_tree() ends with security_sb_set_mnt_opts(sb, fc->security, ...).
  if (const int orc = security_sb_set_mnt_opts(t.kernel.lsm(), *sb,
                                               lsm_opts.empty() ? nullptr : &lsm_opts);
      orc != 0)
    return Verdict::from_hook(t, orc, "sb_set_mnt_opts").result();
  const int rc = security_sb_kern_mount(t.kernel.lsm(), *sb);
  if (rc != 0) return Verdict::from_hook(t, rc, "sb_kern_mount").result();
  if (mount_too_revealing(t, *type))
    return kernel_error(EPERM, "mount too revealing: no fully visible " + fstype + " in this namespace");
  const PathEntry& e = target.back();
  if (!check_mnt(t, *e.mnt)) return kernel_error(EINVAL, "target not in the caller's mount namespace");
  if (e.mnt->sb == sb && path_mounted(e)) return kernel_error(EBUSY, "already mounted there");
  auto m = vfs.new_mount(sb, sb->root, "/", source.empty() ? "none" : source);
  m->flags = mnt_flags;
  attach_recursive_mnt(vfs, MountTree{m}, *e.mnt, e.inode, path_in_mount(target));
  return SysResult::success();
}

// Whether anything keeps `m` busy: submounts, open files, or a task's cwd/root inside it.
bool mount_busy(Task& t, Mount& m) {
  if (m.ns != nullptr && !m.ns->mounts->children(m).empty()) return true;
  for (Task* task : t.kernel.tasks()) {
    if (task->files != nullptr)
      for (const auto& [fd, f] : task->files->fds)
        if (f->mnt.get() == &m) return true;
    if (task->nsproxy.mnt.get() != m.ns || task == &t) continue;
    for (const PathEntry& e : task_cwd_stack(*task))
      if (e.mnt.get() == &m) return true;
  }
  for (const PathEntry& e : task_cwd_stack(t))
    if (e.mnt.get() == &m) return true;
  return false;
}

}  // namespace

SysResult sys_mount(Task& caller, const std::string& source, const std::string& target,
                    const std::string& fstype, unsigned long flags, const std::string& data) {
  SyscallScope scope(caller, 165, {audit_arg(0), audit_arg(0), audit_arg(0), audit_arg(flags)});
  return scope.leave([&]() -> SysResult {
    if ((flags & kMsMgcMsk) == kMsMgcVal) flags &= ~kMsMgcMsk;
    PathStack st;
    Verdict v = path_lookup(caller, target, LOOKUP_FOLLOW, st);
    if (!v.ok()) return v.result();
    if (flags & static_cast<unsigned>(MS_NOUSER)) return kernel_error(EINVAL, "MS_NOUSER");
    const int rc = security_sb_mount(caller.kernel.lsm(), source, target, fstype, flags);
    if (rc != 0) return Verdict::from_hook(caller, rc, "sb_mount").result();
    if (!may_mount(caller)) return capability_error(caller, "mount needs cap_sys_admin over the mount namespace");
    const unsigned mnt_flags = mnt_flags_from(flags);
    const PathEntry& e = st.back();
    if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND)) {
      // do_reconfigure_mnt(): per-mount flags only.
      if (!check_mnt(caller, *e.mnt)) return kernel_error(EINVAL, "not in the caller's mount namespace");
      if (!path_mounted(e)) return kernel_error(EINVAL, "not a mount point");
      e.mnt->flags = (e.mnt->flags & ~kUserSettable) | mnt_flags;
      return SysResult::success();
    }
    if (flags & MS_REMOUNT) {
      // do_remount(): superblock flags (read-only) and the per-mount flags.
      if (!check_mnt(caller, *e.mnt)) return kernel_error(EINVAL, "not in the caller's mount namespace");
      if (!path_mounted(e)) return kernel_error(EINVAL, "not a mount point");
      if (!ns_capable(caller, *e.mnt->sb->user_ns, CAP_SYS_ADMIN))
        return capability_error(caller, "remount needs cap_sys_admin over the superblock's user namespace");
      const int r = security_sb_remount(caller.kernel.lsm(), *e.mnt->sb, data);
      if (r != 0) return Verdict::from_hook(caller, r, "sb_remount").result();
      if (flags & MS_RDONLY)
        e.mnt->sb->flags |= SB_RDONLY;
      else
        e.mnt->sb->flags &= ~SB_RDONLY;
      e.mnt->flags = (e.mnt->flags & ~kUserSettable) | (mnt_flags & ~MNT_READONLY);
      return SysResult::success();
    }
    if (flags & MS_BIND) return do_loopback(caller, st, source, (flags & MS_REC) != 0);
    if (flags & kPropagationFlags) return do_change_type(caller, e, flags);
    if (flags & MS_MOVE) return kernel_error(EINVAL, "MS_MOVE is not modelled");
    return do_new_mount(caller, st, fstype, flags, mnt_flags, source, data);
  }());
}

SysResult sys_umount(Task& caller, const std::string& target, int flags) {
  SyscallScope scope(caller, 166, {audit_arg(0), audit_arg(flags)});
  return scope.leave([&]() -> SysResult {
    constexpr int kUmountNofollow = 0x8;
    if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | kUmountNofollow))
      return kernel_error(EINVAL, "unknown umount flags");
    PathStack st;
    Verdict v = path_lookup(caller, target, (flags & kUmountNofollow) != 0 ? 0 : LOOKUP_FOLLOW, st);
    if (!v.ok()) return v.result();
    // can_umount()
    if (!may_mount(caller)) return capability_error(caller, "umount needs cap_sys_admin over the mount namespace");
    const PathEntry& e = st.back();
    Mount& m = *e.mnt;
    if (!path_mounted(e)) return kernel_error(EINVAL, "not a mount point");
    if (!check_mnt(caller, m)) return kernel_error(EINVAL, "not in the caller's mount namespace");
    if (m.flags & MNT_LOCKED) return kernel_error(EINVAL, "mount is locked to its parent");
    if ((flags & MNT_FORCE) != 0 && !capable(caller, CAP_SYS_ADMIN))
      return capability_error(caller, "MNT_FORCE needs cap_sys_admin");
    // do_umount()
    const int rc = security_sb_umount(caller.kernel.lsm(), m, flags);
    if (rc != 0) return Verdict::from_hook(caller, rc, "sb_umount").result();
    if (m.parent == nullptr) return kernel_error(EBUSY, "cannot unmount the namespace root");
    std::shared_ptr<Mount> keep = m.shared_from_this();
    st.clear();
    if ((flags & MNT_DETACH) == 0 && mount_busy(caller, m)) return kernel_error(EBUSY, "mount is busy");
    umount_tree(caller.kernel.vfs(), m, true);
    return SysResult::success();
  }());
}

}  // namespace lsmsim
