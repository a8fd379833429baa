// SELinux namespaces: life, SID views and the AVC of one namespace (Smalley series,
// "selinux: support per-task/cred selinux namespace", "selinux: introduce cred_has_perm()").
#include "lsms/selinux/selinux_namespace.h"

#include "lsms/selinux/selinux_lsm.h"

namespace lsmsim {

SelinuxNamespace::SelinuxNamespace(const SelinuxLsm& lsm, std::shared_ptr<SelinuxNamespace> p,
                                   std::shared_ptr<SelinuxNsCounter> c)
    : parent(std::move(p)),
      avc([this](std::uint32_t s, std::uint32_t t, std::uint16_t cls) {
        return compute(s, t, cls);
      }),
      lsm_(&lsm),
      counter_(std::move(c)) {
  depth = parent == nullptr ? 0 : parent->depth + 1;
  ++counter_->live;
  name = parent == nullptr ? "init" : "selinuxns" + std::to_string(++counter_->created);
}

SelinuxNamespace::~SelinuxNamespace() {
  --counter_->live;
}

bool SelinuxNamespace::is_ancestor_or_self_of(const SelinuxNamespace& other) const {
  for (const SelinuxNamespace* n = &other; n != nullptr; n = n->parent.get())
    if (n == this) return true;
  return false;
}

void SelinuxNamespace::install_policy(std::unique_ptr<sepolicy::SecurityServer> server) {
  ss = std::move(server);
  pending_bools.clear();
  contexts_.clear();
  notify_policy_change();
}

void SelinuxNamespace::policy_changed() {
  avc.flush();
  ++seqno;
}

void SelinuxNamespace::set_enforcing(bool value) {
  enforcing = value;
  // sel_write_enforce(): avc_ss_reset() flushes the AVC; the policy's seqno (what `access`
  // reports, latest_granting) is the policy's and does not move.
  avc.flush();
  if (!status_) return;
  ++status_->sequence;  // the writer's side of the seqlock: odd, update, even
  status_->enforcing = value ? 1 : 0;
  ++status_->sequence;
}

// lsmsim's policies always deny unknown classes and permissions (handle_unknown=deny), so
// !security_get_allow_unknown() is 1, with or without a policy.
void SelinuxNamespace::notify_policy_change() {
  policy_changed();
  if (!status_) return;  // selinux_status_update_policyload()
  ++status_->sequence;
  status_->policyload = seqno;
  status_->deny_unknown = 1;
  ++status_->sequence;
}

const SelinuxKernelStatus& SelinuxNamespace::status_page() {
  if (!status_) {
    status_.emplace();
    status_->enforcing = enforcing ? 1 : 0;
    status_->deny_unknown = 1;
  }
  return *status_;
}

const sepolicy::Context* SelinuxNamespace::lookup(const SelinuxLsm& lsm, std::uint32_t sid) {
  auto it = contexts_.find(sid);
  if (it == contexts_.end()) {
    std::optional<sepolicy::Context> c;
    // The global kernel/unlabeled SIDs are initial SIDs: each policy gives its own context.
    const char* isid = sid == lsm.kernel_sid      ? "kernel"
                       : sid == lsm.unlabeled_sid ? "unlabeled"
                                                  : nullptr;
    if (isid != nullptr) {
      for (const auto& s : ss->policy().initial_sids)
        if (s.name == isid && s.context) c = *s.context;
    }
    if (!c) {
      const std::string* text = lsm.sids.find(sid);
      sepolicy::Context parsed;
      if (text != nullptr && ss->context_from_string(*text, parsed) == 0) c = parsed;
    }
    it = contexts_.emplace(sid, std::move(c)).first;
  }
  return it->second ? &*it->second : nullptr;
}

std::uint32_t SelinuxNamespace::initial_sid(SelinuxLsm& lsm, const std::string& isid) {
  if (isid == "kernel") return lsm.kernel_sid;
  if (isid == "unlabeled") return lsm.unlabeled_sid;
  if (ss == nullptr) return lsm.unlabeled_sid;
  for (const auto& s : ss->policy().initial_sids)
    if (s.name == isid && s.context) return lsm.sids.intern(ss->context_to_string(*s.context));
  return lsm.unlabeled_sid;
}

sepolicy::AvDecision SelinuxNamespace::compute(std::uint32_t ssid, std::uint32_t tsid,
                                               std::uint16_t tclass,
                                               sepolicy::AccessVector requested) {
  // An object whose context this policy rejects is treated as unlabeled (as bogus labels are).
  const sepolicy::Context* s = lookup(ssid);
  if (s == nullptr) s = lookup(lsm_->unlabeled_sid);
  const sepolicy::Context* t = lookup(tsid);
  if (t == nullptr) t = lookup(lsm_->unlabeled_sid);
  if (s == nullptr || t == nullptr) {
    sepolicy::AvDecision d;
    d.reason = sepolicy::kReasonTe;
    d.explanation = "the policy defines no context for the unlabeled initial SID";
    return d;
  }
  return ss->compute_av(*s, *t, tclass, requested);
}

}  // namespace lsmsim
