#include "model/ns/namespaces.h"

#include <array>

namespace lsmsim {
namespace {

struct NsTypeInfo {
  NsType type;
  const char* name;
  unsigned long flag;
  std::uint32_t init_ino;
};

constexpr std::array<NsTypeInfo, kNsTypeCount> kNsTypes = {{
    {NsType::mnt, "mnt", CLONE_NEWNS, MNT_NS_INIT_INO},
    {NsType::uts, "uts", CLONE_NEWUTS, UTS_NS_INIT_INO},
    {NsType::ipc, "ipc", CLONE_NEWIPC, IPC_NS_INIT_INO},
    {NsType::net, "net", CLONE_NEWNET, NET_NS_INIT_INO},
    {NsType::pid, "pid", CLONE_NEWPID, PID_NS_INIT_INO},
    {NsType::user, "user", CLONE_NEWUSER, USER_NS_INIT_INO},
    {NsType::cgroup, "cgroup", CLONE_NEWCGROUP, CGROUP_NS_INIT_INO},
    {NsType::time, "time", CLONE_NEWTIME, TIME_NS_INIT_INO},
}};

const NsTypeInfo& info(NsType t) { return kNsTypes[static_cast<std::size_t>(t)]; }

}  // namespace

unsigned long ns_clone_flag(NsType t) { return info(t).flag; }
const char* ns_type_name(NsType t) { return info(t).name; }
std::uint32_t ns_init_ino(NsType t) { return info(t).init_ino; }

bool ns_type_from_name(const std::string& name, NsType& out) {
  for (const NsTypeInfo& i : kNsTypes) {
    if (name == i.name) {
      out = i.type;
      return true;
    }
  }
  return false;
}

std::uint32_t NsInumPool::alloc() {
  std::uint32_t n = PROC_DYNAMIC_FIRST;
  while (used.count(n) != 0) ++n;
  used.insert(n);
  return n;
}

Namespace::~Namespace() {
  if (inum_pool != nullptr) inum_pool->free(inum);
}

std::string Namespace::link_text() const {
  return std::string(ns_type_name(type)) + ":[" + std::to_string(inum) + "]";
}

std::string Namespace::display_name() const { return name.empty() ? link_text() : name; }

std::uint32_t IdMap::map_down(std::uint32_t id) const {
  for (const IdMapExtent& e : extents)
    if (id >= e.first && id - e.first < e.count) return e.lower_first + (id - e.first);
  return static_cast<std::uint32_t>(-1);
}

std::uint32_t IdMap::map_up(std::uint32_t lower) const {
  for (const IdMapExtent& e : extents)
    if (lower >= e.lower_first && lower - e.lower_first < e.count) return e.first + (lower - e.lower_first);
  return static_cast<std::uint32_t>(-1);
}

bool UserNamespace::is_ancestor_of(const UserNamespace& other) const {
  for (const UserNamespace* ns = &other; ns != nullptr; ns = ns->parent.get())
    if (ns == this) return true;
  return false;
}

bool PidNamespace::is_ancestor_of(const PidNamespace& other) const {
  for (const PidNamespace* ns = &other; ns != nullptr; ns = ns->parent.get())
    if (ns == this) return true;
  return false;
}

}  // namespace lsmsim
