// Joining existing namespaces: setns(2) (kernel/nsproxy.c prepare_nsset, validate_ns,
// commit_nsset) and each type's install operation (userns_install, mntns_install,
// pidns_install, timens_install, utsns/ipcns/netns/cgroupns_install).
#pragma once

#include <memory>
#include <string>

#include "model/cred.h"
#include "model/ns/namespaces.h"
#include "model/sys_result.h"

namespace lsmsim {

struct Task;

// struct nsset: what the caller will have once every install succeeded.
struct NsSet {
  unsigned long flags = 0;
  std::shared_ptr<Cred> cred;  // a prepared copy when CLONE_NEWUSER is in flags
  NsProxy nsproxy;
  bool fs_reset = false;  // a mount namespace was joined: cwd and root go to its root
};

// prepare_nsset(): copies of current's namespaces and, for CLONE_NEWUSER, of its cred.
SysResult prepare_nsset(Task& current, unsigned long flags, NsSet& set);
// ns->ops->install(): the type's permission checks, then `ns` goes into `set`.
SysResult ns_install(Task& current, NsSet& set, const std::shared_ptr<Namespace>& ns);
// commit_nsset(): the caller takes the new cred and namespaces.
void commit_nsset(Task& current, NsSet& set);

}  // namespace lsmsim
