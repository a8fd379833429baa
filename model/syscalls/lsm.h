// The LSM syscalls of v6.8+ (security/lsm_syscalls.c): a task's own attributes from every
// LSM at once as packed struct lsm_ctx entries, setting one LSM's attribute, and the list of
// active LSM ids. User memory is modelled so every errno path of the kernel is reachable:
// a UserBuffer may be NULL or too short (EFAULT past its end); `size` may be a null
// pointer (nullptr) or a UserWord that faults on read or write.
#pragma once

#include <cstdint>

#include "model/sys_result.h"
#include "model/user_memory.h"

namespace lsmsim {

struct Task;

// lsm_get_self_attr(attr, ctx, size, flags): ret = the number of entries written. *size is
// set to the bytes used or needed except on the early EINVAL/EFAULT checks and on an LSM's
// hard error (see security_getselfattr).
SysResult sys_lsm_get_self_attr(Task& caller, unsigned attr, UserBuffer& ctx, UserWord* size,
                                std::uint32_t flags);
// lsm_set_self_attr(attr, ctx, size, flags): the first `size` bytes of `ctx` are one
// struct lsm_ctx for the LSM named by its id. ret = 0.
SysResult sys_lsm_set_self_attr(Task& caller, unsigned attr, const UserBuffer& ctx,
                                std::uint32_t size, std::uint32_t flags);
// lsm_list_modules(ids, size, flags): ret = the number of active LSMs; ids gets their u64
// ids in call order (capability first).
SysResult sys_lsm_list_modules(Task& caller, UserBuffer& ids, UserWord* size, std::uint32_t flags);

}  // namespace lsmsim
