// Filesystem syscalls: paths are resolved in the caller's mount namespace from its root and
// cwd; permission checks are DAC (with capabilities) then the LSM hooks, in kernel order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/sys_result.h"
#include "model/types.h"

namespace lsmsim {

struct Task;

// struct stat, as far as lsmsim models it.
struct StatBuf {
  std::uint64_t dev = 0;
  std::uint64_t ino = 0;
  unsigned mode = 0;
  unsigned nlink = 0;
  Uid uid = 0;  // as the caller's user namespace sees them (overflow id if unmapped)
  Gid gid = 0;
  std::uint64_t size = 0;
};

SysResult sys_open(Task& caller, const std::string& path, int flags, unsigned mode = 0644);
SysResult sys_close(Task& caller, int fd);
SysResult sys_read(Task& caller, int fd, std::size_t count);
SysResult sys_write(Task& caller, int fd, const std::string& data);
SysResult sys_mkdir(Task& caller, const std::string& path, unsigned mode);
SysResult sys_rmdir(Task& caller, const std::string& path);
SysResult sys_unlink(Task& caller, const std::string& path);
SysResult sys_symlink(Task& caller, const std::string& target, const std::string& linkpath);
SysResult sys_readlink(Task& caller, const std::string& path);
SysResult sys_stat(Task& caller, const std::string& path, StatBuf& out);
SysResult sys_fstat(Task& caller, int fd, StatBuf& out);
SysResult sys_chmod(Task& caller, const std::string& path, unsigned mode);
SysResult sys_chown(Task& caller, const std::string& path, Uid uid, Gid gid);
SysResult sys_chdir(Task& caller, const std::string& path);
SysResult sys_chroot(Task& caller, const std::string& path);
SysResult sys_setxattr(Task& caller, const std::string& path, const std::string& name,
                       const std::string& value, int flags = 0);
SysResult sys_getxattr(Task& caller, const std::string& path, const std::string& name);
SysResult sys_listxattr(Task& caller, const std::string& path);  // data: names, NUL-separated
SysResult sys_removexattr(Task& caller, const std::string& path, const std::string& name);
// mount(2) with MS_* flags; MS_SHARED/MS_SLAVE/MS_PRIVATE/MS_UNBINDABLE (with MS_REC) change
// propagation as `mount --make-*` does; MS_BIND binds; fstype names a filesystem type
// ("tmpfs", "proc", "securityfs", "selinuxfs", "smackfs", "sysfs").
SysResult sys_mount(Task& caller, const std::string& source, const std::string& target,
                    const std::string& fstype, unsigned long flags,
                    const std::string& data = "");
SysResult sys_umount(Task& caller, const std::string& target, int flags = 0);
// setns(fd, nstype): fd must be an nsfs file (/proc/PID/ns/*) or a pidfd.
SysResult sys_setns(Task& caller, int fd, int nstype);

// Conveniences for tests and scenarios: open + read all + close; open + write + close.
SysResult read_file(Task& caller, const std::string& path);
SysResult write_file(Task& caller, const std::string& path, const std::string& data);

}  // namespace lsmsim
