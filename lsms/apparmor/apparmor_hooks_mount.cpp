// AppArmor's mount mediation (security/apparmor/mount.c and lsm.c apparmor_sb_mount, v6.12),
// basic subset: new mounts, remounts and bind mounts against `mount`/`remount` rules
// (fstype list, options that must all be allowed, source and mountpoint globs).
#include <sys/mount.h>

#include <algorithm>
#include <cerrno>

#include "lsms/apparmor/apparmor_mediate.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/kernel.h"

namespace lsmsim {

namespace {

std::vector<std::string> flag_options(unsigned long flags) {
  std::vector<std::string> o;
  o.emplace_back((flags & MS_RDONLY) != 0 ? "ro" : "rw");
  if ((flags & MS_NOSUID) != 0) o.emplace_back("nosuid");
  if ((flags & MS_NODEV) != 0) o.emplace_back("nodev");
  if ((flags & MS_NOEXEC) != 0) o.emplace_back("noexec");
  if ((flags & MS_BIND) != 0) o.emplace_back((flags & MS_REC) != 0 ? "rbind" : "bind");
  return o;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

int profile_mount(ApparmorLsm& me, const AaProfile& p, aa::MountKind kind, const std::string& dev,
                  const std::string& path, const std::string& type, unsigned long flags) {
  const std::vector<std::string> opts = flag_options(flags);
  bool allowed = false, denied_rule = false, audited = false;
  for (const aa::MountRule& r : p.rules->mount) {
    if (r.kind != kind) continue;
    if (!r.fstypes.empty() && kind == aa::MountKind::mount &&
        std::find(r.fstypes.begin(), r.fstypes.end(), type) == r.fstypes.end())
      continue;
    if (!r.options.empty()) {
      bool all = true;
      for (const std::string& o : opts)
        all = all && std::find(r.options.begin(), r.options.end(), o) != r.options.end();
      if (!all) continue;
    }
    if (r.source.has_value() && !r.source->matches(dev)) continue;
    if (r.mountpoint.has_value() && !r.mountpoint->matches(path)) continue;
    (r.deny ? denied_rule : allowed) = true;
    audited = audited || r.audit;
  }
  const bool denied = !allowed || denied_rule;
  AaAuditData ad;
  ad.op = kind == aa::MountKind::remount ? "remount" : "mount";
  ad.cls = "mount";
  ad.name = path;
  if (denied) ad.info = "failed mntpnt match";
  if (!type.empty()) ad.fields += " fstype=" + audit_untrusted_string(type);
  if (!dev.empty()) ad.fields += " srcname=" + audit_untrusted_string(dev);
  if (flags != 0) ad.fields += " flags=\"" + join(opts) + "\"";
  return aa_profile_decide(me, p, denied, audited, false, -EACCES, ad);
}

int sb_mount(LsmModule& self, const std::string& dev, const std::string& path,
             const std::string& type, unsigned long flags) {
  auto& me = apparmor(self);
  const AaLabel& l = me.cred_aa_label(*me.kernel().current().cred);
  if (aa_label_unconfined(l)) return 0;
  if ((flags & 0xffff0000UL) == 0xC0ED0000UL) flags &= ~0xffff0000UL;  // MS_MGC_VAL
  // Propagation changes and moves are outside lsmsim's subset of mount rules.
  if ((flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE | MS_MOVE)) != 0) return 0;
  const aa::MountKind kind =
      (flags & MS_REMOUNT) != 0 ? aa::MountKind::remount : aa::MountKind::mount;
  // Mount points are directories: aa_path_name(PATH_IS_DIR) names them with a trailing '/'.
  const std::string mntpnt = !path.empty() && path.back() == '/' ? path : path + "/";
  return aa_for_each_confined(
      l, [&](const AaProfile& p) { return profile_mount(me, p, kind, dev, mntpnt, type, flags); });
}

}  // namespace

void apparmor_register_mount_hooks(HookRegistrar& r) {
  r.add<Hook::sb_mount>(&sb_mount);
}

}  // namespace lsmsim
