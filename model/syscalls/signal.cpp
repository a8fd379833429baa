// kill(2): kill_something_info, check_kill_permission, kill_ok_by_cred and the default
// signal actions (kernel/signal.c). No handlers are modelled: every signal has SIG_DFL.
#include <csignal>

#include "model/capable.h"
#include "model/kernel.h"
#include "model/syscalls/syscall_util.h"
#include "model/lsm/security.h"
#include "model/process/exit.h"
#include "model/process/pid_lookup.h"
#include "model/syscalls/denial.h"
#include "model/syscalls/process.h"

namespace lsmsim {

namespace {

constexpr int kNsig = 64;  // _NSIG

enum class DefaultAction { terminate, ignore, stop, cont };

DefaultAction default_action(int sig) {
  switch (sig) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
      return DefaultAction::ignore;
    case SIGCONT:
      return DefaultAction::cont;
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return DefaultAction::stop;
    default:
      return DefaultAction::terminate;  // core-dumping signals too (no core is written)
  }
}

// kill_ok_by_cred(): the sender's real or effective uid is the target's real or saved uid,
// or the sender has CAP_KILL in the target's user namespace.
SysResult kill_ok_by_cred(Task& current, Task& t) {
  const Cred& cred = *current.cred;
  const Cred& tcred = *t.real_cred;
  if (cred.euid == tcred.suid || cred.euid == tcred.uid || cred.uid == tcred.suid ||
      cred.uid == tcred.uid)
    return SysResult::success();
  SysResult why;
  if (ns_capable_why(current, *tcred.user_ns, CAP_KILL, why)) return SysResult::success();
  if (why.denial)
    why.denial->reason = "the sender's uids match neither the target's real nor saved uid; " +
                         why.denial->reason;
  return why;
}

SysResult check_kill_permission(Task& current, Task& t, int sig) {
  if (sig < 0 || sig > kNsig) return kernel_denial(EINVAL, "invalid signal number");
  current.kernel.audit().record_target(t);  // audit_signal_info()
  if (!same_thread_group(current, t))
    if (SysResult r = kill_ok_by_cred(current, t); !r.ok()) return r;
  if (const int rc = security_task_kill(current.kernel.lsm(), t, sig, nullptr); rc != 0)
    return lsm_denial(current.kernel, -rc);
  return SysResult::success();
}

// The part of send_signal/get_signal that matters without handlers: an init ignores what it
// has no handler for, unless SIGKILL/SIGSTOP come from an ancestor pid namespace.
void deliver(Task& current, Task& t, int sig) {
  if (!t.alive()) return;
  const bool from_ancestor = task_pid_nr_ns(current, t.active_pid_ns()) == 0;
  if (is_child_reaper(t) && !(from_ancestor && (sig == SIGKILL || sig == SIGSTOP))) return;
  if (default_action(sig) == DefaultAction::terminate)
    do_group_exit(t, exit_status_signal(sig));
}

SysResult group_send_sig_info(Task& current, Task& t, int sig) {
  if (SysResult r = check_kill_permission(current, t, sig); !r.ok()) return r;
  if (sig != 0) deliver(current, t, sig);
  return SysResult::success();
}

}  // namespace

void send_sig_info(int sig, Task& t) {
  if (sig > 0 && sig <= kNsig) t.pending_signals |= std::uint64_t{1} << (sig - 1);
}

void deliver_pending_signals(Task& t) {
  while (t.pending_signals != 0 && t.alive()) {
    int sig = 1;
    while ((t.pending_signals & (std::uint64_t{1} << (sig - 1))) == 0) ++sig;
    t.pending_signals &= ~(std::uint64_t{1} << (sig - 1));
    // SEND_SIG_NOINFO from the task's own context: not "from an ancestor namespace".
    deliver(t, t, sig);
  }
  if (!t.alive()) t.pending_signals = 0;
}

SysResult sys_kill(Task& caller, Pid pid, int sig) {
  SyscallScope scope(caller, 62, {audit_arg(pid), audit_arg(sig)}, false);
  return scope.leave([&]() -> SysResult {
    if (pid > 0) {
      Task* t = find_task_by_vpid(caller, pid);
      if (t == nullptr)
        return kernel_denial(ESRCH, "no such pid in the caller's pid namespace",
                             caller.active_pid_ns().display_name());
      return group_send_sig_info(caller, thread_group_leader(*t), sig);
    }
    if (pid == -1) {
      // Every process the caller can see except init (vnr 1) and its own group. EPERM counts
      // as tried but is reported only when nothing else was returned.
      SysResult result = SysResult::success();
      int count = 0;
      std::vector<Pid> targets;
      for (Task* t : caller.kernel.tasks())
        if (t->pid == t->tgid && task_pid_nr_for(*t, caller) > 1 && !same_thread_group(*t, caller))
          targets.push_back(t->pid);
      for (Pid global : targets) {
        Task* t = caller.kernel.find_task(global);
        if (t == nullptr) continue;
        SysResult r = group_send_sig_info(caller, *t, sig);
        ++count;
        if (r.err != EPERM) result = r;
      }
      if (count == 0) return kernel_denial(ESRCH, "no process to signal");
      return result;
    }
    return kernel_denial(ESRCH, "process groups are not modelled");
  }());
}

}  // namespace lsmsim
