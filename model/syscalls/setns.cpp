// setns(fd, nstype) with an nsfs file (fs/nsfs.c, kernel/nsproxy.c): the fd names the
// namespace; joining it is setns_to() (model/syscalls/ns.h).
#include <cerrno>

#include "model/syscalls/fs.h"
#include "model/syscalls/ns.h"
#include "model/syscalls/syscall_util.h"
#include "model/vfs/inode.h"

namespace lsmsim {

SysResult sys_setns(Task& caller, int fd, int nstype) {
  // The whole call is one audited syscall; the fd lookup keeps its own inner scope so
  // pending signals are acted on where they were before.
  SyscallScope audit_scope(caller, 308, {audit_arg(fd), audit_arg(nstype)}, false);
  return audit_scope.leave([&]() -> SysResult {
    std::shared_ptr<Namespace> ns;
    {
      SyscallScope scope(caller);
      File* f = task_files(caller).get(fd);
      if (f == nullptr) return kernel_error(EBADF, "bad file descriptor");
      if (f->inode == nullptr || f->inode->ns == nullptr)
        return kernel_error(EINVAL, "not a namespace file (pidfds are not modelled)");
      ns = f->inode->ns;
    }
    return setns_to(caller, ns, nstype);
  }());
}

}  // namespace lsmsim
