// AppArmor's file mediation (security/apparmor/file.c aa_path_perm / aa_file_perm and
// lsm.c apparmor_file_open / apparmor_file_permission, v6.12). The owner side of a rule
// applies when the task's fsuid owns the inode (path_cond.uid). lsmsim has no path_* hooks
// yet: creation, deletion, rename, link and attribute changes are not mediated.
#include <fcntl.h>

#include <cerrno>

#include "lsms/apparmor/apparmor_mediate.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/permission.h"

namespace lsmsim {

namespace {

// What one profile allows of `request` (FilePermBit) on `path`; create maps to w and a
// write covers an append (the parser's encoding of w).
int profile_path_perm(ApparmorLsm& me, const AaProfile& p, const char* op,
                      const std::string& path, std::uint32_t request, bool owner, Uid fsuid,
                      Uid ouid) {
  const aa::FilePerms fp = p.rules->file.match(path, owner);
  std::uint32_t allow = fp.effective();
  if ((allow & aa::kMayWrite) != 0) allow |= aa::kMayAppend;
  const std::uint32_t denied = request & ~allow;
  AaAuditData ad;
  ad.op = op;
  ad.cls = "file";
  ad.name = path;
  ad.fields = " requested_mask=\"" + aa::file_perms_letters(request) + "\"";
  if (denied != 0) ad.fields += " denied_mask=\"" + aa::file_perms_letters(denied) + "\"";
  ad.fields += " fsuid=" + std::to_string(fsuid) + " ouid=" + std::to_string(ouid);
  // deny rules are quiet unless audited (fp.quiet), as the parser sets them.
  return aa_profile_decide(me, p, denied != 0, (fp.audit & request) != 0,
                           denied != 0 && (fp.quiet & denied) == denied, -EACCES, ad);
}

}  // namespace

// aa_path_perm() for every confined profile of `l`.
int aa_path_perm(ApparmorLsm& me, const char* op, const AaLabel& l, const std::string& path,
                 std::uint32_t request, const Cred& cred, const Inode& inode) {
  const bool owner = cred.fsuid == inode.uid;
  return aa_for_each_confined(l, [&](const AaProfile& p) {
    return profile_path_perm(me, p, op, path, request, owner, cred.fsuid, inode.uid);
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
  if ((f.flags & O_CREAT) != 0) perms |= aa::kMayWrite;  // AA_MAY_CREATE, granted by w
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
                      *file.inode);
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
  return aa_path_perm(me, "file_perm", l, file.path, request, cred, *file.inode);
}

}  // namespace

void apparmor_register_file_hooks(HookRegistrar& r) {
  r.add<Hook::file_open>(&file_open);
  r.add<Hook::file_permission>(&file_permission);
}

}  // namespace lsmsim
