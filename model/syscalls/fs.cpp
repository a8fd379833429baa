// File and directory syscalls (fs/open.c, fs/namei.c, fs/read_write.c, fs/stat.c, fs/attr.c).
#include "model/syscalls/fs.h"

#include <fcntl.h>

#include <cerrno>

#include "model/capable.h"
#include "model/lsm/security.h"
#include "model/syscalls/syscall_util.h"
#include "model/vfs/inode.h"
#include "model/vfs/inode_ops.h"
#include "model/vfs/mount.h"
#include "model/vfs/namei.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

namespace {

constexpr unsigned ATTR_MODE = 1;
constexpr unsigned ATTR_UID = 2;
constexpr unsigned ATTR_GID = 4;
constexpr unsigned ATTR_SIZE = 8;

bool mnt_readonly(const Mount& m) { return (m.flags & MNT_READONLY) != 0; }

Verdict erofs() { return Verdict::deny(EROFS, "kernel", "read-only mount"); }

// may_create(): the new name's directory must be writable and searchable, and the
// creator's fsuid/fsgid must exist in the filesystem's user namespace.
Verdict may_create(Task& t, Inode& dir) {
  const Cred& c = *t.cred;
  if (!kuid_has_mapping(*dir.sb->user_ns, c.fsuid) || !kgid_has_mapping(*dir.sb->user_ns, c.fsgid))
    return Verdict::deny(EOVERFLOW, "kernel", "fsuid/fsgid not mapped in the filesystem's user namespace");
  return inode_permission(t, dir, MAY_WRITE | MAY_EXEC);
}

// check_sticky(): in a sticky directory only the file's or the directory's owner (or
// CAP_FOWNER over the file) may remove or rename it.
bool sticky_denies(Task& t, const Inode& dir, const Inode& inode) {
  if ((dir.mode & 01000) == 0) return false;
  const Uid fsuid = t.cred->fsuid;
  if (inode.uid == fsuid || dir.uid == fsuid) return false;
  return !capable_wrt_inode_uidgid(t, inode, CAP_FOWNER);
}

// may_delete(): permission on the directory, the sticky rule, and the type.
Verdict may_delete(Task& t, Inode& dir, Inode& victim, bool isdir) {
  Verdict v = inode_permission(t, dir, MAY_WRITE | MAY_EXEC);
  if (!v.ok()) return v;
  if (sticky_denies(t, dir, victim))
    return Verdict::deny(EPERM, "dac", "sticky directory: only the owner may remove the entry");
  if (isdir && !victim.is_dir()) return Verdict::deny(ENOTDIR, "kernel", "not a directory");
  if (!isdir && victim.is_dir()) return Verdict::deny(EISDIR, "kernel", "is a directory");
  return Verdict::allow();
}

bool is_mountpoint(const PathEntry& parent, const Inode& inode) {
  for (Mount* m : parent.mnt->sb->kernel.vfs().all_mounts())
    if (m->ns != nullptr && m->mountpoint.get() == &inode) return true;
  return false;
}

// inode_init_owner() and the LSMs' initial xattrs (security_inode_init_security).
std::shared_ptr<Inode> make_child(Task& t, Inode& dir, const std::string& name, unsigned mode,
                                  Verdict& v) {
  Vfs& vfs = t.kernel.vfs();
  Gid gid = t.cred->fsgid;
  if ((dir.mode & 02000) != 0) {  // setgid directory: group inherited, and by subdirectories
    gid = dir.gid;
    if ((mode & S_IFMT_) == S_IFDIR_) mode |= 02000;
  }
  auto inode = vfs.new_inode(*dir.sb, mode, t.cred->fsuid, gid);
  XattrArray xattrs;
  const int rc = security_inode_init_security(t.kernel.lsm(), *inode, dir, name, xattrs);
  if (rc != 0) {
    v = Verdict::from_hook(t, rc, "inode_init_security");
    return nullptr;
  }
  for (Xattr& x : xattrs) inode->xattrs[x.name] = std::move(x.value);
  return inode;
}

void fill_stat(Task& t, const Inode& inode, StatBuf& out) {
  out.dev = inode.sb->dev;
  out.ino = inode.ino;
  out.mode = inode.mode;
  out.nlink = inode.nlink;
  out.uid = from_kuid_munged(*t.cred->user_ns, inode.uid);
  out.gid = from_kgid_munged(*t.cred->user_ns, inode.gid);
  out.size = inode.is_lnk() ? inode.symlink_target.size() : inode.data.size();
}

// may_open(): type rules, then inode_permission with MAY_OPEN.
Verdict may_open(Task& t, const PathEntry& e, int acc_mode, int& flags) {
  Inode& inode = *e.inode;
  if (inode.is_lnk()) return Verdict::deny(ELOOP, "kernel", "final component is a symlink (O_NOFOLLOW)");
  if (inode.is_dir()) {
    if (acc_mode & MAY_WRITE) return Verdict::deny(EISDIR, "kernel", "is a directory");
    if (acc_mode & MAY_EXEC) return Verdict::deny(EACCES, "kernel", "cannot execute a directory");
  } else if (inode.is_sock()) {
    if (acc_mode & MAY_EXEC) return Verdict::deny(EACCES, "kernel", "cannot execute a socket");
    flags &= ~O_TRUNC;
  } else if (inode.is_reg()) {
    if ((acc_mode & MAY_EXEC) && (e.mnt->flags & MNT_NOEXEC) != 0)
      return Verdict::deny(EACCES, "kernel", "mount is noexec");
  }
  return inode_permission(t, inode, MAY_OPEN | acc_mode);
}

// filename_create(): the shared front half of mkdir, symlink and mknod-like creations —
// resolve the parent, refuse an existing name, a read-only mount, a parent the caller may not
// write into, and pseudo filesystems, which create their files themselves.
Verdict filename_create(Task& caller, const std::string& path, PathStack& st, std::string& last,
                        const char* what) {
  bool trailing = false;
  Verdict v = path_parent(caller, path, st, last, trailing);
  if (!v.ok()) return v;
  if (last.empty() || last == "." || last == "..") return Verdict::deny(EEXIST, "kernel", "exists");
  Inode& dir = *st.back().inode;
  if (lookup_child(dir, last, caller) != nullptr)
    return Verdict::deny(EEXIST, "kernel", "file exists");
  if (mnt_readonly(*st.back().mnt)) return erofs();
  (void)what;
  return v;
}

// What do_rmdir()/do_unlinkat() find before their hooks: the parent, the last component
// (which `check_name` may refuse with its own errno), a writable mount, then the victim
// (`what` it should be, for the ENOENT reason).
struct Victim {
  PathStack st;
  std::string last;
  bool trailing = false;
  std::shared_ptr<Inode> inode;
};
template <class CheckName>
SysResult lookup_victim(Task& caller, const std::string& path, const char* what,
                        CheckName check_name, Victim& out) {
  Verdict v = path_parent(caller, path, out.st, out.last, out.trailing);
  if (!v.ok()) return v.result();
  if (SysResult r = check_name(out.last); !r.ok()) return r;
  if (mnt_readonly(*out.st.back().mnt)) return erofs().result();
  out.inode = lookup_child(*out.st.back().inode, out.last, caller);
  if (out.inode == nullptr) return kernel_error(ENOENT, std::string("no such ") + what);
  return SysResult::success();
}

// What chdir(2) and chroot(2) both check (ksys_chdir, ksys_chroot): the path is a directory
// the caller may search (MAY_EXEC | MAY_CHDIR).
Verdict lookup_dir_to_enter(Task& caller, const std::string& path, PathStack& st) {
  Verdict v = path_lookup(caller, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, st);
  if (!v.ok()) return v;
  return inode_permission(caller, *st.back().inode, MAY_EXEC | MAY_CHDIR);
}

// A pseudo filesystem's own mkdir/rmdir method (apparmorfs's ns_mkdir_op): its errno, with
// the denial an LSM recorded while refusing.
SysResult pseudo_dir_op(Task& caller, int rc, const char* what) {
  if (rc == 0) return SysResult::success();
  std::optional<Denial> d = caller.kernel.lsm().take_denial();
  return SysResult::error(-rc, d ? d : Denial{"kernel", {}, {}, std::string(what) + " refused"});
}

// vfs_mkdir()/vfs_symlink(): may_create(), then the filesystem's method.
Verdict vfs_may_create(Task& caller, Inode& dir, const char* what) {
  Verdict v = may_create(caller, dir);
  if (!v.ok()) return v;
  const bool has_mkdir = dir.ops != nullptr && dir.ops->has_mkdir() && std::string(what) == "mkdir";
  if (dir.sb->pseudo && !has_mkdir)
    return Verdict::deny(EPERM, "kernel", std::string("filesystem has no ") + what);
  return v;
}

// do_mkdirat()/do_symlinkat(), in their order: filename_create(), security hook `PathHook`
// (parent path, name, `arg`), may_create(), security hook `InodeHook` (parent inode, name,
// `arg`), then `make(parent, name)` creates the node.
template <Hook PathHook, Hook InodeHook, class Arg, class Make>
SysResult create_node(Task& caller, const std::string& path, const char* what, const Arg& arg,
                      Make make) {
  LsmFramework& lsm = caller.kernel.lsm();
  PathStack st;
  std::string last;
  Verdict v = filename_create(caller, path, st, last, what);
  if (!v.ok()) return v.result();
  Inode& dir = *st.back().inode;
  if (const int prc = lsm.call_int<PathHook>(stack_path(st), last, arg); prc != 0)
    return Verdict::from_hook(caller, prc, hook_name(PathHook).data()).result();
  v = vfs_may_create(caller, dir, what);
  if (!v.ok()) return v.result();
  if (const int rc = lsm.call_int<InodeHook>(dir, last, arg); rc != 0)
    return Verdict::from_hook(caller, rc, hook_name(InodeHook).data()).result();
  return make(dir, last);
}

}  // namespace

