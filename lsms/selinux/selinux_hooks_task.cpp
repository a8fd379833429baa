// SELinux's process hooks (security/selinux/hooks.c, v6.12): exec transitions, signals,
// ptrace and capabilities, checked at every namespace level (Smalley series).
#include <algorithm>
#include <cerrno>
#include <csignal>

#include "lsms/selinux/selinux_access.h"
#include "model/binprm.h"
#include "model/capability.h"
#include "model/kernel.h"
#include "model/ns/namespaces.h"
#include "model/vfs/inode.h"
#include "model/vfs/mount.h"

namespace lsmsim {

namespace {

// The global SID of a computed context (security_compute_sid's result).
std::uint32_t sid_of(SelinuxLsm& me, SelinuxNamespace& ns, const sepolicy::Context& c) {
  return me.sids.intern(ns.ss->context_to_string(c));
}

// check_nnp_nosuid(): under no_new_privs or from a nosuid mount, a domain change must be
// allowed by process2 { nnp_transition nosuid_transition } (asked only with the
// nnp_nosuid_transition policy capability, and first) or go to a bounded type.
int check_nnp_nosuid(SelinuxLsm& me, SelinuxNamespace& ns, const LinuxBinprm& bprm,
                     std::uint32_t osid, std::uint32_t nsid) {
  const bool nnp = bprm.cred->no_new_privs;
  const bool nosuid = bprm.file != nullptr && (bprm.file->mnt->flags & MNT_NOSUID) != 0;
  if ((!nnp && !nosuid) || osid == nsid || !ns.initialized()) return 0;
  const auto& caps = ns.ss->policy().policycaps;
  if (std::find(caps.begin(), caps.end(), "nnp_nosuid_transition") != caps.end()) {
    SelinuxPerms av;
    if (nnp) av.push_back("nnp_transition");
    if (nosuid) av.push_back("nosuid_transition");
    if (selinux_avc_has_perm(me, ns, osid, nsid, "process2", av, {}) == 0) return 0;
  }
  const sepolicy::Context* o = ns.lookup(me, osid);
  const sepolicy::Context* n = ns.lookup(me, nsid);
  if (o != nullptr && n != nullptr && ns.ss->bounded_transition(*o, *n) == 0) {
    me.kernel().lsm().clear_pending_explanation();  // the process2 refusal is overridden
    return 0;
  }
  // Keep the errno of each case: NNP is EPERM for the caller, nosuid EACCES on the file.
  return nnp ? -EPERM : -EACCES;
}

// selinux_bprm_creds_for_exec(): the new SID (attr/exec, else the type_transition on the
// file), then transition + entrypoint, or execute_no_trans when the SID stays. Only the
// current level transitions; each ancestor keeps its frozen SID and must allow
// file:execute_no_trans.
int bprm_creds_for_exec(LsmModule& self, LinuxBinprm& bprm) {
  auto& me = selinux(self);
  Task& current = me.kernel().current();
  const Cred& old = *current.cred;
  const SelinuxCredSecurity& otsec = me.cred_sec(old);
  SelinuxCredSecurity& ntsec = me.cred_sec(*bprm.cred);
  SelinuxNamespace& ns = me.ns_of(old);
  ntsec.osid = otsec.sid;
  ntsec.sid = otsec.sid;
  ntsec.exec_sid = ntsec.create_sid = ntsec.keycreate_sid = ntsec.sockcreate_sid = 0;
  Inode& inode = *bprm.inode;
  const std::uint32_t isid = me.inode_sid(inode);
  const SelinuxAuditData ad =
      audit_path(inode, bprm.file != nullptr ? bprm.file->path : bprm.filename);
  if (otsec.exec_sid != 0) {
    ntsec.sid = otsec.exec_sid;
    if (const int rc = check_nnp_nosuid(me, ns, bprm, otsec.sid, ntsec.sid); rc != 0) return rc;
  } else if (ns.initialized()) {
    const sepolicy::Context* s = ns.lookup(me, otsec.sid);
    const sepolicy::Context* t = ns.lookup(me, isid);
    if (t == nullptr) t = ns.lookup(me, me.unlabeled_sid);
    sepolicy::Context out;
    const std::uint16_t process = ns.ss->class_value("process");
    if (s != nullptr && t != nullptr && process != 0) {
      // security_transition_sid(): an invalid computed domain fails the exec (enforcing).
      if (const int rc = ns.ss->compute_create(*s, *t, process, "", out, ns.enforcing); rc != 0) {
        me.explain_denial(ns.name,
                          "op=security_compute_sid: the computed domain is not valid in the "
                          "policy [SELinux namespace " +
                              ns.name + "]");
        return rc;
      }
      ntsec.sid = sid_of(me, ns, out);
    }
    // Fall back to the old SID on NNP or nosuid if the transition is not allowed.
    if (check_nnp_nosuid(me, ns, bprm, otsec.sid, ntsec.sid) != 0) {
      ntsec.sid = otsec.sid;
      me.kernel().lsm().clear_pending_explanation();  // ignored: not this exec's refusal
    }
  }
  int rc = 0;
  if (ntsec.sid == otsec.sid) {
    rc = selinux_avc_has_perm(me, ns, otsec.sid, isid, "file", {"execute_no_trans"}, ad);
  } else {
    rc = selinux_avc_has_perm(me, ns, otsec.sid, ntsec.sid, "process", {"transition"}, ad);
    if (rc == 0) rc = selinux_avc_has_perm(me, ns, ntsec.sid, isid, "file", {"entrypoint"}, ad);
    // Clear unsafe personality bits unless noatsecure is allowed (AT_SECURE otherwise).
    if (rc == 0 && selinux_avc_has_perm(me, ns, otsec.sid, ntsec.sid, "process", {"noatsecure"}, {},
                                        kSelinuxNoAudit) != 0) {
      me.kernel().lsm().clear_pending_explanation();  // AT_SECURE, not a refusal
      bprm.secureexec = true;
    }
  }
  if (rc != 0) return rc;
  const std::vector<SelinuxLevel> lv = me.levels(old);
  for (std::size_t i = 1; i < lv.size(); ++i) {
    rc = selinux_avc_has_perm(me, *lv[i].ns, lv[i].sid, isid, "file", {"execute_no_trans"}, ad);
    if (rc != 0) return rc;
  }
  return 0;
}

// signal_to_av()
std::string_view signal_to_av(int sig) {
  switch (sig) {
    case 0:
      return "signull";
    case SIGCHLD:
      return "sigchld";
    case SIGKILL:
      return "sigkill";
    case SIGSTOP:
      return "sigstop";
    default:
      return "signal";
  }
}

// selinux_task_kill(): the sender (or the given cred) against the target's objective SID.
int task_kill(LsmModule& self, Task& p, int sig, const Cred* cred) {
  auto& me = selinux(self);
  const Cred& c = cred != nullptr ? *cred : *me.kernel().current().cred;
  return selinux_cred_task_has_perm(me, c, *p.real_cred, "process", {signal_to_av(sig)}, {});
}

// selinux_ptrace_access_check(): PTRACE_MODE_READ is file:read on the task, else ptrace.
int ptrace_access_check(LsmModule& self, Task& child, unsigned mode) {
  auto& me = selinux(self);
  const Cred& c = *me.kernel().current().cred;
  if ((mode & 0x01) != 0)  // PTRACE_MODE_READ
    return selinux_cred_task_has_perm(me, c, *child.real_cred, "file", {"read"}, {});
  return selinux_cred_task_has_perm(me, c, *child.real_cred, "process", {"ptrace"}, {});
}

// selinux_ptrace_traceme(): the parent must be allowed to trace the caller.
int ptrace_traceme(LsmModule& self, Task& parent) {
  auto& me = selinux(self);
  return selinux_cred_task_has_perm(me, *parent.real_cred, *me.kernel().current().cred, "process",
                                    {"ptrace"}, {});
}

// cred_has_capability(): capability/capability2 in the initial user namespace,
// cap_userns/cap2_userns elsewhere; self against self at every level.
int capable(LsmModule& self, const Cred& cred, const UserNamespace& ns, int cap, unsigned opts) {
  auto& me = selinux(self);
  const bool initns = ns.parent == nullptr;
  const char* sclass =
      cap < 32 ? (initns ? "capability" : "cap_userns") : (initns ? "capability2" : "cap2_userns");
  const std::string name = capability_name(cap).substr(4);  // drop "cap_"
  const unsigned flags = (opts & CAP_OPT_NOAUDIT) != 0 ? kSelinuxNoAudit : 0;
  for (const SelinuxLevel& l : me.levels(cred)) {
    const int rc =
        selinux_avc_has_perm(me, *l.ns, l.sid, l.sid, sclass, {name}, audit_cap(cap), flags);
    if (rc != 0) return rc;
  }
  return 0;
}

// selinux_capset(): process:setcap, the old credentials against the new ones.
int capset(LsmModule& self, Cred& new_cred, const Cred& old, const CapSet&, const CapSet&,
           const CapSet&) {
  return selinux_cred_task_has_perm(selinux(self), old, new_cred, "process", {"setcap"}, {});
}

// selinux_userns_create(): user_namespace:create, the creator on itself. Divergence: a
// policy without the class is not asked (the kernel applies handle_unknown, which the model
// does not record; Debian's policy has handle_unknown allow and no user_namespace class).
int userns_create(LsmModule& self, const Cred& cred) {
  auto& me = selinux(self);
  for (const SelinuxLevel& l : me.levels(cred)) {
    if (!l.ns->initialized() || l.ns->ss->class_value("user_namespace") == 0) continue;
    const int rc = selinux_avc_has_perm(me, *l.ns, l.sid, l.sid, "user_namespace", {"create"}, {});
    if (rc != 0) return rc;
  }
  return 0;
}

}  // namespace

void selinux_register_task_hooks(HookRegistrar& r) {
  r.add<Hook::bprm_creds_for_exec>(&bprm_creds_for_exec);
  r.add<Hook::task_kill>(&task_kill);
  r.add<Hook::ptrace_access_check>(&ptrace_access_check);
  r.add<Hook::ptrace_traceme>(&ptrace_traceme);
  r.add<Hook::capable>(&capable);
  r.add<Hook::capset>(&capset);
  r.add<Hook::userns_create>(&userns_create);
}

}  // namespace lsmsim
