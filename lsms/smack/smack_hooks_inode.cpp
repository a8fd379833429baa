// Smack's inode and file hooks (security/smack/smack_lsm.c, v6.12): blobs, the label of a
// new object (the creator's, or a transmuting directory's), and the access checks. Smack
// has no inode_create/mkdir/mknod hooks: creating needs write and search on the directory,
// which inode_permission asks.
#include <cerrno>

#include "lsms/smack/smack_objects.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"

namespace lsmsim {

namespace {

// ATTR_FORCE (include/linux/fs.h): the VFS clearing set-ID bits.
constexpr unsigned kAttrForce = 512;

int curacc(SmackLsm& me, Inode& inode, int mode, const char* fn, const std::string& fields) {
  const SmackAuditInfo ad = smk_ad(me, fn, fields);
  return smk_curacc(me, smk_of_inode(me, inode), mode, &ad);
}

// smack_inode_alloc_security(): init_inode_smack() with the current task's label.
int inode_alloc_security(LsmModule& self, Inode& inode) {
  if (inode.security.empty()) return 0;
  auto& me = smack(self);
  auto& isp = construct_in_blob<InodeSmack>(inode.security, self.blob_offset(BlobKind::inode));
  isp.smk_inode = smk_of_current(me);
  return 0;
}

void inode_free_security(LsmModule& self, Inode& inode) {
  if (!inode.security.empty())
    destroy_in_blob<InodeSmack>(inode.security, self.blob_offset(BlobKind::inode));
}

// smack_inode_init_security(): the creator's label, unless the creator's explicit rule to
// the directory has 't' and the directory is transmuting: then the directory's label, the
// new object transmutes too (v6.12 marks every such object, not only directories) and
// gets SMACK64TRANSMUTE="TRUE". The label goes out as SMACK64 (no NUL). v6.12 takes the
// SMACK64 xattr slot first and the TRANSMUTE one second: that is their order here.
int inode_init_security(LsmModule& self, Inode& inode, Inode& dir, const std::string&,
                        XattrArray& xattrs) {
  auto& me = smack(self);
  InodeSmack* issp = smack_inode(me, inode);
  if (issp == nullptr) return -EOPNOTSUPP;
  const TaskSmack& tsp = me.tsp(*me.kernel().current().cred);
  const std::uint32_t dsp = smk_of_inode(me, dir);
  const int may = smk_access_entry(me, tsp.smk_task, dsp);
  const bool transmute = may > 0 && (may & MAY_TRANSMUTE) != 0 && smk_inode_transmutable(me, dir);
  if (transmute) {
    issp->smk_inode = dsp;
    issp->smk_flags |= SMK_INODE_TRANSMUTE;
  }
  issp->smk_flags |= SMK_INODE_INSTANT;
  issp->instantiated = true;
  const std::string* label = me.known.find(issp->smk_inode);
  xattrs.push_back(Xattr{XATTR_NAME_SMACK, label != nullptr ? *label : std::string(kSmackHuh)});
  if (transmute) xattrs.push_back(Xattr{XATTR_NAME_SMACKTRANSMUTE, TRANS_TRUE});
  return 0;
}

// smack_inode_link(): write on the linked object (and on an entry it replaces).
int inode_link(LsmModule& self, Inode& old_inode, Inode& dir, const std::string& new_name) {
  auto& me = smack(self);
  int rc = curacc(me, old_inode, MAY_WRITE, "smack_inode_link", smk_ad_inode(old_inode));
  auto it = dir.entries.find(new_name);
  if (rc == 0 && it != dir.entries.end() && it->second != nullptr)
    rc =
        curacc(me, *it->second, MAY_WRITE, "smack_inode_link", smk_ad_inode(*it->second, new_name));
  return rc;
}

// smack_inode_unlink() / smack_inode_rmdir(): write on the object, then on the directory.
int may_remove(SmackLsm& me, Inode& dir, Inode& inode, const std::string& name, const char* fn) {
  int rc = curacc(me, inode, MAY_WRITE, fn, smk_ad_inode(inode, name));
  if (rc == 0) rc = curacc(me, dir, MAY_WRITE, fn, smk_ad_inode(dir));
  return rc;
}

int inode_unlink(LsmModule& self, Inode& dir, Inode& inode, const std::string& name) {
  return may_remove(smack(self), dir, inode, name, "smack_inode_unlink");
}

int inode_rmdir(LsmModule& self, Inode& dir, Inode& inode, const std::string& name) {
  return may_remove(smack(self), dir, inode, name, "smack_inode_rmdir");
}

// smack_inode_rename(): read and write on the object moved and on one it replaces.
int inode_rename(LsmModule& self, Inode&, Inode& inode, Inode& new_dir,
                 const std::string& new_name) {
  auto& me = smack(self);
  int rc = curacc(me, inode, MAY_READWRITE, "smack_inode_rename", smk_ad_inode(inode));
  auto it = new_dir.entries.find(new_name);
  if (rc == 0 && it != new_dir.entries.end() && it->second != nullptr)
    rc = curacc(me, *it->second, MAY_READWRITE, "smack_inode_rename",
                smk_ad_inode(*it->second, new_name));
  return rc;
}

// smack_inode_permission(): only r, w, x and a count; an untrusted mount's objects must
// carry its root label.
int inode_permission(LsmModule& self, Inode& inode, int mask) {
  auto& me = smack(self);
  mask &= MAY_READ | MAY_WRITE | MAY_EXEC | MAY_APPEND;
  if (mask == 0) return 0;
  if (const SuperblockSmack* sbsp = smack_superblock(me, *inode.sb);
      sbsp != nullptr && (sbsp->smk_flags & SMK_SB_UNTRUSTED) != 0 &&
      smk_of_inode(me, inode) != sbsp->smk_root) {
    me.explain_denial("",
                      "smack_inode_permission: an untrusted mount's object must carry its "
                      "root label");
    return -EACCES;
  }
  return curacc(me, inode, mask, "smack_inode_permission", smk_ad_inode(inode));
}

// smack_inode_setattr(): write, except the VFS's forced set-ID clearing.
int inode_setattr(LsmModule& self, Inode& inode, unsigned ia_valid) {
  if ((ia_valid & kAttrForce) != 0) return 0;
  return curacc(smack(self), inode, MAY_WRITE, "smack_inode_setattr", smk_ad_inode(inode));
}

// smack_inode_getattr(): read, audited with the path (LSM_AUDIT_DATA_PATH).
int inode_getattr(LsmModule& self, Inode& inode, const std::string& path) {
  return curacc(smack(self), inode, MAY_READ, "smack_inode_getattr", smk_ad_path(inode, path));
}

// smack_file_alloc_security(): the opener's label (for fown/sigio).
int file_alloc_security(LsmModule& self, File& file) {
  if (file.security.empty()) return 0;
  auto& f = construct_in_blob<FileSmack>(file.security, self.blob_offset(BlobKind::file));
  f.smk_file = smk_of_current(smack(self));
  return 0;
}

void file_free_security(LsmModule& self, File& file) {
  if (!file.security.empty())
    destroy_in_blob<FileSmack>(file.security, self.blob_offset(BlobKind::file));
}

// smack_file_open(): the opener's cred needs read on the file, whatever the open mode (the
// mode itself was checked by inode_permission).
int file_open(LsmModule& self, File& file) {
  auto& me = smack(self);
  const SmackAuditInfo ad = smk_ad(me, "smack_file_open", smk_ad_path(*file.inode, file.path));
  const Cred& cred = file.f_cred != nullptr ? *file.f_cred : *me.kernel().current().cred;
  return smk_tskacc(me, cred, smk_of_inode(me, *file.inode), MAY_READ, &ad);
}

}  // namespace

void smack_register_inode_hooks(HookRegistrar& r) {
  r.add<Hook::inode_alloc_security>(&inode_alloc_security);
  r.add<Hook::inode_free_security>(&inode_free_security);
  r.add<Hook::inode_init_security>(&inode_init_security);
  r.add<Hook::inode_link>(&inode_link);
  r.add<Hook::inode_unlink>(&inode_unlink);
  r.add<Hook::inode_rmdir>(&inode_rmdir);
  r.add<Hook::inode_rename>(&inode_rename);
  r.add<Hook::inode_permission>(&inode_permission);
  r.add<Hook::inode_setattr>(&inode_setattr);
  r.add<Hook::inode_getattr>(&inode_getattr);
  r.add<Hook::file_alloc_security>(&file_alloc_security);
  r.add<Hook::file_free_security>(&file_free_security);
  r.add<Hook::file_open>(&file_open);
}

}  // namespace lsmsim