std::shared_ptr<File> alloc_file(Task& t, Verdict& v) {
  auto f = std::make_shared<File>(t.kernel);
  f->f_cred = t.cred;
  f->security = t.kernel.lsm().alloc_blob(BlobKind::file);
  const int rc = security_file_alloc_security(t.kernel.lsm(), *f);
  f->security_initialized = true;
  if (rc != 0) {
    v = Verdict::from_hook(t, rc, "file_alloc_security");
    return nullptr;
  }
  return f;
}

std::shared_ptr<File> open_path(Task& t, const PathStack& st, int flags, int acc_mode,
                                std::shared_ptr<File> file, Verdict& v) {
  const PathEntry& e = st.back();
  v = may_open(t, e, acc_mode, flags);
  if (!v.ok()) return nullptr;
  if ((acc_mode & MAY_WRITE) != 0 && mnt_readonly(*e.mnt)) {
    v = erofs();
    return nullptr;
  }
  file->inode = e.inode;
  file->mnt = e.mnt;
  file->path = stack_path(st);
  file->flags = flags;
  const int rc = security_file_open(t.kernel.lsm(), *file);
  if (rc != 0) {
    v = Verdict::from_hook(t, rc, "file_open");
    return nullptr;
  }
  if (e.inode->is_sock()) {
    v = Verdict::deny(ENXIO, "kernel", "sockets cannot be opened");
    return nullptr;
  }
  if (e.inode->ops != nullptr) {
    const int orc = e.inode->ops->open(*file, t);
    if (orc < 0) {
      v = Verdict::deny(-orc, "kernel", "open refused by the filesystem");
      return nullptr;
    }
  }
  return file;
}

