// Audit container identifiers: the ghak90 series (R. G. Briggs, v11, 2021-01), never merged.
// Written through /proc/PID/audit_containerid by an orchestrator; inherited on fork; nested;
// tracked per network namespace; reported in CONTAINER_OP and CONTAINER_ID records.
// Semantics and every choice: docs/audit.md.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
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

// Where the records go: AuditSubsystem::log / log_event once the core subsystem owns this
// object (it sets the sink in its constructor); tests may install their own.
struct AuditContidSink {
  std::function<void(int, const std::string&)> log;
  std::function<void(const std::vector<std::pair<int, std::string>>&, Task*)> log_event;
};

class AuditContids {
 public:
  explicit AuditContids(Kernel& kernel) : kernel_(kernel) {}

  void set_sink(AuditContidSink sink) { sink_ = std::move(sink); }
  // audit=0 at boot: tasks carry no audit info, every set gives ENOPROTOOPT.
  void set_disabled(bool off) { disabled_ = off; }
  bool disabled() const { return disabled_; }

  // audit_set_contid(): the v11 check order; 0 or a positive errno. Logs CONTAINER_OP
  // (also when refused).
  int set(Task& current, Task& target, std::uint64_t contid);
  // audit_set_capcontid() (v11 11/11): 0 or a positive errno; logs SET_CAPCONTID.
  int set_capcontid(Task& current, Task& target, std::uint32_t enable);
  // Whether `reader` may read a task's contid/capcontid (CAP_AUDIT_CONTROL or capcontid).
  bool may_read(Task& reader) const;
  // Logging helper used by set/drop.
  void log(int type, const std::string& body) const;
  void log_event(const std::vector<std::pair<int, std::string>>& records, Task* task) const;
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
  void netns_add(const NetNamespace* ns, const std::shared_ptr<AuditContainerId>& c);
  void netns_del(const NetNamespace* ns, const AuditContainerId* c);
  void put(Task& t, bool log_drop);

  Kernel& kernel_;
  AuditContidSink sink_;
  bool disabled_ = false;
  std::map<std::uint64_t, std::shared_ptr<AuditContainerId>> registry_;
  std::map<const NetNamespace*, std::vector<std::pair<std::shared_ptr<AuditContainerId>, int>>> netns_;
};

// The task's contid chain ("4,^2,^1") for its CONTAINER_ID record, or none without a contid.
std::optional<std::string> audit_contid_of(const Task& t);
// A NETFILTER_PKT-style standalone event (v11 08/11 audit_log_netns_contid_list, called
// before the NETFILTER_PKT record starts): one CONTAINER_ID record "record=1 contid=..."
// listing every container using `ns`, then `body` + " record=1" (no task context, so no
// SYSCALL record).
void audit_log_netns_packet(Kernel& k, const NetNamespace& ns, const std::string& body);

}  // namespace lsmsim
