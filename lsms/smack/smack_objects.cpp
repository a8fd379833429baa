// How Smack labels objects (security/smack/smack_lsm.c, v6.12): the blobs, the label an
// inode gets when it is first instantiated (smack_d_instantiate), and the audit data text.
#include "lsms/smack/smack_objects.h"

#include "lsms/selinux/selinux_avc_record.h"  // the lsm_audit.c field texts, shared
#include "model/kernel.h"
#include "model/vfs/inode.h"

namespace lsmsim {

int& smack_ptrace_rule(SmackLsm& me) {
  return me.ptrace_rule;
}

int smk_access_entry(const SmackLsm& me, std::uint32_t subject, std::uint32_t object) {
  auto it = me.smk_rules.find(subject);
  return it == me.smk_rules.end() ? -1 : it->second.access_entry(subject, object);
}

int smk_import_current(SmackLsm& me, std::string_view text, std::uint32_t& secid) {
  Kernel& k = me.kernel();
  return smk_import_entry(me, text, k.has_current() ? k.current() : k.init_task(), secid);
}

bool smk_star_or_web(const SmackLsm& me, std::uint32_t secid) {
  return secid != 0 && (secid == me.star || secid == me.web);
}

InodeSmack* smack_inode(SmackLsm& me, Inode& inode) {
  if (inode.security.empty()) return nullptr;
  return &inode.security.at<InodeSmack>(me.blob_offset(BlobKind::inode));
}

SuperblockSmack* smack_superblock(SmackLsm& me, SuperBlock& sb) {
  if (sb.security.empty()) return nullptr;
  return &sb.security.at<SuperblockSmack>(me.blob_offset(BlobKind::superblock));
}

std::uint32_t smk_of_current(SmackLsm& me) {
  Kernel& k = me.kernel();
  return k.has_current() ? me.tsp(*k.current().cred).smk_task : me.floor;
}

std::uint32_t smk_of_task_obj(SmackLsm& me, const Task& p) {
  return me.tsp(*p.real_cred).smk_task;
}

namespace {

// smk_fetch(): the label an xattr names, 0 when absent or not a label. The disk holds init
// names (the namespace prototype's smk_fetch() imports with the init-form smk_import_entry()),
// so whichever task instantiates the inode, inside a mapped namespace or not, it gets the
// same label.
std::uint32_t smk_fetch(SmackLsm& me, const Inode& inode, const char* name) {
  auto it = inode.xattrs.find(name);
  if (it == inode.xattrs.end()) return 0;
  std::uint32_t secid = 0;
  return smk_import_label(me, it->second, secid) == 0 ? secid : 0;
}

// smack_d_instantiate() for the filesystems lsmsim has. The root takes the superblock's
// root label (smack_set_mnt_opts() sets it after the root is made; sockfs's is "*"); smackfs
// files are "*"; proc files the superblock default (/proc/PID ones come from task_to_inode);
// tmpfs files without SMACK64 are "*"; on the others SMACK64 or the superblock default.
// Socket files are "*". SMACK64EXEC/MMAP are read unless "*" or "@"; SMACK64TRANSMUTE
// marks a directory when it says "TRUE".
void smack_d_instantiate(SmackLsm& me, Inode& inode, InodeSmack& isp) {
  SuperblockSmack* sbsp = smack_superblock(me, *inode.sb);
  const std::uint32_t sb_default = sbsp != nullptr ? sbsp->smk_default : me.floor;
  const std::string& fs = inode.sb->fs_type;
  isp.instantiated = true;
  isp.smk_flags |= SMK_INODE_INSTANT;
  if (inode.sb->root.get() == &inode) {
    isp.smk_inode = fs == "sockfs"    ? me.known.intern("*")
                    : sbsp != nullptr ? sbsp->smk_root
                                      : me.floor;
    return;
  }
  std::uint32_t final_label = sb_default;
  if (fs == "smackfs") {
    final_label = me.known.intern("*");
  } else if (fs != "proc") {
    if (fs == "tmpfs") final_label = me.known.intern("*");
    if (inode.is_sock()) {
      final_label = me.known.intern("*");
    } else {
      if (const std::uint32_t skp = smk_fetch(me, inode, XATTR_NAME_SMACK); skp != 0)
        final_label = skp;
      if (inode.is_dir()) {
        auto it = inode.xattrs.find(XATTR_NAME_SMACKTRANSMUTE);
        // A 4-byte read compared with "TRUE": longer values do not fit (ERANGE).
        if (it != inode.xattrs.end() && it->second == TRANS_TRUE)
          isp.smk_flags |= SMK_INODE_TRANSMUTE;
      }
      std::uint32_t skp = smk_fetch(me, inode, XATTR_NAME_SMACKEXEC);
      isp.smk_task = smk_star_or_web(me, skp) ? 0 : skp;
      skp = smk_fetch(me, inode, XATTR_NAME_SMACKMMAP);
      isp.smk_mmap = smk_star_or_web(me, skp) ? 0 : skp;
    }
  }
  isp.smk_inode = final_label;
}

}  // namespace

InodeSmack* smk_inode_instant(SmackLsm& me, Inode& inode) {
  InodeSmack* isp = smack_inode(me, inode);
  if (isp != nullptr && !isp->instantiated) smack_d_instantiate(me, inode, *isp);
  return isp;
}

std::uint32_t smk_of_inode(SmackLsm& me, Inode& inode) {
  if (InodeSmack* isp = smk_inode_instant(me, inode)) return isp->smk_inode;
  // No blob (made before Smack was up): what instantiation would say, not kept.
  InodeSmack tmp;
  smack_d_instantiate(me, inode, tmp);
  return tmp.smk_inode;
}

bool smk_inode_transmutable(SmackLsm& me, Inode& dir) {
  const InodeSmack* isp = smk_inode_instant(me, dir);
  return isp != nullptr && (isp->smk_flags & SMK_INODE_TRANSMUTE) != 0;
}

SmackAuditInfo smk_ad(SmackLsm& me, const char* function, const std::string& fields) {
  SmackAuditInfo a;
  a.function = function;
  Kernel& k = me.kernel();
  if (k.has_current()) {
    const Task& t = k.current();
    // dump_common_audit_data(): task_tgid_nr(current), the thread group's id.
    a.object = " pid=" + std::to_string(t.tgid) + " comm=" + audit_untrusted_string(t.comm);
  }
  a.object += fields;
  return a;
}

std::string smk_ad_inode(const Inode& inode, const std::string& name) {
  if (!name.empty()) return audit_inode(inode, name).fields;
  return audit_fields(audit_inode(inode));
}

std::string smk_ad_path(const Inode& inode, const std::string& path) {
  return audit_path(inode, path).fields;
}

// LSM_AUDIT_DATA_TASK: task_tgid_nr(tsk) and the comm through audit_log_untrustedstring()
// (hex when it holds a space or a quote); nothing for a task without a thread group id.
std::string smk_ad_task(const Task& t) {
  if (t.tgid == 0) return {};
  return " opid=" + std::to_string(t.tgid) + " ocomm=" + audit_untrusted_string(t.comm);
}

}  // namespace lsmsim
