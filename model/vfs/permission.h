// DAC permission checks (fs/namei.c generic_permission, inode_permission; fs/inode.c
// inode_owner_or_capable; kernel/capability.c capable_wrt_inode_uidgid).
#pragma once

#include <optional>
#include <string>

#include "model/sys_result.h"
#include "model/types.h"

namespace lsmsim {

struct Cred;
struct Inode;
struct Task;

// The access mask bits of include/linux/fs.h.
inline constexpr int MAY_EXEC = 0x01;
inline constexpr int MAY_WRITE = 0x02;
inline constexpr int MAY_READ = 0x04;
inline constexpr int MAY_APPEND = 0x08;
inline constexpr int MAY_ACCESS = 0x10;
inline constexpr int MAY_OPEN = 0x20;
inline constexpr int MAY_CHDIR = 0x40;

// A failed check: the errno and who refused. ok() when err == 0.
struct Verdict {
  int err = 0;
  std::optional<Denial> denial;
  bool ok() const { return err == 0; }
  static Verdict allow() { return {}; }
  static Verdict deny(int e, std::string by, std::string reason, std::string hook = {});
  // After an LSM hook returned rc < 0: the framework's record of who said no.
  static Verdict from_hook(Task& t, int rc, const char* hook);
  SysResult result() const { return SysResult::error(err, denial); }
};

// in_group_p(): `gid` is the fsgid or a supplementary group.
bool in_group_p(const Cred& cred, Gid gid);
// privileged_wrt_inode_uidgid() && ns_capable(current_user_ns, cap); a failed capability
// check leaves no denial behind (the caller reports its own).
bool capable_wrt_inode_uidgid(Task& t, const Inode& inode, int cap);
// inode_owner_or_capable(): fsuid owns the inode, or CAP_FOWNER over it.
bool inode_owner_or_capable(Task& t, const Inode& inode);
// generic_permission(): mode bits, then CAP_DAC_READ_SEARCH / CAP_DAC_OVERRIDE.
Verdict generic_permission(Task& t, const Inode& inode, int mask);
// inode_permission(): read-only superblock, generic_permission, security_inode_permission.
Verdict inode_permission(Task& t, Inode& inode, int mask);
// "read", "write", "exec", "read,write" ... for reasons.
std::string mask_name(int mask);

}  // namespace lsmsim
