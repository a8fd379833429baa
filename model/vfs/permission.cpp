#include "model/vfs/permission.h"

#include <cerrno>
#include <cstdio>

#include "model/capable.h"
#include "model/kernel.h"
#include "model/lsm/security.h"
#include "model/vfs/inode.h"

namespace lsmsim {

Verdict Verdict::deny(int e, std::string by, std::string reason, std::string hook) {
  Verdict v;
  v.err = e;
  v.denial = Denial{std::move(by), std::move(hook), {}, std::move(reason)};
  return v;
}

Verdict Verdict::from_hook(Task& t, int rc, const char* hook) {
  Verdict v;
  v.err = -rc;
  v.denial = t.kernel.lsm().take_denial();
  if (!v.denial) v.denial = Denial{"kernel", hook, {}, std::string(hook) + " failed"};
  return v;
}

bool in_group_p(const Cred& cred, Gid gid) {
  if (cred.fsgid == gid) return true;
  for (Gid g : cred.groups)
    if (g == gid) return true;
  return false;
}

bool capable_wrt_inode_uidgid(Task& t, const Inode& inode, int cap) {
  const UserNamespace& ns = *t.cred->user_ns;
  if (!kuid_has_mapping(ns, inode.uid) || !kgid_has_mapping(ns, inode.gid)) return false;
  const bool ok = ns_capable(t, ns, cap);
  (void)t.kernel.lsm().take_denial();
  return ok;
}

bool inode_owner_or_capable(Task& t, const Inode& inode) {
  if (t.cred->fsuid == inode.uid) return true;
  const UserNamespace& ns = *t.cred->user_ns;
  if (!kuid_has_mapping(ns, inode.uid)) return false;
  const bool ok = ns_capable(t, ns, CAP_FOWNER);
  (void)t.kernel.lsm().take_denial();
  return ok;
}

std::string mask_name(int mask) {
  std::string s;
  auto add = [&](const char* w) { s += s.empty() ? w : std::string(",") + w; };
  if (mask & MAY_READ) add("read");
  if (mask & MAY_WRITE) add("write");
  if (mask & MAY_EXEC) add("exec");
  if (mask & MAY_APPEND) add("append");
  return s.empty() ? "access" : s;
}

namespace {

// acl_permission_check(): the owner, group or other bits, whichever class applies.
bool mode_allows(const Cred& c, const Inode& inode, int mask) {
  unsigned mode = inode.mode;
  if (c.fsuid == inode.uid) {
    mode >>= 6;
  } else if (in_group_p(c, inode.gid)) {
    mode >>= 3;
  }
  return (static_cast<unsigned>(mask) & ~mode & 7u) == 0;
}

}  // namespace

Verdict generic_permission(Task& t, const Inode& inode, int mask) {
  const Cred& c = *t.cred;
  if (mode_allows(c, inode, mask)) return Verdict::allow();
  if (inode.is_dir()) {
    // Directories: DAC is overridable; search and read with CAP_DAC_READ_SEARCH.
    if ((mask & MAY_WRITE) == 0 && capable_wrt_inode_uidgid(t, inode, CAP_DAC_READ_SEARCH))
      return Verdict::allow();
    if (capable_wrt_inode_uidgid(t, inode, CAP_DAC_OVERRIDE)) return Verdict::allow();
  } else {
    const int m = mask & (MAY_READ | MAY_WRITE | MAY_EXEC);
    if (m == MAY_READ && capable_wrt_inode_uidgid(t, inode, CAP_DAC_READ_SEARCH))
      return Verdict::allow();
    // Exec is overridable only if some execute bit is set.
    if (((m & MAY_EXEC) == 0 || (inode.mode & 0111) != 0) &&
        capable_wrt_inode_uidgid(t, inode, CAP_DAC_OVERRIDE))
      return Verdict::allow();
  }
  char buf[160];
  std::snprintf(buf, sizeof buf, "mode %04o owner %u group %u denies %s to uid %u",
                inode.mode & 07777, inode.uid, inode.gid, mask_name(mask).c_str(), c.fsuid);
  return Verdict::deny(EACCES, "dac", buf);
}

Verdict inode_permission(Task& t, Inode& inode, int mask) {
  if ((mask & MAY_WRITE) != 0 && (inode.sb->flags & SB_RDONLY) != 0 &&
      (inode.is_reg() || inode.is_dir() || inode.is_lnk()))
    return Verdict::deny(EROFS, "kernel", "read-only filesystem");
  Verdict v = generic_permission(t, inode, mask);
  if (!v.ok()) return v;
  const int rc = security_inode_permission(t.kernel.lsm(), inode, mask);
  if (rc != 0) return Verdict::from_hook(t, rc, "inode_permission");
  return Verdict::allow();
}

}  // namespace lsmsim
