// AppArmor as a registered LSM (security/apparmor/, v6.12): its descriptor and the public API
// the engine and the bindings use. Policy lives in namespaces (the root one and those below
// it); a task's label is a stack of profiles (see apparmor_labelset.h); tasks start
// unconfined in the root namespace. Profiles are loaded as compiled aa::Profile objects or
// as profile text (aa::parse_profiles).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lsms/apparmor/policy/file_perms.h"
#include "model/lsm/lsm_module.h"

namespace lsmsim {

namespace aa {
struct Profile;
struct ProfileParseOptions;
}  // namespace aa

class ApparmorLsm;

inline constexpr const char* kApparmorUnconfined = "unconfined";

// name "apparmor", LSM_ID_APPARMOR, LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE.
LsmDescriptor apparmor_descriptor();

// The AppArmor module of `k`; null if AppArmor is not active.
ApparmorLsm* apparmor_lsm(Kernel& k);

// Failures of the policy API carry the kernel's errno (EACCES: not a policy admin for that
// namespace; EEXIST: .load of a profile that exists; ENOENT: no such profile/namespace;
// EINVAL: a bad name). what() says why.
class ApparmorError : public std::runtime_error {
 public:
  ApparmorError(int err, const std::string& what) : std::runtime_error(what), err_(err) {}
  int err() const { return err_; }

 private:
  int err_;
};

// aa_replace_profiles(): loads `profiles` into namespace `ns` ("" = the caller's own, else a
// path like "lxd-c1" or "a//b" relative to the caller's namespace, each level created if
// missing; aa_prepare_ns itself takes a name literally). `replace` false is .load (an existing profile is EEXIST), true is
// .replace. `as` is the task doing it (its credentials go through aa_may_manage_policy);
// null loads as the kernel itself, without checks. Throws ApparmorError.
void apparmor_load(Kernel& k, std::vector<std::unique_ptr<aa::Profile>> profiles,
                   const std::string& ns = {}, Task* as = nullptr, bool replace = true);
// The same from profile text (apparmor_parser + .replace). The namespace is options.ns, or
// the `:ns:` of the profiles' names; throws aa::ProfileError for bad text, ApparmorError
// for refusals.
void apparmor_load_profiles(Kernel& k, std::string_view text,
                            const aa::ProfileParseOptions& options, Task* as = nullptr,
                            bool replace = true);
// aa_remove_profiles(): "name", ":ns:name" or ":ns:" (the whole namespace), relative to
// the caller's namespace. Tasks confined by a removed profile become its namespace's
// unconfined. Throws ApparmorError.
void apparmor_remove_profile(Kernel& k, std::string_view name, Task* as = nullptr);
// mkdir policy/namespaces/<name>: creates `name` below the caller's namespace (EEXIST if it
// exists). Throws ApparmorError.
void apparmor_create_ns(Kernel& k, std::string_view name, Task* as = nullptr);
// The `profiles` file as `viewer` (init if null) reads it: "name (mode)" lines, its own
// namespace's profiles bare, sub-namespaces' as ":ns:name", in the kernel's list order
// (newest first, children after their parent, then sub-namespaces). EACCES (thrown) when the
// viewer may not view policy.
std::vector<std::string> apparmor_profile_list(Kernel& k, Task* viewer = nullptr);
// The combined file permissions of `label` (parsed in the root namespace) for `path`: the
// intersection over its confined profiles (unconfined components allow everything).
// Throws ApparmorError for a label that does not parse.
aa::FilePerms apparmor_label_file_perms(Kernel& k, std::string_view label, std::string_view path,
                                        bool owner);
// A task's label as `viewer` (init if null) reads /proc/PID/attr/apparmor/current, without
// the newline; "<errno N>" when the read fails.
std::string apparmor_task_label(Kernel& k, Task& t, Task* viewer = nullptr);
// Every AppArmor audit record so far ("apparmor=\"DENIED\" operation=..."), kernel-wide.
std::vector<std::string> apparmor_audit_records(Kernel& k);
// sysctl kernel.unprivileged_userns_apparmor_policy (default 1).
void apparmor_set_unprivileged_userns_policy(Kernel& k, int value);

}  // namespace lsmsim
