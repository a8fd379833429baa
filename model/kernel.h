// One simulated machine. No globals: tests and Python create several Kernels side by side.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/audit/audit.h"
#include "model/cred.h"
#include "model/lsm/lsm_framework.h"
#include "model/memory.h"
#include "model/ns/namespaces.h"
#include "model/task.h"

namespace lsmsim {

class Vfs;

struct KernelConfig {
  LsmBootParams lsm;
  DispatchStrategy dispatch = DispatchStrategy::slot_table;
  // The LSMs "built into" this kernel; empty means builtin_lsm_catalog().
  std::vector<LsmDescriptor> catalog;
  std::string hostname = "(none)";
  // Nesting limits. create_user_ns() refuses (ENOSPC, EUSERS before 4.9) when the parent's
  // level is above 32, so levels 1..33 below the initial namespace can exist.
  int max_user_ns_depth = 32;
  int max_pid_ns_depth = 32;   // MAX_PID_NS_LEVEL
  Pid pid_max = 4194304;
  std::size_t max_tasks = 1u << 20;
  AuditConfig audit;  // audit= on the boot command line, per-namespace daemons
};

// The LSMs compiled into lsmsim (lsms/builtin_catalog.cpp), capability first.
const std::vector<LsmDescriptor>& builtin_lsm_catalog();

class Kernel {
 public:
  explicit Kernel(KernelConfig config = {});
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  const KernelConfig& config() const { return config_; }
  LsmFramework& lsm() { return *lsm_; }
  Vfs& vfs() { return *vfs_; }
  MemoryInfo& memory() { return memory_; }
  // The audit subsystem; its container IDs (ghak90) are audit().contids().
  AuditSubsystem& audit() { return *audit_; }

  // ---- tasks ----
  Task& init_task() { return *init_task_; }
  // Looks a task up by its pid in the initial pid namespace; null if none or reaped.
  Task* find_task(Pid global_pid) const;
  // Looks a task up by its number in `ns` (find_task_by_pid_ns).
  Task* find_task_in(const PidNamespace& ns, Pid nr) const;
  std::vector<Task*> tasks() const;  // in global pid order, zombies included
  // Allocates a task: pid numbers in `pid_ns` and every ancestor, task blob, no LSM hooks.
  // Returns null with `err` set (EAGAIN at pid_max/max_tasks, ENOMEM if the ns is dying).
  // Same as hash_task(new_task_struct(), ...).
  Task* alloc_task(const std::shared_ptr<PidNamespace>& pid_ns, int& err);
  // dup_task_struct(): a task with its blob but no pid yet, not visible anywhere. copy_process
  // fills it (creds, security_task_alloc, namespaces) before giving it a pid.
  std::unique_ptr<Task> new_task_struct();
  // alloc_pid() + attach_pid(): numbers in `pid_ns` and every ancestor; the kernel takes
  // ownership of `t` (moved from) and returns it. On failure `t` is left with the caller,
  // null is returned and `err` set (EAGAIN at pid_max/max_tasks, ENOMEM if a ns is dying).
  Task* hash_task(std::unique_ptr<Task>& t, const std::shared_ptr<PidNamespace>& pid_ns,
                  int& err);
  // Frees a reaped task (security_task_free, blob released).
  void release_task(Task& t);

  // ---- credentials (kernel/cred.c) ----
  // prepare_creds: a copy of `old` with a fresh blob filled by security_cred_prepare.
  // Null with `err` set if an LSM refused.
  std::shared_ptr<Cred> prepare_creds(const Cred& old, int& err);
  // commit_creds: installs `c` as both the objective and subjective cred of `t`. Like the
  // kernel, a change of euid/egid/fsuid/fsgid or a gain of capabilities makes the task
  // non-dumpable (suid_dumpable 0).
  void commit_creds(Task& t, std::shared_ptr<Cred> c);

  // ---- namespaces ----
  const std::shared_ptr<UserNamespace>& init_user_ns() const { return init_user_ns_; }
  const std::shared_ptr<PidNamespace>& init_pid_ns() const { return init_pid_ns_; }
  // proc_alloc_inum: the lowest free number from PROC_DYNAMIC_FIRST up.
  std::uint32_t alloc_ns_inum();
  void free_ns_inum(std::uint32_t inum);
  // Gives a new namespace an inode number that returns to the pool when the namespace dies,
  // and a default display name ("user1", "net2", ...) unless it has one. A namespace whose
  // inum was already taken with alloc_ns_inum() keeps it and is only linked to the pool.
  void adopt_namespace(Namespace& ns);
  const std::shared_ptr<NsInumPool>& ns_inum_pool() const { return inum_pool_; }
  // The nsfs superblock's device number, reported by stat(2) on /proc/PID/ns/* (0:4).
  std::uint64_t nsfs_dev() const { return nsfs_dev_; }

  // ---- the running task, as `current` in the kernel ----
  // Only meaningful inside a syscall (see CurrentScope); outside one it is a programming
  // error, reported as std::logic_error rather than a crash.
  Task& current() {
    if (current_ == nullptr) throw std::logic_error("no current task: not inside a syscall");
    return *current_;
  }
  bool has_current() const { return current_ != nullptr; }
  // Sets `current` for the duration of one syscall.
  class CurrentScope {
   public:
    CurrentScope(Kernel& k, Task& t) : k_(k), saved_(k.current_) { k.current_ = &t; }
    ~CurrentScope() { k_.current_ = saved_; }
    CurrentScope(const CurrentScope&) = delete;
    CurrentScope& operator=(const CurrentScope&) = delete;

   private:
    Kernel& k_;
    Task* saved_;
  };

  // ---- time ----
  // Wall-clock nanoseconds since the epoch; starts at a fixed instant so runs are repeatable.
  std::uint64_t now_ns() const { return clock_ns_; }
  void advance_clock(std::uint64_t ns) { clock_ns_ += ns; }

 private:
  void boot_init_task();

  KernelConfig config_;
  MemoryInfo memory_;
  std::uint64_t clock_ns_ = 1767225600ULL * 1000000000ULL;  // 2026-01-01T00:00:00Z
  std::uint64_t nsfs_dev_ = 4;                             // makedev(0, 4)
  std::shared_ptr<NsInumPool> inum_pool_ = std::make_shared<NsInumPool>();
  Task* current_ = nullptr;

  // Declaration order is destruction order in reverse: tasks go before the framework.
  std::unique_ptr<LsmFramework> lsm_;
  std::unique_ptr<AuditSubsystem> audit_;
  std::shared_ptr<UserNamespace> init_user_ns_;
  std::shared_ptr<PidNamespace> init_pid_ns_;
  std::unique_ptr<Vfs> vfs_;
  std::map<Pid, std::unique_ptr<Task>> tasks_;
  Task* init_task_ = nullptr;
};

}  // namespace lsmsim
