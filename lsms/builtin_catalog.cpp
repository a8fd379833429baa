// The LSMs built into every simulated kernel, in the order of v6.12's default CONFIG_LSM
// (selinux, smack, apparmor). Their policies arrive with issues 4-6.
#include "lsms/apparmor/apparmor.h"
#include "lsms/capability/commoncap.h"
#include "lsms/selinux/selinux.h"
#include "lsms/smack/smack.h"
#include "model/kernel.h"
#include "model/lsm/lsm_uapi.h"

namespace lsmsim {

const std::vector<LsmDescriptor>& builtin_lsm_catalog() {
  static const std::vector<LsmDescriptor> catalog = [] {
    std::vector<LsmDescriptor> c;
    LsmDescriptor cap;
    cap.name = "capability";
    cap.id = LSM_ID_CAPABILITY;
    cap.order = LsmOrder::first;
    cap.create = &create_capability_lsm;
    c.push_back(std::move(cap));
    c.push_back(selinux_descriptor());
    c.push_back(smack_descriptor());
    c.push_back(apparmor_descriptor());
    return c;
  }();
  return catalog;
}

}  // namespace lsmsim
