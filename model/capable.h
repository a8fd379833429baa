// capable() and friends (kernel/capability.c): every capability check goes through the LSM
// capable hook, so the capability module and any stacked LSM decide together.
#pragma once

#include "model/capability.h"
#include "model/types.h"

namespace lsmsim {

class Kernel;
struct Cred;
struct Task;
struct UserNamespace;

// security_capable(): 0 or -EPERM.
int security_capable(Kernel& k, const Cred& cred, const UserNamespace& ns, int cap,
                     unsigned opts = CAP_OPT_NONE);
// ns_capable(ns, cap) for `current`.
bool ns_capable(Task& current, const UserNamespace& ns, int cap);
bool ns_capable_noaudit(Task& current, const UserNamespace& ns, int cap);
// capable(cap): against the initial user namespace.
bool capable(Task& current, int cap);
// has_ns_capability(t, ns, cap): `t`'s credentials, not current's.
bool has_ns_capability(const Task& t, const UserNamespace& ns, int cap);
// Whether a uid/gid of the caller's kernel ids is mapped into `ns` (kuid_has_mapping).
bool kuid_has_mapping(const UserNamespace& ns, Uid kuid);
bool kgid_has_mapping(const UserNamespace& ns, Gid kgid);
// make_kuid / from_kuid: translating ids between a user namespace and kernel ids.
Uid make_kuid(const UserNamespace& ns, Uid uid);
Uid from_kuid(const UserNamespace& ns, Uid kuid);  // kInvalidUid if unmapped
Uid from_kuid_munged(const UserNamespace& ns, Uid kuid);  // overflowuid if unmapped
Gid make_kgid(const UserNamespace& ns, Gid gid);
Gid from_kgid(const UserNamespace& ns, Gid kgid);
Gid from_kgid_munged(const UserNamespace& ns, Gid kgid);

}  // namespace lsmsim
