// Audit container identifiers as the ghak90 v11 series (never merged) defines them:
// audit_set_contid(), audit_set_capcontid(), the contid objects' lifetime and the per-netns
// lists (kernel/audit.c of the series). Written from the series' description, not its code.
#include "model/audit/audit_contid.h"

#include <algorithm>
#include <cerrno>

#include "model/audit/audit_types.h"
#include "model/capability.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/process/pid_lookup.h"
#include "model/task.h"

namespace lsmsim {

namespace {

// task_is_descendant() (Yama's walk, moved to kernel/sched/core.c by the series): whether
// `child`'s thread group lies below `ancestor`'s in the real-parent tree.
bool task_is_descendant(const Task& ancestor, const Task& child) {
  const Task* want = &thread_group_leader(ancestor);
  const Task* walker = &child;
  while (walker != nullptr && walker->pid > 0) {
    walker = &thread_group_leader(*walker);
    if (walker == want) return true;
    walker = walker->parent;
  }
  return false;
}

bool single_threaded_leader(const Task& t) {
  if (t.pid != t.tgid) return false;
  const std::vector<Task*> group = thread_group(t);
  return std::count_if(group.begin(), group.end(), [](Task* th) { return th->alive(); }) <= 1;
}

bool has_children(const Task& t) {
  for (const Task* th : thread_group(t))
    for (const Task* c : th->children)
      if (c->state != TaskState::dead) return true;
  return false;
}

}  // namespace

std::string AuditContids::chain(const AuditContainerId* c) {
  if (c == nullptr) return "-1";
  std::string s = std::to_string(c->id);
  for (const AuditContainerId* p = c->parent.get(); p != nullptr; p = p->parent.get())
    s += ",^" + std::to_string(p->id);
  return s;
}

std::shared_ptr<AuditContainerId> AuditContids::find(std::uint64_t id) const {
  auto it = registry_.find(id);
  return it == registry_.end() ? nullptr : it->second;
}

void AuditContids::log(int type, const std::string& body) const {
  if (sink_.log) sink_.log(type, body);
}

void AuditContids::log_event(const std::vector<std::pair<int, std::string>>& records,
                             Task* task) const {
  if (sink_.log_event) sink_.log_event(records, task);
}

bool AuditContids::may_read(Task& reader) const {
  return reader.audit.capcontid || capable(reader, CAP_AUDIT_CONTROL);
}

int AuditContids::set(Task& current, Task& target, std::uint64_t contid) {
  if (disabled_) return ENOPROTOOPT;  // no audit info: nothing is logged either
  const std::string old_chain = chain(target.audit.contid.get());
  int rc = 0;
  std::shared_ptr<AuditContainerId> existing = find(contid);
  if (contid == kAuditContidUnset) {
    rc = EINVAL;  // a contid cannot be unset
  } else if (!capable(current, CAP_AUDIT_CONTROL) && !current.audit.capcontid) {
    rc = EPERM;
  } else if (has_children(target) || !single_threaded_leader(target)) {
    rc = EBUSY;  // as setns refuses: the container must start with one task
  } else if (&target == &current || !task_is_descendant(current, target)) {
    rc = EXDEV;  // v7+: never one's own, only descendants'
  } else if (const AuditContainerId* held = target.audit.contid.get(); held != nullptr) {
    // Nesting: the target's contid belongs to someone else, an ancestor of current.
    Task* owner = kernel_.find_task(held->owner);
    const bool nesting = held->owner != current.tgid && owner != nullptr &&
                         task_is_descendant(*owner, current);
    if (!nesting) rc = EEXIST;
  }
  if (rc == 0 && existing != nullptr) {
    // Injection into an existing container: only its owner, while it lives.
    Task* owner = kernel_.find_task(existing->owner);
    if (existing->dead || existing->owner != current.tgid || owner == nullptr || !owner->alive())
      rc = ENOTUNIQ;
  }
  if (rc == 0) {
    if (existing == nullptr) {
      existing = std::make_shared<AuditContainerId>();
      existing->id = contid;
      existing->parent = current.audit.contid;  // the orchestrator's own container
      existing->owner = current.tgid;
      registry_[contid] = existing;
    }
    put(target, false);
    target.audit.contid = existing;
    ++existing->tasks;
    netns_add(target.nsproxy.net.get(), existing);
  }
  log(AUDIT_CONTAINER_OP, "op=set opid=" + std::to_string(target.tgid) +
                              " contid=" + std::to_string(contid) + " old-contid=" + old_chain);
  return rc;
}

int AuditContids::set_capcontid(Task& current, Task& target, std::uint32_t enable) {
  if (disabled_) return ENOPROTOOPT;
  const bool old = target.audit.capcontid;
  int rc = 0;
  if (enable > 1) {
    rc = EINVAL;
  } else if (&target == &current || !task_is_descendant(current, target)) {
    rc = EXDEV;
  } else if (&current.user_ns() == kernel_.init_user_ns().get() &&
             !capable(current, CAP_AUDIT_CONTROL) && !current.audit.capcontid) {
    // v11 code: the capability is only required from the initial user namespace (the commit
    // message says always; docs/audit-container-ids.md).
    rc = EPERM;
  }
  if (rc == 0) target.audit.capcontid = enable == 1;
  log(AUDIT_SET_CAPCONTID, "opid=" + std::to_string(target.tgid) + " capcontid=" +
                               std::to_string(enable) + " old-capcontid=" + (old ? "1" : "0"));
  return rc;
}

void AuditContids::netns_add(const NetNamespace* ns, const std::shared_ptr<AuditContainerId>& c) {
  if (ns == nullptr || c == nullptr) return;
  auto& list = netns_[ns];
  for (auto& [obj, count] : list)
    if (obj == c) {
      ++count;
      return;
    }
  list.insert(list.begin(), {c, 1});  // newest first, as list_add_rcu at the head
}

void AuditContids::netns_del(const NetNamespace* ns, const AuditContainerId* c) {
  if (ns == nullptr || c == nullptr) return;
  auto it = netns_.find(ns);
  if (it == netns_.end()) return;
  auto& list = it->second;
  for (auto e = list.begin(); e != list.end(); ++e)
    if (e->first.get() == c) {
      if (--e->second == 0) list.erase(e);
      break;
    }
  if (list.empty()) netns_.erase(it);
}

// Drops `t`'s reference; at the last one the object dies (op=drop from audit_log_exit).
void AuditContids::put(Task& t, bool log_drop) {
  std::shared_ptr<AuditContainerId> c = std::move(t.audit.contid);
  t.audit.contid.reset();
  if (c == nullptr) return;
  netns_del(t.nsproxy.net.get(), c.get());
  if (--c->tasks > 0) return;
  c->dead = true;
  registry_.erase(c->id);
  if (log_drop)
    log(AUDIT_CONTAINER_OP,
        "op=drop opid=" + std::to_string(t.tgid) + " contid=-1 old-contid=" + chain(c.get()));
}

void AuditContids::task_fork(Task& child, const Task& parent) {
  child.audit.capcontid = false;  // never inherited
  child.audit.contid = parent.audit.contid;
  if (child.audit.contid == nullptr) return;
  ++child.audit.contid->tasks;
  netns_add(child.nsproxy.net.get(), child.audit.contid);
}

void AuditContids::task_exit(Task& t) {
  if (t.audit.contid == nullptr) return;
  Kernel::CurrentScope scope(kernel_, t);  // the drop is logged in the exiting task's context
  put(t, true);
}

void AuditContids::netns_changed(Task& t, const NetNamespace* old_ns) {
  const NetNamespace* now = t.nsproxy.net.get();
  if (t.audit.contid == nullptr || old_ns == now) return;
  netns_del(old_ns, t.audit.contid.get());
  netns_add(now, t.audit.contid);
}

std::string AuditContids::netns_chain(const NetNamespace& ns) const {
  auto it = netns_.find(&ns);
  if (it == netns_.end()) return "";
  std::string s;
  for (const auto& [obj, count] : it->second) {
    if (!s.empty()) s += ',';
    s += chain(obj.get());
  }
  return s;
}

std::optional<std::string> audit_contid_of(const Task& t) {
  if (t.audit.contid == nullptr) return std::nullopt;
  return AuditContids::chain(t.audit.contid.get());
}

void audit_log_netns_packet(Kernel& k, const NetNamespace& ns, const std::string& body) {
  AuditContids& c = k.audit().contids();
  const std::string list = c.netns_chain(ns);
  if (list.empty()) {
    c.log_event({{AUDIT_NETFILTER_PKT, body}}, nullptr);
    return;
  }
  c.log_event({{AUDIT_CONTAINER_ID, "record=1 contid=" + list},
               {AUDIT_NETFILTER_PKT, body + " record=1"}},
              nullptr);
}

}  // namespace lsmsim
