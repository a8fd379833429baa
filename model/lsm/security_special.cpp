// The hand-written dispatchers: each follows its own rule from security/security.c (v6.12),
// summarised in security_special.h and in the reference §1.3.
#include "model/lsm/security_special.h"

#include <cerrno>

#include "lsms/capability/cap_xattr.h"
#include "model/kernel.h"
#include "model/lsm/interface_lsm.h"
#include "model/lsm/lsm_framework.h"
#include "model/lsm/lsm_uapi.h"
#include "model/memory.h"
#include "model/user_memory.h"

namespace lsmsim {

namespace {

// Shared by every special case: trace and, for a negative answer, record who said no.
template <Hook H>
void note(LsmFramework& lsm, const HookEntry& e, int rc) {
  lsm.record_trace(H, *e.self, rc);
  if (rc < 0) lsm.record_decision(H, *e.self, rc);
}

}  // namespace

int security_vm_enough_memory(LsmFramework& lsm, MemoryInfo& mem, const Task& task, long pages) {
  bool cap_sys_admin = true;
  lsm.for_each_hook<Hook::vm_enough_memory>([&](const HookEntry& e) {
    const int rc = LsmFramework::invoke<Hook::vm_enough_memory>(e, task, pages);
    lsm.record_trace(Hook::vm_enough_memory, *e.self, rc);
    if (rc < 0) {
      cap_sys_admin = false;
      return false;
    }
    return true;
  });
  // A refusal here only lowers the limit; it is not the final answer, so it is not recorded.
  (void)lsm.take_denial();
  return vm_enough_memory(mem, pages, cap_sys_admin);
}

int security_fs_context_parse_param(LsmFramework& lsm, const std::string& fs_type,
                                    const std::string& key, const std::string& value) {
  int rc = -ENOPARAM;
  lsm.for_each_hook<Hook::fs_context_parse_param>([&](const HookEntry& e) {
    const int trc = LsmFramework::invoke<Hook::fs_context_parse_param>(e, fs_type, key, value);
    note<Hook::fs_context_parse_param>(lsm, e, trc == -ENOPARAM ? 0 : trc);
    if (trc == 0) {
      rc = 0;  // claimed; other LSMs may want it too
    } else if (trc != -ENOPARAM) {
      rc = trc;
      return false;
    }
    return true;
  });
  return rc;
}

int security_sb_set_mnt_opts(LsmFramework& lsm, SuperBlock& sb,
                             const std::vector<std::string>* mnt_opts) {
  const int dflt = mnt_opts != nullptr ? -EOPNOTSUPP : 0;
  int rc = dflt;
  lsm.for_each_hook<Hook::sb_set_mnt_opts>([&](const HookEntry& e) {
    rc = LsmFramework::invoke<Hook::sb_set_mnt_opts>(e, sb, mnt_opts);
    if (rc == dflt) return true;
    note<Hook::sb_set_mnt_opts>(lsm, e, rc);
    return false;
  });
  return rc;
}

int security_inode_init_security(LsmFramework& lsm, Inode& inode, Inode& dir,
                                 const std::string& name, XattrArray& xattrs) {
  int rc = -EOPNOTSUPP;
  lsm.for_each_hook<Hook::inode_init_security>([&](const HookEntry& e) {
    rc = LsmFramework::invoke<Hook::inode_init_security>(e, inode, dir, name, xattrs);
    lsm.record_trace(Hook::inode_init_security, *e.self, rc);
    if (rc == -EOPNOTSUPP) return true;  // "no xattr from me"
    if (rc != 0) {
      lsm.record_decision(Hook::inode_init_security, *e.self, rc);
      return false;
    }
    return true;
  });
  // The caller's initxattrs() runs once on the collected array; nothing from anyone is fine.
  return rc == -EOPNOTSUPP ? 0 : rc;
}

int security_task_prctl(LsmFramework& lsm, int option, unsigned long arg2, unsigned long arg3,
                        unsigned long arg4, unsigned long arg5) {
  int rc = -ENOSYS;
  lsm.for_each_hook<Hook::task_prctl>([&](const HookEntry& e) {
    const int thisrc = LsmFramework::invoke<Hook::task_prctl>(e, option, arg2, arg3, arg4, arg5);
    lsm.record_trace(Hook::task_prctl, *e.self, thisrc);
    if (thisrc == -ENOSYS) return true;
    rc = thisrc;
    if (thisrc != 0) {
      lsm.record_decision(Hook::task_prctl, *e.self, thisrc);
      return false;
    }
    return true;
  });
  return rc;
}

int security_xfrm_state_pol_flow_match(LsmFramework& lsm, int selector) {
  int rc = 1;
  lsm.for_each_hook<Hook::xfrm_state_pol_flow_match>([&](const HookEntry& e) {
    rc = LsmFramework::invoke<Hook::xfrm_state_pol_flow_match>(e, selector);
    lsm.record_trace(Hook::xfrm_state_pol_flow_match, *e.self, rc);
    return false;  // only the first LSM is asked
  });
  return rc;
}

int security_getprocattr(LsmFramework& lsm, Task& p, std::uint64_t lsmid, const std::string& name,
                         std::string& value) {
  // The legacy directory's interface_lsm file belongs to the framework (stacking series).
  if (lsmid == LSM_ID_UNDEF && lsm.interface_lsm_enabled() && name == "interface_lsm")
    return interface_lsm_getprocattr(lsm, p, value);
  // Legacy files: the caller's interface LSM if it chose one, else the first registrant.
  const std::uint64_t ilsm = lsmid == LSM_ID_UNDEF ? lsm_current_ilsm(lsm) : LSM_ID_UNDEF;
  int rc = -EINVAL;
  lsm.for_each_hook<Hook::getprocattr>([&](const HookEntry& e) {
    if (lsmid != LSM_ID_UNDEF && e.self->id() != lsmid) return true;
    if (!lsm_ilsm_selects(ilsm, e.self->id())) return true;
    rc = LsmFramework::invoke<Hook::getprocattr>(e, p, name, value);
    note<Hook::getprocattr>(lsm, e, rc);
    return false;  // the first (or the named) LSM answers, whatever it says
  });
  return rc;
}

int security_setprocattr(LsmFramework& lsm, std::uint64_t lsmid, const std::string& name,
                         const std::string& value) {
  if (lsmid == LSM_ID_UNDEF && lsm.interface_lsm_enabled() && name == "interface_lsm")
    return interface_lsm_setprocattr(lsm, value);
  const std::uint64_t ilsm = lsmid == LSM_ID_UNDEF ? lsm_current_ilsm(lsm) : LSM_ID_UNDEF;
  int rc = -EINVAL;
  lsm.for_each_hook<Hook::setprocattr>([&](const HookEntry& e) {
    if (lsmid != LSM_ID_UNDEF && e.self->id() != lsmid) return true;
    if (!lsm_ilsm_selects(ilsm, e.self->id())) return true;
    rc = LsmFramework::invoke<Hook::setprocattr>(e, name, value);
    note<Hook::setprocattr>(lsm, e, rc);
    return false;
  });
  return rc;
}

int security_getselfattr(LsmFramework& lsm, unsigned attr, UserBuffer& uctx, UserWord* size,
                         std::uint32_t flags) {
  if (attr == LSM_ATTR_UNDEF) return -EINVAL;
  if (size == nullptr) return -EINVAL;
  std::uint32_t left_at_start = 0;
  if (!size->get(left_at_start)) return -EFAULT;
  bool single = false;
  std::uint64_t single_id = LSM_ID_UNDEF;
  if (flags != 0) {
    if (flags != LSM_FLAG_SINGLE || uctx.is_null()) return -EINVAL;
    LsmCtxHeader hdr;
    if (!uctx.copy_from(0, &hdr, sizeof hdr)) return -EFAULT;
    if (hdr.id == LSM_ID_UNDEF) return -EINVAL;
    single = true;
    single_id = hdr.id;
  }

  std::uint32_t left = left_at_start;
  std::uint32_t total = 0;
  int count = 0;
  bool toobig = false;
  int fatal = 0;
  lsm.for_each_hook<Hook::getselfattr>([&](const HookEntry& e) {
    if (single && e.self->id() != single_id) return true;
    std::uint32_t entrysize = left;
    // A null base stays null; otherwise the slice starts at base + total.
    const int rc = LsmFramework::invoke<Hook::getselfattr>(e, attr, uctx, total, entrysize, flags);
    lsm.record_trace(Hook::getselfattr, *e.self, rc);
    if (rc == -EOPNOTSUPP) return !single;
    if (rc == -E2BIG) {
      toobig = true;
      left = 0;
    } else if (rc < 0) {
      lsm.record_decision(Hook::getselfattr, *e.self, rc);
      fatal = rc;
      return false;
    } else {
      left -= entrysize;
      count += rc;
    }
    total += entrysize;
    return !single;
  });
  if (fatal != 0) return fatal;
  if (!size->put(total)) return -EFAULT;
  if (toobig) return -E2BIG;
  if (count == 0) return -EOPNOTSUPP;
  return count;
}

int security_setselfattr(LsmFramework& lsm, unsigned attr, const LsmCtxHeader& ctx,
                         const std::string& value, std::uint32_t flags) {
  int rc = -EOPNOTSUPP;
  lsm.for_each_hook<Hook::setselfattr>([&](const HookEntry& e) {
    if (e.self->id() != ctx.id) return true;
    rc = LsmFramework::invoke<Hook::setselfattr>(e, attr, ctx, value, flags);
    note<Hook::setselfattr>(lsm, e, rc);
    return false;
  });
  return rc;
}

namespace {

// The hooks interface_lsm redirects (security_socket_getpeersec_stream, secid_to_secctx,
// secctx_to_secid in the stacking series): with interface_lsm enabled, only the caller's
// interface LSM answers, or the first LSM registering the hook if the caller chose none
// (whatever it answers). Without it, mainline's call_int_hook: first non-default answer.
template <Hook H, class Call>
int interface_dispatch(LsmFramework& lsm, std::uint64_t lsmid, Call call) {
  constexpr int dflt = HookTraits<H>::kDefault;
  const bool by_interface = lsmid != LSM_ID_UNDEF || lsm.interface_lsm_enabled();
  const std::uint64_t pick = lsmid != LSM_ID_UNDEF ? lsmid : lsm_current_ilsm(lsm);
  int rc = dflt;
  lsm.for_each_hook<H>([&](const HookEntry& e) {
    if (by_interface && !lsm_ilsm_selects(pick, e.self->id())) return true;
    rc = call(e);
    lsm.record_trace(H, *e.self, rc);
    if (by_interface || rc != dflt) {
      if (rc < 0 && rc != dflt) lsm.record_decision(H, *e.self, rc);
      return false;
    }
    return true;
  });
  return rc;
}

}  // namespace

int security_socket_getpeersec_stream(LsmFramework& lsm, Socket& sock, std::string& optval,
                                      std::uint32_t& optlen, std::uint32_t len) {
  return interface_dispatch<Hook::socket_getpeersec_stream>(
      lsm, LSM_ID_UNDEF, [&](const HookEntry& e) {
        return LsmFramework::invoke<Hook::socket_getpeersec_stream>(e, sock, optval, optlen, len);
      });
}

int security_secid_to_secctx(LsmFramework& lsm, std::uint32_t secid, std::string& secdata) {
  return interface_dispatch<Hook::secid_to_secctx>(lsm, LSM_ID_UNDEF, [&](const HookEntry& e) {
    return LsmFramework::invoke<Hook::secid_to_secctx>(e, secid, secdata);
  });
}

int security_lsmprop_to_secctx(LsmFramework& lsm, const LsmProp& prop, std::string& secdata,
                               std::uint64_t lsmid) {
  return interface_dispatch<Hook::lsmprop_to_secctx>(lsm, lsmid, [&](const HookEntry& e) {
    return LsmFramework::invoke<Hook::lsmprop_to_secctx>(e, prop, secdata);
  });
}

int security_secctx_to_secid(LsmFramework& lsm, const std::string& secdata, LsmProp& prop) {
  prop = LsmProp{};  // lsmblob_init(blob, 0)
  // The series (and mainline, whose single LSM writes the one secid) stop at a non-zero
  // answer; with interface_lsm only the chosen LSM converts.
  const bool by_interface = lsm.interface_lsm_enabled();
  const std::uint64_t pick = lsm_current_ilsm(lsm);
  int rc = 0;
  lsm.for_each_hook<Hook::secctx_to_secid>([&](const HookEntry& e) {
    if (by_interface && !lsm_ilsm_selects(pick, e.self->id())) return true;
    rc = LsmFramework::invoke<Hook::secctx_to_secid>(e, secdata, prop.secid[e.self->index()]);
    note<Hook::secctx_to_secid>(lsm, e, rc);
    return !by_interface && rc == 0;
  });
  return rc;
}

int security_inode_setxattr(LsmFramework& lsm, Inode& inode, const std::string& name,
                            const std::string& value, int flags) {
  if (lsm.call_int<Hook::inode_xattr_skipcap>(name) == 0) {
    const int rc = cap_inode_setxattr(lsm.kernel(), inode, name);
    if (rc != 0) return rc;
  }
  return lsm.call_int<Hook::inode_setxattr>(inode, name, value, flags);
}

int security_inode_removexattr(LsmFramework& lsm, Inode& inode, const std::string& name) {
  if (lsm.call_int<Hook::inode_xattr_skipcap>(name) == 0) {
    const int rc = cap_inode_removexattr(lsm.kernel(), inode, name);
    if (rc != 0) return rc;
  }
  return lsm.call_int<Hook::inode_removexattr>(inode, name);
}

}  // namespace lsmsim
