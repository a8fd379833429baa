// In-memory filesystem objects: superblocks, inodes and open files (include/linux/fs.h).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "model/cred.h"
#include "model/lsm/blob.h"
#include "model/types.h"

namespace lsmsim {

class Kernel;
struct Inode;
struct UserNamespace;

struct SuperBlock {
  explicit SuperBlock(Kernel& k) : kernel(k) {}
  ~SuperBlock();
  SuperBlock(const SuperBlock&) = delete;
  SuperBlock& operator=(const SuperBlock&) = delete;

  Kernel& kernel;
  std::uint64_t dev = 0;                   // st_dev (makedev(major, minor))
  std::string fs_type;                     // "ext4", "tmpfs", "proc", "selinuxfs", ...
  std::string source;                      // what mount(8) shows as the device
  std::shared_ptr<UserNamespace> user_ns;  // s_user_ns: the user namespace that mounted it
  unsigned long flags = 0;                 // SB_RDONLY, ...
  std::shared_ptr<Inode> root;
  std::uint64_t next_ino = 2;
  Blob security;
};

struct Inode {
  explicit Inode(SuperBlock& s) : sb(&s) {}
  ~Inode();
  Inode(const Inode&) = delete;
  Inode& operator=(const Inode&) = delete;

  SuperBlock* sb;
  std::uint64_t ino = 0;
  unsigned mode = 0;  // S_IFMT bits and permission bits
  Uid uid = 0;        // kernel ids
  Gid gid = 0;
  unsigned nlink = 1;
  std::map<std::string, std::string> xattrs;
  std::map<std::string, std::shared_ptr<Inode>> entries;  // directory contents
  std::string data;                                       // regular file contents
  std::string symlink_target;
  Blob security;
  bool security_initialized = false;  // alloc hooks ran, so free hooks must run
};

struct File {
  explicit File(Kernel& k) : kernel(k) {}
  ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  Kernel& kernel;
  std::shared_ptr<Inode> inode;
  std::string path;  // the path it was opened by, as the opener saw it
  int flags = 0;     // O_* flags
  CredRef f_cred;    // the opener's credentials
  std::uint64_t pos = 0;
  Blob security;
  bool security_initialized = false;
};

}  // namespace lsmsim