SysResult sys_open(Task& caller, const std::string& path, int flags, unsigned mode) {
  return run_syscall(
      caller, 2, {audit_arg(0), audit_arg(flags), audit_arg(mode)}, [&]() -> SysResult {
        const int acc = flags & O_ACCMODE;
        if (acc == O_ACCMODE) return kernel_error(EINVAL, "invalid access mode");
        int acc_mode = acc == O_RDONLY   ? MAY_READ
                       : acc == O_WRONLY ? MAY_WRITE
                                         : MAY_READ | MAY_WRITE;
        if (flags & O_TRUNC) acc_mode |= MAY_WRITE;
        if (flags & O_APPEND) acc_mode |= MAY_APPEND;
        Verdict v;
        std::shared_ptr<File> file = alloc_file(caller, v);
        if (file == nullptr) return v.result();

        PathStack st;
        bool created = false;
        if ((flags & O_CREAT) == 0) {
          unsigned lf = (flags & O_NOFOLLOW) != 0 ? 0 : LOOKUP_FOLLOW;
          if (flags & O_DIRECTORY) lf |= LOOKUP_DIRECTORY;
          v = path_lookup(caller, path, lf, st);
          if (!v.ok()) return v.result();
        } else {
          std::string last;
          bool trailing = false;
          v = path_parent(caller, path, st, last, trailing);
          if (!v.ok()) return v.result();
          if (last.empty() || last == "." || last == ".." || trailing)
            return kernel_error(EISDIR, "O_CREAT on a directory");
          Inode& dir = *st.back().inode;
          std::shared_ptr<Inode> child = lookup_child(dir, last, caller);
          if (child != nullptr) {
            if (flags & O_EXCL) return kernel_error(EEXIST, "file exists (O_EXCL)");
            PathEntry e{st.back().mnt, child, last};
            follow_mounts(e);
            if (e.inode->is_lnk()) {
              if (flags & O_NOFOLLOW) return kernel_error(ELOOP, "final component is a symlink");
              v = path_lookup(caller, path, LOOKUP_FOLLOW, st);
              if (!v.ok()) return v.result();
            } else {
              st.push_back(e);
              // do_open() -> audit_inode(): the existing file is the syscall's second name.
              caller.kernel.audit().record_name(path, *e.inode, "NORMAL");
            }
            if (st.back().inode->is_dir()) return kernel_error(EISDIR, "O_CREAT on a directory");
          } else {
            // lookup_open() -> may_o_create() -> the filesystem's create().
            if (mnt_readonly(*st.back().mnt)) return erofs().result();
            const unsigned perm = mode & 07777 & ~caller.umask;
            // may_o_create(): security_path_mknod() first.
            if (const int prc = security_path_mknod(caller.kernel.lsm(), stack_path(st), last,
                                                    S_IFREG_ | perm, 0u);
                prc != 0)
              return Verdict::from_hook(caller, prc, "path_mknod").result();
            v = may_create(caller, dir);
            if (!v.ok()) return v.result();
            const int rc = security_inode_create(caller.kernel.lsm(), dir, last, S_IFREG_ | perm);
            if (rc != 0) return Verdict::from_hook(caller, rc, "inode_create").result();
            if (dir.sb->pseudo)
              return kernel_error(EACCES, "filesystem does not support creating files");
            auto inode = make_child(caller, dir, last, S_IFREG_ | perm, v);
            if (inode == nullptr) return v.result();
            dir.entries[last] = inode;
            st.push_back(PathEntry{st.back().mnt, inode, last});
            // fsnotify_create() -> audit_inode_child(..., AUDIT_TYPE_CHILD_CREATE).
            caller.kernel.audit().record_name(path, *inode, "CREATE");
            created = true;
            acc_mode = 0;  // a file we created is opened without further permission checks
            flags &= ~O_TRUNC;
          }
        }
        file = open_path(caller, st, flags, acc_mode, std::move(file), v);
        if (file == nullptr) return v.result();
        Inode& inode = *file->inode;
        if ((flags & O_TRUNC) != 0 && inode.is_reg() && !created && inode.ops == nullptr) {
          const int rc = security_inode_setattr(caller.kernel.lsm(), inode, ATTR_SIZE);
          if (rc != 0) return Verdict::from_hook(caller, rc, "inode_setattr").result();
          inode.data.clear();
        }
        const int fd = task_files(caller).install(std::move(file));
        if (fd < 0) return kernel_error(-fd, "too many open files");
        return SysResult::success(fd);
      });
}

