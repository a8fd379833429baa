#include "model/kernel.h"

#include <stdexcept>

#include "model/vfs/fd_table.h"
#include "model/vfs/mount.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

LsmFramework& kernel_lsm(Kernel& kernel) { return kernel.lsm(); }

MountNamespace::MountNamespace(std::uint32_t ino, std::shared_ptr<UserNamespace> owner_ns)
    : Namespace(NsType::mnt, ino, std::move(owner_ns)), mounts(std::make_unique<MountTable>()) {}
MountNamespace::~MountNamespace() = default;

Task::~Task() = default;

Pid Task::pid_in(const PidNamespace& ns) const {
  if (static_cast<std::size_t>(ns.level) < pids.size() && pids[static_cast<std::size_t>(ns.level)].ns.get() == &ns)
    return pids[static_cast<std::size_t>(ns.level)].nr;
  return 0;
}

Kernel::Kernel(KernelConfig config) : config_(std::move(config)) {
  if (config_.catalog.empty()) config_.catalog = builtin_lsm_catalog();
  lsm_ = std::make_unique<LsmFramework>(*this, config_.catalog, config_.lsm, config_.dispatch);
  audit_ = std::make_unique<AuditSubsystem>(*this, config_.audit);

  init_user_ns_ = std::make_shared<UserNamespace>(USER_NS_INIT_INO, nullptr);
  init_user_ns_->name = "init";
  // The initial user namespace maps every id to itself ("0 0 4294967295").
  init_user_ns_->uid_map.extents.push_back({0, 0, 4294967295u});
  init_user_ns_->gid_map.extents.push_back({0, 0, 4294967295u});
  init_user_ns_->projid_map.extents.push_back({0, 0, 4294967295u});
  init_user_ns_->uid_map.written = init_user_ns_->gid_map.written = true;
  init_user_ns_->projid_map.written = true;

  init_pid_ns_ = std::make_shared<PidNamespace>(PID_NS_INIT_INO, init_user_ns_, nullptr);
  init_pid_ns_->name = "init";

  vfs_ = std::make_unique<Vfs>(*this);
  boot_init_task();
}

Kernel::~Kernel() {
  // Tasks hold creds whose free hooks need the framework: drop them first, children before
  // parents does not matter since nothing refers back.
  tasks_.clear();
  vfs_.reset();
}

void Kernel::boot_init_task() {
  int err = 0;
  Task* t = alloc_task(init_pid_ns_, err);
  if (t == nullptr) throw std::logic_error("cannot allocate the init task");
  t->comm = "init";
  t->exe = "/sbin/init";
  t->cmdline = "/sbin/init";
  t->mm_user_ns = init_user_ns_;

  auto cred = std::shared_ptr<Cred>(new Cred, [this](Cred* c) {
    lsm_->call_void<Hook::cred_free>(*c);
    delete c;
  });
  cred->user_ns = init_user_ns_;
  cred->cap_permitted = cred->cap_effective = cred->cap_bset = CapSet::full();
  cred->security = lsm_->alloc_blob(BlobKind::cred);
  for (const auto& m : lsm_->active()) m->init_boot_cred(*cred);
  t->real_cred = t->cred = cred;

  auto mk = [this](auto ns) {
    ns->name = "init";
    return ns;
  };
  t->nsproxy.uts = mk(std::make_shared<UtsNamespace>(NsType::uts, UTS_NS_INIT_INO, init_user_ns_));
  t->nsproxy.uts->nodename = config_.hostname;
  t->nsproxy.ipc = mk(std::make_shared<IpcNamespace>(NsType::ipc, IPC_NS_INIT_INO, init_user_ns_));
  t->nsproxy.mnt = mk(std::make_shared<MountNamespace>(MNT_NS_INIT_INO, init_user_ns_));
  t->nsproxy.pid_for_children = init_pid_ns_;
  t->nsproxy.net = mk(std::make_shared<NetNamespace>(NsType::net, NET_NS_INIT_INO, init_user_ns_));
  t->nsproxy.time = mk(std::make_shared<TimeNamespace>(NsType::time, TIME_NS_INIT_INO, init_user_ns_));
  t->nsproxy.time_for_children = t->nsproxy.time;
  t->nsproxy.cgroup =
      mk(std::make_shared<CgroupNamespace>(NsType::cgroup, CGROUP_NS_INIT_INO, init_user_ns_));
  for (const auto& m : lsm_->active()) m->init_boot_task(*t);
  init_pid_ns_->child_reaper = t;
  init_task_ = t;
  // audit=1 on the command line: audit_alloc() gives the boot task a syscall context.
  if (audit_->ever_enabled()) t->audit.context = std::make_shared<AuditContext>();
  t->files = std::make_shared<FdTable>();
  // The boot filesystem (model/vfs/boot_fs.cpp), built as the init task.
  CurrentScope scope(*this, *t);
  vfs_->boot(*t);
}

Task* Kernel::alloc_task(const std::shared_ptr<PidNamespace>& pid_ns, int& err) {
  std::unique_ptr<Task> t = new_task_struct();
  return hash_task(t, pid_ns, err);
}

std::unique_ptr<Task> Kernel::new_task_struct() {
  auto task = std::make_unique<Task>(*this);
  task->security = lsm_->alloc_blob(BlobKind::task);
  return task;
}

