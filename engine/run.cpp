#include "engine/run.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/report.h"
#include "engine/run_state.h"
#include "engine/scenario_parser.h"
#include "engine/step_runner.h"
#include "engine/profile_file.h"
#include "lsms/apparmor/apparmor.h"
#include "lsms/selinux/selinux.h"
#include "lsms/smack/smack.h"
#include "model/audit/audit.h"
#include "model/syscalls/fs.h"

namespace lsmsim {

namespace {

std::string position(const std::string& file, engine::SourcePos p) {
  return file + ":" + std::to_string(p.line > 0 ? p.line : 1) + ":" +
         std::to_string(p.column > 0 ? p.column : 1) + ": ";
}

void boot_checks(const engine::Scenario& sc, engine::ScenarioRecord& rec) {
  if (!sc.boot_expect) return;
  const engine::BootExpectation& be = *sc.boot_expect;
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
std::string selinux_boot(Kernel& k, const engine::SelinuxBoot& sb, engine::ScenarioRecord& rec) {
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
std::string apparmor_boot(Kernel& k, const engine::ApparmorBoot& ab, engine::ScenarioRecord& rec) {
  if (apparmor_lsm(k) == nullptr)
    return "apparmor: is given but AppArmor is not active (lsm list: " + k.lsm().lsm_list() + ")";
  try {
    if (ab.unprivileged_userns_policy)
      apparmor_set_unprivileged_userns_policy(k, *ab.unprivileged_userns_policy);
    for (std::size_t i = 0; i < ab.profile_paths.size(); ++i) {
      apparmor_load_profiles(k, ab.profile_texts[i], engine::profile_file_options(ab.profile_paths[i]));
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
std::string smack_boot(Kernel& k, const engine::SmackBoot& sb, engine::ScenarioRecord& rec) {
  if (smack_lsm(k) == nullptr)
    return "smack: is given but Smack is not active (lsm list: " + k.lsm().lsm_list() + ")";
  Task& init = k.init_task();
  for (const engine::SmackRuleLine& r : sb.rules) {
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
template <class Config>
void apply_audit_boot(Config& c, const engine::AuditBootSettings& ab) {
  if constexpr (requires { c.audit.boot; }) {
    c.audit.boot = !ab.boot ? AuditBoot::unset : *ab.boot ? AuditBoot::on : AuditBoot::off;
    c.audit.userns_daemons = ab.userns_daemons;
  }
}

}  // namespace

ScenarioReport run_scenario_text(const std::string& text, const std::string& name,
                                 const RunOptions& options) {
  ScenarioReport report;
  report.file = name;
  engine::Scenario sc;
  try {
    sc = engine::parse_scenario(text, std::filesystem::path(name).parent_path().string());
  } catch (const engine::BadInput& e) {
    report.bad_input = true;
    report.error = position(name, e.pos) + e.message;
    return report;
  }

  if (sc.audit) apply_audit_boot(sc.config, *sc.audit);
  std::unique_ptr<Kernel> kernel;
  try {
    kernel = std::make_unique<Kernel>(sc.config);
  } catch (const std::exception& e) {
    report.bad_input = true;
    report.error = position(name, sc.boot_pos) + "the kernel does not boot with this boot: " +
                   e.what();
    return report;
  }
  kernel->lsm().set_tracing(true);

  engine::ScenarioRecord rec;
  rec.file = name;
  rec.name = sc.name;
  rec.description = sc.description;
  rec.boot = sc.boot_summary;
  rec.dispatch = dispatch_strategy_name(sc.config.dispatch);
  rec.lsm_list = kernel->lsm().lsm_list();
  rec.boot_messages = kernel->lsm().boot_messages();
  if (sc.selinux) {
    const std::string err = selinux_boot(*kernel, *sc.selinux, rec);
    if (!err.empty()) {
      report.bad_input = true;
      report.error = position(name, sc.selinux->pos) + "SELinux boot failed: " + err;
      return report;
    }
  }
  if (sc.apparmor) {
    const std::string err = apparmor_boot(*kernel, *sc.apparmor, rec);
    if (!err.empty()) {
      report.bad_input = true;
      report.error = position(name, sc.apparmor->pos) + "AppArmor boot failed: " + err;
      return report;
    }
  }
  if (sc.smack) {
    const std::string err = smack_boot(*kernel, *sc.smack, rec);
    if (!err.empty()) {
      report.bad_input = true;
      report.error = position(name, sc.smack->pos) + "Smack boot failed: " + err;
      return report;
    }
  }
  boot_checks(sc, rec);

  engine::RunState state(std::move(kernel));
  for (const engine::Step& step : sc.steps) rec.steps.push_back(engine::run_step(state, step));

  engine::RenderOptions ro;
  ro.color = options.color;
  ro.verbose = options.verbose;
  ro.quiet = options.quiet;
  ro.trace = options.trace;
  report.text = engine::render_report(rec, ro);
  report.steps_run = static_cast<int>(rec.steps.size());
  report.expectations_failed = rec.failures();
  report.expectations_passed = rec.expectations() - rec.failures();
  return report;
}

ScenarioReport run_scenario_file(const std::string& path, const RunOptions& options) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    ScenarioReport report;
    report.file = path;
    report.bad_input = true;
    report.error = path + ": is a directory, not a scenario file";
    return report;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ScenarioReport report;
    report.file = path;
    report.bad_input = true;
    report.error = path + ": cannot open scenario file: " + std::strerror(errno);
    return report;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return run_scenario_text(buf.str(), path, options);
}

}  // namespace lsmsim
