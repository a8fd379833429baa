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
// smack_str_from_perm(): the letters in the kernel's order "rwxatlb", "" for none.
std::string smack_str_from_perm(int access);

// What a denial is about, for the record (struct smk_audit_info): the hook's function name
// ("smack_inode_permission") and the object's description the kernel's audit data adds
// (` pid=... comm=...`, ` path=...`, ` name=... dev=... ino=...`; may be empty).
struct SmackAuditInfo {
  const char* function = "";
  std::string object;
};

// smk_access(): subject and object are label secids (SmackLsm::known). 0 or -EACCES; a
// denial is explained (explain_denial) with the Smack record text when `a` is given.
// The namespace prototype: a subject in a mapped user namespace only reaches objects whose
// label is mapped there.
int smk_access(SmackLsm& me, std::uint32_t subject, std::uint32_t object, int request,
               const SmackAuditInfo* a);
// smk_tskacc(): smk_access() on the cred's label, then the cred's own rules (load-self2,
// which can only take away), then CAP_MAC_OVERRIDE through smack_privileged_cred().
int smk_tskacc(SmackLsm& me, const Cred& cred, std::uint32_t object, int mode,
               const SmackAuditInfo* a);
// smk_curacc(): smk_tskacc() for the current task's cred.
int smk_curacc(SmackLsm& me, std::uint32_t object, int mode, const SmackAuditInfo* a);

// smack_privileged_cred(): the capability in the init user namespace (the prototype: in
// the cred's user namespace, for mapped labels), and the cred's label on the onlycap list
// when the list is not empty.
bool smack_privileged_cred(SmackLsm& me, int cap, const Cred& cred);
// smack_privileged(): for the current task (never for a kernel thread without a task).
bool smack_privileged(SmackLsm& me, int cap);

// smk_import_entry(): a label written by `writer` (xattr value, attr file, smackfs line) as
// its secid, interned if new; text as smk_parse_smack() takes it. Inside a mapped Smack
// namespace the text is a mapped name. -EINVAL for a bad label; -EBADR for a name the
// writer's namespace does not map.
int smk_import_entry(SmackLsm& me, std::string_view text, const Task& writer, std::uint32_t& secid);
// The label `viewer` sees for `secid`: the init name, the mapped name inside a mapped
// namespace, "?" for a label that namespace does not map (or an unknown secid).
std::string smk_label_for(const SmackLsm& me, std::uint32_t secid, const Task& viewer);

}  // namespace lsmsim
