// The eight namespace types and their per-type state (include/linux/*_namespace.h).
#pragma once

#include <sched.h>

#include <cstdint>
#include <array>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "model/types.h"

namespace lsmsim {

struct Task;
struct UserNamespace;
struct MountTable;

enum class NsType { mnt, uts, ipc, net, pid, user, cgroup, time };
inline constexpr int kNsTypeCount = 8;

// CLONE_* flags come from the C library (<sched.h>, the kernel's uapi values); the few a
// 2022 glibc may lack are defined here with the kernel's numbers.
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
static_assert(CLONE_NEWNS == 0x00020000 && CLONE_NEWUSER == 0x10000000 &&
              CLONE_NEWPID == 0x20000000 && CLONE_NEWNET == 0x40000000);

unsigned long ns_clone_flag(NsType t);
// The name used in /proc/PID/ns/<name> and in nsfs links: "mnt", "uts", ...
const char* ns_type_name(NsType t);
bool ns_type_from_name(const std::string& name, NsType& out);

// Fixed nsfs inode numbers of the initial namespaces (include/uapi/linux/nsfs.h, 6.18+,
// where net and mnt joined the others). Later namespaces take numbers from the proc inode
// allocator, which starts at PROC_DYNAMIC_FIRST.
inline constexpr std::uint32_t IPC_NS_INIT_INO = 0xEFFFFFFFu;
inline constexpr std::uint32_t UTS_NS_INIT_INO = 0xEFFFFFFEu;
inline constexpr std::uint32_t USER_NS_INIT_INO = 0xEFFFFFFDu;
inline constexpr std::uint32_t PID_NS_INIT_INO = 0xEFFFFFFCu;
inline constexpr std::uint32_t CGROUP_NS_INIT_INO = 0xEFFFFFFBu;
inline constexpr std::uint32_t TIME_NS_INIT_INO = 0xEFFFFFFAu;
inline constexpr std::uint32_t NET_NS_INIT_INO = 0xEFFFFFF9u;
inline constexpr std::uint32_t MNT_NS_INIT_INO = 0xEFFFFFF8u;
inline constexpr std::uint32_t PROC_DYNAMIC_FIRST = 0xF0000000u;
std::uint32_t ns_init_ino(NsType t);

// The proc inode numbers in use by one kernel's dynamic namespaces (proc_alloc_inum). Shared
// by the Kernel and every namespace that took a number from it, so a namespace that outlives
// its Kernel (held by Python, say) can still give its number back.
struct NsInumPool {
  std::set<std::uint32_t> used;
  std::array<unsigned, kNsTypeCount> created{};  // per type, for default names ("user1")
  std::uint32_t alloc();                         // the lowest free number >= PROC_DYNAMIC_FIRST
  void free(std::uint32_t inum) { used.erase(inum); }
};

// Common part of every namespace (struct ns_common plus the owning user namespace).
struct Namespace {
  Namespace(NsType t, std::uint32_t ino, std::shared_ptr<UserNamespace> owner_ns)
      : type(t), inum(ino), owner(std::move(owner_ns)) {}
  virtual ~Namespace();  // returns `inum` to `inum_pool` (ns_free_inum)
  Namespace(const Namespace&) = delete;
  Namespace& operator=(const Namespace&) = delete;

  NsType type;
  std::uint32_t inum;                    // nsfs inode number
  std::shared_ptr<UserNamespace> owner;  // null only for the initial user namespace
  std::string name;                      // a scenario's name for it ("init" for the initial ones)
  std::shared_ptr<NsInumPool> inum_pool;  // where inum came from; null for the fixed numbers

