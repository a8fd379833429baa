#include "model/lsm/interface_lsm.h"

#include <cerrno>

#include "model/kernel.h"
#include "model/lsm/lsm_framework.h"
#include "model/lsm/lsm_uapi.h"

namespace lsmsim {

std::uint64_t lsm_task_ilsm(const LsmFramework& lsm, const Task& t) {
  if (!lsm.interface_lsm_enabled() || t.security.empty()) return LSM_ID_UNDEF;
  return t.security.at<std::uint64_t>(0);
}

std::uint64_t lsm_current_ilsm(LsmFramework& lsm) {
  Kernel& k = lsm.kernel();
  return k.has_current() ? lsm_task_ilsm(lsm, k.current()) : LSM_ID_UNDEF;
}

void lsm_task_set_ilsm(LsmFramework& lsm, Task& t, std::uint64_t id) {
  if (!lsm.interface_lsm_enabled() || t.security.empty()) return;
  t.security.at<std::uint64_t>(0) = id;
}

void lsm_task_inherit_ilsm(LsmFramework& lsm, const Task& parent, Task& child) {
  lsm_task_set_ilsm(lsm, child, lsm_task_ilsm(lsm, parent));
}

bool lsm_can_be_interface(const LsmFramework& lsm, const LsmModule& m) {
  bool found = false;
  lsm.for_each_hook<Hook::getprocattr>([&](const HookEntry& e) {
    found = e.self == &m;
    return !found;
  });
  return found;
}

int interface_lsm_getprocattr(LsmFramework& lsm, Task& p, std::string& value) {
  const LsmModule* first = nullptr;
  for (const auto& m : lsm.active())
    if (first == nullptr && lsm_can_be_interface(lsm, *m)) first = m.get();
  if (first == nullptr) return -EINVAL;  // no LSM that could be shown
  // "There are too few reasons to get another process' interface_lsm."
  if (!lsm.kernel().has_current() || &lsm.kernel().current() != &p) return -EINVAL;
  const std::uint64_t ilsm = lsm_task_ilsm(lsm, p);
  const LsmModule* shown = ilsm == LSM_ID_UNDEF ? first : lsm.find_by_id(ilsm);
  if (shown == nullptr) shown = first;
  value = std::string(shown->name());
  return static_cast<int>(value.size());
}

int interface_lsm_setprocattr(LsmFramework& lsm, const std::string& value) {
  if (value.empty()) return -EINVAL;
  // Every LSM that can set process attributes may veto the change.
  int rc = 0;
  lsm.for_each_hook<Hook::setprocattr>([&](const HookEntry& e) {
    rc = LsmFramework::invoke<Hook::setprocattr>(e, std::string("interface_lsm"), value);
    lsm.record_trace(Hook::setprocattr, *e.self, rc);
    if (rc < 0) {
      lsm.record_decision(Hook::setprocattr, *e.self, rc);
      return false;
    }
    return true;
  });
  if (rc < 0) return rc;
  // kmemdup_nul + strsep(" \n"): the name ends at the first space, newline or NUL.
  const std::string name = value.substr(0, value.find_first_of(std::string(" \n\0", 3)));
  const LsmModule* m = lsm.find(name);
  if (m == nullptr || !lsm_can_be_interface(lsm, *m)) return -EINVAL;
  lsm_task_set_ilsm(lsm, lsm.kernel().current(), m->id());
  return static_cast<int>(value.size());
}

}  // namespace lsmsim
