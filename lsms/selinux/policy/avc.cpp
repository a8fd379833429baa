#include "lsms/selinux/policy/avc.h"

#include <algorithm>
#include <cerrno>

namespace lsmsim::sepolicy {

Avc::Avc(ComputeFn compute) : compute_(std::move(compute)) {}

Avc::Node* Avc::lookup(std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass) {
  ++stats_.lookups;
  for (Node& n : slots_[hash(ssid, tsid, tclass)])
    if (n.ssid == ssid && n.tsid == tsid && n.tclass == tclass) return &n;
  ++stats_.misses;
  return nullptr;
}

void Avc::alloc_node() {
  ++stats_.allocations;
  ++active_;
  if (active_ > threshold_) reclaim();
}

// Walks the slots from the round-robin hint, deleting nodes from the head of each slot's
// chain until AVC_CACHE_RECLAIM are gone.
void Avc::reclaim() {
  unsigned freed = 0;
  for (unsigned attempt = 0; attempt < kAvcCacheSlots; ++attempt) {
    lru_hint_ = lru_hint_ + 1;
    Slot& slot = slots_[lru_hint_ & (kAvcCacheSlots - 1)];
    while (!slot.empty()) {
      slot.pop_front();
      --active_;
      ++stats_.reclaims;
      ++stats_.frees;
      if (++freed >= kAvcCacheReclaim) return;
    }
  }
}

// avc_insert(): a new node goes to the head of its chain, replacing one with the same key.
void Avc::insert(std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass,
                 const AvDecision& d) {
  alloc_node();
  Slot& slot = slots_[hash(ssid, tsid, tclass)];
  for (Node& n : slot) {
    if (n.ssid == ssid && n.tsid == tsid && n.tclass == tclass) {
      n.avd = d;  // avc_node_replace(): the old node is freed
      --active_;
      ++stats_.frees;
      return;
    }
  }
  slot.push_front(Node{ssid, tsid, tclass, d});
}

// avc_update_node(AVC_CALLBACK_GRANT): a new node with the permissions added replaces the
// cached one; if the cached one was reclaimed meanwhile, the new node is dropped.
void Avc::grant(std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass, AccessVector perms) {
  alloc_node();
  for (Node& n : slots_[hash(ssid, tsid, tclass)]) {
    if (n.ssid == ssid && n.tsid == tsid && n.tclass == tclass) {
      n.avd.allowed |= perms;
      --active_;
      ++stats_.frees;
      return;
    }
  }
  --active_;  // avc_node_kill()
  ++stats_.frees;
}

AvcResult Avc::has_perm(std::uint32_t ssid, std::uint32_t tsid, std::uint16_t tclass,
                        AccessVector requested, bool enforcing) {
  AvcResult r;
  if (Node* n = lookup(ssid, tsid, tclass)) {
    r.decision = n->avd;
  } else {
    r.decision = compute_(ssid, tsid, tclass);
    insert(ssid, tsid, tclass, r.decision);
  }
  const AvDecision& avd = r.decision;
  r.denied = requested & ~avd.allowed;
  if (r.denied != 0) {
    // avc_denied(): enforcing and not a permissive domain -> -EACCES; else grant and allow.
    if (enforcing && !avd.permissive)
      r.rc = -EACCES;
    else
      grant(ssid, tsid, tclass, requested);
    r.audited = r.denied & avd.auditdeny;
  } else {
    r.audited = requested & avd.auditallow;
  }
  return r;
}

void Avc::flush() {
  for (Slot& slot : slots_) {
    stats_.frees += slot.size();
    active_ -= slot.size();
    slot.clear();
  }
}

std::string Avc::cache_stats_text() const {
  return "lookups hits misses allocations reclaims frees\n" + std::to_string(stats_.lookups) + " " +
         std::to_string(stats_.hits()) + " " + std::to_string(stats_.misses) + " " +
         std::to_string(stats_.allocations) + " " + std::to_string(stats_.reclaims) + " " +
         std::to_string(stats_.frees) + "\n";
}

std::string Avc::hash_stats_text() const {
  std::size_t used = 0, longest = 0;
  for (const Slot& s : slots_) {
    if (!s.empty()) ++used;
    longest = std::max(longest, s.size());
  }
  return "entries: " + std::to_string(active_) + "\nbuckets used: " + std::to_string(used) + "/" +
         std::to_string(kAvcCacheSlots) + "\nlongest chain: " + std::to_string(longest) + "\n";
}

}  // namespace lsmsim::sepolicy
