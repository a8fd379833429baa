// One SELinux namespace (struct selinux_state of the unmerged Smalley series "SELinux
// namespace support", v7 2025): its parent and depth, its own security server (none until a
// policy is loaded), its AVC and enforcing flag, and its view of the global SID table.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "lsms/selinux/policy/avc.h"
#include "lsms/selinux/policy/services.h"

namespace lsmsim {

class SelinuxLsm;

// How many namespaces live (for maxns); shared so a namespace may outlive the module.
struct SelinuxNsCounter {
  int live = 0;
  int created = 0;
};

// struct selinux_kernel_status (security.h): the page /sys/fs/selinux/status maps, 20 bytes.
struct SelinuxKernelStatus {
  std::uint32_t version = 1;   // SELINUX_KERNEL_STATUS_VERSION
  std::uint32_t sequence = 0;  // seqlock: odd while an update is in progress
  std::uint32_t enforcing = 0;
  std::uint32_t policyload = 0;  // the policy seqno at the last load or boolean commit
  std::uint32_t deny_unknown = 0;
};

class SelinuxNamespace : public std::enable_shared_from_this<SelinuxNamespace> {
 public:
  SelinuxNamespace(const SelinuxLsm& lsm, std::shared_ptr<SelinuxNamespace> parent,
                   std::shared_ptr<SelinuxNsCounter> c);
  ~SelinuxNamespace();
  SelinuxNamespace(const SelinuxNamespace&) = delete;
  SelinuxNamespace& operator=(const SelinuxNamespace&) = delete;

  bool initialized() const { return ss != nullptr; }
  bool is_ancestor_or_self_of(const SelinuxNamespace& other) const;

  // Installs a new policy (security_load_policy): AVC and SID views flushed, seqno bumped.
  void install_policy(std::unique_ptr<sepolicy::SecurityServer> server);
  // Policy changed otherwise (booleans): the AVC is flushed (avc_ss_reset).
  void policy_changed();
  // setenforce: the flag, the AVC flush, and the status page (selinux_status_update_setenforce).
  void set_enforcing(bool value);
  // selinux_notify_policy_change(): after a load or a boolean commit, the AVC flush and the
  // status page's policyload.
  void notify_policy_change();
  // selinux_kernel_status_page(): allocated at the first open of /sys/fs/selinux/status, with
  // policyload 0 ("the next policyload event shall set a positive value").
  const SelinuxKernelStatus& status_page();

  // The context of global `sid` under this namespace's policy; null if the policy rejects
  // it (then the namespace treats the object as unlabeled). Requires a policy.
  const sepolicy::Context* lookup(const SelinuxLsm& lsm, std::uint32_t sid);
  const sepolicy::Context* lookup(std::uint32_t sid) { return lookup(*lsm_, sid); }
  // The global SID of an initial SID's context in this policy ("kernel", "security",
  // "unlabeled", "file", ...); the global unlabeled SID if the policy has none.
  std::uint32_t initial_sid(SelinuxLsm& lsm, const std::string& name);

  // The security server's decision for global SIDs (what the AVC caches): contexts this
  // policy rejects are treated as unlabeled.
  sepolicy::AvDecision compute(std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass,
                               sepolicy::AccessVector requested = 0xffffffffu);
  std::string cache_stats() const { return avc.cache_stats_text(); }

  std::shared_ptr<SelinuxNamespace> parent;
  int depth = 0;
  std::string name;  // "init", "selinuxns1", ...
  std::unique_ptr<sepolicy::SecurityServer> ss;
  bool enforcing = false;
  std::uint32_t seqno = 0;
  std::map<std::string, bool, std::less<>> pending_bools;
  sepolicy::Avc avc;  // the server helper's AVC (lsms/selinux/policy/avc.h)

 private:
  const SelinuxLsm* lsm_;
  std::shared_ptr<SelinuxNsCounter> counter_;
  std::optional<SelinuxKernelStatus> status_;
  std::unordered_map<std::uint32_t, std::optional<sepolicy::Context>> contexts_;
};

}  // namespace lsmsim
