// The capability LSM (security/commoncap.c): POSIX capabilities as the first, always-on LSM.
#pragma once

#include <memory>

#include "model/lsm/lsm_module.h"

namespace lsmsim {

// prctl and ptrace constants the capability module interprets (include/uapi/linux/prctl.h,
// include/linux/ptrace.h, include/uapi/linux/securebits.h).
inline constexpr int PR_GET_KEEPCAPS = 7;
inline constexpr int PR_SET_KEEPCAPS = 8;
inline constexpr int PR_CAPBSET_READ = 23;
inline constexpr int PR_CAPBSET_DROP = 24;
inline constexpr int PR_GET_SECUREBITS = 27;
inline constexpr int PR_SET_SECUREBITS = 28;
inline constexpr int PR_CAP_AMBIENT = 47;
inline constexpr unsigned long PR_CAP_AMBIENT_IS_SET = 1;
inline constexpr unsigned long PR_CAP_AMBIENT_RAISE = 2;
inline constexpr unsigned long PR_CAP_AMBIENT_LOWER = 3;
inline constexpr unsigned long PR_CAP_AMBIENT_CLEAR_ALL = 4;

inline constexpr unsigned PTRACE_MODE_READ = 0x01;
inline constexpr unsigned PTRACE_MODE_ATTACH = 0x02;
inline constexpr unsigned PTRACE_MODE_NOAUDIT = 0x04;
inline constexpr unsigned PTRACE_MODE_FSCREDS = 0x08;
inline constexpr unsigned PTRACE_MODE_REALCREDS = 0x10;

inline constexpr int SECURE_NOROOT = 0;
inline constexpr int SECURE_NOROOT_LOCKED = 1;
inline constexpr int SECURE_NO_SETUID_FIXUP = 2;
inline constexpr int SECURE_NO_SETUID_FIXUP_LOCKED = 3;
inline constexpr int SECURE_KEEP_CAPS = 4;
inline constexpr int SECURE_KEEP_CAPS_LOCKED = 5;
inline constexpr int SECURE_NO_CAP_AMBIENT_RAISE = 6;
inline constexpr int SECURE_NO_CAP_AMBIENT_RAISE_LOCKED = 7;
inline constexpr unsigned SECURE_ALL_BITS = 0x55;   // the settable bits
inline constexpr unsigned SECURE_ALL_LOCKS = 0xaa;  // their lock bits

// task_fix_setuid flags (include/linux/security.h).
inline constexpr int LSM_SETID_ID = 1;
inline constexpr int LSM_SETID_RE = 2;
inline constexpr int LSM_SETID_RES = 4;
inline constexpr int LSM_SETID_FS = 8;

// The capabilities an fsuid change to or from root adds or drops (CAP_FS_MASK).
CapSet cap_fs_set();

// cap_capable() without the LSM stack or a record: 0 if `cred` has `cap` in `target` (its
// own namespace's effective set, or owning an ancestor of `target`), else -EPERM. For LSMs that
// call commoncap directly, as Smack's smack_privileged_cred() does.
int cap_capable(const Cred& cred, const UserNamespace& target, int cap);

std::unique_ptr<LsmModule> create_capability_lsm(Kernel& kernel, const LsmDescriptor& desc);

}  // namespace lsmsim
