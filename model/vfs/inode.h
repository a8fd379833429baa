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
struct InodeOps;
struct Mount;
struct Namespace;
struct Socket;
struct UserNamespace;

// SuperBlock::flags (include/linux/fs.h).
inline constexpr unsigned long SB_RDONLY = 1;

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
  // No create/unlink/mkdir through syscalls (proc, sysfs, securityfs, ...): EPERM.
  bool pseudo = false;
  // Per-instance state of a pseudo filesystem (the proc instance's pid namespace, ...).
  std::shared_ptr<void> fs_info;
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
  // Pseudo-filesystem behaviour (dynamic lookup, generated content); null for plain inodes.
  std::shared_ptr<InodeOps> ops;
  // nsfs inodes: the namespace this inode stands for (what setns(2) joins).
  std::shared_ptr<Namespace> ns;
  // Socket inodes made by bind(2) on a path: the bound socket, while it lives.
  std::weak_ptr<Socket> bound_socket;

  bool is_dir() const { return (mode & 0170000) == 0040000; }
  bool is_reg() const { return (mode & 0170000) == 0100000; }
  bool is_lnk() const { return (mode & 0170000) == 0120000; }
  bool is_sock() const { return (mode & 0170000) == 0140000; }
};

struct File {
  explicit File(Kernel& k) : kernel(k) {}
  ~File();
  File(const File&) = delete;
  File& operator=(const File&) = delete;

  Kernel& kernel;
  std::shared_ptr<Mount> mnt;  // f_path.mnt: keeps the mount and its superblock alive (so it
                               // is declared before, and outlives, the inode)
  std::shared_ptr<Inode> inode;
  std::string path;  // the path it was opened by, as the opener saw it
  int flags = 0;     // O_* flags
  CredRef f_cred;    // the opener's credentials
  std::uint64_t pos = 0;
  Blob security;
  bool security_initialized = false;
  std::shared_ptr<Socket> socket;            // sockets: the socket behind this file
  std::shared_ptr<const void> private_data;  // file->private_data (e.g. the opener's mm)
  std::string seq_buf;                       // pseudo files: content generated at the first read
  bool seq_filled = false;
};

}  // namespace lsmsim
