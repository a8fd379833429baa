// The filesystem types mount(2) knows: tmpfs, proc, sysfs, securityfs, selinuxfs, smackfs,
// and the boot root's "ext4" (not mountable by syscalls in lsmsim).
#pragma once

#include <string>

namespace lsmsim {

class Vfs;

void register_pseudo_fs_types(Vfs& vfs);

// Per-instance state of selinuxfs and smackfs (sb->fs_info). Later issues give them meaning;
// for now they hold what their files show.
struct SelinuxfsInfo {
  bool enforcing = false;
};
struct SmackfsInfo {
  std::string load2;
  std::string onlycap;
};

}  // namespace lsmsim
