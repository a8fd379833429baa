#include "model/ns/ns_install.h"

#include "model/kernel.h"
#include "model/ns/ns_create.h"
#include "model/process/pid_lookup.h"
#include "model/syscalls/denial.h"

namespace lsmsim {

SysResult prepare_nsset(Task& current, unsigned long flags, NsSet& set) {
  set.flags = flags;
  set.nsproxy = current.nsproxy;
  if ((flags & CLONE_NEWUSER) != 0) {
    int err = 0;
    set.cred = current.kernel.prepare_creds(*current.cred, err);
    if (set.cred == nullptr) return lsm_denial(current.kernel, err);
  }
  return SysResult::success();
}

namespace {

// The user namespace the new cred will have: current's unless a user namespace was joined
// first (nsset->cred->user_ns).
const UserNamespace& nsset_user_ns(Task& current, const NsSet& set) {
  return set.cred != nullptr ? *set.cred->user_ns : *current.cred->user_ns;
}

// The test shared by most install operations: CAP_SYS_ADMIN over the namespace (in its
// owner) and in the user namespace the caller will end up in.
bool admin_over(Task& current, const NsSet& set, const Namespace& ns, SysResult& why) {
  return ns_capable_why(current, *ns.owner, CAP_SYS_ADMIN, why) &&
         ns_capable_why(current, nsset_user_ns(current, set), CAP_SYS_ADMIN, why);
}

SysResult userns_install(Task& current, NsSet& set, const std::shared_ptr<UserNamespace>& ns) {
  // Re-entering one's own user namespace would regain the capabilities dropped there.
  if (ns == current.cred->user_ns)
    return kernel_denial(EINVAL, "already a member of this user namespace", ns->display_name());
  if (thread_group(current).size() > 1)
    return kernel_denial(EINVAL, "the threads of a process must share one user namespace");
  SysResult why;
  if (!ns_capable_why(current, *ns, CAP_SYS_ADMIN, why)) return why;
  set_cred_user_ns(*set.cred, ns);
  return SysResult::success();
}

SysResult mntns_install(Task& current, NsSet& set, const std::shared_ptr<MountNamespace>& ns) {
  SysResult why;
  const UserNamespace& user_ns = nsset_user_ns(current, set);
  if (!ns_capable_why(current, *ns->owner, CAP_SYS_ADMIN, why) ||
      !ns_capable_why(current, user_ns, CAP_SYS_CHROOT, why) ||
      !ns_capable_why(current, user_ns, CAP_SYS_ADMIN, why))
    return why;
  set.nsproxy.mnt = ns;
  set.fs_reset = true;
  return SysResult::success();
}

SysResult pidns_install(Task& current, NsSet& set, const std::shared_ptr<PidNamespace>& ns) {
  SysResult why;
  if (!admin_over(current, set, *ns, why)) return why;
  // Only the active pid namespace or one below it: a task may never see a pid namespace
  // above or beside its own.
  const PidNamespace& active = current.active_pid_ns();
  if (!active.is_ancestor_of(*ns))
    return kernel_denial(EINVAL, "not the active pid namespace or a descendant of it",
                         ns->display_name());
  set.nsproxy.pid_for_children = ns;
  return SysResult::success();
}

SysResult timens_install(Task& current, NsSet& set, const std::shared_ptr<TimeNamespace>& ns) {
  if (thread_group(current).size() > 1)
    return kernel_denial(EUSERS, "joining a time namespace requires a single-threaded process");
  SysResult why;
  if (!admin_over(current, set, *ns, why)) return why;
  set.nsproxy.time = ns;
  set.nsproxy.time_for_children = ns;
  return SysResult::success();
}

}  // namespace

SysResult ns_install(Task& current, NsSet& set, const std::shared_ptr<Namespace>& ns) {
  SysResult why;
  switch (ns->type) {
    case NsType::user:
      return userns_install(current, set, std::static_pointer_cast<UserNamespace>(ns));
    case NsType::mnt:
      return mntns_install(current, set, std::static_pointer_cast<MountNamespace>(ns));
    case NsType::pid:
      return pidns_install(current, set, std::static_pointer_cast<PidNamespace>(ns));
    case NsType::time:
      return timens_install(current, set, std::static_pointer_cast<TimeNamespace>(ns));
    case NsType::cgroup:
      // cgroupns_install checks the caller's (new) user namespace first.
      if (!ns_capable_why(current, nsset_user_ns(current, set), CAP_SYS_ADMIN, why) ||
          !ns_capable_why(current, *ns->owner, CAP_SYS_ADMIN, why))
        return why;
      set.nsproxy.cgroup = std::static_pointer_cast<CgroupNamespace>(ns);
      return SysResult::success();
    case NsType::uts:
      if (!admin_over(current, set, *ns, why)) return why;
      set.nsproxy.uts = std::static_pointer_cast<UtsNamespace>(ns);
      return SysResult::success();
    case NsType::ipc:
      if (!admin_over(current, set, *ns, why)) return why;
      set.nsproxy.ipc = std::static_pointer_cast<IpcNamespace>(ns);
      return SysResult::success();
    case NsType::net:
      if (!admin_over(current, set, *ns, why)) return why;
      set.nsproxy.net = std::static_pointer_cast<NetNamespace>(ns);
      return SysResult::success();
  }
  return kernel_denial(EINVAL, "unknown namespace type");
}

void commit_nsset(Task& current, NsSet& set) {
  if ((set.flags & CLONE_NEWUSER) != 0) current.kernel.commit_creds(current, std::move(set.cred));
  if (set.fs_reset) current.cwd = current.root = "/";  // mntns_install: the new root
  current.nsproxy = std::move(set.nsproxy);
}

}  // namespace lsmsim
