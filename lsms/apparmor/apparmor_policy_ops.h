// Policy operations shared by apparmorfs and the public API (policy.c, v6.12). Every
// function takes the caller's credentials (null: the kernel itself, no checks) and returns
// 0 or -errno with `info` saying why, as the kernel's audit_policy() records it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lsms/apparmor/apparmor_lsm.h"

namespace lsmsim {

struct InodeOps;

inline constexpr std::uint32_t kAaMayLoadPolicy = 1;     // AA_MAY_LOAD_POLICY
inline constexpr std::uint32_t kAaMayReplacePolicy = 2;  // AA_MAY_REPLACE_POLICY
inline constexpr std::uint32_t kAaMayRemovePolicy = 4;   // AA_MAY_REMOVE_POLICY

const AaLabel& aa_subject_label(ApparmorLsm& me, const Cred* cred);
// -EACCES unless the caller is a policy admin for `ns` (its own namespace when null).
int aa_may_manage_policy(ApparmorLsm& me, const Cred* cred, const AaNs* ns, std::uint32_t mask);
// `policy_ns` null: the caller's namespace. `ns_name` relative to it ("" for none; the
// profiles' own `:ns:` is used otherwise).
int aa_replace_profiles(ApparmorLsm& me, const Cred* cred, AaNs* policy_ns, std::string ns_name,
                        std::vector<std::unique_ptr<aa::Profile>> profiles, std::uint32_t mask,
                        std::string& info);
int aa_remove_profiles(ApparmorLsm& me, const Cred* cred, AaNs* policy_ns, std::string_view fqname,
                       std::string& info);
int aa_mkdir_ns(ApparmorLsm& me, const Cred* cred, AaNs& parent, std::string_view name,
                AaNs** out = nullptr);
// .load / .replace: profile text (aa::parse_profiles), loaded as aa_replace_profiles does.
// `policy_ns`: the namespace whose .load/.replace was written (null: the caller's own).
int aa_load_text(ApparmorLsm& me, const Cred* cred, const std::string& text, std::uint32_t mask,
                 std::string& info, AaNs* policy_ns = nullptr);
// apparmorfs files (apparmorfs.cpp, apparmorfs_policy.cpp). `ns` null: the writer's/reader's
// own namespace (the securityfs apparmor/ files), else that namespace's directory.
std::shared_ptr<InodeOps> aa_policy_file_ops(ApparmorLsm& me, std::uint32_t mask, AaNs* ns);
std::shared_ptr<InodeOps> aa_revision_ops(ApparmorLsm& me, AaNs* ns);
// The securityfs `policy` magic link (policy_link_iops), creating the apparmorfs tree.
std::shared_ptr<InodeOps> aa_policy_link_ops(ApparmorLsm& me);

// The `profiles` file's lines for a reader whose namespace is `view`.
std::vector<std::string> aa_profiles_lines(const AaNs& view);

}  // namespace lsmsim
