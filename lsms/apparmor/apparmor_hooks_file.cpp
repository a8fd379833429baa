// AppArmor's file mediation (security/apparmor/file.c aa_path_perm / aa_file_perm and
// lsm.c apparmor_file_open / apparmor_file_permission / apparmor_path_*, v6.12). The owner
// side of a rule applies when the task's fsuid owns the inode (path_cond.uid; the creator
// for a new file). Rename, link and truncate have no syscalls in lsmsim yet.
#include <fcntl.h>

#include <cerrno>

#include "lsms/apparmor/apparmor_mediate.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/permission.h"

namespace lsmsim {

namespace {

// Requests beyond the rule letters (AA_MAY_CREATE, AA_MAY_DELETE, AA_MAY_CHMOD/CHOWN): a
// `w` rule grants them all (the kernel's map_old_perms).
inline constexpr std::uint32_t kReqCreate = 0x100;
inline constexpr std::uint32_t kReqDelete = 0x200;
inline constexpr std::uint32_t kReqSetattr = 0x400;

// aa_file_perm_chrs order (x w r a c d ... k m l); chmod/chown show as w
// (map_mask_to_chr_mask).
std::string request_letters(std::uint32_t m) {
  if ((m & kReqSetattr) != 0) m |= aa::kMayWrite;
  std::string out;
  const auto add = [&](std::uint32_t bit, char c) {
    if ((m & bit) != 0) out += c;
  };
  add(aa::kMayExec, 'x');
  add(aa::kMayWrite, 'w');
  add(aa::kMayRead, 'r');
  add(aa::kMayAppend, 'a');
  add(kReqCreate, 'c');
  add(kReqDelete, 'd');
  add(aa::kMayLock, 'k');
  add(aa::kMayMmap, 'm');
  add(aa::kMayLink, 'l');
  return out;
}

// What one profile allows of `request` on `path`; a write covers an append.
int profile_path_perm(ApparmorLsm& me, const AaProfile& p, const char* op, const std::string& path,
                      std::uint32_t request, bool owner, Uid fsuid, Uid ouid) {
  const aa::FilePerms fp = p.rules->file.match(path, owner);
  std::uint32_t allow = fp.effective();
  if ((allow & aa::kMayWrite) != 0) allow |= aa::kMayAppend | kReqCreate | kReqDelete | kReqSetattr;
  const std::uint32_t denied = request & ~allow;
  std::uint32_t quiet = fp.quiet;
  if ((quiet & aa::kMayWrite) != 0) quiet |= kReqCreate | kReqDelete | kReqSetattr;
  const bool audit_all = p.rules->audit_all;
  // aa_audit_file(): a denial reports only the denied bits, minus the quieted ones (all of
  // them quiet: no record); an allowed access reports only the audited bits.
  std::uint32_t shown = 0;
  if (denied != 0)
    shown = audit_all ? denied : denied & ~quiet;
  else
    shown = audit_all ? request : request & fp.audit;
  AaAuditData ad;
  ad.op = op;
  ad.cls = "file";
  ad.name = path;
  ad.fields = " requested_mask=\"" + request_letters(shown) + "\"";
  if (denied != 0) ad.fields += " denied_mask=\"" + request_letters(shown) + "\"";
  ad.fields += " fsuid=" + std::to_string(fsuid) + " ouid=" + std::to_string(ouid);
  return aa_profile_decide(me, p, denied != 0, (fp.audit & request) != 0,
                           denied != 0 && shown == 0, -EACCES, ad);
}

}  // namespace

// aa_path_perm() for every confined profile of `l`; `ouid` is path_cond.uid.
int aa_path_perm(ApparmorLsm& me, const char* op, const AaLabel& l, const std::string& path,
                 std::uint32_t request, const Cred& cred, Uid ouid) {
  if (aa_label_unconfined(l)) return 0;
  const bool owner = cred.fsuid == ouid;
  return aa_for_each_confined(l, [&](const AaProfile& p) {
    return profile_path_perm(me, p, op, path, request, owner, cred.fsuid, ouid);
  });
}

namespace {

// aa_map_file_to_perms().
std::uint32_t map_file_to_perms(const File& f) {
  std::uint32_t perms = 0;
  const int acc = f.flags & O_ACCMODE;
  if (acc == O_WRONLY || acc == O_RDWR) perms |= aa::kMayWrite;
  if (acc == O_RDONLY || acc == O_RDWR) perms |= aa::kMayRead;
  if ((f.flags & O_APPEND) != 0 && (perms & aa::kMayWrite) != 0)
    perms = (perms & ~std::uint32_t{aa::kMayWrite}) | aa::kMayAppend;
  if ((f.flags & O_TRUNC) != 0) perms |= aa::kMayWrite;  // trunc implies write
  if ((f.flags & O_CREAT) != 0) perms |= kReqCreate;
  return perms;
}

// apparmor_file_open(): during exec the bprm hooks decide.
int file_open(LsmModule& self, File& file) {
  auto& me = apparmor(self);
  Task& current = me.kernel().current();
  if (current.in_execve || file.inode == nullptr || file.f_cred == nullptr) return 0;
  const AaLabel& l = me.cred_aa_label(*file.f_cred);
  if (aa_label_unconfined(l)) return 0;
  return aa_path_perm(me, "open", l, file.path, map_file_to_perms(file), *file.f_cred,
                      file.inode->uid);
}

// apparmor_file_permission() -> aa_file_perm(): a file opened under the same label is not
// checked again; one opened under another label is revalidated against the current one.
int file_permission(LsmModule& self, File& file, int mask) {
  auto& me = apparmor(self);
  if (file.inode == nullptr || file.f_cred == nullptr || file.socket != nullptr) return 0;
  const Cred& cred = *me.kernel().current().cred;
  const std::uint32_t now = me.cred_label(cred);
  if (now == me.cred_label(*file.f_cred)) return 0;
  const AaLabel& l = me.label(now);
  if (aa_label_unconfined(l)) return 0;
  std::uint32_t request = 0;
  if ((mask & MAY_READ) != 0) request |= aa::kMayRead;
  if ((mask & MAY_WRITE) != 0) request |= aa::kMayWrite;
  if ((mask & MAY_APPEND) != 0) request |= aa::kMayAppend;
  return aa_path_perm(me, "file_perm", l, file.path, request, cred, file.inode->uid);
}

std::string child_path(const std::string& dir, const std::string& name, bool is_dir) {
  std::string p = dir == "/" ? "/" + name : dir + "/" + name;
  if (is_dir) p += "/";  // PATH_IS_DIR
  return p;
}

const AaLabel& current_label(ApparmorLsm& me) {
  return me.cred_aa_label(*me.kernel().current().cred);
}

// common_perm_create(): the new file is the creator's (cond.uid = current fsuid).
int create_perm(ApparmorLsm& me, const char* op, const std::string& path) {
  const Cred& c = *me.kernel().current().cred;
  return aa_path_perm(me, op, current_label(me), path, kReqCreate, c, c.fsuid);
}

int path_mknod(LsmModule& self, const std::string& dir, const std::string& name, unsigned,
               unsigned) {
  auto& me = apparmor(self);
  return create_perm(me, "mknod", child_path(dir, name, false));
}

int path_mkdir(LsmModule& self, const std::string& dir, const std::string& name, unsigned) {
  auto& me = apparmor(self);
  return create_perm(me, "mkdir", child_path(dir, name, true));
}

int path_symlink(LsmModule& self, const std::string& dir, const std::string& name,
                 const std::string&) {
  auto& me = apparmor(self);
  return create_perm(me, "symlink", child_path(dir, name, false));
}

// common_perm_rm(): the victim's owner decides the owner side.
int path_unlink(LsmModule& self, const std::string& dir, Inode& inode, const std::string& name) {
  auto& me = apparmor(self);
  return aa_path_perm(me, "unlink", current_label(me), child_path(dir, name, inode.is_dir()),
                      kReqDelete, *me.kernel().current().cred, inode.uid);
}

int path_rmdir(LsmModule& self, const std::string& dir, Inode& inode, const std::string& name) {
  auto& me = apparmor(self);
  return aa_path_perm(me, "rmdir", current_label(me), child_path(dir, name, true), kReqDelete,
                      *me.kernel().current().cred, inode.uid);
}

std::string object_path(const std::string& path, const Inode& inode) {
  return inode.is_dir() && (path.empty() || path.back() != '/') ? path + "/" : path;
}

int path_chmod(LsmModule& self, const std::string& path, Inode& inode, unsigned) {
  auto& me = apparmor(self);
  return aa_path_perm(me, "chmod", current_label(me), object_path(path, inode), kReqSetattr,
                      *me.kernel().current().cred, inode.uid);
}

int path_chown(LsmModule& self, const std::string& path, Inode& inode, Uid, Gid) {
  auto& me = apparmor(self);
  return aa_path_perm(me, "chown", current_label(me), object_path(path, inode), kReqSetattr,
                      *me.kernel().current().cred, inode.uid);
}

}  // namespace

void apparmor_register_file_hooks(HookRegistrar& r) {
  r.add<Hook::file_open>(&file_open);
  r.add<Hook::file_permission>(&file_permission);
  r.add<Hook::path_mknod>(&path_mknod);
  r.add<Hook::path_mkdir>(&path_mkdir);
  r.add<Hook::path_symlink>(&path_symlink);
  r.add<Hook::path_unlink>(&path_unlink);
  r.add<Hook::path_rmdir>(&path_rmdir);
  r.add<Hook::path_chmod>(&path_chmod);
  r.add<Hook::path_chown>(&path_chown);
}

}  // namespace lsmsim
