// copy_mnt_ns() (fs/namespace.c): the whole tree is copied; copies of shared mounts are peers
// of the originals, unless the new namespace belongs to another user namespace: then shared
// mounts become slaves of the originals (CL_SHARED_TO_SLAVE) and every copy is locked
// (lock_mnt_tree), so the less privileged owner cannot unmount what hides the layers below.
#include "model/vfs/mnt_ns_copy.h"

#include "model/kernel.h"
#include "model/vfs/mount.h"
#include "model/vfs/pnode.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

std::shared_ptr<MountNamespace> copy_mnt_ns(Kernel& kernel, const MountNamespace& old,
                                            std::shared_ptr<UserNamespace> user_ns,
                                            Task& /*task*/) {
  const bool other_owner = user_ns != old.owner;
  auto ns = std::make_shared<MountNamespace>(kernel.alloc_ns_inum(), std::move(user_ns));
  Mount& root = *old.mounts->root;
  int flags = CL_COPY_UNBINDABLE | CL_EXPIRE;
  if (other_owner) flags |= CL_SHARED_TO_SLAVE;
  MountTree tree = copy_tree(kernel.vfs(), root, root.root, root.root_path, flags);
  if (other_owner) lock_mnt_tree(tree);
  install_tree(*ns, tree);
  // The caller's root and cwd are paths inside its namespace, so they carry over as they are.
  return ns;
}

}  // namespace lsmsim