SysResult sys_close(Task& caller, int fd) {
  return run_syscall(caller, 3, {audit_arg(fd)}, [&]() -> SysResult {
    FdTable& ft = task_files(caller);
    if (ft.fds.erase(fd) == 0) return kernel_error(EBADF, "bad file descriptor");
    return SysResult::success();
  });
}

SysResult sys_read(Task& caller, int fd, std::size_t count) {
  return run_syscall(
      caller, 0, {audit_arg(fd), audit_arg(0), audit_arg(count)}, [&]() -> SysResult {
        File* f = task_files(caller).get(fd);
        if (f == nullptr || (f->flags & O_ACCMODE) == O_WRONLY)
          return kernel_error(EBADF, "not open for reading");
        if (f->inode == nullptr || f->socket != nullptr)
          return kernel_error(EINVAL, "not readable");
        if (f->inode->is_dir()) return kernel_error(EISDIR, "is a directory");
        const int rc = security_file_permission(caller.kernel.lsm(), *f, MAY_READ);
        if (rc != 0) return Verdict::from_hook(caller, rc, "file_permission").result();
        const std::string* content = &f->inode->data;
        if (f->inode->ops != nullptr) {
          if (!f->seq_filled) {
            f->seq_buf.clear();
            const int r = f->inode->ops->read(*f, caller, f->seq_buf);
            if (r < 0) {
              std::optional<Denial> d = caller.kernel.lsm().take_denial();
              return SysResult::error(-r, d ? d : Denial{"kernel", {}, {}, "read refused"});
            }
            f->seq_filled = true;
          }
          content = &f->seq_buf;
        }
        if (f->pos >= content->size()) return SysResult::with_data({});
        std::string out = content->substr(static_cast<std::size_t>(f->pos), count);
        f->pos += out.size();
        return SysResult::with_data(std::move(out));
      });
}

