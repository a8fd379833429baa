// Smack's access decisions (security/smack/smack_access.c, v6.12) and the Smack namespace
// prototype's label view (Havner/smack-namespace, never merged). Every hook asks through
// smk_curacc()/smk_tskacc(); only they know the rule lists, the per-task rules,
// CAP_MAC_OVERRIDE/onlycap and the namespace maps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/vfs/permission.h"  // MAY_EXEC, MAY_WRITE, MAY_READ, MAY_APPEND

namespace lsmsim {

class SmackLsm;
struct Cred;
struct Task;
struct UserNamespace;

// security/smack/smack.h: the bits beyond the VFS's MAY_*.
inline constexpr int MAY_TRANSMUTE = 0x00001000;
inline constexpr int MAY_LOCK = 0x00002000;
inline constexpr int MAY_BRINGUP = 0x00004000;
inline constexpr int MAY_ANYREAD = MAY_READ | MAY_EXEC;
inline constexpr int MAY_READWRITE = MAY_READ | MAY_WRITE;
inline constexpr int MAY_ANY =
    MAY_READ | MAY_WRITE | MAY_EXEC | MAY_APPEND | MAY_TRANSMUTE | MAY_LOCK | MAY_BRINGUP;

// The access string of a rule ("rwxatlb", either case; '-' is a placeholder): the bits.
// Stops at the first other character, as smk_perm_from_str() does.
int smk_perm_from_str(std::string_view text);
// smk_rule_show()'s letters: "rwxatlb" order, "" for none.
std::string smk_access_letters(int access);
// smack_str_from_perm() (audit): "rwxatl" order; the bring-up bit is not shown.
std::string smack_str_from_perm(int access);

// log_policy bits (smackfs/logging).
inline constexpr int SMACK_AUDIT_DENIED = 0x1;
inline constexpr int SMACK_AUDIT_ACCEPT = 0x2;

// What a denial is about, for the record (struct smk_audit_info): the hook's function name
// ("smack_inode_permission") and the object's description the kernel's audit data adds
// (` pid=... comm=...`, ` path=...`, ` name=... dev=... ino=...`; may be empty).
struct SmackAuditInfo {
  const char* function = "";
  std::string object;
};

// smk_access(): subject and object are label secids (SmackLsm::known). 0 or -EACCES; the
// record is logged (smack_log) when `a` is given. The namespace prototype: `ns` is the
// subject's user namespace (null: the init one); when it is mapped, an unmapped subject or
// object is denied and the built-in checks apply to the mapped names.
int smk_access(SmackLsm& me, std::uint32_t subject, std::uint32_t object, int request,
               const SmackAuditInfo* a, const UserNamespace* ns = nullptr);
// smk_tskacc(): smk_access() on the cred's label in its user namespace, then the cred's own
// rules (load-self2, which can only take away), then CAP_MAC_OVERRIDE: outside Smack
// namespaces smack_privileged() of the CURRENT task (v6.12, also when `cred` is another
// task's); once a mapped namespace or a non-init `obj_ns` is involved the prototype's check:
// the cred's privilege in `obj_ns` (null: the cred's namespace), only between labels valid in
// the cred's namespace.
int smk_tskacc(SmackLsm& me, const Cred& cred, std::uint32_t object, int mode,
               const SmackAuditInfo* a, const UserNamespace* obj_ns = nullptr);
// smk_curacc(): smk_tskacc() for the current task's cred.
int smk_curacc(SmackLsm& me, std::uint32_t object, int mode, const SmackAuditInfo* a,
               const UserNamespace* obj_ns = nullptr);

// smack_log(): appends the record (smack_log_callback()'s text, then a->object) to
// SmackLsm::audit_log as log_policy asks, and explains a denial with it.
void smack_log(SmackLsm& me, std::uint32_t subject, std::uint32_t object, int request, int result,
               const SmackAuditInfo& a);

// smack_privileged_cred(): cap_capable() (commoncap alone, not the LSM stack) in the init user
// namespace, and the cred's label on the onlycap list when the list is not empty.
bool smack_privileged_cred(SmackLsm& me, int cap, const Cred& cred);
// smack_privileged(): for the current task; true without one (a kernel thread).
bool smack_privileged(SmackLsm& me, int cap);
// The prototype's smack_has_ns_privilege(): the capability in `ns` for the cred, and Smack
// allowing it there (smack_capability_allowed(): `ns` is the init namespace or has a map of
// its own, and onlycap lists the cred's label or is empty).
bool smack_ns_privileged_cred(SmackLsm& me, const UserNamespace& ns, int cap, const Cred& cred);

// smk_import_entry(): a label written by `writer` (xattr value, attr file, smackfs line) as
// its secid, interned if new; text as smk_parse_smack() takes it. Inside a mapped Smack
// namespace the text is a mapped name. -EINVAL for a bad label; -EBADR for a name the
// writer's namespace does not map.
int smk_import_entry(SmackLsm& me, std::string_view text, const Task& writer, std::uint32_t& secid);
// The same without importing (smk_get_label(import=false)): -ENOENT for an unknown label, or
// one the writer's namespace does not map.
int smk_find_entry(SmackLsm& me, std::string_view text, const Task& writer, std::uint32_t& secid);
// The init-namespace forms (smk_import_entry / smk_find_entry of smack_access.c).
int smk_import_label(SmackLsm& me, std::string_view text, std::uint32_t& secid);
// The label `viewer` sees for `secid`: the init name, the mapped name inside a mapped
// namespace, "?" for a label that namespace does not map (or an unknown secid).
std::string smk_label_for(const SmackLsm& me, std::uint32_t secid, const Task& viewer);
// The same for a viewer known by its user namespace (smk_find_label_name(); "?" for none).
std::string smk_label_in(const SmackLsm& me, std::uint32_t secid, const UserNamespace& ns);

}  // namespace lsmsim
