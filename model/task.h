// A simulated task (struct task_struct), its pid in every pid namespace, and its credentials.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "model/audit/audit_task.h"
#include "model/cred.h"
#include "model/lsm/blob.h"
#include "model/ns/namespaces.h"
#include "model/types.h"

namespace lsmsim {

class Kernel;
struct FdTable;

enum class TaskState { running, zombie, dead };

// get_dumpable() values (include/linux/sched/coredump.h).
inline constexpr int SUID_DUMP_DISABLE = 0;
inline constexpr int SUID_DUMP_USER = 1;

// The address space (struct mm_struct): only its identity matters here. Shared by CLONE_VM
// children, replaced at execve. /proc/PID/attr files remember the opener's mm.
struct MmStruct {};

// The task's number in one pid namespace (struct upid).
struct PidLink {
  std::shared_ptr<PidNamespace> ns;
  Pid nr = 0;
};

struct Task {
  Task(Kernel& k) : kernel(k) {}
  ~Task();
  Task(const Task&) = delete;
  Task& operator=(const Task&) = delete;

  Kernel& kernel;
  Pid pid = 0;   // number in the initial pid namespace (the kernel-wide identity)
  Pid tgid = 0;  // thread group leader's pid
  Task* parent = nullptr;
  std::vector<Task*> children;
  std::string comm;
  std::string exe;  // path of the executable, "" for the boot task
  // /proc/PID/cmdline: argv joined by NULs (no trailing NUL), set by execve, copied on fork;
  // what PROCTITLE records show.
  std::string cmdline;
  TaskState state = TaskState::running;
  int exit_code = 0;  // as wait(2) reports it: (code & 0xff) << 8, or the killing signal
  // Signals the kernel sent to the task during a syscall (send_sig_info from an LSM), acted
  // on when the syscall returns (deliver_pending_signals), as the kernel does on the way back
  // to user space. Bit N-1 for signal N.
  std::uint64_t pending_signals = 0;
  Task* ptracer = nullptr;
  // current->in_execve: set while execve() opens the program, so LSMs leave that open to
  // the bprm hooks (apparmor_file_open).
  bool in_execve = false;
  // The mm's dumpable flag and owning user namespace (mm->user_ns, set at exec and fork);
  // __ptrace_may_access refuses a non-dumpable target without CAP_SYS_PTRACE there.
  int dumpable = SUID_DUMP_USER;
  std::shared_ptr<UserNamespace> mm_user_ns;
  std::shared_ptr<MmStruct> mm = std::make_shared<MmStruct>();

  CredRef real_cred;  // objective credentials
  CredRef cred;       // subjective credentials (equal to real_cred unless overridden)
  NsProxy nsproxy;
  // From the initial pid namespace (index 0) down to the task's own (active) pid namespace.
  std::vector<PidLink> pids;
  std::shared_ptr<FdTable> files;
  std::string cwd = "/";  // path within its mount namespace
  std::string root = "/";
  unsigned umask = 022;
  Blob security;
  // SyscallScope nesting (a syscall implemented with another): only the outermost one is the
  // syscall audit sees.
  int syscall_depth = 0;
  AuditTaskInfo audit;  // loginuid, session, syscall audit context, container ID

  PidNamespace& active_pid_ns() const { return *pids.back().ns; }
  UserNamespace& user_ns() const { return *cred->user_ns; }
  // The task's pid as seen from `ns`; 0 if the task is not visible there (pid_nr_ns).
  Pid pid_in(const PidNamespace& ns) const;
  bool alive() const { return state == TaskState::running; }
};

}  // namespace lsmsim
