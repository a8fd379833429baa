// What every syscall implementation does first and often: become `current`, start with no
// stale denial, reach the fd table, and turn a hook's refusal into a result.
#pragma once

#include <memory>

#include "model/kernel.h"
#include "model/process/exit.h"
#include "model/vfs/fd_table.h"
#include "model/vfs/namei.h"
#include "model/vfs/permission.h"

namespace lsmsim {

struct File;

class SyscallScope {
 public:
  explicit SyscallScope(Task& t) : task_(t), scope_(t.kernel, t) {
    (void)t.kernel.lsm().take_denial();
  }
  // The return to user space: signals sent during the call take effect.
  ~SyscallScope() {
    if (task_.pending_signals != 0) deliver_pending_signals(task_);
  }
  SyscallScope(const SyscallScope&) = delete;
  SyscallScope& operator=(const SyscallScope&) = delete;

 private:
  Task& task_;
  Kernel::CurrentScope scope_;
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
