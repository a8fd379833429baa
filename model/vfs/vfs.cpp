#include "model/vfs/vfs.h"

#include <cerrno>
#include <stdexcept>

#include "model/kernel.h"
#include "model/lsm/security.h"
#include "model/net/socket.h"
#include "model/vfs/inode.h"
#include "model/vfs/inode_ops.h"
#include "model/vfs/mount.h"
#include "model/vfs/pseudo_fs.h"

namespace lsmsim {

Vfs::Vfs(Kernel& kernel) : kernel_(kernel) {
  register_pseudo_fs_types(*this);
  int err = 0;
  // nsfs and sockfs are kernel-internal (kern_mount); nsfs sits on 0:4 like the kernel's.
  nsfs_sb_ = alloc_super("nsfs", kernel_.init_user_ns(), err, kernel_.nsfs_dev());
  if (nsfs_sb_ == nullptr) throw std::logic_error("cannot allocate nsfs");
  nsfs_sb_->root = new_inode(*nsfs_sb_, S_IFDIR_ | 0555);
  nsfs_sb_->pseudo = true;
  nsfs_mnt_ = new_mount(nsfs_sb_, nsfs_sb_->root, "/", "nsfs");
  sockfs_sb_ = alloc_super("sockfs", kernel_.init_user_ns(), err);
  if (sockfs_sb_ == nullptr) throw std::logic_error("cannot allocate sockfs");
  sockfs_sb_->pseudo = true;
}

Vfs::~Vfs() {
  // Release in an order where every deleter still finds the registries it updates.
  securityfs_sb.reset();
  kern_mounts.clear();
  nsfs_mnt_.reset();
  nsfs_sb_.reset();
  sockfs_sb_.reset();
}

void Vfs::register_fs_type(FsType type) {
  std::string name = type.name;
  types_[name] = std::move(type);
}

const FsType* Vfs::find_fs_type(const std::string& name) const {
  auto it = types_.find(name);
  return it == types_.end() ? nullptr : &it->second;
}

std::shared_ptr<SuperBlock> Vfs::alloc_super(const std::string& fs_type,
                                             std::shared_ptr<UserNamespace> user_ns, int& err,
                                             std::uint64_t dev) {
  unsigned minor = 0;
  if (dev == 0) {
    // get_anon_bdev(): the lowest free minor of major 0 (0:4 is nsfs's).
    minor = 16;
    while (anon_minors_.count(minor) != 0) ++minor;
    anon_minors_.insert(minor);
    dev = make_dev(0, minor);
  }
  auto sb = std::shared_ptr<SuperBlock>(new SuperBlock(kernel_), [this, minor](SuperBlock* p) {
    if (minor != 0) anon_minors_.erase(minor);
    delete p;
  });
  sb->dev = dev;
  sb->fs_type = fs_type;
  sb->user_ns = std::move(user_ns);
  // security_sb_alloc(): the framework's blob, then the LSMs' sb_alloc_security.
  sb->security = kernel_.lsm().alloc_blob(BlobKind::superblock);
  const int rc = security_sb_alloc_security(kernel_.lsm(), *sb);
  if (rc != 0) {
    err = -rc;
    return nullptr;
  }
  return sb;
}

std::shared_ptr<Inode> Vfs::new_inode(SuperBlock& sb, unsigned mode, Uid uid, Gid gid) {
  auto inode = std::make_shared<Inode>(sb);
  inode->ino = sb.next_ino++;
  inode->mode = mode;
  inode->uid = uid;
  inode->gid = gid;
  inode->nlink = (mode & S_IFMT_) == S_IFDIR_ ? 2 : 1;
  // security_inode_alloc(): blob, then inode_alloc_security; free hooks run from then on.
  inode->security = kernel_.lsm().alloc_blob(BlobKind::inode);
  (void)security_inode_alloc_security(kernel_.lsm(), *inode);
  (void)kernel_.lsm().take_denial();
  inode->security_initialized = true;
  return inode;
}

std::shared_ptr<Inode> Vfs::add_dir(Inode& dir, const std::string& name, unsigned perm, Uid uid,
                                    Gid gid) {
  auto d = new_inode(*dir.sb, S_IFDIR_ | perm, uid, gid);
  dir.entries[name] = d;
  ++dir.nlink;
  return d;
}

std::shared_ptr<Inode> Vfs::add_file(Inode& dir, const std::string& name, unsigned perm,
                                     std::string data, Uid uid, Gid gid) {
  auto f = new_inode(*dir.sb, S_IFREG_ | perm, uid, gid);
  f->data = std::move(data);
  dir.entries[name] = f;
  return f;
}

std::shared_ptr<Inode> Vfs::add_seq_file(Inode& dir, const std::string& name, unsigned perm,
                                         std::shared_ptr<InodeOps> ops, Uid uid, Gid gid) {
  auto f = add_file(dir, name, perm, {}, uid, gid);
  f->ops = std::move(ops);
  return f;
}

std::shared_ptr<Inode> Vfs::add_symlink(Inode& dir, const std::string& name,
                                        const std::string& target) {
  auto l = new_inode(*dir.sb, S_IFLNK_ | 0777);
  l->symlink_target = target;
  dir.entries[name] = l;
  return l;
}

std::shared_ptr<Mount> Vfs::new_mount(std::shared_ptr<SuperBlock> sb, std::shared_ptr<Inode> root,
                                      std::string root_path, std::string devname) {
  int id = 1;
  while (mnt_ids_.count(id) != 0) ++id;  // mnt_alloc_id(): an IDA, lowest free first
  mnt_ids_.insert(id);
  auto m = std::shared_ptr<Mount>(new Mount, [this](Mount* p) {
    mounts_.erase(p);
    mnt_ids_.erase(p->id);
    delete p;
  });
  m->id = id;
  m->sb = std::move(sb);
  m->root = std::move(root);
  m->root_path = std::move(root_path);
  m->devname = std::move(devname);
  mounts_.insert(m.get());
  return m;
}

int Vfs::alloc_group_id() const {
  std::set<int> used;
  for (const Mount* m : mounts_)
    if (m->group_id != 0) used.insert(m->group_id);
  int id = 1;
  while (used.count(id) != 0) ++id;
  return id;
}

std::vector<Mount*> Vfs::peers_of(const Mount& m) const {
  std::vector<Mount*> out;
  if (m.group_id == 0) return out;
  for (Mount* p : mounts_)
    if (p != &m && p->group_id == m.group_id) out.push_back(p);
  return out;
}

std::shared_ptr<Inode> Vfs::nsfs_inode(const std::shared_ptr<Namespace>& ns) {
  auto inode = new_inode(*nsfs_sb_, S_IFREG_ | 0444);
  inode->ino = ns->inum;  // ns_get_path(): the inode number is the namespace's
  inode->ns = ns;
  return inode;
}

std::uint64_t Vfs::register_socket(const std::shared_ptr<Socket>& s) {
  const std::uint64_t id = next_socket_id_++;
  sockets_[id] = s;
  return id;
}

std::shared_ptr<Socket> Vfs::find_socket(std::uint64_t id) const {
  auto it = sockets_.find(id);
  return it == sockets_.end() ? nullptr : it->second.lock();
}

}  // namespace lsmsim
