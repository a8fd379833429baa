#include "model/vfs/mount.h"

#include <sys/mount.h>

#include <algorithm>

#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/pnode.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

MountTable::~MountTable() {
  // A dying namespace takes its mounts out of every peer group and slave list
  // (free_mnt_ns -> umount_tree), so other namespaces keep consistent propagation.
  for (auto it = mounts.rbegin(); it != mounts.rend(); ++it) {
    Mount& m = **it;
    change_mnt_propagation(m.sb->kernel.vfs(), m, MS_PRIVATE);
    m.parent = nullptr;
    m.ns = nullptr;
  }
}

Mount* MountTable::lookup(const Mount& parent, const Inode& mountpoint) const {
  for (auto it = mounts.rbegin(); it != mounts.rend(); ++it)
    if ((*it)->parent == &parent && (*it)->mountpoint.get() == &mountpoint) return it->get();
  return nullptr;
}

std::vector<Mount*> MountTable::children(const Mount& m) const {
  std::vector<Mount*> out;
  for (const auto& c : mounts)
    if (c->parent == &m) out.push_back(c.get());
  return out;
}

std::shared_ptr<Mount> MountTable::find(const Mount& m) const {
  for (const auto& c : mounts)
    if (c.get() == &m) return c;
  return nullptr;
}

std::string MountTable::path_of(const Mount& m) {
  if (m.parent == nullptr) return "/";
  std::string parent = path_of(*m.parent);
  if (m.mp_path == "/") return parent;
  return parent == "/" ? m.mp_path : parent + m.mp_path;
}

}  // namespace lsmsim
