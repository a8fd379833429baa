// Syscalls declared in model/syscalls/*.h whose implementation has not landed yet: each
// fails with ENOSYS, so everything links while the work is spread over branches. An
// implementation removes its entry here.
#include <cerrno>

#include "model/syscalls/exec.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/net.h"

namespace lsmsim {

namespace {
SysResult enosys() { return SysResult::error(ENOSYS); }
}  // namespace

// ---- fs.h ----
SysResult sys_open(Task& /*caller*/, const std::string& /*path*/, int /*flags*/, unsigned /*mode*/) { return enosys(); }
SysResult sys_close(Task& /*caller*/, int /*fd*/) { return enosys(); }
SysResult sys_read(Task& /*caller*/, int /*fd*/, std::size_t /*count*/) { return enosys(); }
SysResult sys_write(Task& /*caller*/, int /*fd*/, const std::string& /*data*/) { return enosys(); }
SysResult sys_mkdir(Task& /*caller*/, const std::string& /*path*/, unsigned /*mode*/) { return enosys(); }
SysResult sys_rmdir(Task& /*caller*/, const std::string& /*path*/) { return enosys(); }
SysResult sys_unlink(Task& /*caller*/, const std::string& /*path*/) { return enosys(); }
SysResult sys_symlink(Task& /*caller*/, const std::string& /*target*/, const std::string& /*linkpath*/) { return enosys(); }
SysResult sys_readlink(Task& /*caller*/, const std::string& /*path*/) { return enosys(); }
SysResult sys_stat(Task& /*caller*/, const std::string& /*path*/, StatBuf& /*out*/) { return enosys(); }
SysResult sys_fstat(Task& /*caller*/, int /*fd*/, StatBuf& /*out*/) { return enosys(); }
SysResult sys_chmod(Task& /*caller*/, const std::string& /*path*/, unsigned /*mode*/) { return enosys(); }
SysResult sys_chown(Task& /*caller*/, const std::string& /*path*/, Uid /*uid*/, Gid /*gid*/) { return enosys(); }
SysResult sys_chdir(Task& /*caller*/, const std::string& /*path*/) { return enosys(); }
SysResult sys_chroot(Task& /*caller*/, const std::string& /*path*/) { return enosys(); }
SysResult sys_setxattr(Task& /*caller*/, const std::string& /*path*/, const std::string& /*name*/, const std::string& /*value*/, int /*flags*/) { return enosys(); }
SysResult sys_getxattr(Task& /*caller*/, const std::string& /*path*/, const std::string& /*name*/) { return enosys(); }
SysResult sys_listxattr(Task& /*caller*/, const std::string& /*path*/) { return enosys(); }
SysResult sys_removexattr(Task& /*caller*/, const std::string& /*path*/, const std::string& /*name*/) { return enosys(); }
SysResult sys_mount(Task& /*caller*/, const std::string& /*source*/, const std::string& /*target*/, const std::string& /*fstype*/, unsigned long /*flags*/, const std::string& /*data*/) { return enosys(); }
SysResult sys_umount(Task& /*caller*/, const std::string& /*target*/, int /*flags*/) { return enosys(); }
SysResult sys_setns(Task& /*caller*/, int /*fd*/, int /*nstype*/) { return enosys(); }
SysResult read_file(Task& /*caller*/, const std::string& /*path*/) { return enosys(); }
SysResult write_file(Task& /*caller*/, const std::string& /*path*/, const std::string& /*data*/) { return enosys(); }

// ---- exec.h ----
SysResult sys_execve(Task& /*caller*/, const std::string& /*path*/, const std::vector<std::string>& /*argv*/) { return enosys(); }

// ---- net.h ----
SysResult sys_socket(Task& /*caller*/, int /*family*/, int /*type*/, int /*protocol*/) { return enosys(); }
SysResult sys_socketpair(Task& /*caller*/, int /*family*/, int /*type*/, int /*protocol*/, int */*fd_out*/) { return enosys(); }
SysResult sys_bind(Task& /*caller*/, int /*fd*/, const std::string& /*address*/) { return enosys(); }
SysResult sys_listen(Task& /*caller*/, int /*fd*/, int /*backlog*/) { return enosys(); }
SysResult sys_connect(Task& /*caller*/, int /*fd*/, const std::string& /*address*/) { return enosys(); }
SysResult sys_accept(Task& /*caller*/, int /*fd*/) { return enosys(); }
SysResult sys_getsockopt_peercred(Task& /*caller*/, int /*fd*/, UCred& /*out*/) { return enosys(); }
SysResult sys_getsockopt_peersec(Task& /*caller*/, int /*fd*/, std::uint32_t /*optlen*/) { return enosys(); }

}  // namespace lsmsim
