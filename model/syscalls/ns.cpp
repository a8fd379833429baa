// unshare(2) and setns(2) (kernel/fork.c ksys_unshare, kernel/nsproxy.c).
#include "model/syscalls/ns.h"

#include "model/audit/audit_contid.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/syscalls/syscall_util.h"
#include "model/ns/ns_create.h"
#include "model/ns/ns_install.h"
#include "model/process/pid_lookup.h"
#include "model/process/ptrace_access.h"
#include "model/syscalls/denial.h"
#include "model/vfs/fd_table.h"

namespace lsmsim {

namespace {

constexpr unsigned long kAllCloneNew = kCloneNewNonUser | CLONE_NEWUSER;

// check_unshare_flags(): unknown flags, and sharing that cannot be undone.
SysResult check_unshare_flags(Task& current, unsigned long flags) {
  if ((flags & ~(CLONE_THREAD | CLONE_FS | CLONE_SIGHAND | CLONE_VM | CLONE_FILES |
                 CLONE_SYSVSEM | kAllCloneNew)) != 0)
    return kernel_denial(EINVAL, "unknown unshare flags");
  // Leaving the thread group is "not implemented, but pretend it works" when alone in it.
  if ((flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_VM)) != 0 && thread_group(current).size() > 1)
    return kernel_denial(EINVAL, "a multi-threaded process cannot unshare its thread group");
  return SysResult::success();
}

}  // namespace

SysResult sys_unshare(Task& caller, unsigned long flags) {
  SyscallScope scope(caller, 272, {audit_arg(flags)}, false);
  return scope.leave([&]() -> SysResult {
    Kernel& k = caller.kernel;
    // A new user namespace must not be shared with other threads or fs users; a new mount
    // namespace needs a private fs_struct; VM and signal handlers imply the thread group.
    if ((flags & CLONE_NEWUSER) != 0) flags |= CLONE_THREAD | CLONE_FS;
    if ((flags & CLONE_VM) != 0) flags |= CLONE_SIGHAND;
    if ((flags & CLONE_SIGHAND) != 0) flags |= CLONE_THREAD;
    if ((flags & CLONE_NEWNS) != 0) flags |= CLONE_FS;
    if (SysResult r = check_unshare_flags(caller, flags); !r.ok()) return r;

    // unshare_fd(): a private copy of a shared descriptor table.
    std::shared_ptr<FdTable> new_files;
    if ((flags & CLONE_FILES) != 0 && caller.files != nullptr && caller.files.use_count() > 1)
      new_files = std::make_shared<FdTable>(*caller.files);

    // unshare_userns(): the new user namespace comes first; the others are owned by it.
    std::shared_ptr<Cred> new_cred;
    if ((flags & CLONE_NEWUSER) != 0) {
      int err = 0;
      new_cred = k.prepare_creds(*caller.cred, err);
      if (new_cred == nullptr) return lsm_denial(k, err);
      if (SysResult r = create_user_ns_in_cred(caller, *new_cred); !r.ok()) return r;
    }

    // unshare_nsproxy_namespaces(): CAP_SYS_ADMIN (of the old cred) in the namespace that will
    // own the new ones; the creator of a fresh user namespace always has it there.
    std::optional<NsProxy> new_nsproxy;
    if ((flags & kCloneNewNonUser) != 0) {
      const std::shared_ptr<UserNamespace>& user_ns =
          new_cred != nullptr ? new_cred->user_ns : caller.cred->user_ns;
      SysResult why;
      if (!ns_capable_why(caller, *user_ns, CAP_SYS_ADMIN, why)) return why;
      NsProxy out;
      if (SysResult r = create_new_namespaces(caller, flags, caller.nsproxy, user_ns, caller, out);
          !r.ok())
        return r;
      new_nsproxy = std::move(out);
    }

    const NetNamespace* old_net = caller.nsproxy.net.get();  // ghak90 netns contid list

    if (new_nsproxy) caller.nsproxy = std::move(*new_nsproxy);

    k.audit().contids().netns_changed(caller, old_net);
    if (new_files != nullptr) caller.files = std::move(new_files);
    if (new_cred != nullptr) k.commit_creds(caller, std::move(new_cred));
    return SysResult::success();
  }());
}

