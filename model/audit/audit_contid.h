// Audit container identifiers: the ghak90 series (R. G. Briggs, v11, 2021-01), never merged.
// Written through /proc/PID/audit_containerid by an orchestrator; inherited on fork; nested;
// tracked per network namespace; reported in CONTAINER_OP and CONTAINER_ID records.
// Semantics and every choice: docs/audit.md.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/types.h"

namespace lsmsim {

class Kernel;
struct NetNamespace;
struct Task;

inline constexpr std::uint64_t kAuditContidUnset = static_cast<std::uint64_t>(-1);

// The refcounted container object (struct audit_contobj).
struct AuditContainerId {
  std::uint64_t id = kAuditContidUnset;
  std::shared_ptr<AuditContainerId> parent;  // the orchestrator's container at creation
  Pid owner = 0;                             // tgid (init pid ns) of the task that set it
  int tasks = 0;                             // tasks holding it
  bool dead = false;                         // last task gone, not reaped yet
};

class AuditContids {
 public:
  explicit AuditContids(Kernel& kernel) : kernel_(kernel) {}

  // audit_set_contid(): the v11 check order; 0 or a positive errno. Logs CONTAINER_OP
  // (also when refused).
  int set(Task& current, Task& target, std::uint64_t contid);
  // "4,^2,^1": own id, then each ancestor with a caret; "-1" when unset.
  static std::string chain(const AuditContainerId* c);
  // The registered object for `id`, or null.
  std::shared_ptr<AuditContainerId> find(std::uint64_t id) const;
  // Fork/exit/namespace moves keep the objects' task counts and netns lists right.
  void task_fork(Task& child, const Task& parent);
  void task_exit(Task& t);
  void netns_changed(Task& t, const NetNamespace* old_ns);
  // The "contid=" list of a network namespace: every container with a task using it.
  std::string netns_chain(const NetNamespace& ns) const;

 private:
  Kernel& kernel_;
  std::map<std::uint64_t, std::shared_ptr<AuditContainerId>> registry_;
  std::map<const NetNamespace*, std::vector<std::pair<std::shared_ptr<AuditContainerId>, int>>> netns_;
};

}  // namespace lsmsim
