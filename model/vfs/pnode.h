// Mount trees and propagation (fs/namespace.c clone_mnt/copy_tree/attach_recursive_mnt/
// umount_tree, fs/pnode.c), following Documentation/filesystems/sharedsubtree.rst.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace lsmsim {

class Vfs;
struct Inode;
struct Mount;
struct MountNamespace;
struct UserNamespace;

// clone_mnt() flags (fs/pnode.h).
inline constexpr int CL_EXPIRE = 0x01;
inline constexpr int CL_SLAVE = 0x02;
inline constexpr int CL_COPY_UNBINDABLE = 0x04;
inline constexpr int CL_MAKE_PRIVATE = 0x08;
inline constexpr int CL_SHARED_TO_SLAVE = 0x20;
inline constexpr int CL_COPY_MNT_NS_FILE = 0x40;
inline constexpr int CL_MAKE_SHARED = 0x80;
inline constexpr int CL_COPY_ALL = CL_COPY_UNBINDABLE | CL_COPY_MNT_NS_FILE;

// A detached tree of mounts: root first, each child after its parent.
using MountTree = std::vector<std::shared_ptr<Mount>>;

// clone_mnt(): a copy of `old` rooted at `root` (sb path `root_path`), with the
// propagation relation the flags ask for.
std::shared_ptr<Mount> clone_mnt(Vfs& vfs, Mount& old, std::shared_ptr<Inode> root,
                                 std::string root_path, int flag);
// copy_tree(): `src` rooted at `root` plus every mount below that directory (unbindable
// ones only with CL_COPY_UNBINDABLE). The copies are not in any namespace yet.
MountTree copy_tree(Vfs& vfs, Mount& src, std::shared_ptr<Inode> root, std::string root_path,
                    int flag);
// Marks every mount of the tree MNT_LOCKED (lock_mnt_tree).
void lock_mnt_tree(MountTree& tree);
// attach_recursive_mnt(): mounts `tree` on `mp` (sb path `mp_sb_path`) of `dest`; when dest
// is shared the tree becomes shared and copies go to every peer and slave of dest.
void attach_recursive_mnt(Vfs& vfs, MountTree tree, Mount& dest, std::shared_ptr<Inode> mp,
                          const std::string& mp_sb_path);
// Adds an unattached tree to a namespace as its root (copy_mnt_ns).
void install_tree(MountNamespace& ns, MountTree& tree);
// umount_tree(): detaches `m` (and with `whole_tree` everything below it) from its namespace;
// with `propagate`, the mounts on the same mountpoint at dest's peers and slaves go too.
void umount_tree(Vfs& vfs, Mount& m, bool propagate);
// change_mnt_propagation() with MS_SHARED / MS_SLAVE / MS_PRIVATE / MS_UNBINDABLE.
void change_mnt_propagation(Vfs& vfs, Mount& m, unsigned long type);
// The sb-relative path of directory `sb_path` as seen from mount `m`'s root, if visible.
bool path_visible_in(const Mount& m, const std::string& sb_path, std::string& rel);

}  // namespace lsmsim