SysResult setns_to(Task& caller, const std::shared_ptr<Namespace>& ns, int nstype) {
  Kernel::CurrentScope scope(caller.kernel, caller);
  const unsigned long type_flag = ns_clone_flag(ns->type);
  if (nstype != 0 && static_cast<unsigned long>(static_cast<unsigned>(nstype)) != type_flag)
    return kernel_denial(EINVAL, std::string("nstype does not match the namespace (") +
                                     ns_type_name(ns->type) + ")");
  NsSet set;
  if (SysResult r = prepare_nsset(caller, type_flag, set); !r.ok()) return r;
  if (SysResult r = ns_install(caller, set, ns); !r.ok()) return r;
  const NetNamespace* old_net = caller.nsproxy.net.get();  // ghak90 netns contid list
  commit_nsset(caller, set);
  caller.kernel.audit().contids().netns_changed(caller, old_net);
  return SysResult::success();
}

SysResult setns_pidfd_to(Task& caller, Task& target, unsigned long flags) {
  Kernel::CurrentScope scope(caller.kernel, caller);
  // check_setns_flags()
  if (flags == 0 || (flags & ~kAllCloneNew) != 0)
    return kernel_denial(EINVAL, "setns on a pidfd needs one or more CLONE_NEW* flags only");
  NsSet set;
  if (SysResult r = prepare_nsset(caller, flags, set); !r.ok()) return r;
  // validate_nsset(): a snapshot of the target's namespaces, then every install in a fixed
  // order; the first failure abandons all of them.
  if (!target.alive()) return kernel_denial(ESRCH, "the target has exited");
  if (SysResult r = ptrace_may_access(caller, target, PTRACE_MODE_READ_REALCREDS); !r.ok())
    return r;
  const NsProxy nsp = target.nsproxy;
  std::vector<std::shared_ptr<Namespace>> order;
  if ((flags & CLONE_NEWUSER) != 0) order.push_back(target.cred->user_ns);
  if ((flags & CLONE_NEWNS) != 0) order.push_back(nsp.mnt);
  if ((flags & CLONE_NEWUTS) != 0) order.push_back(nsp.uts);
  if ((flags & CLONE_NEWIPC) != 0) order.push_back(nsp.ipc);
  if ((flags & CLONE_NEWPID) != 0) order.push_back(target.pids.back().ns);  // its active one
  if ((flags & CLONE_NEWCGROUP) != 0) order.push_back(nsp.cgroup);
  if ((flags & CLONE_NEWNET) != 0) order.push_back(nsp.net);
  if ((flags & CLONE_NEWTIME) != 0) order.push_back(nsp.time);
  for (const auto& ns : order)
    if (SysResult r = ns_install(caller, set, ns); !r.ok()) return r;
  const NetNamespace* old_net = caller.nsproxy.net.get();  // ghak90 netns contid list
  commit_nsset(caller, set);
  caller.kernel.audit().contids().netns_changed(caller, old_net);
  return SysResult::success();
}

SysResult create_user_ns(Task& caller, std::shared_ptr<UserNamespace>& out) {
  Kernel::CurrentScope scope(caller.kernel, caller);
  int err = 0;
  std::shared_ptr<Cred> cred = caller.kernel.prepare_creds(*caller.cred, err);
  if (cred == nullptr) return lsm_denial(caller.kernel, err);
  if (SysResult r = create_user_ns_in_cred(caller, *cred); !r.ok()) return r;
  out = cred->user_ns;
  return SysResult::success();
}

}  // namespace lsmsim
