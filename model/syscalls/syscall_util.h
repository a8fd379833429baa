// What every syscall implementation does first and often: become `current`, start with no
// stale denial, reach the fd table, and turn a hook's refusal into a result.
#pragma once

#include <array>
#include <memory>
#include <exception>
#include <optional>

#include "model/kernel.h"
#include "model/process/exit.h"
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
  explicit SyscallScope(Task& t, int nr = -1, std::array<unsigned long, 4> args = {})
      : task_(t), scope_(t.kernel, t), outer_(t.syscall_depth++ == 0 && nr >= 0) {
    (void)t.kernel.lsm().take_denial();
    if (outer_) t.kernel.audit().syscall_entry(t, nr, args);
  }
  // The return to user space: audit's exit work, then signals sent during the call.
  ~SyscallScope() noexcept(false) {
    --task_.syscall_depth;
    // Unwinding from a panic: the machine has stopped, nothing more is logged.
    if (outer_ && std::uncaught_exceptions() == 0)
      task_.kernel.audit().syscall_exit(task_, result_ ? &*result_ : nullptr);
    if (task_.pending_signals != 0) deliver_pending_signals(task_);
  }
  SyscallScope(const SyscallScope&) = delete;
  SyscallScope& operator=(const SyscallScope&) = delete;

  // The syscall's return value as audit records it.
  SysResult leave(SysResult r) {
    result_ = r;
    return r;
  }

 private:
  Task& task_;
  Kernel::CurrentScope scope_;
  bool outer_;
  std::optional<SysResult> result_;
};

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
