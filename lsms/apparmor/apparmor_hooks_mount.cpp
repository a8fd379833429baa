// AppArmor's mount mediation (security/apparmor/mount.c and lsm.c apparmor_sb_mount, v6.12),
// basic subset: remounts, bind mounts, propagation changes, moves and new mounts, in the
// order apparmor_sb_mount tries them, against `mount`/`remount` rules (fstype list, options
// that must all be allowed, source and mountpoint globs). Every record is operation="mount"
// (match_mnt_path_str logs OP_MOUNT) with the info of the stage the match failed at.
#include <sys/mount.h>

#include <algorithm>
#include <cerrno>

#include "lsms/apparmor/apparmor_mediate.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/kernel.h"

namespace lsmsim {

namespace {

enum class MountOp { remount, bind, change_type, move, new_mount };

// The option names a rule may use for the flags of one request (the parser's mnt_opts
// table: "make-private" is "private", "B"/"R"/"M" are bind/rbind/move).
std::vector<std::string> flag_options(MountOp op, unsigned long flags) {
  std::vector<std::string> o;
  const bool rec = (flags & MS_REC) != 0;
  if (op != MountOp::change_type && op != MountOp::move) {
    o.emplace_back((flags & MS_RDONLY) != 0 ? "ro" : "rw");
    if ((flags & MS_NOSUID) != 0) o.emplace_back("nosuid");
    if ((flags & MS_NODEV) != 0) o.emplace_back("nodev");
    if ((flags & MS_NOEXEC) != 0) o.emplace_back("noexec");
  }
  if ((flags & MS_BIND) != 0) o.emplace_back(rec ? "rbind" : "bind");
  if ((flags & MS_MOVE) != 0) o.emplace_back("move");
  if ((flags & MS_UNBINDABLE) != 0) o.emplace_back(rec ? "runbindable" : "unbindable");
  if ((flags & MS_PRIVATE) != 0) o.emplace_back(rec ? "rprivate" : "private");
  if ((flags & MS_SLAVE) != 0) o.emplace_back(rec ? "rslave" : "slave");
  if ((flags & MS_SHARED) != 0) o.emplace_back(rec ? "rshared" : "shared");
  return o;
}

bool rule_has_option(const aa::MountRule& r, const std::string& o) {
  const auto has = [&](const std::string& n) {
    return std::find(r.options.begin(), r.options.end(), n) != r.options.end();
  };
  if (has(o) || has("make-" + o)) return true;
  return (o == "bind" && has("B")) || (o == "rbind" && has("R")) || (o == "move" && has("M"));
}

// mnt_rule::gen_flag_rules() also emits a remount rule for a `mount` rule without source and
// fstype whose flags are unspecified (bare `mount,`) or include remount: `remount` rules are
// not the only ones that allow a remount.
bool mount_rule_covers_remount(const aa::MountRule& r) {
  if (r.kind != aa::MountKind::mount || r.source.has_value() || !r.fstypes.empty()) return false;
  return r.options.empty() ||
         std::find(r.options.begin(), r.options.end(), "remount") != r.options.end();
}

// audit_mnt_flags(): the flags lsmsim passes, in the kernel's order.
std::string audit_flags(unsigned long flags) {
  std::string s = (flags & MS_RDONLY) != 0 ? "ro" : "rw";
  const auto add = [&](unsigned long bit, const char* name) {
    if ((flags & bit) != 0) s += std::string(", ") + name;
  };
  const bool rec = (flags & MS_REC) != 0;
  add(MS_NOSUID, "nosuid");
  add(MS_NODEV, "nodev");
  add(MS_NOEXEC, "noexec");
  add(MS_SYNCHRONOUS, "sync");
  add(MS_REMOUNT, "remount");
  add(MS_MANDLOCK, "mand");
  add(MS_DIRSYNC, "dirsync");
  add(MS_NOATIME, "noatime");
  add(MS_NODIRATIME, "nodiratime");
  add(MS_BIND, rec ? "rbind" : "bind");
  add(MS_MOVE, "move");
  add(MS_SILENT, "silent");
  add(MS_POSIXACL, "acl");
  add(MS_UNBINDABLE, rec ? "runbindable" : "unbindable");
  add(MS_PRIVATE, rec ? "rprivate" : "private");
  add(MS_SLAVE, rec ? "rslave" : "slave");
  add(MS_SHARED, rec ? "rshared" : "shared");
  add(MS_RELATIME, "relatime");
  add(MS_I_VERSION, "iversion");
  add(MS_STRICTATIME, "strictatime");
  return s;
}

// match_mnt_path_str() -> do_match_mnt(): the stages of the mount DFA (mount point, source,
// fstype, flags, permission), each narrowing the rules still matching; the first stage no
// rule passes names the failure (mnt_info_table). `dev`/`type` empty: not matched (NULL).
int profile_mount(ApparmorLsm& me, const AaProfile& p, MountOp op, const std::string& dev,
                  const std::string& path, const std::string& type, unsigned long flags) {
  const aa::MountKind kind = op == MountOp::remount ? aa::MountKind::remount : aa::MountKind::mount;
  const std::vector<std::string> opts = flag_options(op, flags);
  std::vector<const aa::MountRule*> live;
  for (const aa::MountRule& r : p.rules->mount)
    if (r.kind == kind || (op == MountOp::remount && mount_rule_covers_remount(r)))
      live.push_back(&r);
  const auto narrow = [&](auto pred) {
    live.erase(std::remove_if(live.begin(), live.end(), [&](const aa::MountRule* r) {
                 return !pred(*r);
               }),
               live.end());
    return !live.empty();
  };
  const char* info = nullptr;
  if (!narrow([&](const aa::MountRule& r) {
        return !r.mountpoint.has_value() || r.mountpoint->matches(path);
      }))
    info = "failed mntpnt match";
  else if (!narrow([&](const aa::MountRule& r) {
             return !r.source.has_value() || r.source->matches(dev);
           }))
    info = "failed srcname match";
  else if (!narrow([&](const aa::MountRule& r) {
             if (r.fstypes.empty()) return true;
             return !type.empty() &&
                    std::find(r.fstypes.begin(), r.fstypes.end(), type) != r.fstypes.end();
           }))
    info = "failed type match";
  else if (!narrow([&](const aa::MountRule& r) {
             return r.options.empty() || std::all_of(opts.begin(), opts.end(), [&](const auto& o) {
                      return rule_has_option(r, o);
                    });
           }))
    info = "failed flags match";
  bool allowed = false, denied_rule = false, audited = false, quiet = false;
  for (const aa::MountRule* r : live) {
    (r->deny ? denied_rule : allowed) = true;
    audited = audited || (r->audit && !r->deny);
    quiet = quiet || (r->deny && !r->audit);  // the parser makes deny rules quiet
  }
  const bool denied = info != nullptr || !allowed || denied_rule;
  if (denied && info == nullptr) info = "failed perms check";
  AaAuditData ad;
  ad.op = "mount";
  ad.cls = "mount";
  ad.name = path;
  if (denied) ad.info = info;
  if (!type.empty()) ad.fields += " fstype=" + audit_untrusted_string(type);
  if (!dev.empty()) ad.fields += " srcname=" + audit_untrusted_string(dev);
  if (flags != 0) ad.fields += " flags=\"" + audit_flags(flags) + "\"";
  return aa_profile_decide(me, p, denied, audited, denied && denied_rule && quiet, -EACCES, ad);
}

int sb_mount(LsmModule& self, const std::string& dev, const std::string& path,
             const std::string& type, unsigned long flags) {
  auto& me = apparmor(self);
  const AaLabel& l = me.cred_aa_label(*me.kernel().current().cred);
  if (aa_label_unconfined(l)) return 0;
  if ((flags & 0xffff0000UL) == 0xC0ED0000UL) flags &= ~0xffff0000UL;  // MS_MGC_VAL
  flags &= ~static_cast<unsigned long>(MS_KERNMOUNT | MS_ACTIVE | MS_BORN | MS_NOSEC);
  // apparmor_sb_mount(): remount, then bind, then a propagation change, then a move, else a
  // new mount. A remount or propagation change matches no source or fstype (NULL); a
  // propagation change keeps only the flags do_change_type() takes, a move only MS_MOVE.
  MountOp op = MountOp::new_mount;
  std::string src = dev, fstype = type;
  unsigned long mflags = flags;
  if ((flags & MS_REMOUNT) != 0) {
    op = MountOp::remount;
    src.clear();
    fstype.clear();
  } else if ((flags & MS_BIND) != 0) {
    op = MountOp::bind;
    fstype.clear();
  } else if ((flags & (MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE)) != 0) {
    op = MountOp::change_type;
    src.clear();
    fstype.clear();
    mflags &= MS_REC | MS_SILENT | MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;
  } else if ((flags & MS_MOVE) != 0) {
    op = MountOp::move;
    fstype.clear();
    mflags = MS_MOVE;
  }
  // Mount points are directories: aa_path_name(PATH_IS_DIR) names them with a trailing '/'.
  const std::string mntpnt = !path.empty() && path.back() == '/' ? path : path + "/";
  return aa_for_each_confined(l, [&](const AaProfile& p) {
    return profile_mount(me, p, op, src, mntpnt, fstype, mflags);
  });
}

}  // namespace

void apparmor_register_mount_hooks(HookRegistrar& r) {
  r.add<Hook::sb_mount>(&sb_mount);
}

}  // namespace lsmsim
