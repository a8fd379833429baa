// One SELinux namespace (struct selinux_state of the unmerged Smalley series "SELinux
// namespace support", v7 2025): its parent and depth, its own security server (none until a
// policy is loaded), its AVC and enforcing flag, and its view of the global SID table.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>

#include "lsms/selinux/policy/services.h"

namespace lsmsim {

class SelinuxLsm;

// How many namespaces live (for maxns); shared so a namespace may outlive the module.
struct SelinuxNsCounter {
  int live = 0;
  int created = 0;
};

// The AVC statistics (struct avc_cache_stats).
struct SelinuxAvcStats {
  std::uint64_t lookups = 0, hits = 0, misses = 0, allocations = 0, reclaims = 0, frees = 0;
};

class SelinuxNamespace {
 public:
  SelinuxNamespace(std::shared_ptr<SelinuxNamespace> parent, std::shared_ptr<SelinuxNsCounter> c);
  ~SelinuxNamespace();
  SelinuxNamespace(const SelinuxNamespace&) = delete;
  SelinuxNamespace& operator=(const SelinuxNamespace&) = delete;

  bool initialized() const { return ss != nullptr; }
  bool is_ancestor_or_self_of(const SelinuxNamespace& other) const;

  // Installs a new policy (security_load_policy): AVC and SID views flushed, seqno bumped.
  void install_policy(std::unique_ptr<sepolicy::SecurityServer> server);
  // Policy changed otherwise (booleans): the AVC is flushed (avc_ss_reset).
  void policy_changed();

  // The context of global `sid` under this namespace's policy; null if the policy rejects
  // it (then the namespace treats the object as unlabeled). Requires a policy.
  const sepolicy::Context* lookup(const SelinuxLsm& lsm, std::uint32_t sid);
  // The global SID of an initial SID's context in this policy ("kernel", "security",
  // "unlabeled", "file", ...); the global unlabeled SID if the policy has none.
  std::uint32_t initial_sid(SelinuxLsm& lsm, const std::string& name);

  // The AVC: the decision for (ssid, tsid, tclass) of global SIDs, cached.
  sepolicy::AvDecision& avc_lookup(SelinuxLsm& lsm, std::uint32_t ssid, std::uint32_t tsid,
                                   std::uint16_t tclass);
  std::string cache_stats() const;

  std::shared_ptr<SelinuxNamespace> parent;
  int depth = 0;
  std::string name;  // "init", "selinuxns1", ...
  std::unique_ptr<sepolicy::SecurityServer> ss;
  bool enforcing = false;
  std::uint32_t seqno = 0;
  unsigned cache_threshold = 512;
  std::map<std::string, bool, std::less<>> pending_bools;
  SelinuxAvcStats stats;

 private:
  std::shared_ptr<SelinuxNsCounter> counter_;
  std::unordered_map<std::uint32_t, std::optional<sepolicy::Context>> contexts_;
  struct AvcKeyHash {
    std::size_t operator()(const std::tuple<std::uint32_t, std::uint32_t, std::uint16_t>& k) const {
      return (std::size_t{std::get<0>(k)} * 0x9E3779B1u) ^ (std::size_t{std::get<1>(k)} << 20) ^
             std::get<2>(k);
    }
  };
  std::unordered_map<std::tuple<std::uint32_t, std::uint32_t, std::uint16_t>, sepolicy::AvDecision,
                     AvcKeyHash>
      avc_;
};

}  // namespace lsmsim
