#include "engine/run_state.h"

#include "engine/substitution.h"

namespace lsmsim::engine {

RunState::RunState(std::unique_ptr<Kernel> kernel) : kernel_(std::move(kernel)) {
  add_task("init", kernel_->init_task());
}

void RunState::add_task(const std::string& name, Task& t) {
  tasks_[name] = t.pid;
  pid_links_[name] = t.pids;
}

Task& RunState::task(const std::string& name) {
  auto it = tasks_.find(name);
  if (it == tasks_.end())
    throw StepError{"task '" + name + "' does not exist (the step that creates it failed)"};
  Task* t = kernel_->find_task(it->second);
  if (t == nullptr) throw StepError{"task '" + name + "' has been reaped"};
  return *t;
}

Task& RunState::running_task(const std::string& name) {
  Task& t = task(name);
  if (!t.alive()) throw StepError{"task '" + name + "' has exited and cannot make syscalls"};
  return t;
}

std::string RunState::name_of(const Task& t) const {
  for (const auto& [name, pid] : tasks_)
    if (pid == t.pid) return name;
  return "pid " + std::to_string(t.pid);
}

Pid RunState::pid_seen_by(const Task& viewer, const std::string& name) {
  auto it = pid_links_.find(name);
  if (it == pid_links_.end()) task(name);  // throws: never created
  Pid nr = 0;
  for (const PidLink& l : it->second)
    if (l.ns.get() == &viewer.active_pid_ns()) nr = l.nr;
  if (nr == 0)
    throw StepError{"task '" + name + "' is not visible in the pid namespace of '" +
                    name_of(viewer) + "', so it has no pid there"};
  return nr;
}

std::string RunState::name_for_pid(const Task& viewer, Pid nr) const {
  for (const auto& [name, links] : pid_links_)
    for (const PidLink& l : links)
      if (l.ns.get() == &viewer.active_pid_ns() && l.nr == nr) return name;
  return {};
}

long long RunState::saved(const std::string& name) const {
  auto it = saved_.find(name);
  if (it == saved_.end())
    throw StepError{"'" + name + "' was not saved (the step that saves it failed)"};
  return it->second;
}

std::string RunState::expand(const std::string& text, const Task& viewer) {
  return expand_template(text, [&](const TemplatePart& p) -> std::string {
    switch (p.kind) {
      case TemplatePart::Kind::pid:
        return std::to_string(pid_seen_by(viewer, p.text));
      case TemplatePart::Kind::var:
        return std::to_string(saved(p.text));
      case TemplatePart::Kind::ns: {
        const Task& t = task(p.text);
        NsType type;
        ns_type_from_name(p.ns_type, type);
        const NsProxy& n = t.nsproxy;
        const Namespace* ns = nullptr;
        switch (type) {
          case NsType::mnt: ns = n.mnt.get(); break;
          case NsType::uts: ns = n.uts.get(); break;
          case NsType::ipc: ns = n.ipc.get(); break;
          case NsType::net: ns = n.net.get(); break;
          case NsType::pid: ns = &t.active_pid_ns(); break;
          case NsType::user: ns = t.cred ? t.cred->user_ns.get() : nullptr; break;
          case NsType::cgroup: ns = n.cgroup.get(); break;
          case NsType::time: ns = n.time.get(); break;
        }
        if (ns == nullptr) throw StepError{"task '" + p.text + "' has no " + p.ns_type + " namespace"};
        return ns->link_text();
      }
      case TemplatePart::Kind::literal:
        break;
    }
    return p.text;
  });
}

}  // namespace lsmsim::engine
