#include "engine/boot_init.h"

#include "engine/profile_file.h"
#include "lsms/apparmor/apparmor.h"
#include "lsms/selinux/selinux.h"
#include "lsms/smack/smack.h"
#include "model/kernel.h"
#include "model/syscalls/fs.h"

namespace lsmsim::engine {

void boot_checks(const Scenario& sc, ScenarioRecord& rec) {
  if (!sc.boot_expect) return;
  const BootExpectation& be = *sc.boot_expect;
  if (be.lsm_list)
    rec.boot_checks.push_back({"/sys/kernel/security/lsm is \"" + *be.lsm_list + "\"",
                               "\"" + rec.lsm_list + "\"", rec.lsm_list == *be.lsm_list});
  auto logged = [&](const std::string& m) {
    for (const std::string& b : rec.boot_messages)
      if (b.find(m) != std::string::npos) return true;
    return false;
  };
  for (const std::string& m : be.boot_messages)
    rec.boot_checks.push_back({"boot log mentions \"" + m + "\"", "not in the boot log", logged(m)});
  for (const std::string& m : be.not_boot_messages)
    rec.boot_checks.push_back(
        {"boot log does not mention \"" + m + "\"", "it does", !logged(m)});
}

// What init does with boot `selinux:` before the steps: mount selinuxfs, load_policy,
// setenforce, setfiles.
// Returns "" or why the boot failed.
std::string selinux_boot(Kernel& k, const SelinuxBoot& sb, ScenarioRecord& rec) {
  if (selinux_lsm(k) == nullptr)
    return "selinux: is given but SELinux is not active (lsm list: " + k.lsm().lsm_list() + ")";
  // As systemd does before load_policy: selinuxfs at /sys/fs/selinux.
  const SysResult m = sys_mount(k.init_task(), "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0);
  if (!m.ok()) return "mounting selinuxfs on /sys/fs/selinux failed: " + describe(m);
  rec.boot_messages.push_back("mounted selinuxfs on /sys/fs/selinux");
  try {
    selinux_load_policy(k, sb.policy_text, sb.policy_path);
    selinux_set_enforcing(k, sb.enforcing);
    rec.boot_messages.push_back("SELinux: policy " + sb.policy_path + " loaded, " +
                                (sb.enforcing ? "enforcing" : "permissive"));
    if (!sb.file_contexts.empty()) {
      const std::size_t n = selinux_setfiles(k, sb.file_contexts, sb.label_root);
      rec.boot_messages.push_back("setfiles: " + std::to_string(n) + " inodes under " +
                                  sb.label_root + " labelled from " + sb.file_contexts);
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

// What the init scripts do with boot `apparmor:` (apparmor.service): set the sysctl, then
// apparmor_parser -r each profile file into the root namespace. Returns "" or why not.
std::string apparmor_boot(Kernel& k, const ApparmorBoot& ab, ScenarioRecord& rec) {
  if (apparmor_lsm(k) == nullptr)
    return "apparmor: is given but AppArmor is not active (lsm list: " + k.lsm().lsm_list() + ")";
  try {
    if (ab.unprivileged_userns_policy)
      apparmor_set_unprivileged_userns_policy(k, *ab.unprivileged_userns_policy);
    for (std::size_t i = 0; i < ab.profile_paths.size(); ++i) {
      apparmor_load_profiles(k, ab.profile_texts[i], profile_file_options(ab.profile_paths[i]));
      rec.boot_messages.push_back("AppArmor: profiles of " + ab.profile_paths[i] + " loaded");
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  return {};
}

// What init does with boot `smack:` (smack.service: smackload, then onlycap): each rule is one
// write of /sys/fs/smackfs/load2 (change-rule for "subject object allow deny"). Returns "" or
// why not.
std::string smack_boot(Kernel& k, const SmackBoot& sb, ScenarioRecord& rec) {
  if (smack_lsm(k) == nullptr)
    return "smack: is given but Smack is not active (lsm list: " + k.lsm().lsm_list() + ")";
  Task& init = k.init_task();
  for (const SmackRuleLine& r : sb.rules) {
    const bool change = !r.deny.empty();
    const std::string line =
        r.subject + " " + r.object + " " + r.access + (change ? " " + r.deny : "");
    const std::string file = change ? "/sys/fs/smackfs/change-rule" : "/sys/fs/smackfs/load2";
    const SysResult w = write_file(init, file, line);
    if (!w.ok())
      return sb.rules_path + ":" + std::to_string(r.line) + ":" + std::to_string(r.column) +
             ": the kernel refused \"" + line +
             "\": " + describe(w);
  }
  if (!sb.rules_path.empty())
    rec.boot_messages.push_back("Smack: " + std::to_string(sb.rules.size()) + " rules of " +
                                sb.rules_path + " loaded");
  if (sb.onlycap) {
    std::string labels;
    for (const std::string& l : *sb.onlycap) labels += (labels.empty() ? "" : " ") + l;
    const SysResult w = write_file(init, "/sys/fs/smackfs/onlycap", labels.empty() ? "-" : labels);
    if (!w.ok()) return "writing onlycap \"" + labels + "\" failed: " + describe(w);
    rec.boot_messages.push_back("Smack: onlycap " + (labels.empty() ? "cleared" : labels));
  }
  return {};
}

// boot `audit:` into KernelConfig::audit (the core's AuditConfig).
void apply_audit_boot(KernelConfig& c, const AuditBootSettings& ab) {
  c.audit.boot = !ab.boot ? AuditBoot::unset : *ab.boot ? AuditBoot::on : AuditBoot::off;
  c.audit.userns_daemons = ab.userns_daemons;
}

}  // namespace lsmsim::engine
