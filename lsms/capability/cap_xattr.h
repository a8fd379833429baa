// The capability checks the framework itself runs before the inode_setxattr and
// inode_removexattr hooks (cap_inode_setxattr / cap_inode_removexattr in commoncap.c).
#pragma once

#include <string>

namespace lsmsim {

class Kernel;
struct Inode;

// Setting a "security.*" xattr other than security.capability needs CAP_SYS_ADMIN in the
// user namespace that owns the inode's superblock: 0 or -EPERM.
int cap_inode_setxattr(Kernel& kernel, Inode& inode, const std::string& name);
// Removing security.capability needs CAP_SETFCAP over the inode; other "security.*" xattrs
// need CAP_SYS_ADMIN as for setting them: 0 or -EPERM.
int cap_inode_removexattr(Kernel& kernel, Inode& inode, const std::string& name);

}  // namespace lsmsim
