// The access vector cache (the kernel's security/selinux/avc.c), one per SELinux namespace.
//
// It caches the security server's decision for a (source SID, target SID, class) triple of
// global SIDs. The decision itself comes from a compute function given at construction
// (a namespace passes one that maps the SIDs to its own policy's contexts), so the AVC knows
// nothing about namespaces or policies.
//
//   Avc avc([&](std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass) {
//     return server.compute_av(ctx(ssid), ctx(tsid), tclass);
//   });
//   AvcResult r = avc.has_perm(ssid, tsid, tclass, requested, enforcing);
//   if (r.audited) log an AVC record ("denied" if r.denied, else "granted"); return r.rc;
//
// Call flush() when the policy is reloaded or a boolean changes (avc_ss_reset()).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <list>
#include <string>

#include "lsms/selinux/policy/services.h"

namespace lsmsim::sepolicy {

inline constexpr unsigned kAvcCacheSlots = 512;         // AVC_CACHE_SLOTS
inline constexpr unsigned kAvcDefCacheThreshold = 512;  // AVC_DEF_CACHE_THRESHOLD
inline constexpr unsigned kAvcCacheReclaim = 16;        // AVC_CACHE_RECLAIM

// struct avc_cache_stats; `hits` is derived as lookups - misses, as selinuxfs prints it.
struct AvcStats {
  std::uint64_t lookups = 0, misses = 0, allocations = 0, reclaims = 0, frees = 0;
  std::uint64_t hits() const { return lookups - misses; }
};

struct AvcResult {
  int rc = 0;                // 0, or -EACCES when denied in an enforcing, non-permissive case
  AccessVector denied = 0;   // requested & ~allowed (before a permissive grant)
  AccessVector audited = 0;  // the permissions an AVC record names (avc_audit_required)
  AvDecision decision;       // the decision the check used (as cached before any grant)
};

class Avc {
 public:
  using ComputeFn =
      std::function<AvDecision(std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass)>;

  explicit Avc(ComputeFn compute);

  // avc_has_perm_noaudit() + avc_audit_required(): looks up or computes the decision; a
  // denial when not `enforcing` (a permissive namespace) or when the source domain is
  // permissive is granted into the cached node (AVC_CALLBACK_GRANT), so later checks see it
  // allowed and the denial is audited once. `audited` != 0 means: emit a record.
  AvcResult has_perm(std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass,
                     AccessVector requested, bool enforcing);

  // avc_flush(): drops every node (each counts as a free). Statistics persist.
  void flush();

  // /sys/fs/selinux/avc/cache_threshold.
  unsigned cache_threshold() const { return threshold_; }
  void set_cache_threshold(unsigned t) { threshold_ = t; }

  const AvcStats& stats() const { return stats_; }
  std::size_t active_nodes() const { return active_; }
  // /sys/fs/selinux/avc/cache_stats (one CPU):
  // "lookups hits misses allocations reclaims frees\n" then the six numbers.
  std::string cache_stats_text() const;
  // /sys/fs/selinux/avc/hash_stats: "entries: N\nbuckets used: U/512\nlongest chain: L\n".
  std::string hash_stats_text() const;

  // avc_hash().
  static unsigned hash(std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass) {
    return (ssid ^ (tsid << 2) ^ (static_cast<std::uint32_t>(tclass) << 4)) & (kAvcCacheSlots - 1);
  }

 private:
  struct Node {
    std::uint32_t ssid, tsid;
    std::uint16_t tclass;
    AvDecision avd;
  };
  using Slot = std::list<Node>;

  Node* lookup(std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass);
  void alloc_node();  // avc_alloc_node(): counts the allocation, reclaims when over threshold
  void reclaim();     // avc_reclaim_node()
  void insert(std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass, const AvDecision& d);
  void grant(std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass, AccessVector perms);

  ComputeFn compute_;
  std::array<Slot, kAvcCacheSlots> slots_;
  unsigned threshold_ = kAvcDefCacheThreshold;
  unsigned lru_hint_ = 0;
  std::size_t active_ = 0;
  AvcStats stats_;
};

}  // namespace lsmsim::sepolicy
