// Handles the Python objects wrap. A Kernel owns its tasks and namespaces; every Python
// object referring into a kernel holds a shared_ptr to it, so the kernel lives as long as
// any of its tasks, namespaces or traces is reachable from Python. Plain C++ (no pybind11):
// the register_*.cpp files share these types.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/kernel.h"
#include "model/task_gone.h"

namespace pybind11 {
class module_;
}  // namespace pybind11

namespace lsmsim::bindings {

// One simulated machine. The core is not thread-safe; the GIL is held for every call, so
// calls from several Python threads are serialised but still interleave syscalls.
struct KernelHandle {
  std::unique_ptr<Kernel> kernel;
};
using KernelRef = std::shared_ptr<KernelHandle>;

// Raised when a handle refers to a task that has been reaped, or asks a zombie to make a
// syscall (the core's SyscallScope throws the same); becomes lsmsim.TaskGone, a
// ProcessLookupError.
using TaskGone = lsmsim::TaskGone;

// A task of a kernel, identified by its global pid. The pointer is re-validated on each use
// because wait4() frees reaped tasks.
struct TaskHandle {
  KernelRef owner;
  Pid pid = 0;
  Task* ptr = nullptr;

  Task& get() const {
    Task* t = owner->kernel->find_task(pid);
    if (t == nullptr || t != ptr)
      throw TaskGone(pid, "task " + std::to_string(pid) + " no longer exists (reaped)");
    return *t;
  }
  // The task as the caller of a syscall: it must not have exited (a zombie cannot enter the
  // kernel). For the entry points that do not go through SyscallScope.
  Task& caller() const {
    Task& t = get();
    if (!t.alive()) throw TaskGone::exited(pid);
    return t;
  }
  static TaskHandle of(const KernelRef& k, Task& t) { return TaskHandle{k, t.pid, &t}; }
};

// The task an optional `task=` argument names, checked to belong to `owner`'s kernel; null
// when the argument is None (the API then acts as the kernel itself).
inline Task* task_of(const KernelRef& owner, const std::optional<TaskHandle>& t, const char* arg) {
  if (!t) return nullptr;
  if (t->owner.get() != owner.get())
    throw std::invalid_argument(std::string(arg) + "= belongs to another Kernel");
  return &t->get();
}
// The same for a task that acts (writes a kernel file, sends a netlink message): it must not
// have exited.
inline Task* caller_of(const KernelRef& owner, const std::optional<TaskHandle>& t,
                       const char* arg) {
  Task* task = task_of(owner, t, arg);
  if (task != nullptr && !task->alive()) throw TaskGone::exited(task->pid);
  return task;
}

// A namespace; keeps it alive (declared after `owner` so it is released first).
struct NsHandle {
  KernelRef owner;
  std::shared_ptr<Namespace> ns;
};

// One recorded hook call, with the LSM named.
struct TraceRecord {
  std::string hook;
  std::string lsm;
  int rc = 0;
};

// The object `with kernel.trace() as tr:` binds.
struct TraceSession {
  KernelRef owner;
  bool active = false;
  bool finished = false;
  std::vector<TraceRecord> records;  // filled when the block ends
};

// The registration functions module.cpp calls, one per concern, in this order.
void register_lsm(pybind11::module_& m);
void register_kernel(pybind11::module_& m);
void register_task(pybind11::module_& m);
void register_syscalls(pybind11::module_& m);
void register_lsm_syscalls(pybind11::module_& m);
void register_scenario(pybind11::module_& m);
void register_selinux(pybind11::module_& m);
void register_apparmor(pybind11::module_& m);
void register_smack(pybind11::module_& m);
void register_audit(pybind11::module_& m);
void register_inspect(pybind11::module_& m);  // Kernel.ps
void register_analysis(pybind11::module_& m);

// Shared helpers (defined in register_lsm.cpp): name lookups that throw std::invalid_argument
// (ValueError) naming the bad value and the valid ones.
Hook hook_by_name(const std::string& name);
int errno_by_name(const std::string& name);
int capability_by_name(const std::string& name);
std::vector<TraceRecord> convert_trace(const LsmFramework& fw);
// {"cap_chown", ...}: a capability set as Python shows it (a set of names).
std::set<std::string> capset_names(CapSet s);

}  // namespace lsmsim::bindings
