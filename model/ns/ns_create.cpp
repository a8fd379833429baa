#include "model/ns/ns_create.h"

#include "model/capable.h"
#include "model/kernel.h"
#include "model/lsm/security.h"
#include "model/syscalls/denial.h"
#include "model/vfs/mnt_ns_copy.h"

namespace lsmsim {

void set_cred_user_ns(Cred& c, std::shared_ptr<UserNamespace> ns) {
  c.securebits = 0;  // SECUREBITS_DEFAULT
  c.cap_inheritable = CapSet();
  c.cap_permitted = CapSet::full();
  c.cap_effective = CapSet::full();
  c.cap_ambient = CapSet();
  c.cap_bset = CapSet::full();
  c.user_ns = std::move(ns);
}

SysResult create_user_ns_in_cred(Task& current, Cred& next) {
  Kernel& k = current.kernel;
  const std::shared_ptr<UserNamespace> parent = next.user_ns;
  const int limit = k.config().max_user_ns_depth;
  if (parent->level > limit)
    return kernel_denial(ENOSPC,
                         "user namespace nesting limit (" + std::to_string(limit) + ") reached",
                         parent->display_name());
  // A chrooted task could escape its root through the new namespace's mount rights.
  if (current.root != "/")
    return kernel_denial(EPERM, "a chrooted task may not create a user namespace",
                         parent->display_name());
  // The creator must be nameable in the parent, or nobody could tell who owns the namespace.
  if (!kuid_has_mapping(*parent, next.euid) || !kgid_has_mapping(*parent, next.egid))
    return kernel_denial(EPERM, "the creator's euid or egid has no mapping in the parent",
                         parent->display_name());
  const int rc = security_userns_create(k.lsm(), static_cast<const Cred&>(next));
  if (rc != 0) return lsm_denial(k, -rc);

  auto ns = std::make_shared<UserNamespace>(0, parent);
  ns->level = parent->level + 1;
  ns->owner_uid = next.euid;
  ns->group = next.egid;
  ns->setgroups_allowed = parent->setgroups_allowed;  // flags are inherited
  ns->parent_could_setfcap = next.cap_effective.has(CAP_SETFCAP);
  k.adopt_namespace(*ns);
  set_cred_user_ns(next, std::move(ns));
  return SysResult::success();
}

namespace {

// create_pid_namespace(): a child of `parent` one level down.
SysResult create_pid_namespace(Kernel& k, const std::shared_ptr<UserNamespace>& user_ns,
                               const std::shared_ptr<PidNamespace>& parent,
                               std::shared_ptr<PidNamespace>& out) {
  // The new namespace's owner must be (below) the parent's owner.
  if (!parent->owner->is_ancestor_of(*user_ns))
    return kernel_denial(EINVAL,
                         "the pid namespace's user namespace is not below the parent's owner",
                         parent->display_name());
  const int limit = k.config().max_pid_ns_depth;
  if (parent->level + 1 > limit)
    return kernel_denial(ENOSPC,
                         "pid namespace nesting limit (" + std::to_string(limit) + ") reached",
                         parent->display_name());
  out = std::make_shared<PidNamespace>(0, user_ns, parent);
  out->level = parent->level + 1;
  k.adopt_namespace(*out);
  return SysResult::success();
}

}  // namespace

SysResult create_new_namespaces(Task& current, unsigned long flags, const NsProxy& old,
                                const std::shared_ptr<UserNamespace>& user_ns, Task& fs_task,
                                NsProxy& out) {
  Kernel& k = current.kernel;
  NsProxy next = old;
  if ((flags & CLONE_NEWNS) != 0) {
    next.mnt = copy_mnt_ns(k, *old.mnt, user_ns, fs_task);
    if (next.mnt == nullptr) return kernel_denial(ENOMEM, "copy_mnt_ns failed");
    k.adopt_namespace(*next.mnt);
  }
  if ((flags & CLONE_NEWUTS) != 0) {
    next.uts = std::make_shared<UtsNamespace>(NsType::uts, 0, user_ns);
    next.uts->sysname = old.uts->sysname;  // clone_uts_ns copies the names
    next.uts->nodename = old.uts->nodename;
    next.uts->domainname = old.uts->domainname;
    k.adopt_namespace(*next.uts);
  }
  if ((flags & CLONE_NEWIPC) != 0) {
    next.ipc = std::make_shared<IpcNamespace>(NsType::ipc, 0, user_ns);
    k.adopt_namespace(*next.ipc);
  }
  if ((flags & CLONE_NEWPID) != 0) {
    // copy_pid_ns(): only from the active namespace (a second unshare before fork fails).
    if (old.pid_for_children.get() != &current.active_pid_ns())
      return kernel_denial(EINVAL,
                           "pid_for_children already differs from the active pid namespace",
                           current.active_pid_ns().display_name());
    SysResult r = create_pid_namespace(k, user_ns, old.pid_for_children, next.pid_for_children);
    if (!r.ok()) return r;
  }
  if ((flags & CLONE_NEWCGROUP) != 0) {
    next.cgroup = std::make_shared<CgroupNamespace>(NsType::cgroup, 0, user_ns);
    next.cgroup->root = old.cgroup->root;  // the creator's cgroup becomes "/"
    k.adopt_namespace(*next.cgroup);
  }
  if ((flags & CLONE_NEWNET) != 0) {
    next.net = std::make_shared<NetNamespace>(NsType::net, 0, user_ns);
    k.adopt_namespace(*next.net);
  }
  if ((flags & CLONE_NEWTIME) != 0) {
    // copy_time_ns(): a copy of time_for_children's offsets; joined by children only.
    auto t = std::make_shared<TimeNamespace>(NsType::time, 0, user_ns);
    t->monotonic_offset_ns = old.time_for_children->monotonic_offset_ns;
    t->boottime_offset_ns = old.time_for_children->boottime_offset_ns;
    k.adopt_namespace(*t);
    next.time_for_children = std::move(t);
  }
  out = std::move(next);
  return SysResult::success();
}

}  // namespace lsmsim
