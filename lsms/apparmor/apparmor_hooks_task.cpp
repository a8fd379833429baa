// AppArmor's task hooks (security/apparmor/lsm.c, capability.c, ipc.c, task.c, v6.12):
// capable, task_kill (signal send/receive), ptrace_access_check/ptrace_traceme
// (trace/read and tracedby/readby) and userns_create.
#include <cerrno>

#include "lsms/apparmor/apparmor_mediate.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/capability.h"
#include "model/kernel.h"
#include "model/process/ptrace_access.h"

namespace lsmsim {

int aa_capable(ApparmorLsm& me, const AaLabel& l, int cap, bool audit) {
  return aa_for_each_confined(l, [&](const AaProfile& p) {
    // profile_capable(): allow mask, deny wins.
    const aa::CapabilityRules& r = p.rules->caps;
    const std::uint64_t bit = std::uint64_t{1} << cap;
    const bool denied = ((r.allow & ~r.deny) & bit) == 0;
    const bool audit_all = p.rules->audit_all;
    const bool complain = p.mode() == aa::ProfileMode::complain;
    AaAuditData ad;
    ad.op = "capable";
    ad.cls = "cap";
    std::string name = capability_name(cap);
    if (name.rfind("cap_", 0) == 0) name = name.substr(4);
    ad.fields = " capability=" + std::to_string(cap) + "  capname=" + audit_untrusted_string(name);
    if (!audit) {
      // CAP_OPT_NOAUDIT: refused silently, or in complain mode logged as optional.
      if (!denied) return 0;
      if (!complain) return -EPERM;
      ad.info = "optional: no audit";
    }
    // audit_caps(): an allowed capability logs only when audited; a kill-mode denial logs
    // KILLED even if quiet; else a quiet denial refuses silently (complain too).
    const std::string quiet_why = "AppArmor profile " + p.hname + " denies capable (quiet)";
    if (!denied) {
      if (!audit_all && (r.audit & bit) == 0) return 0;
    } else if (p.mode() != aa::ProfileMode::kill && (r.quiet & bit) != 0 && !audit_all) {
      me.explain_denial(p.ns->hname, quiet_why);
      return -EPERM;
    }
    // Duplicate elimination: the same profile logging the same capability again is silent.
    if (me.cap_cache_profile == p.rules && (me.cap_cache_caps & bit) != 0) {
      if (!denied || complain) return 0;
      me.explain_denial(p.ns->hname, "AppArmor profile " + p.hname +
                                         " denies capable (a repeated record is not logged)");
      return -EPERM;
    }
    if (me.cap_cache_profile != p.rules) me.cap_cache_caps = 0;
    me.cap_cache_profile = p.rules;
    me.cap_cache_caps |= bit;
    return aa_profile_decide(me, p, denied, true, false, -EPERM, ad);
  });
}

namespace {

int capable(LsmModule& self, const Cred& cred, const UserNamespace&, int cap, unsigned opts) {
  auto& me = apparmor(self);
  return aa_capable(me, me.cred_aa_label(cred), cap, (opts & CAP_OPT_NOAUDIT) == 0);
}

// The signal names of security/apparmor/include/sig_names.h (index = signal number).
std::string signal_name(int sig) {
  static const char* const kNames[] = {
      "unknown", "hup",  "int",    "quit", "ill",   "trap", "abrt", "bus",
      "fpe",     "kill", "usr1",   "segv", "usr2",  "pipe", "alrm", "term",
      "stkflt",  "chld", "cont",   "stop", "stp",   "ttin", "ttou", "urg",
      "xcpu",    "xfsz", "vtalrm", "prof", "winch", "io",   "pwr",  "sys"};
  if (sig == 0) return "exists";  // sig_map[0] = MAXMAPPED_SIG, named "exists"
  if (sig > 0 && sig < static_cast<int>(std::size(kNames)))
    return kNames[static_cast<std::size_t>(sig)];
  return "rtmin+" + std::to_string(sig - 32);
}

const char* signal_mask(std::uint32_t m) {
  return m == aa::kSignalSend ? "send" : m == aa::kSignalReceive ? "receive" : "send receive";
}

// profile_signal_perm(): `request` (send or receive) against `peer`.
int profile_signal_perm(ApparmorLsm& me, const AaProfile& p, const AaLabel& peer,
                        std::uint32_t request, int sig) {
  const std::uint64_t sigbit = sig >= 1 && sig <= 64 ? std::uint64_t{1} << (sig - 1) : 0;
  std::uint32_t audit_bits = 0, quiet_bits = 0;
  auto perms_for = [&](const std::string& text) {
    std::uint32_t allow = 0, deny = 0;
    for (const aa::SignalRule& r : p.rules->signal) {
      if (sig == 0 ? !r.exists : (r.signals & sigbit) == 0) continue;
      if (r.peer.has_value() && !r.peer->matches(text)) continue;
      (r.deny ? deny : allow) |= r.perms;
      if (r.audit && !r.deny) audit_bits |= r.perms;
      if (r.deny && !r.audit) quiet_bits |= r.perms;  // the parser makes deny rules quiet
    }
    return allow & ~deny;
  };
  const std::uint32_t allowed = aa_peer_perms(p, peer, request, perms_for);
  const std::uint32_t denied = request & ~allowed;
  AaAuditData ad;
  ad.op = "signal";
  ad.cls = "signal";
  ad.fields = std::string(" requested_mask=\"") + signal_mask(request) + "\"";
  if (denied != 0) ad.fields += std::string(" denied_mask=\"") + signal_mask(denied) + "\"";
  ad.fields += " signal=" + signal_name(sig) + " peer=" + aa_peer_audit(p, peer);
  return aa_profile_decide(me, p, denied != 0, (audit_bits & request) != 0,
                           denied != 0 && (denied & ~quiet_bits) == 0, -EACCES, ad);
}

// apparmor_task_kill() -> aa_may_signal(): xcheck_labels(sender: send, target: receive);
// xcheck() evaluates (and logs) both sides, the receiver's error winning.
int task_kill(LsmModule& self, Task& target, int sig, const Cred* cred) {
  auto& me = apparmor(self);
  // Signal 0 (an existence test) is mediated as "exists" (sig_names.h).
  const AaLabel& tl = me.cred_aa_label(*target.real_cred);
  const AaLabel& cl = me.cred_aa_label(cred != nullptr ? *cred : *me.kernel().current().cred);
  int error = aa_for_each_confined(
      cl, [&](const AaProfile& p) { return profile_signal_perm(me, p, tl, aa::kSignalSend, sig); });
  const int e = aa_for_each_confined(tl, [&](const AaProfile& p) {
    return profile_signal_perm(me, p, cl, aa::kSignalReceive, sig);
  });
  if (e != 0) error = e;
  return error;
}

const char* ptrace_mask(std::uint32_t m) {
  switch (m) {
    case aa::kPtraceRead:
      return "read";
    case aa::kPtraceTrace:
      return "trace";
    case aa::kPtraceReadby:
      return "readby";
    case aa::kPtraceTracedby:
      return "tracedby";
  }
  return "";
}

// profile_ptrace_perm(): `request` (one PtracePerm bit) of `p` towards `peer`.
int profile_ptrace_perm(ApparmorLsm& me, const AaProfile& p, const AaLabel& peer,
                        std::uint32_t request) {
  std::uint32_t audit_bits = 0, quiet_bits = 0;
  auto perms_for = [&](const std::string& text) {
    std::uint32_t allow = 0, deny = 0;
    for (const aa::PtraceRule& r : p.rules->ptrace) {
      if (r.peer.has_value() && !r.peer->matches(text)) continue;
      // The bits as the parser writes them (ptrace_rule::gen_policy_re adds no implied ones).
      const std::uint32_t perms = r.perms;
      (r.deny ? deny : allow) |= perms;
      if (r.audit && !r.deny) audit_bits |= perms;
      if (r.deny && !r.audit) quiet_bits |= perms;  // the parser makes deny rules quiet
    }
    return allow & ~deny;
  };
  const std::uint32_t allowed = aa_peer_perms(p, peer, request, perms_for);
  const bool denied = (request & ~allowed) != 0;
  const bool quiet = denied && (request & ~allowed & ~quiet_bits) == 0;
  AaAuditData ad;
  ad.op = "ptrace";
  ad.cls = "ptrace";
  ad.fields = std::string(" requested_mask=\"") + ptrace_mask(request) + "\"";
  if (denied) ad.fields += std::string(" denied_mask=\"") + ptrace_mask(request) + "\"";
  ad.fields += " peer=" + aa_peer_audit(p, peer);
  return aa_profile_decide(me, p, denied, (audit_bits & request) != 0, quiet, -EACCES, ad);
}

// aa_may_ptrace(): the tracer's trace/read rules, then (unless the tracer is unconfined) the
// tracee's tracedby/readby rules.
int aa_may_ptrace(ApparmorLsm& me, const AaLabel& tracer, const AaLabel& tracee, bool read) {
  const std::uint32_t request = read ? aa::kPtraceRead : aa::kPtraceTrace;
  // xcheck_labels(): both sides are evaluated and logged; the tracee's error wins.
  int error = aa_for_each_confined(
      tracer, [&](const AaProfile& p) { return profile_ptrace_perm(me, p, tracee, request); });
  if (aa_label_unconfined(tracer)) return error;  // profile_tracee_perm: unconfined(tracer)
  const std::uint32_t xrequest = read ? aa::kPtraceReadby : aa::kPtraceTracedby;
  const int e = aa_for_each_confined(
      tracee, [&](const AaProfile& p) { return profile_ptrace_perm(me, p, tracer, xrequest); });
  if (e != 0) error = e;
  return error;
}

int ptrace_access_check(LsmModule& self, Task& child, unsigned mode) {
  auto& me = apparmor(self);
  return aa_may_ptrace(me, me.cred_aa_label(*me.kernel().current().cred),
                       me.cred_aa_label(*child.real_cred),
                       (mode & 0x01u) != 0 /* PTRACE_MODE_READ */);
}

int ptrace_traceme(LsmModule& self, Task& parent) {
  auto& me = apparmor(self);
  return aa_may_ptrace(me, me.cred_aa_label(*parent.real_cred),
                       me.cred_aa_label(*me.kernel().current().cred), false);
}

// apparmor_userns_create(): confined labels need the `userns,` rule in every profile that
// mediates the namespace class. lsmsim counts a profile as mediating it when it has a
// userns rule (the parser emits the class only with an abi that knows it).
int userns_create(LsmModule& self, const Cred&) {
  auto& me = apparmor(self);
  const AaLabel& l = me.cred_aa_label(*me.kernel().current().cred);
  if (aa_label_unconfined(l)) return 0;
  return aa_for_each_confined(l, [&](const AaProfile& p) {
    if (!p.rules->userns_create && !p.rules->userns_deny) return 0;
    const bool denied = p.rules->userns_deny || !p.rules->userns_create;
    AaAuditData ad;
    ad.op = "userns_create";
    ad.cls = "namespace";
    ad.fields = " requested=\"userns_create\"";
    if (denied) ad.fields += " denied=\"userns_create\"";
    return aa_profile_decide(me, p, denied, false, false, -EACCES, ad);
  });
}

}  // namespace

void apparmor_register_task_hooks(HookRegistrar& r) {
  r.add<Hook::capable>(&capable);
  r.add<Hook::task_kill>(&task_kill);
  r.add<Hook::ptrace_access_check>(&ptrace_access_check);
  r.add<Hook::ptrace_traceme>(&ptrace_traceme);
  r.add<Hook::userns_create>(&userns_create);
}

}  // namespace lsmsim