SysResult sys_write(Task& caller, int fd, const std::string& data) {
  return run_syscall(
      caller, 1, {audit_arg(fd), audit_arg(0), audit_arg(data.size())}, [&]() -> SysResult {
        File* f = task_files(caller).get(fd);
        if (f == nullptr || (f->flags & O_ACCMODE) == O_RDONLY)
          return kernel_error(EBADF, "not open for writing");
        if (f->inode == nullptr || f->socket != nullptr)
          return kernel_error(EINVAL, "not writable");
        const int rc = security_file_permission(caller.kernel.lsm(), *f, MAY_WRITE);
        if (rc != 0) return Verdict::from_hook(caller, rc, "file_permission").result();
        Inode& inode = *f->inode;
        if (inode.ops != nullptr) {
          const long n = inode.ops->write(*f, caller, data);
          if (n < 0) {
            std::optional<Denial> d = caller.kernel.lsm().take_denial();
            return SysResult::error(static_cast<int>(-n),
                                    d ? d : Denial{"kernel", {}, {}, "write refused"});
          }
          if (!inode.ops->simple_transaction) f->pos += static_cast<std::uint64_t>(n);
          return SysResult::success(n);
        }
        if (f->flags & O_APPEND) f->pos = inode.data.size();
        const auto pos = static_cast<std::size_t>(f->pos);
        if (inode.data.size() < pos + data.size()) inode.data.resize(pos + data.size());
        inode.data.replace(pos, data.size(), data);
        f->pos += data.size();
        return SysResult::success(static_cast<long>(data.size()));
      });
}

SysResult sys_mkdir(Task& caller, const std::string& path, unsigned mode) {
  const unsigned perm = mode & 01777 & ~caller.umask;
  return run_syscall(caller, 83, {audit_arg(0), audit_arg(mode)}, [&] {
    return create_node<Hook::path_mkdir, Hook::inode_mkdir>(
        caller, path, "mkdir", perm, [&](Inode& dir, const std::string& last) -> SysResult {
          if (dir.sb->pseudo)
            return pseudo_dir_op(caller, dir.ops->mkdir(dir, last, perm, caller), "mkdir");
          Verdict v = Verdict::allow();
          auto inode = make_child(caller, dir, last, S_IFDIR_ | perm, v);
          if (inode == nullptr) return v.result();
          dir.entries[last] = inode;
          ++dir.nlink;
          return SysResult::success();
        });
  });
}

