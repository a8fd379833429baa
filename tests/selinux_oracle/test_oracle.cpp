// The differential test proper: lsmsim reads the policy.conf TEXT (parse_policy_conf) and
// libsepol the BINARY checkpolicy made of it; both security servers answer the same queries.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>

#include "lsms/selinux/policy/policy_parser.h"
#include "tests/selinux_oracle/oracle_support.h"
#include "tests/selinux_oracle/policy_generator.h"
#include "tests/selinux_oracle/policydb_from_sepol.h"
#include "tests/selinux_oracle/sepol_oracle.h"
#include "tests/selinux_oracle/test_helpers.h"

using namespace lsmsim::sepolicy;
using namespace lsmsim::sepolicy::testing;

BOOST_AUTO_TEST_SUITE(selinux_oracle)

BOOST_AUTO_TEST_CASE(random_policy_texts) {
  const std::uint64_t seed0 = base_seed() + 1000u;  // other policies than the binary test's
  constexpr int kPolicies = 100, kPairs = 100;
  TempDir dir;
  Agreement total;
  for (int i = 0; i < kPolicies; ++i) {
    const std::uint64_t seed = seed0 + static_cast<std::uint64_t>(i);
    const GeneratedPolicy gp = generate_policy(seed);
    const std::string name = "p" + std::to_string(seed);
    std::string err;
    const std::string bin = compile_policy(dir, name, gp.text, &err);
    BOOST_REQUIRE_MESSAGE(!bin.empty(), "LSMSIM_ORACLE_SEED=" << seed << ": " << err);
    Policydb db;
    try {
      db = parse_policy_conf(gp.text, {name + ".conf", true});
    } catch (const std::exception& e) {
      BOOST_ERROR("LSMSIM_ORACLE_SEED=" << seed << ": checkpolicy accepts, parse_policy_conf "
                                        << "refuses: " << e.what());
      continue;
    }
    load_sepol(bin);
    SecurityServer server(std::move(db));
    Agreement a;
    compare_generated(gp, server, kPairs, seed, a);
    compare_named(server, a, 1000);
    // On a disagreement, say whether the parsed policy differs from checkpolicy's binary.
    const std::string diff =
        a.disagreements != 0 ? policydb_differences(server.policy(), policydb_from_sepol()) : "";
    so_unload();
    if (a.disagreements != 0)
      BOOST_ERROR("LSMSIM_ORACLE_SEED=" << seed << ": " << report(a)
                                        << (diff.empty() ? "" : "\n  parsed vs binary:" + diff));
    total.add(a);
  }
  BOOST_TEST_MESSAGE("policy.conf random policies: " << kPolicies << " policies from seed " << seed0
                                                     << ", " << report(total));
  BOOST_TEST(total.disagreements == 0u);
  BOOST_TEST(total.av > 5000u);
  BOOST_TEST(total.named > 20u);
}

BOOST_AUTO_TEST_CASE(debian_policy_text) {
  const std::string policy33 = LSMSIM_DEBIAN_POLICY;
  BOOST_REQUIRE_MESSAGE(std::filesystem::exists(policy33),
                        policy33 << " is missing: install selinux-policy-default");
  TempDir dir;
  const std::string conf = dir.path() + "/real.conf";
  std::string out;
  const int rc = run_command(checkpolicy_path() + " -M -b " + policy33 + " -F -o " + conf, &out);
  BOOST_REQUIRE_MESSAGE(rc == 0, "checkpolicy -F: " << out);
  Policydb db;
  try {
    db = parse_policy_conf(read_text(conf), {"real.conf", true});
  } catch (const std::exception& e) {
    BOOST_FAIL("parse_policy_conf refuses the decompiled Debian policy: " << e.what());
  }
  load_sepol(policy33);
  SecurityServer server(std::move(db));
  // oracles.md §1c on the real policy: svirt_t at c1,c2 reading an image at c3,c4 keeps only
  // getattr, cut by the MCS constraint, which the explanation quotes.
  {
    Context s, t;
    BOOST_REQUIRE(server.context_from_string("system_u:system_r:svirt_t:s0:c1,c2", s) == 0);
    BOOST_REQUIRE(server.context_from_string("system_u:object_r:svirt_image_t:s0:c3,c4", t) == 0);
    const std::uint16_t file = server.class_value("file");
    const AccessVector rw = server.perm_bit(file, "read") | server.perm_bit(file, "write");
    const AvDecision d = server.compute_av(s, t, file, rw);
    BOOST_TEST(server.perms_to_string(file, d.allowed & rw) == "null");  // print_access_vector
    BOOST_TEST((d.allowed & server.perm_bit(file, "getattr")) != 0u);
    BOOST_TEST(d.reason == kReasonConstraint);
    BOOST_TEST(d.explanation.find("mlsconstrain file") != std::string::npos, d.explanation);
    BOOST_TEST_MESSAGE("svirt c1,c2 -> c3,c4 file { read write }: " << d.explanation);
  }
  Agreement a;
  {
    // Context strings at the edges of the syntax and of validity: both sides accept or refuse
    // alike and print the same canonical form.
    Comparator cmp(server);
    const std::string f = "system_u:object_r:etc_t:";
    for (const std::string& c : {f + "s0:c1.c1",
                                 f + "s0:c2.c1",
                                 f + "s0:c1.c2",
                                 f + "s0:c1,c2,c3",
                                 f + "s0-s0",
                                 f + "s0:c1,c1",
                                 f + "s0:c1.c3,c2",
                                 f + "s0:c0.c1023",
                                 f + "s0:c1024",
                                 f + "s1",
                                 f + "s0:c3,c1-s0:c0.c5",
                                 f + "s0:c5-s0:c1",
                                 f + "s0:",
                                 f + "s0:c1,",
                                 f + "s0-",
                                 std::string("system_u:object_r:etc_t"),
                                 std::string("system_u:system_r:init_t:s0"),
                                 std::string("system_u:system_r:init_t:s0:c5-s0:c1"),
                                 std::string("system_u:user_r:init_t:s0"),
                                 std::string("user_u:user_r:user_t:s0-s0:c0.c1023"),
                                 std::string("user_u:user_r:user_t:s0"),
                                 std::string("staff_u:staff_r:staff_t:s0-s0:c0.c1023"),
                                 std::string("root:sysadm_r:sysadm_t:s0"),
                                 std::string("system_u:object_r:domain:s0"),
                                 std::string("nobody:object_r:etc_t:s0"),
                                 std::string("system_u:object_r:etc_t:s0:c2,c4,c5,c6,c9,c10")})
      cmp.context(c, a);
  }
  constexpr int kQueries = 3000;
  const int done = compare_sample(server, kQueries, base_seed() + 1u, a);
  compare_named(server, a, 2000);
  so_unload();
  BOOST_TEST_MESSAGE("Debian policy.conf: " << report(a));
  BOOST_TEST(done == kQueries);
  BOOST_TEST(a.disagreements == 0u, report(a));
}

BOOST_AUTO_TEST_SUITE_END()
