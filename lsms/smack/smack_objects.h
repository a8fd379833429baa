// Smack's object blobs and the helpers its object hooks share (security/smack/smack.h and
// smack_lsm.c, v6.12): inode, file and superblock labels, how an inode gets its label
// (smack_d_instantiate), the SMACK64* xattr names, the audit data of a denial.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lsms/smack/smack_access.h"
#include "lsms/smack/smack_lsm.h"

namespace lsmsim {

struct File;
struct Inode;
struct SuperBlock;

// The xattr names (include/uapi/linux/xattr.h) and their suffixes after "security.".
inline constexpr const char* XATTR_NAME_SMACK = "security.SMACK64";
inline constexpr const char* XATTR_NAME_SMACKIPIN = "security.SMACK64IPIN";
inline constexpr const char* XATTR_NAME_SMACKIPOUT = "security.SMACK64IPOUT";
inline constexpr const char* XATTR_NAME_SMACKEXEC = "security.SMACK64EXEC";
inline constexpr const char* XATTR_NAME_SMACKMMAP = "security.SMACK64MMAP";
inline constexpr const char* XATTR_NAME_SMACKTRANSMUTE = "security.SMACK64TRANSMUTE";
inline constexpr const char* XATTR_SMACK_SUFFIX = "SMACK64";
inline constexpr const char* XATTR_SMACK_IPIN = "SMACK64IPIN";
inline constexpr const char* XATTR_SMACK_IPOUT = "SMACK64IPOUT";
inline constexpr const char* XATTR_SMACK_TRANSMUTE = "SMACK64TRANSMUTE";
inline constexpr const char* XATTR_SMACK_EXEC = "SMACK64EXEC";
inline constexpr const char* XATTR_SMACK_MMAP = "SMACK64MMAP";
inline constexpr const char* TRANS_TRUE = "TRUE";

// struct inode_smack's smk_flags.
inline constexpr unsigned SMK_INODE_INSTANT = 0x01;    // the label is known
inline constexpr unsigned SMK_INODE_TRANSMUTE = 0x02;  // new objects take the directory's label

// struct inode_smack. Labels are secids of SmackLsm::known; smk_task/smk_mmap 0 = none.
struct InodeSmack {
  std::uint32_t smk_inode = 0;  // the object's label
  std::uint32_t smk_task = 0;   // SMACK64EXEC: the label a task execing it runs with
  std::uint32_t smk_mmap = 0;   // SMACK64MMAP
  unsigned smk_flags = 0;
  // lsmsim has no dentry cache: smack_d_instantiate() runs when the label is first needed.
  // This says it ran (or that smack_set_mnt_opts() set the root's label), so it runs once.
  bool instantiated = false;
};

// struct superblock_smack's smk_flags.
inline constexpr unsigned SMK_SB_INITIALIZED = 0x01;
inline constexpr unsigned SMK_SB_UNTRUSTED = 0x02;

// struct superblock_smack: the filesystem's labels (smackfsroot, smackfsdef, smackfsfloor,
// smackfshat mount options; all "_" but the hat "^" by default).
struct SuperblockSmack {
  std::uint32_t smk_root = 0;
  std::uint32_t smk_floor = 0;
  std::uint32_t smk_hat = 0;
  std::uint32_t smk_default = 0;
  unsigned smk_flags = 0;
};

// The file blob (smack_file()): the opener's label, kept for fown/sigio as the kernel does.
struct FileSmack {
  std::uint32_t smk_file = 0;
};

// The `ptrace` policy knob (/sys/fs/smackfs/ptrace, smack_ptrace_rule).
inline constexpr int SMACK_PTRACE_DEFAULT = 0;
inline constexpr int SMACK_PTRACE_EXACT = 1;
inline constexpr int SMACK_PTRACE_DRACONIAN = 2;
inline constexpr int SMACK_PTRACE_MAX = SMACK_PTRACE_DRACONIAN;

// The module's ptrace rule (SmackLsm::ptrace_rule, written through smackfs/ptrace).
int& smack_ptrace_rule(SmackLsm& me);

// smk_access_entry() on the subject's global rules: the access bits of the explicit rule
// (subject, object), negative when there is none. No special labels, no per-task rules:
// this is what smack_inode_init_security() asks for the 't' of a rule.
int smk_access_entry(const SmackLsm& me, std::uint32_t subject, std::uint32_t object);

// smk_import_entry() of a value the current task writes (the boot task outside a syscall).
int smk_import_current(SmackLsm& me, std::string_view text, std::uint32_t& secid);
// "*" or "@": labels no task may run with (SMACK64EXEC/MMAP ignore and refuse them).
bool smk_star_or_web(const SmackLsm& me, std::uint32_t secid);

// The blobs; null when the object was made before Smack gave it one.
InodeSmack* smack_inode(SmackLsm& me, Inode& inode);
SuperblockSmack* smack_superblock(SmackLsm& me, SuperBlock& sb);

// smk_of_inode(): the inode's label, running smack_d_instantiate() first if needed.
std::uint32_t smk_of_inode(SmackLsm& me, Inode& inode);
// The instantiated blob (smack_d_instantiate() done), or null.
InodeSmack* smk_inode_instant(SmackLsm& me, Inode& inode);
// smk_of_current() / smk_of_task_struct_obj().
std::uint32_t smk_of_current(SmackLsm& me);
std::uint32_t smk_of_task_obj(SmackLsm& me, const Task& p);
// smk_inode_transmutable(): the directory carries SMK_INODE_TRANSMUTE.
bool smk_inode_transmutable(SmackLsm& me, Inode& dir);

// The audit data a hook gives smk_curacc() (smk_ad_init + smk_ad_setfield_*): the
// kernel's function name and, as dump_common_audit_data() prints them, the current task's
// ` pid=N comm="x"` followed by the object's fields (` name=... dev=... ino=...`).
SmackAuditInfo smk_ad(SmackLsm& me, const char* function, const std::string& fields);
// LSM_AUDIT_DATA_INODE / _DENTRY: ` name="base" dev="sda1" ino=N` (the name when known).
std::string smk_ad_inode(const Inode& inode, const std::string& name = {});
// LSM_AUDIT_DATA_PATH: ` path="/abs" dev="sda1" ino=N`.
std::string smk_ad_path(const Inode& inode, const std::string& path);
// LSM_AUDIT_DATA_TASK: ` opid=N ocomm="x"`.
std::string smk_ad_task(const Task& t);

// The hook families of lsms/smack/smack_hooks_*.cpp.
void smack_register_inode_hooks(HookRegistrar& r);
void smack_register_xattr_hooks(HookRegistrar& r);
void smack_register_fs_hooks(HookRegistrar& r);
void smack_register_task_hooks(HookRegistrar& r);
void smack_register_net_hooks(HookRegistrar& r);

}  // namespace lsmsim
