// Test helpers for the VFS branch: tasks and namespaces made directly on a Kernel, without
// going through fork/unshare (tests of the filesystem must not depend on the process code).
#pragma once

#include <memory>
#include <stdexcept>

#include "model/kernel.h"
#include "model/vfs/fd_table.h"
#include "model/vfs/mnt_ns_copy.h"

namespace lsmsim::testing {

// A child of `parent` with the given ids; uid != 0 drops every capability (as setuid does).
inline Task& spawn(Kernel& k, Task& parent, Uid uid = 0, Gid gid = 0,
                   std::shared_ptr<PidNamespace> pid_ns = nullptr) {
  int err = 0;
  Task* t = k.alloc_task(pid_ns ? pid_ns : parent.nsproxy.pid_for_children, err);
  if (t == nullptr) throw std::runtime_error("alloc_task failed");
  t->parent = &parent;
  parent.children.push_back(t);
  t->comm = "child";
  t->nsproxy = parent.nsproxy;
  if (pid_ns) t->nsproxy.pid_for_children = pid_ns;
  t->files = std::make_shared<FdTable>();
  t->cwd = parent.cwd;
  t->root = parent.root;
  auto c = k.prepare_creds(*parent.cred, err);
  c->uid = c->euid = c->suid = c->fsuid = uid;
  c->gid = c->egid = c->sgid = c->fsgid = gid;
  if (uid != 0) c->cap_permitted = c->cap_effective = CapSet();
  k.commit_creds(*t, c);
  return *t;
}

// A user namespace below `t`'s, created by `t`, mapping `inside_root` .. + count to `outside`.
inline std::shared_ptr<UserNamespace> make_user_ns(Kernel& k, Task& t, Uid outside,
                                                   std::uint32_t count = 65536) {
  auto parent = t.cred->user_ns;
  auto ns = std::make_shared<UserNamespace>(k.alloc_ns_inum(), parent);
  ns->level = parent->level + 1;
  ns->owner_uid = t.cred->euid;
  ns->group = t.cred->egid;
  ns->uid_map.extents.push_back({0, outside, count});
  ns->gid_map.extents.push_back({0, outside, count});
  ns->uid_map.written = ns->gid_map.written = true;
  return ns;
}

// Moves `t` into `ns` with full capabilities there (what unshare(CLONE_NEWUSER) gives).
inline void enter_user_ns(Kernel& k, Task& t, std::shared_ptr<UserNamespace> ns) {
  int err = 0;
  auto c = k.prepare_creds(*t.cred, err);
  c->user_ns = std::move(ns);
  c->cap_permitted = c->cap_effective = c->cap_bset = CapSet::full();
  k.commit_creds(t, c);
}

inline std::shared_ptr<PidNamespace> make_pid_ns(Kernel& k, Task& t) {
  auto parent = t.pids.back().ns;
  auto ns = std::make_shared<PidNamespace>(k.alloc_ns_inum(), t.cred->user_ns, parent);
  ns->level = parent->level + 1;
  return ns;
}

// unshare(CLONE_NEWNS) for `t`: a copy of its mount namespace owned by its user namespace.
inline void unshare_mnt(Kernel& k, Task& t) {
  t.nsproxy.mnt = copy_mnt_ns(k, *t.nsproxy.mnt, t.cred->user_ns, t);
}

inline void unshare_net(Kernel& k, Task& t) {
  t.nsproxy.net = std::make_shared<NetNamespace>(NsType::net, k.alloc_ns_inum(), t.cred->user_ns);
}

}  // namespace lsmsim::testing
