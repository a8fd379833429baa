// setuid/setgid/setreuid/setresuid/setresgid/setfsuid/setgroups (kernel/sys.c, kernel/groups.c).
// Ids are the caller's user namespace's, made kernel ids with make_kuid (EINVAL if unmapped);
// privilege is CAP_SETUID/CAP_SETGID in the cred's own user namespace (ns_capable_setid);
// security_task_fix_setuid lets the capability module drop or raise capabilities.
#include <algorithm>

#include "lsms/capability/commoncap.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/syscalls/syscall_util.h"
#include "model/lsm/security.h"
#include "model/syscalls/denial.h"
#include "model/syscalls/process.h"

namespace lsmsim {

namespace {

constexpr Uid kUnchanged = static_cast<Uid>(-1);
constexpr long kNgroupsMax = 65536;

SysResult unmapped(const char* what) {
  return kernel_denial(EINVAL,
                       std::string(what) + " has no mapping in the caller's user namespace");
}

SysResult not_permitted(SysResult why, const std::string& what) {
  if (why.denial) why.denial->reason = what + "; " + why.denial->reason;
  return why;
}

// prepare_creds() for the caller, or the error.
std::shared_ptr<Cred> prepare(Task& caller, SysResult& err) {
  int e = 0;
  std::shared_ptr<Cred> c = caller.kernel.prepare_creds(*caller.cred, e);
  if (c == nullptr) err = lsm_denial(caller.kernel, e);
  return c;
}

SysResult fix_setuid_and_commit(Task& caller, std::shared_ptr<Cred> next, const Cred& old,
                                int flags) {
  if (const int rc = security_task_fix_setuid(caller.kernel.lsm(), *next, old, flags); rc < 0)
    return lsm_denial(caller.kernel, -rc);
  caller.kernel.commit_creds(caller, std::move(next));
  return SysResult::success();
}

SysResult fix_setgid_and_commit(Task& caller, std::shared_ptr<Cred> next, const Cred& old,
                                int flags) {
  if (const int rc = security_task_fix_setgid(caller.kernel.lsm(), *next, old, flags); rc < 0)
    return lsm_denial(caller.kernel, -rc);
  caller.kernel.commit_creds(caller, std::move(next));
  return SysResult::success();
}

}  // namespace

SysResult sys_setuid(Task& caller, Uid uid) {
  SyscallScope scope(caller, 105, {audit_arg(uid)}, false);
  return scope.leave([&]() -> SysResult {
    const CredRef old = caller.cred;
    const Uid kuid = make_kuid(*old->user_ns, uid);
    if (kuid == kInvalidUid) return unmapped("uid");
    SysResult err;
    std::shared_ptr<Cred> next = prepare(caller, err);
    if (next == nullptr) return err;
    SysResult why;
    if (ns_capable_setid_why(caller, *old->user_ns, CAP_SETUID, why)) {
      next->uid = next->suid = kuid;  // privileged: all of real, effective, saved, fs
    } else if (kuid != old->uid && kuid != old->suid) {
      return not_permitted(why, "an unprivileged setuid may only pick the real or saved uid");
    }
    next->euid = next->fsuid = kuid;
    return fix_setuid_and_commit(caller, std::move(next), *old, LSM_SETID_ID);
  }());
}

SysResult sys_setgid(Task& caller, Gid gid) {
  SyscallScope scope(caller, 106, {audit_arg(gid)}, false);
  return scope.leave([&]() -> SysResult {
    const CredRef old = caller.cred;
    const Gid kgid = make_kgid(*old->user_ns, gid);
    if (kgid == kInvalidGid) return unmapped("gid");
    SysResult err;
    std::shared_ptr<Cred> next = prepare(caller, err);
    if (next == nullptr) return err;
    SysResult why;
    if (ns_capable_setid_why(caller, *old->user_ns, CAP_SETGID, why)) {
      next->gid = next->egid = next->sgid = next->fsgid = kgid;
    } else if (kgid == old->gid || kgid == old->sgid) {
      next->egid = next->fsgid = kgid;
    } else {
      return not_permitted(why, "an unprivileged setgid may only pick the real or saved gid");
    }
    return fix_setgid_and_commit(caller, std::move(next), *old, LSM_SETID_ID);
  }());
}

SysResult sys_setreuid(Task& caller, Uid ruid, Uid euid) {
  SyscallScope scope(caller, 113, {audit_arg(ruid), audit_arg(euid)}, false);
  return scope.leave([&]() -> SysResult {
    const CredRef old = caller.cred;
    const Uid kruid = make_kuid(*old->user_ns, ruid);
    const Uid keuid = make_kuid(*old->user_ns, euid);
    if (ruid != kUnchanged && kruid == kInvalidUid) return unmapped("ruid");
    if (euid != kUnchanged && keuid == kInvalidUid) return unmapped("euid");
    SysResult err;
    std::shared_ptr<Cred> next = prepare(caller, err);
    if (next == nullptr) return err;
    SysResult why;
    if (ruid != kUnchanged) {
      next->uid = kruid;
      if (kruid != old->uid && kruid != old->euid &&
          !ns_capable_setid_why(caller, *old->user_ns, CAP_SETUID, why))
        return not_permitted(why, "the new real uid is neither the real nor the effective uid");
    }
    if (euid != kUnchanged) {
      next->euid = keuid;
      if (keuid != old->uid && keuid != old->euid && keuid != old->suid &&
          !ns_capable_setid_why(caller, *old->user_ns, CAP_SETUID, why))
        return not_permitted(why, "the new effective uid is not one of the current uids");
    }
    // The saved uid follows the effective one when the real uid is set or euid moves away.
    if (ruid != kUnchanged || (euid != kUnchanged && keuid != old->uid)) next->suid = next->euid;
    next->fsuid = next->euid;
    return fix_setuid_and_commit(caller, std::move(next), *old, LSM_SETID_RE);
  }());
}

SysResult sys_setresuid(Task& caller, Uid ruid, Uid euid, Uid suid) {
  SyscallScope scope(caller, 117, {audit_arg(ruid), audit_arg(euid), audit_arg(suid)}, false);
  return scope.leave([&]() -> SysResult {
    const CredRef old = caller.cred;
    const Uid kruid = make_kuid(*old->user_ns, ruid);
    const Uid keuid = make_kuid(*old->user_ns, euid);
    const Uid ksuid = make_kuid(*old->user_ns, suid);
    if (ruid != kUnchanged && kruid == kInvalidUid) return unmapped("ruid");
    if (euid != kUnchanged && keuid == kInvalidUid) return unmapped("euid");
    if (suid != kUnchanged && ksuid == kInvalidUid) return unmapped("suid");
    // A no-op call succeeds without preparing creds or calling hooks.
    if ((ruid == kUnchanged || kruid == old->uid) &&
        (euid == kUnchanged || (keuid == old->euid && keuid == old->fsuid)) &&
        (suid == kUnchanged || ksuid == old->suid))
      return SysResult::success();
    auto is_new = [&](Uid id, Uid kid) {
      return id != kUnchanged && kid != old->uid && kid != old->euid && kid != old->suid;
    };
    SysResult why;
    if ((is_new(ruid, kruid) || is_new(euid, keuid) || is_new(suid, ksuid)) &&
        !ns_capable_setid_why(caller, *old->user_ns, CAP_SETUID, why))
      return not_permitted(why, "a new uid is not one of the current real, effective or saved uids");
    SysResult err;
    std::shared_ptr<Cred> next = prepare(caller, err);
    if (next == nullptr) return err;
    if (ruid != kUnchanged) next->uid = kruid;
    if (euid != kUnchanged) next->euid = keuid;
    if (suid != kUnchanged) next->suid = ksuid;
    next->fsuid = next->euid;
    return fix_setuid_and_commit(caller, std::move(next), *old, LSM_SETID_RES);
  }());
}

SysResult sys_setresgid(Task& caller, Gid rgid, Gid egid, Gid sgid) {
  SyscallScope scope(caller, 119, {audit_arg(rgid), audit_arg(egid), audit_arg(sgid)}, false);
  return scope.leave([&]() -> SysResult {
    const CredRef old = caller.cred;
    const Gid krgid = make_kgid(*old->user_ns, rgid);
    const Gid kegid = make_kgid(*old->user_ns, egid);
    const Gid ksgid = make_kgid(*old->user_ns, sgid);
    if (rgid != kUnchanged && krgid == kInvalidGid) return unmapped("rgid");
    if (egid != kUnchanged && kegid == kInvalidGid) return unmapped("egid");
    if (sgid != kUnchanged && ksgid == kInvalidGid) return unmapped("sgid");
    if ((rgid == kUnchanged || krgid == old->gid) &&
        (egid == kUnchanged || (kegid == old->egid && kegid == old->fsgid)) &&
        (sgid == kUnchanged || ksgid == old->sgid))
      return SysResult::success();
    auto is_new = [&](Gid id, Gid kid) {
      return id != kUnchanged && kid != old->gid && kid != old->egid && kid != old->sgid;
    };
    SysResult why;
    if ((is_new(rgid, krgid) || is_new(egid, kegid) || is_new(sgid, ksgid)) &&
        !ns_capable_setid_why(caller, *old->user_ns, CAP_SETGID, why))
      return not_permitted(why, "a new gid is not one of the current real, effective or saved gids");
    SysResult err;
    std::shared_ptr<Cred> next = prepare(caller, err);
    if (next == nullptr) return err;
    if (rgid != kUnchanged) next->gid = krgid;
    if (egid != kUnchanged) next->egid = kegid;
    if (sgid != kUnchanged) next->sgid = ksgid;
    next->fsgid = next->egid;
    return fix_setgid_and_commit(caller, std::move(next), *old, LSM_SETID_RES);
  }());
}

SysResult sys_setfsuid(Task& caller, Uid fsuid) {
  SyscallScope scope(caller, 122, {audit_arg(fsuid)}, false);
  return scope.leave([&]() -> SysResult {
    // setfsuid never fails: it returns the previous fsuid whether or not it changed anything.
    const CredRef old = caller.cred;
    const long old_fsuid = from_kuid_munged(*old->user_ns, old->fsuid);
    const Uid kuid = make_kuid(*old->user_ns, fsuid);
    if (kuid == kInvalidUid) return SysResult::success(old_fsuid);
    SysResult err;
    std::shared_ptr<Cred> next = prepare(caller, err);
    if (next == nullptr) return SysResult::success(old_fsuid);
    SysResult why;
    if ((kuid == old->uid || kuid == old->euid || kuid == old->suid || kuid == old->fsuid ||
         ns_capable_setid_why(caller, *old->user_ns, CAP_SETUID, why)) &&
        kuid != old->fsuid) {
      next->fsuid = kuid;
      if (security_task_fix_setuid(caller.kernel.lsm(), *next, *old, LSM_SETID_FS) == 0)
        caller.kernel.commit_creds(caller, std::move(next));
      else
        (void)caller.kernel.lsm().take_denial();
    }
    return SysResult::success(old_fsuid);
  }());
}

SysResult sys_setgroups(Task& caller, const std::vector<Gid>& groups) {
  SyscallScope scope(caller, 116, {audit_arg(groups.size())}, false);
  return scope.leave([&]() -> SysResult {
    const CredRef old = caller.cred;
    const UserNamespace& ns = *old->user_ns;
    // may_setgroups(): CAP_SETGID, and a user namespace whose gid_map is written and which
    // has not denied setgroups.
    SysResult why;
    if (!ns_capable_setid_why(caller, ns, CAP_SETGID, why)) return why;
    if (ns.gid_map.extents.empty() || !ns.setgroups_allowed)
      return kernel_denial(EPERM,
                           ns.setgroups_allowed ? "the user namespace has no gid_map yet"
                                                : "setgroups is denied in this user namespace",
                           ns.display_name());
    if (static_cast<long>(groups.size()) > kNgroupsMax)
      return kernel_denial(EINVAL, "more than NGROUPS_MAX groups");
    std::vector<Gid> kgroups;
    kgroups.reserve(groups.size());
    for (Gid g : groups) {
      const Gid kg = make_kgid(ns, g);
      if (kg == kInvalidGid) return unmapped("a supplementary gid");
      kgroups.push_back(kg);
    }
    std::sort(kgroups.begin(), kgroups.end());  // groups_sort()
    SysResult err;
    std::shared_ptr<Cred> next = prepare(caller, err);
    if (next == nullptr) return err;
    next->groups = std::move(kgroups);
    if (const int rc = security_task_fix_setgroups(caller.kernel.lsm(), *next, *old); rc < 0)
      return lsm_denial(caller.kernel, -rc);
    caller.kernel.commit_creds(caller, std::move(next));
    return SysResult::success();
  }());
}

}  // namespace lsmsim
