// The SELinux module object and its blobs, shared by the files of lsms/selinux/.
#pragma once

#include <cstdint>
#include <string>

#include "lsms/selinux/selinux.h"
#include "model/cred.h"
#include "model/lsm/lsm_framework.h"
#include "model/lsm/secid_table.h"

namespace lsmsim {

// struct task_security_struct (the cred blob): SIDs, 0 = unset.
struct SelinuxCredSecurity {
  std::uint32_t osid = 0;            // before the last exec: attr/prev
  std::uint32_t sid = 0;             // attr/current
  std::uint32_t exec_sid = 0;        // attr/exec
  std::uint32_t create_sid = 0;      // attr/fscreate
  std::uint32_t keycreate_sid = 0;   // attr/keycreate
  std::uint32_t sockcreate_sid = 0;  // attr/sockcreate
};

// struct sk_security_struct: the socket's own SID and its peer's (SO_PEERSEC).
struct SelinuxSockSecurity {
  std::uint32_t sid = 0;
  std::uint32_t peer_sid = 0;
};

class SelinuxLsm final : public LsmModule {
 public:
  SelinuxLsm(Kernel& kernel, const LsmDescriptor& desc);
  void register_hooks(HookRegistrar& r) override;
  void init_boot_cred(Cred& cred) override;

  SelinuxCredSecurity& cred_sec(Cred& c) {
    return c.security.at<SelinuxCredSecurity>(blob_offset(BlobKind::cred));
  }
  const SelinuxCredSecurity& cred_sec(const Cred& c) const {
    return c.security.at<SelinuxCredSecurity>(blob_offset(BlobKind::cred));
  }
  SelinuxSockSecurity& sock_sec(Socket& s);
  // The context of `sid` as `viewer` sees it; "" for an unknown SID.
  std::string context(std::uint32_t sid, const Task& viewer) const;

  SecidTable sids;  // the sidtab: contexts <-> SIDs
  std::uint32_t kernel_sid = 0;
  std::uint32_t unlabeled_sid = 0;
};

inline SelinuxLsm& selinux(LsmModule& m) {
  return static_cast<SelinuxLsm&>(m);
}

// Registers the attribute hooks (selinux_attr.cpp).
void selinux_register_attr_hooks(HookRegistrar& r);

}  // namespace lsmsim
