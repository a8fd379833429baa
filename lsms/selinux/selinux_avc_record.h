// The text of an SELinux AVC audit record (security/selinux/avc.c avc_audit_pre_callback /
// avc_audit_post_callback, security/lsm_audit.c dump_common_audit_data), kept apart so the
// audit model can reuse it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/audit/audit_record.h"  // audit_untrusted_string, re-exported

namespace lsmsim {

struct Inode;
struct Task;

// The per-type fields of struct common_audit_data, already formatted (each starts with a
// space, as lsm_audit.c prints them).
struct SelinuxAuditData {
  std::string fields;
  // An inode whose entry name is looked up only when a record is written (name="...").
  const Inode* name_of = nullptr;
};

struct SelinuxAvcRecord {
  bool denied = true;
  std::vector<std::string> perms;  // permission names, in bit order
  int pid = 0;
  std::string comm;
  std::string fields;  // SelinuxAuditData::fields
  std::string scontext, tcontext, tclass;
  bool permissive = false;                      // printed only for denials
  std::optional<std::string> srawcon, trawcon;  // contexts invalid under the policy
};

// "avc:  denied  { read } for  pid=1 comm="cat" name="f" dev="sda1" ino=12
// scontext=... tcontext=... tclass=file permissive=0" (one line).
std::string format_avc_record(const SelinuxAvcRecord& r);

// Audit data for an inode known by its entry name (LSM_AUDIT_DATA_DENTRY / _INODE):
// ` name="base" dev="sda1" ino=N`; the name is left out when unknown.
SelinuxAuditData audit_inode(const Inode& inode, const std::string& name);
// The same with the name found from the inode when a record is written.
SelinuxAuditData audit_inode(const Inode& inode);
// LSM_AUDIT_DATA_PATH / _FILE: ` path="/abs" dev="sda1" ino=N`.
SelinuxAuditData audit_path(const Inode& inode, const std::string& path);
// LSM_AUDIT_DATA_TASK: ` opid=N ocomm="x"`.
SelinuxAuditData audit_task(const Task& t);
// LSM_AUDIT_DATA_CAP: ` capability=N ` (the trailing space is the kernel's).
SelinuxAuditData audit_cap(int cap);
// An inode's entry name in its filesystem ("/" for the root, "" if not found); the kernel
// takes it from the dentry alias.
std::string inode_entry_name(const Inode& inode);
// The fields of `ad`, with the deferred name resolved.
std::string audit_fields(const SelinuxAuditData& ad);
// s_id of a superblock as dev="..." shows it: the block device name, else the fs type.
std::string audit_dev_name(const Inode& inode);

}  // namespace lsmsim