SysResult sys_rmdir(Task& caller, const std::string& path) {
  return run_syscall(caller, 84, {}, [&]() -> SysResult {
    Victim target;
    SysResult found = lookup_victim(
        caller, path, "directory",
        [](const std::string& name) {
          if (name.empty()) return kernel_error(EBUSY, "cannot remove the root");
          if (name == ".") return kernel_error(EINVAL, "cannot remove '.'");
          if (name == "..") return kernel_error(ENOTEMPTY, "cannot remove '..'");
          return SysResult::success();
        },
        target);
    if (!found.ok()) return found;
    PathStack& st = target.st;
    const std::string& last = target.last;
    Inode& victim = *target.inode;
    Inode& dir = *st.back().inode;
    // do_rmdir(): security_path_rmdir() before vfs_rmdir().
    if (const int prc = security_path_rmdir(caller.kernel.lsm(), stack_path(st), victim, last);
        prc != 0)
      return Verdict::from_hook(caller, prc, "path_rmdir").result();
    Verdict v = may_delete(caller, dir, victim, true);
    if (!v.ok()) return v.result();
    const bool pseudo_rmdir = dir.sb->pseudo && dir.ops != nullptr && dir.ops->has_mkdir();
    if (dir.sb->pseudo && !pseudo_rmdir) return kernel_error(EPERM, "filesystem has no rmdir");
    if (is_mountpoint(st.back(), victim)) return kernel_error(EBUSY, "directory is a mount point");
    const int rc = security_inode_rmdir(caller.kernel.lsm(), dir, victim, last);
    if (rc != 0) return Verdict::from_hook(caller, rc, "inode_rmdir").result();
    if (pseudo_rmdir)
      return pseudo_dir_op(caller, dir.ops->rmdir(dir, last, victim, caller), "rmdir");
    if (!victim.entries.empty()) return kernel_error(ENOTEMPTY, "directory not empty");
    dir.entries.erase(last);
    --dir.nlink;
    return SysResult::success();
  });
}

SysResult sys_unlink(Task& caller, const std::string& path) {
  return run_syscall(caller, 87, {}, [&]() -> SysResult {
    Victim target;
    SysResult found = lookup_victim(
        caller, path, "file",
        [](const std::string& name) {
          if (name.empty() || name == "." || name == "..")
            return kernel_error(EISDIR, "is a directory");
          return SysResult::success();
        },
        target);
    if (!found.ok()) return found;
    PathStack& st = target.st;
    const std::string& last = target.last;
    const bool trailing = target.trailing;
    Inode& victim = *target.inode;
    Inode& dir = *st.back().inode;
    if (trailing) return kernel_error(victim.is_dir() ? EISDIR : ENOTDIR, "trailing slash");
    // do_unlinkat(): security_path_unlink() before vfs_unlink().
    if (const int prc = security_path_unlink(caller.kernel.lsm(), stack_path(st), victim, last);
        prc != 0)
      return Verdict::from_hook(caller, prc, "path_unlink").result();
    Verdict v = may_delete(caller, dir, victim, false);
    if (!v.ok()) return v.result();
    if (dir.sb->pseudo) return kernel_error(EPERM, "filesystem has no unlink");
    if (is_mountpoint(st.back(), victim)) return kernel_error(EBUSY, "file is a mount point");
    const int rc = security_inode_unlink(caller.kernel.lsm(), dir, victim, last);
    if (rc != 0) return Verdict::from_hook(caller, rc, "inode_unlink").result();
    dir.entries.erase(last);
    if (victim.nlink > 0) --victim.nlink;
    return SysResult::success();
  });
}

SysResult sys_symlink(Task& caller, const std::string& target, const std::string& linkpath) {
  return run_syscall(caller, 88, {}, [&]() -> SysResult {
    if (target.empty()) return kernel_error(ENOENT, "empty symlink target");
    return create_node<Hook::path_symlink, Hook::inode_symlink>(
        caller, linkpath, "symlink", target, [&](Inode& dir, const std::string& last) -> SysResult {
          Verdict v = Verdict::allow();
          auto inode = make_child(caller, dir, last, S_IFLNK_ | 0777, v);
          if (inode == nullptr) return v.result();
          inode->symlink_target = target;
          dir.entries[last] = inode;
          return SysResult::success();
        });
  });
}

