// The AppArmor module object and its blobs, shared by the files of lsms/apparmor/.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lsms/apparmor/apparmor.h"
#include "lsms/apparmor/apparmor_labelset.h"
#include "lsms/apparmor/apparmor_policy_ns.h"
#include "model/cred.h"
#include "model/lsm/lsm_framework.h"
#include "model/task.h"

namespace lsmsim {

// The cred blob: the task's label (cred_label()), as a secid of the label set.
struct AaCredLabel {
  std::uint32_t label = 0;
};

// struct aa_task_ctx (the task blob): change_hat and change_onexec state, and the label
// no_new_privs was first seen under (ctx->nnp: kept across exec, copied to children).
struct AaTaskCtx {
  std::uint32_t nnp = 0;       // the confinement no_new_privs holds the task to
  std::uint32_t onexec = 0;    // attr/exec: the target as written (aa_set_current_onexec)
  bool onexec_stack = false;   // `stack` on attr/exec: stacked on the exec's own transition
  std::uint32_t previous = 0;  // attr/prev: the label before change_hat
  std::uint64_t token = 0;     // the change_hat magic token
};

// aa_clear_task_ctx_trans(): the hat and onexec state end (exec, return from a hat, a
// change to unconfined or to another namespace); nnp stays.
inline void aa_clear_task_ctx_trans(AaTaskCtx& ctx) {
  ctx.onexec = 0;
  ctx.onexec_stack = false;
  ctx.previous = 0;
  ctx.token = 0;
}

// struct aa_sk_ctx: the socket's label and its peer's.
struct AaSkCtx {
  std::uint32_t label = 0;
  std::uint32_t peer = 0;
};

// One audit record being built (struct apparmor_audit_data).
struct AaAuditData {
  const char* op = "";   // operation="..."
  const char* cls = "";  // class="..." ("" for none)
  std::string info;      // info="..." (+ error=N)
  int error = 0;
  std::string name;    // name="..." (files: the path)
  std::string fields;  // the class callback's fields, each with its leading space
};

class ApparmorLsm final : public LsmModule {
 public:
  ApparmorLsm(Kernel& kernel, const LsmDescriptor& desc);
  void register_hooks(HookRegistrar& r) override;
  void init_boot_cred(Cred& cred) override;
  void init_boot_task(Task& task) override;

  // The secid stored in the cred (may have been redirected since: use label()).
  std::uint32_t& cred_label(Cred& c) {
    return c.security.at<AaCredLabel>(blob_offset(BlobKind::cred)).label;
  }
  std::uint32_t cred_label(const Cred& c) const {
    return labels.newest(c.security.at<AaCredLabel>(blob_offset(BlobKind::cred)).label);
  }
  AaTaskCtx& task_ctx(Task& t) { return t.security.at<AaTaskCtx>(blob_offset(BlobKind::task)); }
  AaSkCtx& sk_ctx(Socket& s);

  // The newest version of label `secid` (the root unconfined for 0 or unknown).
  const AaLabel& label(std::uint32_t secid) const;
  const AaLabel& cred_aa_label(const Cred& c) const { return label(cred_label(c)); }
  // The namespace a task's label puts it in (labels_ns(cred label)): its view of policy.
  AaNs& task_ns(const Task& t) const { return aa_labels_ns(cred_aa_label(*t.cred)); }
  // The label's canonical text (root view, no mode).
  const std::string& name(std::uint32_t secid) const { return label(secid).text; }
  // aa_getprocattr(): as `viewer` sees it with its mode; -EACCES if its namespace is not
  // visible to the viewer.
  int print(std::uint32_t secid, const Task& viewer, std::string& out) const;
  std::string print(std::uint32_t secid, const Task& viewer) const;
  // The same without the visibility check (SO_PEERSEC, secctx): out-of-view components are
  // left out, "unconfined" when none is visible.
  std::string print_view(std::uint32_t secid, const Task& viewer) const;
  std::uint32_t intern(std::vector<AaComponent> vec) { return labels.intern(std::move(vec)); }

  // Removing a profile or namespace redirects the labels naming it.
  int remove_profile(AaNs& ns, std::string_view hname);
  void remove_ns(AaNs& ns);

  // aa_audit_msg() for the profile `p` of a decision: type "DENIED", "ALLOWED", "AUDIT".
  void audit(const char* type, const AaProfile& p, const AaAuditData& ad);
  // The same with a whole label as subject (label=...), for status records.
  void audit_label(const char* type, const AaLabel& l, const AaAuditData& ad);

  AaPolicy policy;
  AaLabelSet labels;
  std::uint32_t unconfined = 0;  // the root namespace's unconfined label
  std::vector<std::string> audit_log;
  // /proc/sys/kernel/unprivileged_userns_apparmor_policy (default 1) and
  // apparmor.lock_policy (aa_g_lock_policy).
  int unprivileged_userns_apparmor_policy = 1;
  bool lock_policy = false;
  // audit_caps()' duplicate elimination (one per-cpu audit_cache: lsmsim has one CPU): the
  // last profile that logged a capability and the capabilities it logged since.
  std::shared_ptr<const aa::Profile> cap_cache_profile;
  std::uint64_t cap_cache_caps = 0;
};

inline ApparmorLsm& apparmor(LsmModule& m) {
  return static_cast<ApparmorLsm&>(m);
}

// The per-profile outcome of a mediation (aa_check_perms' audit part) for one profile.
// `denied` is the part of the request the profile refuses; complain mode allows it (and
// logs ALLOWED); kill mode refuses and sends SIGKILL. Returns 0 or `error` for refusal.
int aa_profile_decide(ApparmorLsm& me, const AaProfile& p, bool denied, bool audit_allowed,
                      bool quiet, int error, AaAuditData ad);

// policy_ns_capable + aa_policy_admin_capable / aa_policy_view_capable (policy.c).
bool aa_policy_view_capable(ApparmorLsm& me, const Cred& cred, const AaNs* ns);
bool aa_policy_admin_capable(ApparmorLsm& me, const Cred& cred, const AaNs* ns);
// aa_capable() for one label (the capable hook's AppArmor part): 0 or -EPERM.
int aa_capable(ApparmorLsm& me, const AaLabel& l, int cap, bool audit);

void apparmor_register_attr_hooks(HookRegistrar& r);
void apparmor_register_file_hooks(HookRegistrar& r);
void apparmor_register_exec_hooks(HookRegistrar& r);
void apparmor_register_task_hooks(HookRegistrar& r);
void apparmor_register_net_hooks(HookRegistrar& r);
void apparmor_register_mount_hooks(HookRegistrar& r);
void apparmor_register_apparmorfs(ApparmorLsm& me);

}  // namespace lsmsim
