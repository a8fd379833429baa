// The public AppArmor API (apparmor.h) on top of the policy operations.
#include <cerrno>
#include <cstring>

#include "lsms/apparmor/apparmor_lsm.h"
#include "lsms/apparmor/apparmor_policy_ops.h"
#include "model/kernel.h"

namespace lsmsim {

namespace {

ApparmorLsm& require(Kernel& k) {
  ApparmorLsm* me = apparmor_lsm(k);
  if (me == nullptr) throw std::runtime_error("AppArmor is not active");
  return *me;
}

[[noreturn]] void fail(int rc, const std::string& what, const std::string& info) {
  throw ApparmorError(-rc, what + ": " + (info.empty() ? std::strerror(-rc) : info) + " (" +
                               std::strerror(-rc) + ")");
}

}  // namespace

ApparmorLsm* apparmor_lsm(Kernel& k) {
  LsmModule* m = k.lsm().find("apparmor");
  return m == nullptr ? nullptr : &apparmor(*m);
}

void apparmor_load(Kernel& k, std::vector<std::unique_ptr<aa::Profile>> profiles,
                   const std::string& ns, Task* as, bool replace) {
  ApparmorLsm& me = require(k);
  Task& t = as != nullptr ? *as : k.init_task();
  Kernel::CurrentScope scope(k, t);
  std::string info;
  // `ns` is a path: its leading levels are found or created here (as mkdir would), the last
  // one by aa_prepare_ns, which takes a name literally.
  AaNs* parent = nullptr;
  std::string_view last = ns;
  for (std::size_t split = last.find("//"); split != std::string_view::npos;
       split = last.find("//")) {
    AaNs& from = parent != nullptr ? *parent : me.task_ns(t);
    parent = from.child(last.substr(0, split));
    last.remove_prefix(split + 2);
  }
  const int rc = aa_replace_profiles(me, as != nullptr ? as->cred.get() : nullptr, parent,
                                     std::string(last), std::move(profiles),
                                     replace ? kAaMayReplacePolicy : kAaMayLoadPolicy, info);
  (void)k.lsm().take_denial();
  if (rc != 0) fail(rc, "apparmor: profile load", info);
}

void apparmor_remove_profile(Kernel& k, std::string_view name, Task* as) {
  ApparmorLsm& me = require(k);
  Task& t = as != nullptr ? *as : k.init_task();
  Kernel::CurrentScope scope(k, t);
  std::string info;
  const int rc =
      aa_remove_profiles(me, as != nullptr ? as->cred.get() : nullptr, nullptr, name, info);
  (void)k.lsm().take_denial();
  if (rc != 0) fail(rc, "apparmor: remove '" + std::string(name) + "'", info);
}

void apparmor_create_ns(Kernel& k, std::string_view name, Task* as) {
  ApparmorLsm& me = require(k);
  Task& t = as != nullptr ? *as : k.init_task();
  Kernel::CurrentScope scope(k, t);
  AaNs& parent = me.task_ns(t);
  const int rc = aa_mkdir_ns(me, as != nullptr ? as->cred.get() : nullptr, parent, name);
  (void)k.lsm().take_denial();
  if (rc != 0) fail(rc, "apparmor: create namespace '" + std::string(name) + "'", {});
}

std::vector<std::string> apparmor_profile_list(Kernel& k, Task* viewer) {
  ApparmorLsm& me = require(k);
  Task& t = viewer != nullptr ? *viewer : k.init_task();
  Kernel::CurrentScope scope(k, t);
  // profiles_open(): aa_current_policy_view_capable(NULL).
  if (viewer != nullptr && !aa_policy_view_capable(me, *t.cred, nullptr))
    fail(-EACCES, "apparmor: profiles", "not allowed to view policy");
  return aa_profiles_lines(me.task_ns(t));
}

aa::FilePerms apparmor_label_file_perms(Kernel& k, std::string_view label, std::string_view path,
                                        bool owner) {
  ApparmorLsm& me = require(k);
  std::vector<AaComponent> vec;
  const int rc = aa_label_parse(me.label(me.unconfined), label, false, vec);
  if (rc != 0) fail(rc, "apparmor: label '" + std::string(label) + "'", {});
  const AaLabel& l = me.label(me.intern(std::move(vec)));
  aa::FilePerms out;
  out.allow = ~std::uint32_t{0};
  bool confined = false;
  for (const AaComponent& c : l.vec) {
    const AaProfile& p = aa_component_profile(c);
    if (p.unconfined() || p.mode() == aa::ProfileMode::unconfined) continue;
    const aa::FilePerms fp = p.rules->file.match(path, owner);
    out.allow &= fp.effective();
    out.deny |= fp.deny;
    out.audit |= fp.audit;
    out.quiet |= fp.quiet;
    if (!confined) out.exec = fp.exec;
    confined = true;
  }
  if (!confined)
    out.allow = aa::kMayExec | aa::kMayWrite | aa::kMayRead | aa::kMayAppend | aa::kMayLink |
                aa::kMayLock | aa::kMayMmap;
  return out;
}

std::string apparmor_task_label(Kernel& k, Task& t, Task* viewer) {
  ApparmorLsm& me = require(k);
  Task& v = viewer != nullptr ? *viewer : k.init_task();
  Kernel::CurrentScope scope(k, v);
  std::string out;
  const int rc = me.print(me.cred_label(*t.real_cred), v, out);
  return rc == 0 ? out : "<errno " + std::to_string(-rc) + ">";
}

std::vector<std::string> apparmor_audit_records(Kernel& k) {
  return require(k).audit_log;
}

void apparmor_set_unprivileged_userns_policy(Kernel& k, int value) {
  require(k).unprivileged_userns_apparmor_policy = value;
}

}  // namespace lsmsim
