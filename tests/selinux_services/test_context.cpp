// Context strings: parsing, validity (policydb_context_isvalid + mls_context_isvalid) and
// the kernel's canonical printing.
#include <boost/test/unit_test.hpp>

#include "tests/selinux_services/container_policy.h"

using namespace lsmsim::sepolicy;
using namespace lsmsim::sepolicy::testing;

namespace {
std::string canonical(const SecurityServer& s, const std::string& text) {
  return s.context_to_string(ctx(s, text));
}
int parse_rc(const SecurityServer& s, const std::string& text, std::string* why = nullptr) {
  Context c;
  return s.context_from_string(text, c, why);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(selinux_context_string)

BOOST_AUTO_TEST_CASE(categories_print_as_the_kernel_prints_them) {
  ContainerPolicy p;
  SecurityServer s = p.server();
  const std::string u = "system_u:system_r:container_t:";
  BOOST_TEST(canonical(s, u + "s0") == u + "s0");
  BOOST_TEST(canonical(s, u + "s0-s0") == u + "s0");
  BOOST_TEST(canonical(s, u + "s0:c1,c2") == u + "s0:c1,c2");  // a run of two keeps the comma
  BOOST_TEST(canonical(s, u + "s0:c1.c2") == u + "s0:c1,c2");
  BOOST_TEST(canonical(s, u + "s0:c1,c2,c3") == u + "s0:c1.c3");
  BOOST_TEST(canonical(s, u + "s0:c0.c3,c5,c7.c9") == u + "s0:c0.c3,c5,c7.c9");
  BOOST_TEST(canonical(s, u + "s0:c3,c1") == u + "s0:c1,c3");
  BOOST_TEST(canonical(s, u + "s0:c1,c2,c4,c5") == u + "s0:c1,c2,c4,c5");
  BOOST_TEST(canonical(s, u + "s0-s0:c0.c9") == u + "s0-s0:c0.c9");
  BOOST_TEST(canonical(s, u + "s0:c2-s0:c1.c3") == u + "s0:c2-s0:c1.c3");
}

BOOST_AUTO_TEST_CASE(invalid_contexts_are_refused_with_a_reason) {
  ContainerPolicy p;
  SecurityServer s = p.server();
  std::string why;
  BOOST_TEST(parse_rc(s, "nobody_u:system_r:container_t:s0", &why) == -EINVAL);
  BOOST_TEST(why == "unknown user 'nobody_u'");
  BOOST_TEST(parse_rc(s, "system_u:system_r:domain:s0", &why) == -EINVAL);  // an attribute
  BOOST_TEST(why == "unknown type 'domain'");
  BOOST_TEST(parse_rc(s, "system_u:system_r:container_t", &why) == -EINVAL);
  BOOST_TEST(parse_rc(s, "system_u:system_r", &why) == -EINVAL);
  BOOST_TEST(parse_rc(s, "system_u:system_r:container_t:s1", &why) == -EINVAL);
  BOOST_TEST(why == "unknown sensitivity 's1'");
  BOOST_TEST(parse_rc(s, "system_u:system_r:container_t:s0:c10", &why) == -EINVAL);
  BOOST_TEST(why == "unknown category 'c10'");
  BOOST_TEST(parse_rc(s, "system_u:system_r:container_t:s0:c3.c3") == -EINVAL);
  BOOST_TEST(parse_rc(s, "system_u:system_r:container_t:s0:c4.c3") == -EINVAL);
  // Role not authorized for the user; type not authorized for the role.
  BOOST_TEST(parse_rc(s, "staff_u:system_r:container_t:s0", &why) == -EINVAL);
  BOOST_TEST(why.find("role system_r is not authorized for user staff_u") != std::string::npos);
  BOOST_TEST(parse_rc(s, "staff_u:staff_r:unconfined_t:s0", &why) == -EINVAL);
  BOOST_TEST(why.find("type unconfined_t is not authorized for role staff_r") != std::string::npos);
  // High must dominate low.
  BOOST_TEST(parse_rc(s, "system_u:system_r:container_t:s0:c1-s0", &why) == -EINVAL);
}

BOOST_AUTO_TEST_CASE(object_r_is_exempt_from_role_and_range_checks) {
  ContainerPolicy p;
  MlsRange narrow{level(1), level(1, {0})};
  p.b.user("narrow_u", {p.system_r}, narrow);
  SecurityServer s = p.server();
  std::string why;
  BOOST_TEST(parse_rc(s, "narrow_u:system_r:container_t:s0:c0") == 0);
  BOOST_TEST(parse_rc(s, "narrow_u:system_r:container_t:s0:c1", &why) == -EINVAL);
  BOOST_TEST(why.find("not within user narrow_u's range s0-s0:c0") != std::string::npos);
  // object_r: any type, any user, levels outside the user's range.
  BOOST_TEST(parse_rc(s, "narrow_u:object_r:shadow_t:s0:c5,c6") == 0);
  BOOST_TEST(parse_rc(s, "staff_u:object_r:container_file_t:s0:c1") == 0);
}

BOOST_AUTO_TEST_CASE(levels_limited_by_the_level_statement) {
  ContainerPolicy p;
  p.b.db().sensitivities[0].cats = Ebitmap{};
  p.b.db().sensitivities[0].cats.set(0);  // level s0:c0 only
  SecurityServer s = p.server();
  BOOST_TEST(parse_rc(s, "system_u:object_r:shadow_t:s0:c0") == 0);
  BOOST_TEST(parse_rc(s, "system_u:object_r:shadow_t:s0:c1") == -EINVAL);
}

BOOST_AUTO_TEST_CASE(non_mls_policies) {
  PolicyBuilder b(false);
  const std::uint32_t t = b.type("t_t");
  const std::uint32_t r = b.role("r_r", {t});
  b.user("u_u", {r});
  SecurityServer s(b.db());
  BOOST_TEST(canonical(s, "u_u:r_r:t_t") == "u_u:r_r:t_t");
  BOOST_TEST(parse_rc(s, "u_u:r_r:t_t:s0") == -EINVAL);
  BOOST_TEST(canonical(s, std::string("u_u:r_r:t_t") + '\0') == "u_u:r_r:t_t");
}

BOOST_AUTO_TEST_SUITE_END()
