// The LSMs built into every simulated kernel, as CONFIG_LSM lists them. Issues 4-6 add
// SELinux, AppArmor and Smack here.
#include "lsms/capability/commoncap.h"
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
    return c;
  }();
  return catalog;
}

}  // namespace lsmsim
