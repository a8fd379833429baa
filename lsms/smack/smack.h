// Smack as a registered LSM (security/smack/smack_lsm.c, v6.12) with the unmerged Smack
// namespace prototype (Havner/smack-namespace, 2015): the descriptor and the public API the
// engine and the bindings use. Semantics: lsms/smack/README.md, docs/smack.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/lsm/lsm_module.h"

namespace lsmsim {

class SmackLsm;

inline constexpr const char* kSmackFloor = "_";
inline constexpr const char* kSmackHuh = "?";  // what an unknown secid maps to

// name "smack", LSM_ID_SMACK, LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE.
LsmDescriptor smack_descriptor();

// The Smack module of `k`; null if Smack is not active.
SmackLsm* smack_lsm(Kernel& k);
// One rule as smackload writes it (libsmack accesses_print()): "subject object access" to
// /sys/fs/smackfs/load2, or, with a non-empty `deny`, "subject object allow deny" to
// change-rule, as `writer` (the init task if null). 0 or the errno (EPERM without
// CAP_MAC_ADMIN or off onlycap, EINVAL for what the kernel's smk_parse_long_rule() refuses).
int smack_write_rule(Kernel& k, std::string_view subject, std::string_view object,
                     std::string_view access, std::string_view deny = {}, Task* writer = nullptr);
// Loads rule text ("subject object access" or "subject object allow deny" a line; only empty
// lines are skipped): first every line is checked for three or four words, and EINVAL means
// nothing was written; then one smack_write_rule() per line. 0, or the errno of the first rule
// the kernel refuses (the rules before it stay loaded). The full libsmack syntax with
// positions is engine/smack_rules_file.h (Python: Kernel.smack.load). Throws
// std::runtime_error if Smack is not active.
int smack_load_rules(Kernel& k, std::string_view rules, Task* writer = nullptr);
// The access2 answer for "subject object access": true for "1". Unknown labels answer false.
// Throws std::invalid_argument for a line access2 refuses (EINVAL).
bool smack_have_access(Kernel& k, std::string_view subject, std::string_view object,
                       std::string_view access);
// /sys/fs/smackfs/load2 as read: "subject object access\n" lines, newest rule first.
std::string smack_rules_text(Kernel& k);
// Writes /sys/fs/smackfs/onlycap as `writer` (init if null): 0 or errno.
int smack_set_onlycap(Kernel& k, const std::vector<std::string>& labels, Task* writer = nullptr);
// The Smack label of `t` as `viewer` sees it (mapped names inside a Smack namespace).
std::string smack_task_label(Kernel& k, const Task& t, const Task& viewer);
// /proc/<target>/attr/label_map: the map of target's user namespace, as read.
std::string smack_label_map(Kernel& k, const Task& target);
// Writes "unmapped mapped" lines to /proc/<target>/attr/label_map as `writer` (opened by it):
// 0 or errno (EBADR, EPERM, EINVAL, EEXIST as the prototype gives them).
int smack_write_label_map(Kernel& k, Task& target, std::string_view lines, Task& writer);
// Every Smack audit record written so far ("lsm=SMACK fn=... action=denied ..."), oldest first.
const std::vector<std::string>& smack_audit_records(Kernel& k);

}  // namespace lsmsim
