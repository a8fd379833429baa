// Mounts and the mount table of a mount namespace (fs/mount.h, fs/pnode.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace lsmsim {

struct Inode;
struct MountNamespace;
struct SuperBlock;

// Per-mount flags (include/linux/mount.h, the kernel's internal MNT_* values).
inline constexpr unsigned MNT_NOSUID = 0x01;
inline constexpr unsigned MNT_NODEV = 0x02;
inline constexpr unsigned MNT_NOEXEC = 0x04;
inline constexpr unsigned MNT_NOATIME = 0x08;
inline constexpr unsigned MNT_NODIRATIME = 0x10;
inline constexpr unsigned MNT_RELATIME = 0x20;
inline constexpr unsigned MNT_READONLY = 0x40;
inline constexpr unsigned MNT_NOSYMFOLLOW = 0x80;
inline constexpr unsigned MNT_UNBINDABLE = 0x2000;  // propagation: may not be bind-mounted
inline constexpr unsigned MNT_LOCKED = 0x800000;    // locked to its parent (copy_mnt_ns)

// One mount (struct mount): a superblock's subtree attached somewhere in a namespace.
struct Mount : std::enable_shared_from_this<Mount> {
  Mount() = default;
  Mount(const Mount&) = delete;
  Mount& operator=(const Mount&) = delete;

  int id = 0;                        // mnt_id
  Mount* parent = nullptr;           // null for a namespace's root (and detached mounts)
  // The directory of `parent` this mount covers, and its superblock (declared first so it
  // outlives the inode: inodes need their superblock when they are freed).
  std::shared_ptr<SuperBlock> mp_sb;
  std::shared_ptr<Inode> mountpoint;
  std::string mp_path;               // that directory's path from parent's root, e.g. "/proc"
  std::shared_ptr<SuperBlock> sb;
  std::shared_ptr<Inode> root;       // mnt_root: the sb's root, or a subdirectory (bind mounts)
  std::string root_path = "/";       // mnt_root's path inside the sb (mountinfo field 4)
  std::string devname;               // mnt_devname: the "source" of mount(2)
  unsigned flags = MNT_RELATIME;
  // Propagation (fs/pnode.c): peers share a group id; a slave receives from its master.
  int group_id = 0;                  // mnt_group_id, 0 = not shared
  Mount* master = nullptr;           // mnt_master
  std::vector<Mount*> slaves;        // mnt_slave_list
  MountNamespace* ns = nullptr;      // mnt_ns; null once unmounted

  bool shared() const { return group_id != 0; }
  bool slave() const { return master != nullptr; }
  bool unbindable() const { return (flags & MNT_UNBINDABLE) != 0; }
};

// The mounts of one namespace, in the order they were attached (the kernel's ns->list).
struct MountTable {
  MountTable() = default;
  ~MountTable();
  MountTable(const MountTable&) = delete;
  MountTable& operator=(const MountTable&) = delete;

  std::shared_ptr<Mount> root;
  std::vector<std::shared_ptr<Mount>> mounts;  // root first

  // The topmost mount on (`parent`, `mountpoint`), or null (__lookup_mnt).
  Mount* lookup(const Mount& parent, const Inode& mountpoint) const;
  std::vector<Mount*> children(const Mount& m) const;
  std::shared_ptr<Mount> find(const Mount& m) const;  // the owning pointer of `m`
  // m's absolute path in the namespace ("/" for the root).
  static std::string path_of(const Mount& m);
};

}  // namespace lsmsim
