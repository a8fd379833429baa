#include "lsms/selinux/selinux_access.h"

#include <cerrno>

#include "model/kernel.h"

namespace lsmsim {

namespace {

std::string perms_text(const SelinuxPerms& perms) {
  std::string s = "{";
  for (std::string_view p : perms) s += " " + std::string(p);
  return s + " }";
}

std::string reason_text(const sepolicy::AvDecision& d) {
  std::string s;
  if (d.reason & sepolicy::kReasonTe) s += "no allow rule (TE)";
  if (d.reason & sepolicy::kReasonConstraint) s += s.empty() ? "constraint" : ", constraint";
  if (d.reason & sepolicy::kReasonRbac) s += s.empty() ? "RBAC" : ", RBAC";
  if (d.reason & sepolicy::kReasonBounds) s += s.empty() ? "typebounds" : ", typebounds";
  if (!d.explanation.empty()) s += (s.empty() ? "" : ": ") + d.explanation;
  return s;
}

// One namespace level's verdict for `lsmsim explain`; callers test noting_levels() first so
// that no text is built when the kernel does not trace.
void note(SelinuxLsm& me, SelinuxNamespace& ns, std::uint32_t ssid, int rc, std::string why) {
  me.note_level(ns.name, me.context_in(ssid, ns), rc, std::move(why));
}

}  // namespace

int selinux_avc_has_perm(SelinuxLsm& me, SelinuxNamespace& ns, std::uint32_t ssid,
                         std::uint32_t tsid, std::string_view tclass, const SelinuxPerms& perms,
                         const SelinuxAuditData& ad, unsigned flags) {
  if (!ns.initialized()) {  // an uninitialized namespace allows everything
    if (me.noting_levels())
      note(me, ns, ssid, 0, "no policy loaded in this SELinux namespace: allowed");
    return 0;
  }
  const sepolicy::SecurityServer& ss = *ns.ss;
  const std::uint16_t cls = ss.class_value(tclass);
  sepolicy::AccessVector req = 0;
  std::vector<std::string> denied_names, unknown;
  for (std::string_view p : perms) {
    const sepolicy::AccessVector bit = cls == 0 ? 0 : ss.perm_bit(cls, p);
    if (bit == 0) unknown.emplace_back(p);
    req |= bit;
  }
  sepolicy::AvcResult r;
  if (cls != 0) r = ns.avc.has_perm(ssid, tsid, cls, req, ns.enforcing);
  const bool granted = r.denied == 0 && unknown.empty();
  if (granted && (r.audited == 0 || (flags & kSelinuxNoAudit) != 0)) {
    if (me.noting_levels())
      note(me, ns, ssid, 0,
           "allowed: " + std::string(tclass) + " " + perms_text(perms) + " to " +
               me.context_in(tsid, ns));
    return 0;
  }

  const bool permissive = !ns.enforcing || r.decision.permissive;
  // avc_dump_av(): the audited permissions (denied & auditdeny, or requested & auditallow),
  // walked in the class's bit order. A dontaudit'ed denial is not logged; its explanation
  // names the denied permissions.
  const sepolicy::AccessVector shown = r.audited != 0 ? r.audited : granted ? 0 : r.denied;
  const sepolicy::SecurityClass* sc = cls == 0 ? nullptr : ss.policy().tclass(cls);
  if (sc != nullptr) {
    for (std::size_t i = 0; i < sc->perms.size() && i < 32; ++i) {
      const std::string& name = sc->perms[i];
      if ((shown & sc->perm_bit(name)) != 0) denied_names.push_back(name);
    }
  }
  for (const std::string& p : unknown) denied_names.push_back(p);
  SelinuxAvcRecord rec;
  rec.denied = !granted;
  rec.perms = denied_names;
  Kernel& k = me.kernel();
  if (k.has_current()) {
    rec.pid = k.current().pid;
    rec.comm = k.current().comm;
  }
  rec.fields = audit_fields(ad);
  // avc_audit_post_callback(): a context invalid under the policy is shown as the unlabeled
  // context (security_sid_to_context maps it so), its own text then as srawcon/trawcon.
  const bool s_invalid = ns.lookup(me, ssid) == nullptr;
  const bool t_invalid = ns.lookup(me, tsid) == nullptr;
  rec.scontext = me.context_in(s_invalid ? me.unlabeled_sid : ssid, ns);
  rec.tcontext = me.context_in(t_invalid ? me.unlabeled_sid : tsid, ns);
  if (s_invalid) rec.srawcon = me.context_in(ssid, ns);
  if (t_invalid) rec.trawcon = me.context_in(tsid, ns);
  rec.tclass = std::string(tclass);
  rec.permissive = permissive;
  const std::string record = format_avc_record(rec);
  const bool audited = (flags & kSelinuxNoAudit) == 0 && (r.audited != 0 || !unknown.empty());
  if (audited) {
    me.audit_log.push_back(record);
    me.kernel().audit().log(AUDIT_AVC, record);  // avc_audit -> common_lsm_audit
  }
  if (granted || permissive) {  // a permissive level only logs
    if (me.noting_levels())
      note(me, ns, ssid, 0,
           granted ? "allowed (audited): " + record
                   : std::string(!ns.enforcing ? "permissive namespace" : "permissive domain") +
                         ": the denial is only logged: " + record);
    return 0;
  }
  std::string why;
  if (!unknown.empty()) {
    why = cls == 0 ? "class " + std::string(tclass) + " is not defined by the policy"
                   : "permission(s) not defined by the policy for class " + std::string(tclass);
    why += " (handle_unknown=deny)";
  } else {
    why = reason_text(ns.compute(ssid, tsid, cls, r.denied));
  }
  std::string reason = record;
  if (!why.empty()) reason += " (" + why + ")";
  if (!audited) reason += " [dontaudit: not logged]";
  reason += " [SELinux namespace " + ns.name + "]";
  if (me.noting_levels()) note(me, ns, ssid, -EACCES, reason);
  me.explain_denial(ns.name, std::move(reason));
  return -EACCES;
}

int selinux_cred_has_perm(SelinuxLsm& me, const Cred& cred, std::uint32_t tsid,
                          std::string_view tclass, const SelinuxPerms& perms,
                          const SelinuxAuditData& ad, unsigned flags) {
  for (const SelinuxLevel& l : me.levels(cred)) {
    const int rc = selinux_avc_has_perm(me, *l.ns, l.sid, tsid, tclass, perms, ad, flags);
    if (rc != 0) return rc;
  }
  return 0;
}

int selinux_cred_inode_has_perm(SelinuxLsm& me, const Cred& cred, Inode& inode,
                                std::string_view tclass, const SelinuxPerms& perms,
                                const SelinuxAuditData& ad, unsigned flags) {
  for (const SelinuxLevel& l : me.levels(cred)) {
    const int rc = selinux_avc_has_perm(me, *l.ns, l.sid, me.inode_sid_at(inode, *l.ns), tclass,
                                        perms, ad, flags);
    if (rc != 0) return rc;
  }
  return 0;
}

int selinux_cred_task_has_perm(SelinuxLsm& me, const Cred& cred, const Cred& target,
                               std::string_view tclass, const SelinuxPerms& perms,
                               const SelinuxAuditData& ad) {
  for (const SelinuxLevel& l : me.levels(cred)) {
    const std::uint32_t tsid = me.sid_at(target, *l.ns);
    const int rc = selinux_avc_has_perm(me, *l.ns, l.sid, tsid, tclass, perms, ad);
    if (rc != 0) return rc;
  }
  return 0;
}

const char* inode_mode_to_security_class(unsigned mode) {
  switch (mode & 0170000) {
    case 0140000:
      return "sock_file";
    case 0120000:
      return "lnk_file";
    case 0100000:
      return "file";
    case 0060000:
      return "blk_file";
    case 0040000:
      return "dir";
    case 0020000:
      return "chr_file";
    case 0010000:
      return "fifo_file";
    default:
      return "file";
  }
}

}  // namespace lsmsim
