// lsmsim's security server against libsepol's on the SAME loaded binary policy (converted
// from libsepol's policydb, parser aside): random policies compiled by checkpolicy, and the
// Debian reference policy.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>

#include "tests/selinux_oracle/oracle_support.h"
#include "tests/selinux_oracle/policy_generator.h"
#include "tests/selinux_oracle/policydb_from_sepol.h"
#include "tests/selinux_oracle/sepol_oracle.h"
#include "tests/selinux_oracle/test_helpers.h"

using namespace lsmsim::sepolicy;
using namespace lsmsim::sepolicy::testing;

BOOST_AUTO_TEST_SUITE(selinux_server_vs_sepol)

BOOST_AUTO_TEST_CASE(random_binary_policies) {
  const std::uint64_t seed0 = base_seed();
  constexpr int kPolicies = 40, kPairs = 60;
  TempDir dir;
  Agreement total;
  for (int i = 0; i < kPolicies; ++i) {
    const std::uint64_t seed = seed0 + static_cast<std::uint64_t>(i);
    const GeneratedPolicy gp = generate_policy(seed);
    std::string err;
    const std::string bin = compile_policy(dir, "p" + std::to_string(seed), gp.text, &err);
    BOOST_REQUIRE_MESSAGE(!bin.empty(), "seed " << seed << ": " << err);
    load_sepol(bin);
    SecurityServer server(policydb_from_sepol());
    Agreement a;
    compare_generated(gp, server, kPairs, seed, a);
    so_unload();
    if (a.disagreements != 0) BOOST_ERROR("LSMSIM_ORACLE_SEED=" << seed << ": " << report(a));
    total.add(a);
  }
  BOOST_TEST_MESSAGE("binary random policies: " << kPolicies << " policies, " << report(total));
  BOOST_TEST(total.disagreements == 0u);
  BOOST_TEST(total.av > 5000u);
}

BOOST_AUTO_TEST_CASE(debian_binary_policy) {
  const std::string policy33 = LSMSIM_DEBIAN_POLICY;
  BOOST_REQUIRE_MESSAGE(std::filesystem::exists(policy33),
                        policy33 << " is missing: install selinux-policy-default");
  load_sepol(policy33);
  SecurityServer server(policydb_from_sepol());
  Agreement a;
  constexpr int kQueries = 3000;
  const int done = compare_sample(server, kQueries, base_seed(), a);
  so_unload();
  BOOST_TEST_MESSAGE("Debian binary policy: " << report(a));
  BOOST_TEST(done == kQueries);
  BOOST_TEST(a.disagreements == 0u, report(a));
}

BOOST_AUTO_TEST_SUITE_END()
