// The hooks the kernel does not dispatch with call_int_hook/call_void_hook, each with its own
// rule (security/security.c, v6.12). One function per hook; each is tested on its own in
// tests/model/test_dispatch_special.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/lsm/hook_types.h"

namespace lsmsim {

class LsmFramework;
struct MemoryInfo;

// Every LSM is asked; CAP_SYS_ADMIN-like privilege is assumed unless one returns < 0. The
// result is __vm_enough_memory(): 0, or -ENOMEM when the commit limit would be exceeded.
int security_vm_enough_memory(LsmFramework& lsm, MemoryInfo& mem, const Task& task, long pages);

// rc starts at -ENOPARAM; an LSM returning 0 claims the parameter and the walk goes on; any
// other value except -ENOPARAM is returned at once.
int security_fs_context_parse_param(LsmFramework& lsm, const std::string& fs_type,
                                    const std::string& key, const std::string& value);

// Default -EOPNOTSUPP when options are given, 0 when not; first non-default answer wins.
int security_sb_set_mnt_opts(LsmFramework& lsm, SuperBlock& sb,
                             const std::vector<std::string>* mnt_opts);

// Every LSM may add one xattr; -EOPNOTSUPP means "none from me"; any other error aborts.
// The collected xattrs are handed to `initxattrs` once; a final -EOPNOTSUPP becomes 0.
int security_inode_init_security(LsmFramework& lsm, Inode& inode, Inode& dir,
                                 const std::string& name, XattrArray& xattrs);

// Default -ENOSYS; keeps the latest non-default value; stops at the first non-default
// non-zero value.
int security_task_prctl(LsmFramework& lsm, int option, unsigned long arg2, unsigned long arg3,
                        unsigned long arg4, unsigned long arg5);

// Only the first LSM that registered the hook is asked (default 1).
int security_xfrm_state_pol_flow_match(LsmFramework& lsm, int selector);

// lsmid == LSM_ID_UNDEF: the first LSM that registered the hook answers, whatever it says
// (with interface_lsm: the caller's interface LSM if it chose one; the name
// "interface_lsm" is then answered by the framework, see interface_lsm.h).
// Otherwise only that LSM; -EINVAL if it has no such hook.
int security_getprocattr(LsmFramework& lsm, Task& p, std::uint64_t lsmid, const std::string& name,
                         std::string& value);
int security_setprocattr(LsmFramework& lsm, std::uint64_t lsmid, const std::string& name,
                         const std::string& value);

// lsm_get_self_attr's aggregation over all LSMs (or the one named with LSM_FLAG_SINGLE).
// `ctx` may be null (the caller passed NULL); `size` in: buffer size, out: bytes needed or
// used. Returns the number of entries, or a negative errno.
// `size` null is the caller's NULL size pointer (-EINVAL); reading or writing it may fault.
int security_getselfattr(LsmFramework& lsm, unsigned attr, UserBuffer& ctx, UserWord* size,
                         std::uint32_t flags);
// Dispatches to the one LSM whose id is ctx.id; -EOPNOTSUPP if none.
int security_setselfattr(LsmFramework& lsm, unsigned attr, const LsmCtxHeader& ctx,
                         const std::string& value, std::uint32_t flags);

// SO_PEERSEC. Without interface_lsm: call_int_hook (first answer other than -ENOPROTOOPT).
// With it (stacking series): only the caller's interface LSM, or the first LSM registering
// the hook when the caller chose none. The LSM sets optlen and returns -ERANGE itself when
// the label is longer than len (selinux/apparmor/smack_socket_getpeersec_stream).
int security_socket_getpeersec_stream(LsmFramework& lsm, Socket& sock, std::string& optval,
                                      std::uint32_t& optlen, std::uint32_t len);

// secid/lsm_prop <-> context. Same selection as SO_PEERSEC. security_lsmprop_to_secctx
// takes an explicit LSM id as in v6.18 (LSM_ID_UNDEF: the interface/first LSM).
int security_secid_to_secctx(LsmFramework& lsm, std::uint32_t secid, std::string& secdata);
int security_lsmprop_to_secctx(LsmFramework& lsm, const LsmProp& prop, std::string& secdata,
                               std::uint64_t lsmid = 0);
// Fills the slot of the converting LSM in `prop` (the series' lsmblob); 0 or -errno.
int security_secctx_to_secid(LsmFramework& lsm, const std::string& secdata, LsmProp& prop);

// If no LSM claims the xattr through inode_xattr_skipcap, the capability check
// (cap_inode_setxattr / cap_inode_removexattr) runs first; then call_int_hook.
int security_inode_setxattr(LsmFramework& lsm, Inode& inode, const std::string& name,
                            const std::string& value, int flags);
int security_inode_removexattr(LsmFramework& lsm, Inode& inode, const std::string& name);

}  // namespace lsmsim
