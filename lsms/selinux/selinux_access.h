// Access checks: avc_has_perm at one namespace level, and the series' bounded checks over a
// task's level and every ancestor (cred_has_perm, cred_task_has_perm).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "lsms/selinux/selinux_avc_record.h"
#include "lsms/selinux/selinux_lsm.h"

namespace lsmsim {

using SelinuxPerms = std::vector<std::string_view>;

inline constexpr unsigned kSelinuxNoAudit = 1;  // avc_has_perm_noaudit: no record

// avc_has_perm() in namespace `ns` for global SIDs: 0, or -EACCES when `ns` is enforcing
// and the source is not a permissive domain (explain_denial names the level and carries
// the AVC record). An uninitialized namespace allows. Classes or permissions the policy does
// not define are denied (checkpolicy's default handle_unknown=deny).
int selinux_avc_has_perm(SelinuxLsm& me, SelinuxNamespace& ns, std::uint32_t ssid,
                         std::uint32_t tsid, std::string_view tclass, const SelinuxPerms& perms,
                         const SelinuxAuditData& ad, unsigned flags = 0);

// Task (cred) against an object's global SID at every level from the cred's up to init.
int selinux_cred_has_perm(SelinuxLsm& me, const Cred& cred, std::uint32_t tsid,
                          std::string_view tclass, const SelinuxPerms& perms,
                          const SelinuxAuditData& ad, unsigned flags = 0);
// Task (cred) against an inode: at each level the inode's SID as that level sees it (a
// /proc/PID inode: its task's SID at that level, as selinux_task_to_inode() labels it).
int selinux_cred_inode_has_perm(SelinuxLsm& me, const Cred& cred, Inode& inode,
                                std::string_view tclass, const SelinuxPerms& perms,
                                const SelinuxAuditData& ad, unsigned flags = 0);
// Task against task: at each level the target's SID at that same level (unlabeled if none).
int selinux_cred_task_has_perm(SelinuxLsm& me, const Cred& cred, const Cred& target,
                               std::string_view tclass, const SelinuxPerms& perms,
                               const SelinuxAuditData& ad);

// The class of an inode (inode_mode_to_security_class).
const char* inode_mode_to_security_class(unsigned mode);

}  // namespace lsmsim
