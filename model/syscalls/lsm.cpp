// The three LSM syscalls. lsm_get_self_attr and lsm_set_self_attr are thin wrappers around
// security_getselfattr/security_setselfattr in the kernel; lsmsim keeps the user-memory
// checks of security_setselfattr here, next to the syscall, and the aggregation in
// security_special.cpp. lsm_list_modules follows sys_lsm_list_modules (v6.12).
#include "model/syscalls/lsm.h"

#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "model/lsm/lsm_framework.h"
#include "model/lsm/lsm_uapi.h"
#include "model/lsm/security_special.h"
#include "model/syscalls/denial.h"
#include "model/syscalls/syscall_util.h"

namespace lsmsim {

namespace {

constexpr std::uint32_t kPageSize = 4096;

// An LSM's own refusal if one was recorded, else the kernel's with `reason`.
SysResult hook_error(Kernel& k, int err, const std::string& reason) {
  std::optional<Denial> d = k.lsm().take_denial();
  // A fault is the caller's memory, not an LSM's decision.
  if (d && err != EFAULT) return SysResult::error(err, std::move(d));
  return kernel_denial(err, reason);
}

}  // namespace

SysResult sys_lsm_get_self_attr(Task& caller, unsigned attr, UserBuffer& ctx, UserWord* size,
                                std::uint32_t flags) {
  SyscallScope scope(caller, 459, {audit_arg(attr), audit_arg(0), audit_arg(0), audit_arg(flags)});
  return scope.leave([&]() -> SysResult {
    Kernel& k = caller.kernel;
    const int rc = security_getselfattr(k.lsm(), attr, ctx, size, flags);
    if (rc >= 0) return SysResult::success(rc);
    const int err = -rc;
    if (err == E2BIG)
      return kernel_denial(E2BIG, "ctx too small: " + std::to_string(size->value()) +
                                      " bytes needed (written to *size)");
    if (err == EOPNOTSUPP) return kernel_denial(EOPNOTSUPP, "no LSM supports this attribute");
    if (err == EFAULT) return hook_error(k, EFAULT, "user memory (*size or ctx) faulted");
    if (err != EINVAL) return hook_error(k, err, "an LSM refused");
    // EINVAL: an LSM's answer, or one of the framework's argument checks.
    if (std::optional<Denial> d = k.lsm().take_denial()) return SysResult::error(EINVAL, d);
    if (attr == LSM_ATTR_UNDEF) return kernel_denial(EINVAL, "attr is LSM_ATTR_UNDEF");
    if (size == nullptr) return kernel_denial(EINVAL, "size is NULL");
    if (flags != LSM_FLAG_SINGLE || ctx.is_null())
      return kernel_denial(EINVAL, "flags must be 0, or LSM_FLAG_SINGLE with a ctx");
    return kernel_denial(EINVAL, "LSM_FLAG_SINGLE with ctx->id LSM_ID_UNDEF");
  }());
}

SysResult sys_lsm_set_self_attr(Task& caller, unsigned attr, const UserBuffer& ctx,
                                std::uint32_t size, std::uint32_t flags) {
  SyscallScope scope(caller, 460, {audit_arg(attr), audit_arg(0), audit_arg(size), audit_arg(flags)});
  return scope.leave([&]() -> SysResult {
    Kernel& k = caller.kernel;
    // security_setselfattr: argument checks, then memdup_user, then the header's lengths.
    if (flags != 0) return kernel_denial(EINVAL, "flags must be 0");
    if (size < kLsmCtxHeaderSize)
      return kernel_denial(EINVAL, "size is smaller than struct lsm_ctx (32 bytes)");
    if (size > kPageSize) return kernel_denial(E2BIG, "size is larger than PAGE_SIZE (4096)");
    std::vector<std::byte> copy(size);
    if (!ctx.copy_from(0, copy.data(), size))
      return kernel_denial(EFAULT, "copying " + std::to_string(size) + " bytes of ctx faulted");
    LsmCtxHeader hdr;
    std::memcpy(&hdr, copy.data(), sizeof hdr);
    // 32 + ctx_len must not overflow a u64 (check_add_overflow), and must fit in len.
    const bool overflow = hdr.ctx_len > std::numeric_limits<std::uint64_t>::max() - kLsmCtxHeaderSize;
    if (size < hdr.len || overflow || hdr.len < kLsmCtxHeaderSize + hdr.ctx_len)
      return kernel_denial(EINVAL, "ctx->len is larger than size or smaller than 32 + ctx_len");
    // ctx_len <= len - 32 <= size - 32, so the value lies inside the copy.
    const std::string value(reinterpret_cast<const char*>(copy.data()) + kLsmCtxHeaderSize,
                            static_cast<std::size_t>(hdr.ctx_len));
    const int rc = security_setselfattr(k.lsm(), attr, hdr, value, flags);
    if (rc < 0) return hook_error(k, -rc, "no active LSM has id " + std::to_string(hdr.id));
    return SysResult::success(rc);
  }());
}

SysResult sys_lsm_list_modules(Task& caller, UserBuffer& ids, UserWord* size, std::uint32_t flags) {
  SyscallScope scope(caller, 461, {audit_arg(0), audit_arg(0), audit_arg(flags)});
  return scope.leave([&]() -> SysResult {
    const auto& active = caller.kernel.lsm().active();
    const auto total = static_cast<std::uint32_t>(active.size() * sizeof(std::uint64_t));
    if (flags != 0) return kernel_denial(EINVAL, "flags must be 0");
    std::uint32_t usize = 0;
    // A NULL size is just another faulting address here (get_user, no NULL check).
    if (size == nullptr || !size->get(usize)) return kernel_denial(EFAULT, "reading *size faulted");
    // The required size is written back before it is compared.
    if (!size->put(total)) return kernel_denial(EFAULT, "writing *size faulted");
    if (usize < total)
      return kernel_denial(
          E2BIG, "ids too small: " + std::to_string(total) + " bytes needed (written to *size)");
    for (std::size_t i = 0; i < active.size(); ++i) {
      const std::uint64_t id = active[i]->id();
      if (!ids.copy_to(i * sizeof id, &id, sizeof id))
        return kernel_denial(EFAULT, "writing ids[" + std::to_string(i) + "] faulted");
    }
    return SysResult::success(static_cast<long>(active.size()));
  }());
}

}  // namespace lsmsim
