// Forward declarations of every type a hook takes, so the hook list needs no heavy headers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lsmsim {

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

}  // namespace lsmsim
