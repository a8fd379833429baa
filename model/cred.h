// Task credentials (struct cred): ids, the five capability sets, the owning user namespace
// and the LSM blob. Creds are never changed once committed: prepare a copy, edit, commit.
#pragma once

#include <memory>
#include <vector>

#include "model/capability.h"
#include "model/lsm/blob.h"
#include "model/types.h"

namespace lsmsim {

struct UserNamespace;

struct Cred {
  // All ids are kernel ids (kuid/kgid): values in the initial user namespace.
  Uid uid = 0, euid = 0, suid = 0, fsuid = 0;
  Gid gid = 0, egid = 0, sgid = 0, fsgid = 0;
  std::vector<Gid> groups;
  CapSet cap_inheritable, cap_permitted, cap_effective, cap_bset, cap_ambient;
  unsigned securebits = 0;
  bool no_new_privs = false;  // lives in task->atomic_flags in the kernel; kept here for exec
  std::shared_ptr<UserNamespace> user_ns;
  Blob security;
};

using CredRef = std::shared_ptr<const Cred>;

}  // namespace lsmsim
