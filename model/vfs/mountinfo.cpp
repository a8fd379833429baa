#include "model/vfs/mountinfo.h"

#include <cstdio>

#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/mount.h"
#include "model/vfs/namei.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

namespace {

// show_mnt_opts(): " rw" or " ro", then the per-mount flags.
std::string mnt_opts(const Mount& m) {
  std::string s = (m.flags & MNT_READONLY) != 0 ? "ro" : "rw";
  if (m.flags & MNT_NOSUID) s += ",nosuid";
  if (m.flags & MNT_NODEV) s += ",nodev";
  if (m.flags & MNT_NOEXEC) s += ",noexec";
  if (m.flags & MNT_NOATIME) s += ",noatime";
  if (m.flags & MNT_NODIRATIME) s += ",nodiratime";
  if (m.flags & MNT_RELATIME) s += ",relatime";
  if (m.flags & MNT_NOSYMFOLLOW) s += ",nosymfollow";
  return s;
}

// The filesystem's own options (super_operations->show_options); tmpfs shows a non-default
// root mode, the others nothing lsmsim models.
std::string fs_opts(const Mount& m) {
  if (m.sb->fs_type == "tmpfs" && m.sb->root != nullptr && (m.sb->root->mode & 07777) != 01777) {
    char buf[32];
    std::snprintf(buf, sizeof buf, ",mode=%03o", m.sb->root->mode & 07777);
    return buf;
  }
  return {};
}

template <class F>
void for_each_visible(Task& target, F&& f) {
  if (target.nsproxy.mnt == nullptr) return;
  const std::string root = stack_path(task_root_stack(target));
  for (const auto& m : target.nsproxy.mnt->mounts->mounts) {
    const std::string abs = MountTable::path_of(*m);
    std::string shown;
    if (root == "/") {
      shown = abs;
    } else if (abs == root) {
      shown = "/";
    } else if (abs.rfind(root + "/", 0) == 0) {
      shown = abs.substr(root.size());
    } else {
      continue;  // outside the reader's root
    }
    f(*m, shown);
  }
}

}  // namespace

std::string show_mounts(Task& target) {
  std::string out;
  for_each_visible(target, [&](const Mount& m, const std::string& mp) {
    const bool ro = (m.sb->flags & SB_RDONLY) != 0 || (m.flags & MNT_READONLY) != 0;
    std::string opts = mnt_opts(m);
    if (ro) opts.replace(0, 2, "ro");
    out += (m.devname.empty() ? "none" : m.devname) + " " + mp + " " + m.sb->fs_type + " " +
           opts + fs_opts(m) + " 0 0\n";
  });
  return out;
}

std::string show_mountinfo(Task& target) {
  std::string out;
  for_each_visible(target, [&](const Mount& m, const std::string& mp) {
    const int parent_id = m.parent != nullptr ? m.parent->id : m.id;
    out += std::to_string(m.id) + " " + std::to_string(parent_id) + " " +
           std::to_string(dev_major(m.sb->dev)) + ":" + std::to_string(dev_minor(m.sb->dev)) +
           " " + m.root_path + " " + mp + " " + mnt_opts(m);
    if (m.shared()) out += " shared:" + std::to_string(m.group_id);
    if (m.slave()) out += " master:" + std::to_string(m.master->group_id);
    if (m.unbindable()) out += " unbindable";
    out += " - " + m.sb->fs_type + " " + (m.devname.empty() ? "none" : m.devname) + " " +
           ((m.sb->flags & SB_RDONLY) != 0 ? "ro" : "rw") + fs_opts(m) + "\n";
  });
  return out;
}

}  // namespace lsmsim
