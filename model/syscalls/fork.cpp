// fork(2) and clone(2)/clone3(2): copy_process() in kernel/fork.c, in its order: flag checks,
// copy_creds (with create_user_ns for CLONE_NEWUSER), security_task_alloc, copy_files,
// copy_namespaces, alloc_pid, then linking the child into the process tree.
#include "model/audit/audit_contid.h"
#include "model/kernel.h"
#include "model/syscalls/syscall_util.h"
#include "model/lsm/interface_lsm.h"
#include "model/lsm/security.h"
#include "model/ns/ns_create.h"
#include "model/process/pid_lookup.h"
#include "model/syscalls/denial.h"
#include "model/syscalls/process.h"
#include "model/vfs/fd_table.h"

namespace lsmsim {

namespace {

constexpr unsigned long kCsignal = 0xff & ~static_cast<unsigned long>(CLONE_NEWTIME);
constexpr unsigned long kCloneKnown =
    kCsignal | CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_PIDFD | CLONE_PTRACE |
    CLONE_VFORK | CLONE_PARENT | CLONE_THREAD | CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
    CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_UNTRACED | CLONE_CHILD_SETTID | CLONE_IO |
    kCloneNewNonUser | CLONE_NEWUSER;

// The flag combinations copy_process() refuses before doing anything.
SysResult check_clone_flags(Task& current, unsigned long flags) {
  if ((flags & ~kCloneKnown) != 0) return kernel_denial(EINVAL, "unknown clone flags");
  if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
    return kernel_denial(EINVAL, "CLONE_NEWNS with CLONE_FS: a shared fs cannot change mounts");
  if ((flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS))
    return kernel_denial(EINVAL, "CLONE_NEWUSER with CLONE_FS");
  if ((flags & CLONE_THREAD) != 0 && (flags & CLONE_SIGHAND) == 0)
    return kernel_denial(EINVAL, "CLONE_THREAD needs CLONE_SIGHAND");
  if ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0)
    return kernel_denial(EINVAL, "CLONE_SIGHAND needs CLONE_VM");
  // Siblings of an init would never be reaped.
  if ((flags & CLONE_PARENT) != 0 && is_child_reaper(current))
    return kernel_denial(EINVAL, "the init of a pid namespace cannot create siblings");
  if ((flags & CLONE_THREAD) != 0 &&
      ((flags & (CLONE_NEWUSER | CLONE_NEWPID)) != 0 ||
       current.nsproxy.pid_for_children.get() != &current.active_pid_ns()))
    return kernel_denial(EINVAL, "a thread must stay in its process's user and pid namespaces");
  // A task sharing the caller's memory must stay in its time namespace (vfork is exempt:
  // the child enters time_for_children only at exec).
  if ((flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM &&
      current.nsproxy.time != current.nsproxy.time_for_children)
    return kernel_denial(EINVAL, "a task sharing memory must stay in its time namespace");
  if ((flags & (CLONE_PIDFD | CLONE_DETACHED)) == (CLONE_PIDFD | CLONE_DETACHED))
    return kernel_denial(EINVAL, "CLONE_PIDFD with CLONE_DETACHED");
  if ((flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) == (CLONE_NEWIPC | CLONE_SYSVSEM))
    return kernel_denial(EINVAL, "CLONE_NEWIPC with CLONE_SYSVSEM");
  return SysResult::success();
}

// copy_namespaces(): the child's nsproxy.
SysResult copy_namespaces(Task& current, unsigned long flags, Task& child) {
  if ((flags & kCloneNewNonUser) == 0) {
    child.nsproxy = current.nsproxy;
  } else {
    // CAP_SYS_ADMIN of the parent's cred in the child's (possibly new) user namespace.
    SysResult why;
    if (!ns_capable_why(current, *child.cred->user_ns, CAP_SYS_ADMIN, why)) return why;
    if (SysResult r = create_new_namespaces(current, flags, current.nsproxy, child.cred->user_ns,
                                            child, child.nsproxy);
        !r.ok())
      return r;
  }
  // timens_on_fork(): children enter time_for_children, except CLONE_VM children (vfork),
  // which keep the caller's until exec.
  if ((flags & CLONE_VM) == 0) child.nsproxy.time = child.nsproxy.time_for_children;
  return SysResult::success();
}

SysResult copy_process(Task& current, unsigned long flags) {
  Kernel& k = current.kernel;
  if (SysResult r = check_clone_flags(current, flags); !r.ok()) return r;

  std::unique_ptr<Task> p = k.new_task_struct();
  p->comm = current.comm;
  p->exe = current.exe;
  p->cmdline = current.cmdline;
  p->cwd = current.cwd;
  p->root = current.root;
  p->umask = current.umask;
  p->dumpable = current.dumpable;
  p->mm_user_ns = current.mm_user_ns;
  // copy_mm(): CLONE_VM shares the address space; a fork gets its own (a copy).
  if ((flags & CLONE_VM) != 0) p->mm = current.mm;
  if ((flags & CLONE_THREAD) != 0) p->tgid = current.tgid;
  k.audit().task_alloc(*p, current);  // audit_alloc()

  // copy_creds(): threads share the cred; everyone else gets a prepared copy.
  if ((flags & CLONE_THREAD) != 0) {
    p->real_cred = current.real_cred;
    p->cred = current.cred;
  } else {
    int err = 0;
    std::shared_ptr<Cred> next = k.prepare_creds(*current.cred, err);
    if (next == nullptr) return lsm_denial(k, err);
    if ((flags & CLONE_NEWUSER) != 0)
      if (SysResult r = create_user_ns_in_cred(current, *next); !r.ok()) return r;
    p->real_cred = p->cred = std::move(next);
  }

  // security_task_alloc(); from here on a failure runs security_task_free().
  if (const int rc = security_task_alloc(k.lsm(), *p, flags); rc != 0) {
    SysResult r = lsm_denial(k, -rc);
    security_task_free(k.lsm(), *p);
    return r;
  }
  // The stacking series' security_task_alloc copies interface_lsm to the child.
  lsm_task_inherit_ilsm(k.lsm(), current, *p);
  // audit_alloc(): loginuid, session and container ID go with the task struct copy.
  k.audit().task_alloc(*p, current);
  auto fail = [&](SysResult r) {
    security_task_free(k.lsm(), *p);
    return r;
  };

  // copy_files(): share the table with CLONE_FILES, else a copy of it.
  if ((flags & CLONE_FILES) != 0)
    p->files = current.files;
  else
    p->files = current.files != nullptr ? std::make_shared<FdTable>(*current.files)
                                        : std::make_shared<FdTable>();

  if (SysResult r = copy_namespaces(current, flags, *p); !r.ok()) return fail(r);

  // alloc_pid() in pid_for_children and every ancestor.
  int err = 0;
  Task* child = k.hash_task(p, p->nsproxy.pid_for_children, err);
  if (child == nullptr) {
    const std::string where = p->nsproxy.pid_for_children->display_name();
    return fail(kernel_denial(err,
                              err == ENOMEM ? "the pid namespace's init has exited"
                                            : "no free pid (pid_max or task limit)",
                              where));
  }
  // Threads and CLONE_PARENT children are siblings of the caller.
  Task* parent = (flags & (CLONE_PARENT | CLONE_THREAD)) != 0 && current.parent != nullptr
                     ? current.parent
                     : &current;
  child->parent = parent;
  k.audit().contids().task_fork(*child, current);  // ghak90: inherit the container ID
  parent->children.push_back(child);
  // The first task of a new pid namespace is its init and reaper.
  if ((flags & CLONE_THREAD) == 0 && child->pids.back().nr == 1)
    child->pids.back().ns->child_reaper = child;
  return SysResult::success(task_pid_nr_for(*child, current));
}

}  // namespace

SysResult sys_fork(Task& caller) {
  SyscallScope scope(caller, 57, {}, false);
  return scope.leave([&]() -> SysResult {
    return copy_process(caller, 0);
  }());
}

SysResult sys_clone(Task& caller, unsigned long flags) {
  SyscallScope scope(caller, 56, {audit_arg(flags)}, false);
  return scope.leave([&]() -> SysResult {
    return copy_process(caller, flags);
  }());
}

}  // namespace lsmsim
