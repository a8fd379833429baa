#include "model/process/exit.h"

#include <algorithm>
#include <csignal>

#include "model/audit/audit_contid.h"
#include "model/kernel.h"
#include "model/process/pid_lookup.h"

namespace lsmsim {

namespace {

// zap_pid_ns_processes(): the namespace's init is going away, and so is everything in it.
void zap_pid_ns_processes(PidNamespace& ns, Task& init) {
  ns.dying = true;  // disable_pid_allocation(): a later fork in it fails with ENOMEM
  // SIGKILL to every task with a number here (descendant namespaces included).
  std::vector<Pid> victims;
  for (const auto& [nr, task] : ns.pid_map)
    if (!same_thread_group(*task, init) && task->alive()) victims.push_back(task->pid);
  Kernel& k = init.kernel;
  for (Pid global : victims) {
    Task* victim = k.find_task(global);
    if (victim == nullptr || !victim->alive()) continue;
    // The task in the middle of a syscall (the init died from within it, e.g. audit killing
    // a user namespace) gets the SIGKILL pending and exits on its way back to user space,
    // as group_send_sig_info() leaves it; exiting it here would free it under its caller.
    if (k.has_current() && same_thread_group(k.current(), *victim))
      send_sig_info(SIGKILL, *victim);
    else
      do_group_exit(*victim, exit_status_signal(SIGKILL));
  }
}

// find_new_reaper(): who adopts the children of an exiting thread group.
Task* find_new_reaper(Task& father) {
  PidNamespace& ns = father.active_pid_ns();
  Task* reaper = ns.child_reaper;
  if (reaper != nullptr && !same_thread_group(*reaper, father)) return reaper;
  if (reaper != nullptr) return &father;  // init of the namespace: it reaps them itself
  return &father.kernel.init_task();
}

// The init of a pid namespace that has started to die: zap_pid_ns_processes() keeps it in
// its kernel_wait4() loop, reaping every child that exits, until the namespace is empty.
bool waits_in_zap(const Task& t) {
  return t.state == TaskState::zombie && is_child_reaper(t) && t.active_pid_ns().dying;
}

// That loop: the dying init reaps each of its children that has exited.
void reap_exited_children(Task& init) {
  std::vector<Task*> kids = init.children;
  for (Task* child : kids)
    if (child->state == TaskState::zombie && !zap_pending(*child)) reap_zombie(*child);
}

void reparent_children(Task& father, Task& reaper) {
  std::vector<Task*> kids = father.children;
  father.children.clear();
  for (Task* child : kids) {
    child->parent = &reaper;
    if (&reaper != &father) reaper.children.push_back(child);
  }
  if (&reaper == &father) father.children = std::move(kids);
}

}  // namespace

void reap_zombie(Task& zombie) { zombie.kernel.release_task(zombie); }

void do_group_exit(Task& t, int status) {
  Kernel& k = t.kernel;
  std::vector<Task*> threads = thread_group(t);
  Task& leader = *threads.front();
  if (std::none_of(threads.begin(), threads.end(), [](Task* th) { return th->alive(); }))
    return;  // already dead
  const bool was_reaper = is_child_reaper(leader);
  for (Task* th : threads) {
    if (!th->alive()) continue;
    th->state = TaskState::zombie;
    th->exit_code = status;
    k.audit().contids().task_exit(*th);  // ghak90: may log CONTAINER_OP op=drop
  }
  // exit_ptrace(): tracees of an exiting tracer are detached.
  for (Task* other : k.tasks())
    if (other->ptracer != nullptr && same_thread_group(*other->ptracer, leader))
      other->ptracer = nullptr;

  PidNamespace& ns = leader.active_pid_ns();
  if (was_reaper && &ns != k.init_pid_ns().get()) zap_pid_ns_processes(ns, leader);

  Task* reaper = find_new_reaper(leader);
  for (Task* th : threads) reparent_children(*th, *reaper);
  // Threads other than the leader are self-reaping.
  for (Task* th : threads)
    if (th != &leader) reap_zombie(*th);
  // The dying init ignores SIGCHLD and waits for all its children: those that have exited
  // are reaped now, including (below) a task that dies after the init did, e.g. the one whose
  // syscall killed the namespace and that got its SIGKILL on the way back to user space.
  const Pid parent_pid = leader.parent != nullptr ? leader.parent->pid : 0;
  if (reaper == &leader || waits_in_zap(*reaper))
    reap_exited_children(*reaper);  // its own, or the zombie children just handed to it
  // `leader` itself when its parent is such an init (`leader` may be freed from here on).
  if (Task* parent = k.find_task(parent_pid); parent != nullptr && waits_in_zap(*parent))
    reap_exited_children(*parent);
}

bool zap_pending(const Task& t) {
  if (!waits_in_zap(t)) return false;
  const PidNamespace& ns = t.active_pid_ns();
  for (const auto& [nr, task] : ns.pid_map)
    if (!same_thread_group(*task, t)) return true;
  return false;
}

}  // namespace lsmsim