SysResult sys_readlink(Task& caller, const std::string& path) {
  return run_syscall(caller, 89, {}, [&]() -> SysResult {
    PathStack st;
    Verdict v = path_lookup(caller, path, 0, st);
    if (!v.ok()) return v.result();
    Inode& inode = *st.back().inode;
    if (!inode.is_lnk()) return kernel_error(EINVAL, "not a symbolic link");
    const int rc = security_inode_readlink(caller.kernel.lsm(), inode);
    if (rc != 0) return Verdict::from_hook(caller, rc, "inode_readlink").result();
    if (inode.ops != nullptr) {
      LinkTarget t;
      const int r = inode.ops->get_link(inode, caller, t);
      if (r < 0) return kernel_error(-r, "link not readable");
      return SysResult::with_data(t.text);
    }
    return SysResult::with_data(inode.symlink_target);
  });
}

SysResult sys_stat(Task& caller, const std::string& path, StatBuf& out) {
  return run_syscall(caller, 4, {}, [&]() -> SysResult {
    PathStack st;
    Verdict v = path_lookup(caller, path, LOOKUP_FOLLOW, st);
    if (!v.ok()) return v.result();
    // struct path: audited as LSM_AUDIT_DATA_PATH (` path=...`).
    const int rc = security_inode_getattr(caller.kernel.lsm(), *st.back().inode, stack_path(st));
    if (rc != 0) return Verdict::from_hook(caller, rc, "inode_getattr").result();
    fill_stat(caller, *st.back().inode, out);
    return SysResult::success();
  });
}

SysResult sys_fstat(Task& caller, int fd, StatBuf& out) {
  return run_syscall(caller, 5, {audit_arg(fd)}, [&]() -> SysResult {
    File* f = task_files(caller).get(fd);
    if (f == nullptr) return kernel_error(EBADF, "bad file descriptor");
    if (f->inode == nullptr) return kernel_error(EINVAL, "no inode");
    const int rc = security_inode_getattr(caller.kernel.lsm(), *f->inode, f->path);
    if (rc != 0) return Verdict::from_hook(caller, rc, "inode_getattr").result();
    fill_stat(caller, *f->inode, out);
    return SysResult::success();
  });
}

SysResult sys_chmod(Task& caller, const std::string& path, unsigned mode) {
  return run_syscall(caller, 90, {audit_arg(0), audit_arg(mode)}, [&]() -> SysResult {
    PathStack st;
    Verdict v = path_lookup(caller, path, LOOKUP_FOLLOW, st);
    if (!v.ok()) return v.result();
    Inode& inode = *st.back().inode;
    if (mnt_readonly(*st.back().mnt) || (inode.sb->flags & SB_RDONLY) != 0) return erofs().result();
    // chmod_common(): security_path_chmod() before notify_change().
    if (const int prc = security_path_chmod(caller.kernel.lsm(), stack_path(st), inode, mode & 07777);
        prc != 0)
      return Verdict::from_hook(caller, prc, "path_chmod").result();
    // setattr_prepare(): only the owner, or CAP_FOWNER over the inode.
    if (!inode_owner_or_capable(caller, inode))
      return Verdict::deny(EPERM, "capability",
                           "not the owner and no cap_fowner over uid " + std::to_string(inode.uid))
          .result();
    unsigned perm = mode & 07777;
    // The setgid bit is dropped for a group the caller is not in, without CAP_FSETID.
    if (!in_group_p(*caller.cred, inode.gid) && !capable_wrt_inode_uidgid(caller, inode, CAP_FSETID))
      perm &= ~02000u;
    const int rc = security_inode_setattr(caller.kernel.lsm(), inode, ATTR_MODE);
    if (rc != 0) return Verdict::from_hook(caller, rc, "inode_setattr").result();
    inode.mode = (inode.mode & S_IFMT_) | perm;
    return SysResult::success();
  });
}

