// Creating superblocks for mount(2) and boot (fs/fs_context.c, fs/super.c vfs_get_tree).
#pragma once

#include <memory>
#include <string>

namespace lsmsim {

class Vfs;
struct FsType;
struct SuperBlock;
struct Task;
struct UserNamespace;

// fc->user_ns for `type` mounted by `mounter`.
std::shared_ptr<UserNamespace> fs_context_user_ns(const FsType& type, Task& mounter);
// vfs_get_tree(): a filled superblock (or the single shared instance), sb_alloc_security
// done. Null with `err` (positive errno) on failure.
std::shared_ptr<SuperBlock> vfs_get_tree(Vfs& vfs, const FsType& type, Task& mounter,
                                         const std::string& data, int& err);

}  // namespace lsmsim
