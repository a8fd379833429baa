// What init does before a scenario's first step: boot `selinux:` (mount selinuxfs,
// load_policy, setenforce, setfiles), `apparmor:` (apparmor.service), `smack:` (smack.service),
// and the boot expectations.
#pragma once

#include <string>

#include "engine/report.h"
#include "engine/scenario_model.h"

namespace lsmsim {
class Kernel;
}

namespace lsmsim::engine {

// Each returns "" or why the boot failed.
std::string selinux_boot(Kernel& k, const SelinuxBoot& sb, ScenarioRecord& rec);
std::string apparmor_boot(Kernel& k, const ApparmorBoot& ab, ScenarioRecord& rec);
std::string smack_boot(Kernel& k, const SmackBoot& sb, ScenarioRecord& rec);
// Checks boot `expect:` against the record's LSM list and boot messages.
void boot_checks(const Scenario& sc, ScenarioRecord& rec);
// boot `audit:` into the kernel configuration.
void apply_audit_boot(KernelConfig& c, const AuditBootSettings& ab);

}  // namespace lsmsim::engine