Task* Kernel::hash_task(std::unique_ptr<Task>& task, const std::shared_ptr<PidNamespace>& pid_ns,
                        int& err) {
  if (tasks_.size() >= config_.max_tasks) {
    err = EAGAIN;
    return nullptr;
  }
  // alloc_pid: a number in the new task's namespace and in every ancestor.
  std::vector<PidLink> links(static_cast<std::size_t>(pid_ns->level) + 1);
  for (PidNamespace* ns = pid_ns.get(); ns != nullptr; ns = ns->parent.get()) {
    if (ns->dying) {
      err = ENOMEM;
      return nullptr;
    }
    Pid nr = ns->last_pid;
    do {
      nr = nr >= config_.pid_max ? 1 : nr + 1;
      if (nr == ns->last_pid) {
        err = EAGAIN;
        return nullptr;
      }
    } while (ns->pid_map.count(nr) != 0);
    links[static_cast<std::size_t>(ns->level)] = PidLink{nullptr, nr};
  }
  std::shared_ptr<PidNamespace> ns = pid_ns;
  for (int level = pid_ns->level; level >= 0; --level, ns = ns->parent) {
    PidLink& link = links[static_cast<std::size_t>(level)];
    link.ns = ns;
    ns->last_pid = link.nr;
    ns->pid_map[link.nr] = task.get();
  }
  task->pids = std::move(links);
  task->pid = task->pids[0].nr;
  if (task->tgid == 0) task->tgid = task->pid;  // a new thread group unless CLONE_THREAD
  Task* raw = task.get();
  tasks_[raw->pid] = std::move(task);
  return raw;
}

void Kernel::release_task(Task& t) {
  lsm_->call_void<Hook::task_free>(t);
  for (PidLink& link : t.pids) {
    link.ns->pid_map.erase(link.nr);
    if (link.ns->child_reaper == &t) link.ns->child_reaper = nullptr;
  }
  for (const auto& [pid, other] : tasks_)
    if (other->ptracer == &t) other->ptracer = nullptr;
  if (t.parent != nullptr) std::erase(t.parent->children, &t);
  for (Task* child : t.children) child->parent = init_task_;  // (already reparented on exit)
  t.state = TaskState::dead;
  tasks_.erase(t.pid);
}

Task* Kernel::find_task(Pid global_pid) const {
  auto it = tasks_.find(global_pid);
  return it == tasks_.end() ? nullptr : it->second.get();
}

Task* Kernel::find_task_in(const PidNamespace& ns, Pid nr) const {
  auto it = ns.pid_map.find(nr);
  return it == ns.pid_map.end() ? nullptr : it->second;
}

std::vector<Task*> Kernel::tasks() const {
  std::vector<Task*> out;
  out.reserve(tasks_.size());
  for (const auto& [pid, t] : tasks_) out.push_back(t.get());
  return out;
}

std::shared_ptr<Cred> Kernel::prepare_creds(const Cred& old, int& err) {
  auto c = std::shared_ptr<Cred>(new Cred, [this](Cred* p) {
    lsm_->call_void<Hook::cred_free>(*p);
    delete p;
  });
  c->uid = old.uid, c->euid = old.euid, c->suid = old.suid, c->fsuid = old.fsuid;
  c->gid = old.gid, c->egid = old.egid, c->sgid = old.sgid, c->fsgid = old.fsgid;
  c->groups = old.groups;
  c->cap_inheritable = old.cap_inheritable;
  c->cap_permitted = old.cap_permitted;
  c->cap_effective = old.cap_effective;
  c->cap_bset = old.cap_bset;
  c->cap_ambient = old.cap_ambient;
  c->securebits = old.securebits;
  c->no_new_privs = old.no_new_privs;
  c->user_ns = old.user_ns;
  c->security = lsm_->alloc_blob(BlobKind::cred);
  const int rc = lsm_->call_int<Hook::cred_prepare>(*c, old);
  if (rc != 0) {
    err = -rc;
    return nullptr;
  }
  return c;
}

namespace {

// cred_cap_issubset(): whether `next`'s capabilities are no more than `old`'s. Across user
// namespaces that holds only when old owns (or is above the owner of) next's namespace.
bool cred_cap_issubset(const Cred& old, const Cred& next) {
  if (old.user_ns == next.user_ns) return next.cap_permitted.is_subset_of(old.cap_permitted);
  for (const UserNamespace* ns = next.user_ns.get(); ns != nullptr; ns = ns->parent.get()) {
    if (ns->level <= old.user_ns->level) break;
    if (ns->parent == old.user_ns && ns->owner_uid == old.euid) return true;
  }
  return false;
}

}  // namespace

void Kernel::commit_creds(Task& t, std::shared_ptr<Cred> c) {
  if (t.real_cred != nullptr) {
    const Cred& old = *t.real_cred;
    // "dumpability changes" in commit_creds(): suid_dumpable is 0 by default.
    if (old.euid != c->euid || old.egid != c->egid || old.fsuid != c->fsuid ||
        old.fsgid != c->fsgid || !cred_cap_issubset(old, *c))
      t.dumpable = SUID_DUMP_DISABLE;
  }
  t.real_cred = c;
  t.cred = std::move(c);
}

std::uint32_t Kernel::alloc_ns_inum() { return inum_pool_->alloc(); }

void Kernel::free_ns_inum(std::uint32_t inum) { inum_pool_->free(inum); }

void Kernel::adopt_namespace(Namespace& ns) {
  if (ns.inum == 0) ns.inum = inum_pool_->alloc();
  if (ns.inum >= PROC_DYNAMIC_FIRST) ns.inum_pool = inum_pool_;
  unsigned& n = inum_pool_->created[static_cast<std::size_t>(ns.type)];
  ++n;
  if (ns.name.empty()) ns.name = std::string(ns_type_name(ns.type)) + std::to_string(n);
}

}  // namespace lsmsim
