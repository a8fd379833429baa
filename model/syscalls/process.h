// Process syscalls: fork/clone/exit/wait, signals, ptrace, identity and capability changes,
// prctl. Each takes the calling task (which becomes `current` for the call) and returns a
// SysResult; pids are numbers in the caller's pid namespace, ids are the caller's user
// namespace's (translated like the kernel does).
#pragma once

#include "model/capability.h"
#include "model/sys_result.h"
#include "model/types.h"

namespace lsmsim {

struct Task;

// fork(): ret = the child's pid as the caller sees it.
SysResult sys_fork(Task& caller);
// clone(flags): CLONE_NEW* flags create namespaces as unshare does, with the same checks;
// CLONE_THREAD adds a thread to the caller's group. ret = the child's pid.
SysResult sys_clone(Task& caller, unsigned long flags);
// exit_group(code): the task becomes a zombie, children go to the nearest reaper; the init
// of a pid namespace takes the namespace's other tasks with it.
SysResult sys_exit(Task& caller, int code);
// wait4(pid, &status, 0): reaps a zombie child (pid -1 = any). ret = its pid; status in
// `status_out` as the kernel encodes it (code << 8). ECHILD if none; EAGAIN if the child is
// still running (lsmsim has no blocking: WNOHANG semantics with an error).
SysResult sys_wait4(Task& caller, Pid pid, int* status_out = nullptr);
// kill(pid, sig): kill_ok_by_cred + CAP_KILL + security_task_kill. sig 0 only checks.
SysResult sys_kill(Task& caller, Pid pid, int sig);
// ptrace(PTRACE_ATTACH, pid) and ptrace(PTRACE_TRACEME).
SysResult sys_ptrace_attach(Task& caller, Pid pid);
SysResult sys_ptrace_traceme(Task& caller);
SysResult sys_getpid(Task& caller);
SysResult sys_getppid(Task& caller);
// Identity changes with the kernel's rules (kernel/sys.c) and task_fix_setuid/setgid.
// -1 means "unchanged" where the syscall allows it.
SysResult sys_setuid(Task& caller, Uid uid);
SysResult sys_setgid(Task& caller, Gid gid);
SysResult sys_setreuid(Task& caller, Uid ruid, Uid euid);
SysResult sys_setresuid(Task& caller, Uid ruid, Uid euid, Uid suid);
SysResult sys_setresgid(Task& caller, Gid rgid, Gid egid, Gid sgid);
SysResult sys_setfsuid(Task& caller, Uid fsuid);  // ret = the previous fsuid
SysResult sys_getuid(Task& caller);
SysResult sys_geteuid(Task& caller);
SysResult sys_setgroups(Task& caller, const std::vector<Gid>& groups);
// capget(pid) / capset(self): pid 0 = the caller.
SysResult sys_capget(Task& caller, Pid pid, CapSet& effective, CapSet& inheritable,
                     CapSet& permitted);
SysResult sys_capset(Task& caller, CapSet effective, CapSet inheritable, CapSet permitted);
// prctl(option, ...): PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS, PR_SET_NAME, PR_GET_NAME
// in the syscall itself, the rest through security_task_prctl (commoncap).
SysResult sys_prctl(Task& caller, int option, unsigned long arg2 = 0, unsigned long arg3 = 0,
                    unsigned long arg4 = 0, unsigned long arg5 = 0);

}  // namespace lsmsim
