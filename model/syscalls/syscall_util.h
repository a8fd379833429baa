// What every syscall implementation does first and often: become `current`, start with no
// stale denial, reach the fd table, and turn a hook's refusal into a result.
#pragma once

#include <array>
#include <memory>
#include <exception>
#include <optional>

#include "model/kernel.h"
#include "model/process/exit.h"
#include "model/task_gone.h"
#include "model/vfs/fd_table.h"
#include "model/vfs/namei.h"
#include "model/vfs/permission.h"

namespace lsmsim {

struct File;

// One syscall: `current`, audit's syscall entry and exit (audit_syscall_entry /
// syscall_exit_work), then pending signals, in the kernel's order. `nr` is the x86_64 syscall
// number and `args` a0..a3 as the SYSCALL record prints them: numeric arguments as passed,
// pointers as 0 (lsmsim has no user addresses).
class SyscallScope {
 public:
  // `signals` false: neither clear a stale denial nor act on pending signals, as the syscalls
  // that only set `current` did before audit came (their behaviour is kept).
  explicit SyscallScope(Task& t, int nr = -1, std::array<unsigned long, 4> args = {},
                        bool signals = true)
      : task_(entering(t)),
        scope_(t.kernel, t),
        outer_(t.syscall_depth++ == 0 && nr >= 0),
        signals_(signals) {
    if (signals_) (void)t.kernel.lsm().take_denial();
    if (outer_) t.kernel.audit().syscall_entry(t, nr, args);
  }
  // The return to user space: audit's exit work, then signals sent during the call.
  ~SyscallScope() noexcept(false) {
    --task_.syscall_depth;
    // Unwinding from a panic: the machine has stopped, nothing more is logged.
    if (outer_ && std::uncaught_exceptions() == 0)
      task_.kernel.audit().syscall_exit(task_, result_ ? &*result_ : nullptr);
    if (signals_ && task_.pending_signals != 0) deliver_pending_signals(task_);
  }
  SyscallScope(const SyscallScope&) = delete;
  SyscallScope& operator=(const SyscallScope&) = delete;

  // The syscall's return value as audit records it.
  SysResult leave(SysResult r) {
    result_ = r;
    return r;
  }

 private:
  // Only a live task enters the kernel: a zombie has left it for good (do_exit never
  // returns). A syscall made from within another (depth > 0) is the kernel's own doing.
  static Task& entering(Task& t) {
    if (t.syscall_depth == 0 && !t.alive()) throw TaskGone::exited(t.pid);
    return t;
  }

  Task& task_;
  Kernel::CurrentScope scope_;
  bool outer_;
  bool signals_;
  std::optional<SysResult> result_;
};

// The usual shape of a syscall: `body` (returning SysResult) runs inside a SyscallScope for
// `t`, and what it returns is the value audit records.
template <class Body>
SysResult run_syscall(Task& t, int nr, std::array<unsigned long, 4> args, Body body) {
  SyscallScope scope(t, nr, args);
  return scope.leave(body());
}

// A syscall argument as the register holds it (a0..a3 of the SYSCALL record).
template <class T>
constexpr unsigned long audit_arg(T v) {
  return static_cast<unsigned long>(v);
}

inline FdTable& task_files(Task& t) {
  if (t.files == nullptr) t.files = std::make_shared<FdTable>();
  return *t.files;
}

inline SysResult kernel_error(int err, std::string reason) {
  return SysResult::error(err, Denial{"kernel", {}, {}, std::move(reason)});
}

// alloc_empty_file(): a File with the opener's credentials, its blob and file_alloc_security.
std::shared_ptr<File> alloc_file(Task& t, Verdict& v);
// The tail of do_open(): may_open(), write access to the mount, security_file_open and the
// filesystem's open, on the resolved `st` (fs.cpp; shared with execve).
std::shared_ptr<File> open_path(Task& t, const PathStack& st, int flags, int acc_mode,
                                std::shared_ptr<File> file, Verdict& v);

}  // namespace lsmsim
