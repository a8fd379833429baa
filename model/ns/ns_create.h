// Creating namespaces for clone() and unshare() (kernel/nsproxy.c create_new_namespaces,
// kernel/user_namespace.c create_user_ns, kernel/pid_namespace.c create_pid_namespace).
#pragma once

#include <memory>

#include "model/ns/namespaces.h"
#include "model/sys_result.h"

namespace lsmsim {

struct Cred;
struct Task;

// The CLONE_NEW* flags of every namespace type except user.
inline constexpr unsigned long kCloneNewNonUser = CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
                                                  CLONE_NEWNET | CLONE_NEWPID |
                                                  CLONE_NEWCGROUP | CLONE_NEWTIME;

// set_cred_user_ns(): `c` becomes root of `ns`: full permitted/effective/bounding sets, empty
// inheritable and ambient sets, default securebits.
void set_cred_user_ns(Cred& c, std::shared_ptr<UserNamespace> ns);

// create_user_ns(): a child of next.user_ns owned by next.euid; `next` (a prepared copy of
// current's cred) is switched to it. Checks, in the kernel's order: nesting limit (ENOSPC),
// chroot (EPERM), creator's euid/egid mapped in the parent (EPERM), security_userns_create.
SysResult create_user_ns_in_cred(Task& current, Cred& next);

// create_new_namespaces(): `out` starts as a copy of `old`; each CLONE_NEW* flag replaces one
// namespace by a new one owned by `user_ns`, in the kernel's order (mnt, uts, ipc, pid,
// cgroup, net, time). CLONE_NEWPID and CLONE_NEWTIME replace only the *_for_children
// members. `fs_task` is the task whose cwd/root follow a new mount namespace. The caller has
// already checked CAP_SYS_ADMIN.
SysResult create_new_namespaces(Task& current, unsigned long flags, const NsProxy& old,
                                const std::shared_ptr<UserNamespace>& user_ns, Task& fs_task,
                                NsProxy& out);

}  // namespace lsmsim
