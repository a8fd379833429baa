// Forward declarations of every type a hook takes, so the hook list needs no heavy headers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "model/types.h"

namespace lsmsim {

// The most LSMs one kernel can stack (the kernel's MAX_LSM_COUNT is the number compiled in).
inline constexpr std::size_t kMaxLsmCount = 16;

class CapSet;
class Kernel;
class LsmModule;
class UserBuffer;
class UserWord;
struct Cred;
struct File;
struct Inode;
struct LinuxBinprm;
struct Mount;
struct Socket;
struct SuperBlock;
struct Task;
struct UserNamespace;

// One extended attribute an LSM asks inode_init_security to set on a new inode.
struct Xattr {
  std::string name;  // full name, e.g. "security.selinux"
  std::string value;
};
using XattrArray = std::vector<Xattr>;

// The header of a struct lsm_ctx entry a caller passes to lsm_set_self_attr.
struct LsmCtxHeader {
  std::uint64_t id = 0;
  std::uint64_t flags = 0;
  std::uint64_t len = 0;
  std::uint64_t ctx_len = 0;
};

// struct lsm_prop (include/linux/security.h, v6.13+): what the kernel passes between LSMs,
// audit and networking instead of one u32 secid. The kernel has one named member per LSM
// (selinux.secid, smack.skp, apparmor.label, bpf.secid); lsmsim keeps one slot per active
// LSM, indexed by LsmModule::index(), each holding that LSM's secid (0 = none), as the
// stacking series' struct lsmblob did.
struct LsmProp {
  std::array<std::uint32_t, kMaxLsmCount> secid{};
  bool empty() const {
    for (std::uint32_t s : secid)
      if (s != 0) return false;
    return true;
  }
};

}  // namespace lsmsim
