#include "model/vfs/fs_context.h"

#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

std::shared_ptr<UserNamespace> fs_context_user_ns(const FsType& type, Task& mounter) {
  if (type.context_user_ns) return type.context_user_ns(mounter);
  return mounter.cred->user_ns;
}

std::shared_ptr<SuperBlock> vfs_get_tree(Vfs& vfs, const FsType& type, Task& mounter,
                                         const std::string& data, int& err) {
  if (type.single && type.name == "securityfs" && vfs.securityfs_sb != nullptr)
    return vfs.securityfs_sb;
  auto sb = vfs.alloc_super(type.name, fs_context_user_ns(type, mounter), err);
  if (sb == nullptr) return nullptr;
  if (type.fill) {
    const int rc = type.fill(vfs, *sb, mounter, data);
    if (rc < 0) {
      err = -rc;
      return nullptr;
    }
  }
  if (sb->root == nullptr) sb->root = vfs.new_inode(*sb, S_IFDIR_ | 0755);
  if (type.single && type.name == "securityfs") vfs.securityfs_sb = sb;
  return sb;
}

}  // namespace lsmsim
