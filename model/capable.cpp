#include "model/capable.h"

#include "model/kernel.h"
#include "model/lsm/security.h"

namespace lsmsim {

int security_capable(Kernel& k, const Cred& cred, const UserNamespace& ns, int cap,
                     unsigned opts) {
  return security_capable(k.lsm(), cred, ns, cap, opts);
}

bool ns_capable(Task& current, const UserNamespace& ns, int cap) {
  return security_capable(current.kernel, *current.cred, ns, cap, CAP_OPT_NONE) == 0;
}

bool ns_capable_noaudit(Task& current, const UserNamespace& ns, int cap) {
  return security_capable(current.kernel, *current.cred, ns, cap, CAP_OPT_NOAUDIT) == 0;
}

bool capable(Task& current, int cap) {
  return ns_capable(current, *current.kernel.init_user_ns(), cap);
}

bool has_ns_capability(const Task& t, const UserNamespace& ns, int cap) {
  return security_capable(t.kernel, *t.cred, ns, cap, CAP_OPT_NONE) == 0;
}

// Kernel ids are ids of the initial user namespace; a namespace's map takes its ids to its
// parent's, so mapping to kernel ids walks up to the root.
Uid make_kuid(const UserNamespace& ns, Uid uid) {
  Uid id = uid;
  for (const UserNamespace* n = &ns; n->parent != nullptr; n = n->parent.get()) {
    id = n->uid_map.map_down(id);
    if (id == kInvalidUid) return kInvalidUid;
  }
  return id;
}

Gid make_kgid(const UserNamespace& ns, Gid gid) {
  Gid id = gid;
  for (const UserNamespace* n = &ns; n->parent != nullptr; n = n->parent.get()) {
    id = n->gid_map.map_down(id);
    if (id == kInvalidGid) return kInvalidGid;
  }
  return id;
}

namespace {

template <class MapOf>
std::uint32_t map_up_from_root(const UserNamespace& ns, std::uint32_t kid, MapOf map_of) {
  if (ns.parent == nullptr) return kid;
  const std::uint32_t in_parent = map_up_from_root(*ns.parent, kid, map_of);
  if (in_parent == kInvalidUid) return kInvalidUid;
  return map_of(ns).map_up(in_parent);
}

}  // namespace

Uid from_kuid(const UserNamespace& ns, Uid kuid) {
  return map_up_from_root(ns, kuid, [](const UserNamespace& n) -> const IdMap& { return n.uid_map; });
}

Gid from_kgid(const UserNamespace& ns, Gid kgid) {
  return map_up_from_root(ns, kgid, [](const UserNamespace& n) -> const IdMap& { return n.gid_map; });
}

Uid from_kuid_munged(const UserNamespace& ns, Uid kuid) {
  const Uid u = from_kuid(ns, kuid);
  return u == kInvalidUid ? kOverflowUid : u;
}

Gid from_kgid_munged(const UserNamespace& ns, Gid kgid) {
  const Gid g = from_kgid(ns, kgid);
  return g == kInvalidGid ? kOverflowGid : g;
}

bool kuid_has_mapping(const UserNamespace& ns, Uid kuid) { return from_kuid(ns, kuid) != kInvalidUid; }
bool kgid_has_mapping(const UserNamespace& ns, Gid kgid) { return from_kgid(ns, kgid) != kInvalidGid; }

}  // namespace lsmsim
