// The AVC: caching, statistics, reclaim, permissive grants and auditing.
#include <boost/test/unit_test.hpp>

#include <cerrno>

#include "lsms/selinux/policy/avc.h"

using namespace lsmsim::sepolicy;

namespace {
// A compute function that counts its calls: allows bit 0, dontaudits bit 2, auditallows bit 0.
struct Counter {
  int calls = 0;
  bool permissive = false;
  Avc::ComputeFn fn() {
    return [this](std::uint32_t, std::uint32_t, std::uint16_t) {
      ++calls;
      AvDecision d;
      d.allowed = 1;
      d.auditallow = 1;
      d.auditdeny = ~4u;
      d.permissive = permissive;
      return d;
    };
  }
};
}  // namespace

BOOST_AUTO_TEST_SUITE(selinux_avc)

BOOST_AUTO_TEST_CASE(second_lookup_hits_the_cache) {
  Counter c;
  Avc avc(c.fn());
  BOOST_TEST(avc.has_perm(1, 2, 3, 1, true).rc == 0);
  BOOST_TEST(avc.has_perm(1, 2, 3, 1, true).rc == 0);
  BOOST_TEST(c.calls == 1);
  BOOST_TEST(avc.cache_stats_text() ==
             "lookups hits misses allocations reclaims frees\n2 1 1 1 0 0\n");
  BOOST_TEST(avc.hash_stats_text() == "entries: 1\nbuckets used: 1/512\nlongest chain: 1\n");
}

BOOST_AUTO_TEST_CASE(enforcing_denial_is_refused_and_audited_each_time) {
  Counter c;
  Avc avc(c.fn());
  AvcResult r = avc.has_perm(1, 2, 3, 2, true);
  BOOST_TEST(r.rc == -EACCES);
  BOOST_TEST(r.denied == 2u);
  BOOST_TEST(r.audited == 2u);
  r = avc.has_perm(1, 2, 3, 2, true);
  BOOST_TEST(r.rc == -EACCES);
  BOOST_TEST(r.audited == 2u);
  // dontaudit'ed permission: denied, not audited.
  r = avc.has_perm(1, 2, 3, 4, true);
  BOOST_TEST(r.rc == -EACCES);
  BOOST_TEST(r.audited == 0u);
  // Granted with auditallow: audited as granted.
  r = avc.has_perm(1, 2, 3, 1, true);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.denied == 0u);
  BOOST_TEST(r.audited == 1u);
}

BOOST_AUTO_TEST_CASE(permissive_namespace_grants_once_and_audits_once) {
  Counter c;
  Avc avc(c.fn());
  AvcResult r = avc.has_perm(1, 2, 3, 2, false);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.denied == 2u);
  BOOST_TEST(r.audited == 2u);
  r = avc.has_perm(1, 2, 3, 2, false);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.denied == 0u);
  BOOST_TEST(r.audited == 0u);
  // The grant replaced the node: one allocation for the node, one for its replacement.
  BOOST_TEST(avc.stats().allocations == 2u);
  BOOST_TEST(avc.stats().frees == 1u);
  BOOST_TEST(avc.active_nodes() == 1u);
  // Once enforcing again the cached grant still stands until a flush.
  BOOST_TEST(avc.has_perm(1, 2, 3, 2, true).rc == 0);
  avc.flush();
  BOOST_TEST(avc.has_perm(1, 2, 3, 2, true).rc == -EACCES);
  BOOST_TEST(c.calls == 2);
}

BOOST_AUTO_TEST_CASE(permissive_domain_grants_in_enforcing_mode) {
  Counter c;
  c.permissive = true;
  Avc avc(c.fn());
  AvcResult r = avc.has_perm(1, 2, 3, 2, true);
  BOOST_TEST(r.rc == 0);
  BOOST_TEST(r.audited == 2u);
  BOOST_TEST(avc.has_perm(1, 2, 3, 2, true).audited == 0u);
}

BOOST_AUTO_TEST_CASE(reclaim_when_over_threshold) {
  Counter c;
  Avc avc(c.fn());
  BOOST_TEST(avc.cache_threshold() == kAvcDefCacheThreshold);
  avc.set_cache_threshold(20);
  for (std::uint32_t i = 0; i < 21; ++i) avc.has_perm(i, 1000, 1, 1, true);
  // The 21st allocation pushed the count over 20: 16 nodes were reclaimed.
  BOOST_TEST(avc.stats().reclaims == kAvcCacheReclaim);
  BOOST_TEST(avc.stats().frees == kAvcCacheReclaim);
  BOOST_TEST(avc.active_nodes() == 21u - kAvcCacheReclaim);
  BOOST_TEST(avc.stats().allocations == 21u);
  const std::uint64_t before = static_cast<std::uint64_t>(c.calls);
  // Every cached one still hits; the reclaimed ones recompute.
  for (std::uint32_t i = 0; i < 21; ++i) avc.has_perm(i, 1000, 1, 1, true);
  BOOST_TEST(static_cast<std::uint64_t>(c.calls) - before >= kAvcCacheReclaim);
  BOOST_TEST(avc.active_nodes() <= 20u);
}

BOOST_AUTO_TEST_CASE(flush_frees_every_node_and_keeps_stats) {
  Counter c;
  Avc avc(c.fn());
  for (std::uint32_t i = 0; i < 5; ++i) avc.has_perm(i, 1, 1, 1, true);
  avc.flush();
  BOOST_TEST(avc.active_nodes() == 0u);
  BOOST_TEST(avc.cache_stats_text() ==
             "lookups hits misses allocations reclaims frees\n5 0 5 5 0 5\n");
}

BOOST_AUTO_TEST_CASE(hash_matches_the_kernel) {
  // avc_hash(): (ssid ^ (tsid << 2) ^ (tclass << 4)) & 511
  BOOST_TEST(Avc::hash(1, 2, 3) == ((1u ^ (2u << 2) ^ (3u << 4)) & 511u));
  BOOST_TEST(Avc::hash(0x12345, 0x777, 0x42) == ((0x12345u ^ (0x777u << 2) ^ (0x42u << 4)) & 511u));
}

BOOST_AUTO_TEST_SUITE_END()