  // "net:[4026531833]", what readlink(/proc/PID/ns/net) prints.
  std::string link_text() const;
  // The name if set, else "net:[inum]".
  std::string display_name() const;
};

// One line of /proc/PID/uid_map: ids [first, first+count) map to [lower_first, ...) in the parent.
struct IdMapExtent {
  std::uint32_t first = 0;
  std::uint32_t lower_first = 0;
  std::uint32_t count = 0;
};

struct IdMap {
  std::vector<IdMapExtent> extents;
  bool written = false;  // a map can be written only once
  // Maps an id of this namespace down to the parent; kInvalidUid if unmapped.
  std::uint32_t map_down(std::uint32_t id) const;
  // Maps a parent id up into this namespace; kInvalidUid if unmapped.
  std::uint32_t map_up(std::uint32_t lower) const;
};

struct UserNamespace : Namespace {
  UserNamespace(std::uint32_t ino, std::shared_ptr<UserNamespace> parent_ns)
      : Namespace(NsType::user, ino, parent_ns), parent(std::move(parent_ns)) {}
  std::shared_ptr<UserNamespace> parent;  // same as owner
  int level = 0;                          // 0 for the initial user namespace
  Uid owner_uid = 0;                      // euid of the creator, in the parent's terms (kuid)
  Gid group = 0;
  IdMap uid_map;
  IdMap gid_map;
  IdMap projid_map;
  bool setgroups_allowed = true;  // /proc/PID/setgroups
  // The creator had CAP_SETFCAP when it made this namespace: it may map the parent's uid 0
  // in its own uid_map (verify_root_map).
  bool parent_could_setfcap = false;

  bool is_ancestor_of(const UserNamespace& other) const;  // or equal
};

struct PidNamespace : Namespace {
  PidNamespace(std::uint32_t ino, std::shared_ptr<UserNamespace> owner_ns,
               std::shared_ptr<PidNamespace> parent_ns)
      : Namespace(NsType::pid, ino, std::move(owner_ns)), parent(std::move(parent_ns)) {}
  std::shared_ptr<PidNamespace> parent;
  int level = 0;
  Pid last_pid = 0;              // pid allocation cursor (alloc_pid)
  Task* child_reaper = nullptr;  // the namespace's init (pid 1)
  bool dying = false;            // init exited: no new pids (fork gets ENOMEM)
  std::map<Pid, Task*> pid_map;  // live and zombie tasks by their number here

  bool is_ancestor_of(const PidNamespace& other) const;  // or equal
};

struct UtsNamespace : Namespace {
  using Namespace::Namespace;
  std::string sysname = "Linux";
  std::string nodename = "(none)";
  std::string domainname = "(none)";
};

struct IpcNamespace : Namespace {
  using Namespace::Namespace;
};

struct NetNamespace : Namespace {
  using Namespace::Namespace;
  // Bound unix socket addresses (abstract names start with '@'), to the listening socket id.
  std::map<std::string, std::uint64_t> unix_abstract;
};

struct CgroupNamespace : Namespace {
  using Namespace::Namespace;
  std::string root = "/";  // the cgroup that is "/" inside this namespace
};

struct TimeNamespace : Namespace {
  using Namespace::Namespace;
  long long monotonic_offset_ns = 0;
  long long boottime_offset_ns = 0;
};

struct MountNamespace : Namespace {
  MountNamespace(std::uint32_t ino, std::shared_ptr<UserNamespace> owner_ns);
  ~MountNamespace() override;
  std::unique_ptr<MountTable> mounts;  // defined in model/vfs/mount.h
};

// The namespaces a task uses (struct nsproxy); the user namespace lives in the cred and the
// active pid namespace in the task's pid links.
struct NsProxy {
  std::shared_ptr<UtsNamespace> uts;
  std::shared_ptr<IpcNamespace> ipc;
  std::shared_ptr<MountNamespace> mnt;
  std::shared_ptr<PidNamespace> pid_for_children;
  std::shared_ptr<NetNamespace> net;
  std::shared_ptr<TimeNamespace> time;
  std::shared_ptr<TimeNamespace> time_for_children;
  std::shared_ptr<CgroupNamespace> cgroup;
};

}  // namespace lsmsim
