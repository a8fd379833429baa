// Syscalls declared in model/syscalls/*.h whose implementation has not landed yet: each
// fails with ENOSYS, so everything links while the work is spread over branches. An
// implementation removes its entry here.
#include <cerrno>

#include "model/syscalls/exec.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/net.h"
#include "model/syscalls/ns.h"
#include "model/syscalls/process.h"

namespace lsmsim {

namespace {
SysResult enosys() { return SysResult::error(ENOSYS); }
}  // namespace

// ---- process.h ----
SysResult sys_fork(Task& /*caller*/) { return enosys(); }
SysResult sys_clone(Task& /*caller*/, unsigned long /*flags*/) { return enosys(); }
SysResult sys_exit(Task& /*caller*/, int /*code*/) { return enosys(); }
SysResult sys_wait4(Task& /*caller*/, Pid /*pid*/, int* /*status_out*/) { return enosys(); }
SysResult sys_kill(Task& /*caller*/, Pid /*pid*/, int /*sig*/) { return enosys(); }
SysResult sys_ptrace_attach(Task& /*caller*/, Pid /*pid*/) { return enosys(); }
SysResult sys_ptrace_traceme(Task& /*caller*/) { return enosys(); }
SysResult sys_getpid(Task& /*caller*/) { return enosys(); }
SysResult sys_getppid(Task& /*caller*/) { return enosys(); }
SysResult sys_setuid(Task& /*caller*/, Uid /*uid*/) { return enosys(); }
SysResult sys_setgid(Task& /*caller*/, Gid /*gid*/) { return enosys(); }
SysResult sys_setreuid(Task& /*caller*/, Uid /*ruid*/, Uid /*euid*/) { return enosys(); }
SysResult sys_setresuid(Task& /*caller*/, Uid /*ruid*/, Uid /*euid*/, Uid /*suid*/) { return enosys(); }
SysResult sys_setresgid(Task& /*caller*/, Gid /*rgid*/, Gid /*egid*/, Gid /*sgid*/) { return enosys(); }
SysResult sys_setfsuid(Task& /*caller*/, Uid /*fsuid*/) { return enosys(); }
SysResult sys_getuid(Task& /*caller*/) { return enosys(); }
SysResult sys_geteuid(Task& /*caller*/) { return enosys(); }
SysResult sys_setgroups(Task& /*caller*/, const std::vector<Gid>& /*groups*/) { return enosys(); }
SysResult sys_capget(Task& /*caller*/, Pid /*pid*/, CapSet& /*effective*/, CapSet& /*inheritable*/, CapSet& /*permitted*/) { return enosys(); }
SysResult sys_capset(Task& /*caller*/, CapSet /*effective*/, CapSet /*inheritable*/, CapSet /*permitted*/) { return enosys(); }
SysResult sys_prctl(Task& /*caller*/, int /*option*/, unsigned long /*arg2*/, unsigned long /*arg3*/, unsigned long /*arg4*/, unsigned long /*arg5*/) { return enosys(); }

// ---- ns.h ----
SysResult sys_unshare(Task& /*caller*/, unsigned long /*flags*/) { return enosys(); }
SysResult setns_to(Task& /*caller*/, const std::shared_ptr<Namespace>& /*ns*/, int /*nstype*/) { return enosys(); }
SysResult setns_pidfd_to(Task& /*caller*/, Task& /*target*/, unsigned long /*flags*/) { return enosys(); }
SysResult create_user_ns(Task& /*caller*/, std::shared_ptr<UserNamespace>& /*out*/) { return enosys(); }
SysResult write_id_map(Task& /*writer*/, Task& /*target*/, IdMapKind /*kind*/, const std::string& /*text*/) { return enosys(); }
std::string read_id_map(Task& /*reader*/, Task& /*target*/, IdMapKind /*kind*/) { return {}; }
SysResult write_setgroups(Task& /*writer*/, Task& /*target*/, const std::string& /*text*/) { return enosys(); }
std::string read_setgroups(Task& /*target*/) { return {}; }

}  // namespace lsmsim