SysResult sys_chown(Task& caller, const std::string& path, Uid uid, Gid gid) {
  return run_syscall(
      caller, 92, {audit_arg(0), audit_arg(uid), audit_arg(gid)}, [&]() -> SysResult {
        PathStack st;
        Verdict v = path_lookup(caller, path, LOOKUP_FOLLOW, st);
        if (!v.ok()) return v.result();
        Inode& inode = *st.back().inode;
        const UserNamespace& uns = *caller.cred->user_ns;
        const Uid kuid = uid == kInvalidUid ? inode.uid : make_kuid(uns, uid);
        const Gid kgid = gid == kInvalidGid ? inode.gid : make_kgid(uns, gid);
        if (kuid == kInvalidUid || kgid == kInvalidGid)
          return kernel_error(EINVAL, "id not mapped in the caller's user namespace");
        if (mnt_readonly(*st.back().mnt) || (inode.sb->flags & SB_RDONLY) != 0)
          return erofs().result();
        // chown_common(): security_path_chown() before notify_change().
        if (const int prc =
                security_path_chown(caller.kernel.lsm(), stack_path(st), inode, kuid, kgid);
            prc != 0)
          return Verdict::from_hook(caller, prc, "path_chown").result();
        const Cred& c = *caller.cred;
        // chown_ok() / chgrp_ok(), for the ids actually given (ATTR_UID / ATTR_GID).
        if (uid != kInvalidUid && !(c.fsuid == inode.uid && kuid == inode.uid) &&
            !capable_wrt_inode_uidgid(caller, inode, CAP_CHOWN))
          return Verdict::deny(EPERM, "capability",
                               "changing the owner needs cap_chown over the inode")
              .result();
        if (gid != kInvalidGid &&
            !(c.fsuid == inode.uid && (kgid == inode.gid || in_group_p(c, kgid))) &&
            !capable_wrt_inode_uidgid(caller, inode, CAP_CHOWN))
          return Verdict::deny(EPERM, "capability",
                               "changing the group needs membership or cap_chown")
              .result();
        const int rc = security_inode_setattr(caller.kernel.lsm(), inode, ATTR_UID | ATTR_GID);
        if (rc != 0) return Verdict::from_hook(caller, rc, "inode_setattr").result();
        inode.uid = kuid;
        inode.gid = kgid;
        if (!inode.is_dir()) {  // ATTR_KILL_SUID / ATTR_KILL_SGID
          inode.mode &= ~04000u;
          if (inode.mode & 0010) inode.mode &= ~02000u;
        }
        return SysResult::success();
      });
}

SysResult sys_chdir(Task& caller, const std::string& path) {
  return run_syscall(caller, 80, {}, [&]() -> SysResult {
    PathStack st;
    const Verdict v = lookup_dir_to_enter(caller, path, st);
    if (!v.ok()) return v.result();
    caller.cwd = stack_path(st);
    return SysResult::success();
  });
}

SysResult sys_chroot(Task& caller, const std::string& path) {
  return run_syscall(caller, 161, {}, [&]() -> SysResult {
    PathStack st;
    const Verdict v = lookup_dir_to_enter(caller, path, st);
    if (!v.ok()) return v.result();
    if (!ns_capable(caller, *caller.cred->user_ns, CAP_SYS_CHROOT)) {
      std::optional<Denial> d = caller.kernel.lsm().take_denial();
      return SysResult::error(EPERM, d ? d : Denial{"capability", "capable", {}, "needs cap_sys_chroot"});
    }
    caller.root = stack_path(st);
    return SysResult::success();
  });
}

SysResult read_file(Task& caller, const std::string& path) {
  SysResult o = sys_open(caller, path, O_RDONLY);
  if (!o.ok() || !caller.alive()) return o;
  const int fd = static_cast<int>(o.ret);
  std::string all;
  for (;;) {
    SysResult r = sys_read(caller, fd, 65536);
    // Killed by the read (an LSM's kill mode): the program is gone, exit closed its files.
    if (!caller.alive()) return r;
    if (!r.ok()) {
      sys_close(caller, fd);
      return r;
    }
    if (r.data.empty()) break;
    all += r.data;
  }
  sys_close(caller, fd);
  return SysResult::with_data(std::move(all));
}

SysResult write_file(Task& caller, const std::string& path, const std::string& data) {
  SysResult o = sys_open(caller, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!o.ok() || !caller.alive()) return o;
  const int fd = static_cast<int>(o.ret);
  SysResult w = sys_write(caller, fd, data);
  if (caller.alive()) sys_close(caller, fd);  // else killed by the write: no close to make
  return w;
}

}  // namespace lsmsim
