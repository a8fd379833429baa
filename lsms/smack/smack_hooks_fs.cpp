// Smack's superblock hooks (security/smack/smack_lsm.c, v6.12): the filesystem's labels and
// the smackfs* mount options (smack_fs_context_parse_param, smack_set_mnt_opts).
#include <cerrno>
#include <map>

#include "lsms/smack/smack_objects.h"
#include "model/capability.h"
#include "model/kernel.h"
#include "model/lsm/hooks.h"
#include "model/vfs/inode.h"

namespace lsmsim {

namespace {

// smack_fs_parameters: the option names and which label each sets ("smackfsdefault" is an
// alias of "smackfsdef").
const char* canonical_option(const std::string& key) {
  if (key == "smackfsdef" || key == "smackfsdefault") return "smackfsdef";
  if (key == "smackfsfloor") return "smackfsfloor";
  if (key == "smackfshat") return "smackfshat";
  if (key == "smackfsroot") return "smackfsroot";
  if (key == "smackfstransmute") return "smackfstransmute";
  return nullptr;
}

// smack_sb_alloc_security(): root, default and floor "_", hat "^".
int sb_alloc_security(LsmModule& self, SuperBlock& sb) {
  if (sb.security.empty()) return 0;
  auto& me = smack(self);
  auto& sbsp =
      construct_in_blob<SuperblockSmack>(sb.security, self.blob_offset(BlobKind::superblock));
  sbsp.smk_root = sbsp.smk_default = sbsp.smk_floor = me.floor;
  sbsp.smk_hat = me.known.intern("^");
  return 0;
}

void sb_free_security(LsmModule& self, SuperBlock& sb) {
  if (!sb.security.empty())
    destroy_in_blob<SuperblockSmack>(sb.security, self.blob_offset(BlobKind::superblock));
}

// smack_fs_context_parse_param(): a smackfs* option needs a value (fs_parse's string
// parameter) that is a label (smk_import_entry in smack_add_opt); others are not Smack's.
int fs_context_parse_param(LsmModule& self, const std::string&, const std::string& key,
                           const std::string& value) {
  if (canonical_option(key) == nullptr) return -ENOPARAM;
  auto& me = smack(self);
  if (value.empty()) {
    me.explain_denial("", "Smack mount option " + key + " needs a label");
    return -EINVAL;
  }
  std::uint32_t skp = 0;
  if (const int rc = smk_import_current(me, value, skp); rc != 0) {
    me.explain_denial("", "Smack mount option " + key + "=" + value + ": not a label");
    return rc;
  }
  return 0;
}

// smack_set_mnt_opts(): once per superblock. Without CAP_MAC_ADMIN no options, and the
// root and default labels are the mounter's; outside the initial user namespace such a
// filesystem (but sysfs and tmpfs) is untrusted and its root transmutes. The options set
// their labels (smackfstransmute: the root label, transmuting); the root inode takes the
// root label.
int sb_set_mnt_opts(LsmModule& self, SuperBlock& sb, const std::vector<std::string>* mnt_opts) {
  auto& me = smack(self);
  SuperblockSmack* sp = smack_superblock(me, sb);
  if (sp == nullptr || (sp->smk_flags & SMK_SB_INITIALIZED) != 0) return 0;
  bool transmute = false;
  if (!smack_privileged(me, CAP_MAC_ADMIN)) {
    (void)me.kernel().lsm().take_denial();
    if (mnt_opts != nullptr) {
      me.explain_denial("", "Smack mount options need CAP_MAC_ADMIN");
      return -EPERM;
    }
    sp->smk_root = sp->smk_default = smk_of_current(me);
    if (sb.user_ns != me.kernel().init_user_ns() && sb.fs_type != "sysfs" &&
        sb.fs_type != "tmpfs" && sb.fs_type != "ramfs") {
      transmute = true;
      sp->smk_flags |= SMK_SB_UNTRUSTED;
    }
  }
  sp->smk_flags |= SMK_SB_INITIALIZED;
  if (mnt_opts != nullptr) {
    std::map<std::string, std::string> opts;
    for (const std::string& o : *mnt_opts) {
      const std::size_t eq = o.find('=');
      const char* key = canonical_option(o.substr(0, eq));
      if (key == nullptr) continue;
      // smack_add_opt(): each option once.
      if (!opts.emplace(key, eq == std::string::npos ? "" : o.substr(eq + 1)).second) {
        me.explain_denial("", "Smack: duplicate mount options");
        return -EINVAL;
      }
    }
    for (const auto& [key, value] : opts) {
      std::uint32_t skp = 0;
      if (const int rc = smk_import_current(me, value, skp); rc != 0) return rc;
      if (key == "smackfsdef") sp->smk_default = skp;
      if (key == "smackfsfloor") sp->smk_floor = skp;
      if (key == "smackfshat") sp->smk_hat = skp;
      if (key == "smackfsroot") sp->smk_root = skp;
    }
    // smackfstransmute is applied after smackfsroot, so it wins.
    if (auto it = opts.find("smackfstransmute"); it != opts.end()) {
      std::uint32_t skp = 0;
      if (const int rc = smk_import_current(me, it->second, skp); rc != 0) return rc;
      sp->smk_root = skp;
      transmute = true;
    }
  }
  // init_inode_smack() on the root.
  if (sb.root != nullptr) {
    if (InodeSmack* isp = smack_inode(me, *sb.root)) {
      *isp = InodeSmack{};
      isp->smk_inode = sp->smk_root;
      isp->instantiated = true;
      if (transmute) isp->smk_flags |= SMK_INODE_TRANSMUTE;
    }
  }
  return 0;
}

}  // namespace

void smack_register_fs_hooks(HookRegistrar& r) {
  r.add<Hook::sb_alloc_security>(&sb_alloc_security);
  r.add<Hook::sb_free_security>(&sb_free_security);
  r.add<Hook::fs_context_parse_param>(&fs_context_parse_param);
  r.add<Hook::sb_set_mnt_opts>(&sb_set_mnt_opts);
}

}  // namespace lsmsim
