// Freeing filesystem objects runs the LSM free hooks, as the kernel's destroy paths do.
#include "model/vfs/inode.h"

#include "model/kernel.h"
#include "model/lsm/security.h"

namespace lsmsim {

SuperBlock::~SuperBlock() {
  root.reset();
  security_sb_free_security(kernel.lsm(), *this);
}

Inode::~Inode() {
  if (security_initialized) security_inode_free_security(sb->kernel.lsm(), *this);
}

File::~File() {
  if (security_initialized) security_file_free_security(kernel.lsm(), *this);
}

}  // namespace lsmsim
