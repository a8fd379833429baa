#include "model/process/pid_lookup.h"

#include "model/kernel.h"

namespace lsmsim {

Task& thread_group_leader(const Task& t) {
  Task* leader = t.kernel.find_task(t.tgid);
  return leader != nullptr ? *leader : const_cast<Task&>(t);
}

bool same_thread_group(const Task& a, const Task& b) { return a.tgid == b.tgid; }

std::vector<Task*> thread_group(const Task& t) {
  std::vector<Task*> out;
  Task& leader = thread_group_leader(t);
  out.push_back(&leader);
  for (Task* other : t.kernel.tasks())
    if (other != &leader && other->tgid == t.tgid) out.push_back(other);
  return out;
}

Pid task_pid_nr_ns(const Task& t, const PidNamespace& ns) { return t.pid_in(ns); }

Pid task_tgid_nr_ns(const Task& t, const PidNamespace& ns) {
  return thread_group_leader(t).pid_in(ns);
}

Pid task_pid_nr_for(const Task& t, const Task& viewer) {
  return t.pid_in(viewer.active_pid_ns());
}

Pid task_tgid_nr_for(const Task& t, const Task& viewer) {
  return task_tgid_nr_ns(t, viewer.active_pid_ns());
}

std::vector<Pid> task_pid_chain(const Task& t, const PidNamespace& ns) {
  std::vector<Pid> out;
  if (t.pid_in(ns) == 0) return out;
  for (std::size_t level = static_cast<std::size_t>(ns.level); level < t.pids.size(); ++level)
    out.push_back(t.pids[level].nr);
  return out;
}

Task* find_task_by_vpid(const Task& viewer, Pid nr) {
  if (nr <= 0) return nullptr;
  return viewer.kernel.find_task_in(viewer.active_pid_ns(), nr);
}

bool is_child_reaper(const Task& t) {
  const Task* reaper = t.active_pid_ns().child_reaper;
  return reaper != nullptr && same_thread_group(*reaper, t);
}

Pid tracer_pid_for(const Task& t, const Task& viewer) {
  return t.ptracer == nullptr ? 0 : task_tgid_nr_for(*t.ptracer, viewer);
}

}  // namespace lsmsim
