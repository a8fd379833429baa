// Placeholder until the VFS lands: a new, empty mount table owned by `user_ns`.
#include "model/vfs/mnt_ns_copy.h"

#include "model/kernel.h"
#include "model/vfs/mount.h"

namespace lsmsim {

std::shared_ptr<MountNamespace> copy_mnt_ns(Kernel& kernel, const MountNamespace& /*old*/,
                                            std::shared_ptr<UserNamespace> user_ns,
                                            Task& /*task*/) {
  return std::make_shared<MountNamespace>(kernel.alloc_ns_inum(), std::move(user_ns));
}

}  // namespace lsmsim
