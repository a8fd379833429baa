// The virtual filesystem of one kernel: filesystem types, superblock and inode allocation
// (with their LSM blobs and hooks), mount ids, peer groups and the internal mounts.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/types.h"

namespace lsmsim {

class Kernel;
class Vfs;
struct Inode;
struct InodeOps;
struct Mount;
struct Namespace;
struct Socket;
struct SuperBlock;
struct Task;
struct UserNamespace;

// st_dev as glibc's makedev() encodes small numbers.
inline constexpr std::uint64_t make_dev(unsigned major, unsigned minor) {
  return (std::uint64_t{major} << 8) | minor;
}
inline constexpr unsigned dev_major(std::uint64_t dev) { return static_cast<unsigned>(dev >> 8); }
inline constexpr unsigned dev_minor(std::uint64_t dev) {
  return static_cast<unsigned>(dev & 0xff);
}

// S_IF* bits (include/uapi/linux/stat.h).
inline constexpr unsigned S_IFMT_ = 0170000;
inline constexpr unsigned S_IFSOCK_ = 0140000;
inline constexpr unsigned S_IFLNK_ = 0120000;
inline constexpr unsigned S_IFREG_ = 0100000;
inline constexpr unsigned S_IFDIR_ = 0040000;

// A filesystem type (struct file_system_type plus its fs_context behaviour).
struct FsType {
  std::string name;
  bool userns_mount = false;    // FS_USERNS_MOUNT: mountable with CAP_SYS_ADMIN in a user ns
  bool userns_visible = false;  // SB_I_USERNS_VISIBLE: mount_too_revealing() applies (proc, sysfs)
  bool single = false;          // get_tree_single: one superblock shared by every mount
  bool user_mountable = true;   // false: not reachable through mount(2) (the boot root fs)
  // init_fs_context: type-specific refusal before anything is allocated (0 or -errno).
  std::function<int(Task& mounter)> init_fs_context;
  // fc->user_ns: whose CAP_SYS_ADMIN the mount needs; default the mounter's user namespace.
  std::function<std::shared_ptr<UserNamespace>(Task& mounter)> context_user_ns;
  // fill_super: root inode and contents of a new superblock (0 or -errno).
  std::function<int(Vfs& vfs, SuperBlock& sb, Task& mounter, const std::string& data)> fill;
};

class Vfs {
 public:
  explicit Vfs(Kernel& kernel);
  ~Vfs();
  Vfs(const Vfs&) = delete;
  Vfs& operator=(const Vfs&) = delete;
  Kernel& kernel() { return kernel_; }

  // ---- filesystem types ----
  void register_fs_type(FsType type);
  const FsType* find_fs_type(const std::string& name) const;

  // ---- superblocks and inodes ----
  // alloc_super(): a superblock with an anonymous device (0:N) unless `dev` is given, its
  // framework blob and security_sb_alloc. Null with `err` set if an LSM refused.
  std::shared_ptr<SuperBlock> alloc_super(const std::string& fs_type,
                                          std::shared_ptr<UserNamespace> user_ns, int& err,
                                          std::uint64_t dev = 0);
  // new_inode(): the next inode number of `sb`, its blob and security_inode_alloc.
  std::shared_ptr<Inode> new_inode(SuperBlock& sb, unsigned mode, Uid uid = 0, Gid gid = 0);
  // Tree building for boot and fill_super (no permission checks, no init_security).
  std::shared_ptr<Inode> add_dir(Inode& dir, const std::string& name, unsigned perm,
                                 Uid uid = 0, Gid gid = 0);
  std::shared_ptr<Inode> add_file(Inode& dir, const std::string& name, unsigned perm,
                                  std::string data = {}, Uid uid = 0, Gid gid = 0);
  std::shared_ptr<Inode> add_seq_file(Inode& dir, const std::string& name, unsigned perm,
                                      std::shared_ptr<InodeOps> ops, Uid uid = 0, Gid gid = 0);
  std::shared_ptr<Inode> add_symlink(Inode& dir, const std::string& name,
                                     const std::string& target);

  // ---- mounts ----
  // A new, unattached mount of `sb` rooted at `root` (vfs_create_mount / clone_mnt).
  std::shared_ptr<Mount> new_mount(std::shared_ptr<SuperBlock> sb, std::shared_ptr<Inode> root,
                                   std::string root_path, std::string devname);
  // mnt_alloc_group_id(): the lowest peer group id no live mount uses (from 1).
  int alloc_group_id() const;
  std::vector<Mount*> peers_of(const Mount& m) const;  // same group, `m` excluded
  const std::set<Mount*>& all_mounts() const { return mounts_; }

  // ---- internal filesystems ----
  // The nsfs mount and an inode standing for `ns` (ino = ns inum, dev = nsfs_dev).
  const std::shared_ptr<Mount>& nsfs_mount() const { return nsfs_mnt_; }
  std::shared_ptr<Inode> nsfs_inode(const std::shared_ptr<Namespace>& ns);
  SuperBlock& sockfs() { return *sockfs_sb_; }
  // securityfs is a single instance (get_tree_single); created at the first mount.
  std::shared_ptr<SuperBlock> securityfs_sb;
  // Other kern_mount()ed internal filesystems by type name (apparmorfs), released first.
  std::map<std::string, std::shared_ptr<Mount>> kern_mounts;

  // ---- unix sockets by id (for abstract names) ----
  std::uint64_t register_socket(const std::shared_ptr<Socket>& s);
  std::shared_ptr<Socket> find_socket(std::uint64_t id) const;

  // Builds the boot filesystem in `init`'s mount namespace (model/vfs/boot_fs.cpp).
  void boot(Task& init);

 private:
  Kernel& kernel_;
  std::map<std::string, FsType> types_;
  std::set<unsigned> anon_minors_;  // 0:N devices in use
  std::set<Mount*> mounts_;         // every live mount, for peer groups
  std::set<int> mnt_ids_;
  std::map<std::uint64_t, std::weak_ptr<Socket>> sockets_;
  std::uint64_t next_socket_id_ = 1;
  std::shared_ptr<SuperBlock> nsfs_sb_;
  std::shared_ptr<SuperBlock> sockfs_sb_;
  std::shared_ptr<Mount> nsfs_mnt_;
};

}  // namespace lsmsim
