// Which LSMs are active and in what order: the kernel's lsm=/security= rules
// (security/security.c ordered_lsm_parse + prepare_lsm, v6.12).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/lsm/lsm_module.h"

namespace lsmsim {

// CONFIG_LSM's default in v6.12 security/Kconfig.
inline constexpr const char* kDefaultConfigLsm =
    "landlock,lockdown,yama,loadpin,safesetid,selinux,smack,tomoyo,apparmor,ipe,bpf";

struct LsmBootParams {
  std::optional<std::string> lsm;       // lsm=
  std::optional<std::string> security;  // security= (legacy major selection)
  std::string config_lsm = kDefaultConfigLsm;
  // Lifts LSM_FLAG_EXCLUSIVE, as the (unmerged) stacking series does.
  bool stacking = false;
  // The per-task interface_lsm of the stacking series (/proc/PID/attr/interface_lsm).
  // Unset: on exactly when stacking is.
  std::optional<bool> interface_lsm;
  bool interface_lsm_enabled() const { return interface_lsm.value_or(stacking); }
  // Per-LSM enable switches such as selinux=0 or apparmor=1.
  std::map<std::string, bool> enabled;
};

struct LsmOrderResult {
  std::vector<const LsmDescriptor*> active;  // enabled LSMs in call order
  std::vector<std::string> messages;         // what lsm.debug would print, plus our notes
};

// Orders `catalog` (the LSMs "built into the kernel") for the given boot parameters.
LsmOrderResult lsm_order_parse(const std::vector<LsmDescriptor>& catalog,
                               const LsmBootParams& params);

}  // namespace lsmsim
