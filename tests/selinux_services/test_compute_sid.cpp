// compute_create / compute_relabel / compute_member (security_compute_sid).
#include <boost/test/unit_test.hpp>

#include "tests/selinux_services/container_policy.h"

using namespace lsmsim::sepolicy;
using namespace lsmsim::sepolicy::testing;

namespace {
std::string create(const SecurityServer& s, const std::string& sc, const std::string& tc,
                   std::uint16_t tclass, std::string_view name = {}) {
  Context out;
  const int rc = s.compute_create(ctx(s, sc), ctx(s, tc), tclass, name, out);
  return rc == 0 ? s.context_to_string(out) : "<rc " + std::to_string(rc) + ">";
}
const std::string kC12 = "system_u:system_r:container_t:s0-s0:c1,c2";
const std::string kTmp = "system_u:object_r:tmp_t:s0";
}  // namespace

BOOST_AUTO_TEST_SUITE(selinux_compute_sid)

BOOST_AUTO_TEST_CASE(objects_default_to_object_r_parent_type_and_low_level) {
  ContainerPolicy p;
  SecurityServer s = p.server();
  BOOST_TEST(create(s, kC12, kTmp, p.file) == "system_u:object_r:tmp_t:s0");
  // staff_u creating under a system_u directory: the creator's user.
  BOOST_TEST(create(s, "staff_u:staff_r:container_t:s0:c3", kTmp, p.file) ==
             "staff_u:object_r:tmp_t:s0:c3");
}

BOOST_AUTO_TEST_CASE(type_transition_and_named_transition) {
  ContainerPolicy p;
  p.b.db().type_rules[{p.container_t, p.tmp_t, p.file, TypeRuleKind::transition}] =
      p.container_file_t;
  p.b.db().filename_trans[{p.container_t, p.tmp_t, p.dir, "ctmp"}] = p.container_file_t;
  SecurityServer s = p.server();
  BOOST_TEST(create(s, kC12, kTmp, p.file) == "system_u:object_r:container_file_t:s0");
  BOOST_TEST(create(s, kC12, kTmp, p.dir) == "system_u:object_r:tmp_t:s0");
  BOOST_TEST(create(s, kC12, kTmp, p.dir, "ctmp") == "system_u:object_r:container_file_t:s0");
  BOOST_TEST(create(s, kC12, kTmp, p.dir, "other") == "system_u:object_r:tmp_t:s0");
}

BOOST_AUTO_TEST_CASE(conditional_type_transition) {
  ContainerPolicy p;
  CondBlock blk;
  blk.expr = {CondNode{CondOp::boolean, p.allow_tmp}};
  blk.types_true.push_back(
      {{p.container_t, p.tmp_t, p.file, TypeRuleKind::transition}, p.container_file_t});
  p.b.db().conditionals.push_back(blk);
  SecurityServer s = p.server();
  BOOST_TEST(create(s, kC12, kTmp, p.file) == "system_u:object_r:tmp_t:s0");
  s.set_boolean("allow_container_tmp", true);
  BOOST_TEST(create(s, kC12, kTmp, p.file) == "system_u:object_r:container_file_t:s0");
}

BOOST_AUTO_TEST_CASE(process_transition_keeps_role_and_range) {
  ContainerPolicy p;
  p.b.db().type_rules[{p.unconfined_t, p.exec_t, p.process, TypeRuleKind::transition}] =
      p.container_t;
  SecurityServer s = p.server();
  const std::string exe = "system_u:object_r:container_exec_t:s0";
  BOOST_TEST(create(s, "system_u:system_r:unconfined_t:s0-s0:c0.c9", exe, p.process) ==
             "system_u:system_r:container_t:s0-s0:c0.c9");
  // No rule: the process keeps its type.
  BOOST_TEST(create(s, kC12, exe, p.process) == kC12);
}

BOOST_AUTO_TEST_CASE(role_and_range_transitions) {
  ContainerPolicy p;
  p.b.db().type_rules[{p.unconfined_t, p.exec_t, p.process, TypeRuleKind::transition}] =
      p.container_t;
  p.b.db().role_trans[{p.system_r, p.exec_t, p.process}] = p.staff_r;
  p.b.db().range_trans[{p.unconfined_t, p.exec_t, p.process}] =
      MlsRange{level(1, {5}), level(1, {5})};
  // system_u may not hold staff_r: the computed context is invalid.
  SecurityServer bad = p.server();
  const std::string exe = "system_u:object_r:container_exec_t:s0";
  BOOST_TEST(create(bad, "system_u:system_r:unconfined_t:s0", exe, p.process) ==
             "<rc " + std::to_string(-EACCES) + ">");
  p.b.db().users[p.system_u - 1].roles.set(p.staff_r - 1);
  SecurityServer s = p.server();
  BOOST_TEST(create(s, "system_u:system_r:unconfined_t:s0", exe, p.process) ==
             "system_u:staff_r:container_t:s0:c5");
}

BOOST_AUTO_TEST_CASE(class_defaults) {
  ContainerPolicy p;
  SecurityClass& f = p.b.cls_ref(p.file);
  f.default_user = DefaultSource::target;
  f.default_role = DefaultSource::target;
  f.default_type = DefaultSource::source;
  f.default_range = DefaultRange::source_high;
  SecurityServer s = p.server();
  BOOST_TEST(create(s, "staff_u:staff_r:container_t:s0-s0:c1,c2", kTmp, p.file) ==
             "system_u:object_r:container_t:s0:c1,c2");
  f.default_range = DefaultRange::glblub;
  SecurityServer g = p.server();
  BOOST_TEST(create(g, "system_u:system_r:container_t:s0-s0:c1,c2",
                    "system_u:object_r:tmp_t:s0-s0:c2,c3",
                    p.file) == "system_u:object_r:container_t:s0-s0:c2");
}

// mls_context_glblub: the low categories are intersected too (not united), and only ranges
// without a common sensitivity are refused.
BOOST_AUTO_TEST_CASE(glblub_intersects_both_low_and_high_categories) {
  ContainerPolicy p;
  p.b.cls_ref(p.file).default_range = DefaultRange::glblub;
  SecurityServer g = p.server();
  BOOST_TEST(create(g, "system_u:system_r:container_t:s0:c1,c2-s0:c1,c2,c3",
                    "system_u:object_r:tmp_t:s0:c2,c3-s0:c1,c2,c3",
                    p.file) == "system_u:object_r:tmp_t:s0:c2-s0:c1.c3");
  BOOST_TEST(create(g, "system_u:system_r:container_t:s0:c1-s0:c1,c2",
                    "system_u:object_r:tmp_t:s0:c2-s0:c1,c2",
                    p.file) == "system_u:object_r:tmp_t:s0-s0:c1,c2");
}

BOOST_AUTO_TEST_CASE(sockets_are_labelled_like_their_creator) {
  ContainerPolicy p;
  const std::uint16_t sock = p.b.cls("unix_stream_socket", {"create", "connectto"});
  SecurityServer s = p.server();
  BOOST_TEST(create(s, kC12, kC12, sock) == kC12);
}

BOOST_AUTO_TEST_CASE(relabel_and_member) {
  ContainerPolicy p;
  p.b.db().type_rules[{p.container_t, p.tmp_t, p.file, TypeRuleKind::change}] = p.container_file_t;
  p.b.db().type_rules[{p.container_t, p.tmp_t, p.dir, TypeRuleKind::member}] = p.container_file_t;
  SecurityServer s = p.server();
  Context out;
  BOOST_TEST(s.compute_relabel(ctx(s, kC12), ctx(s, kTmp), p.file, out) == 0);
  BOOST_TEST(s.context_to_string(out) == "system_u:object_r:container_file_t:s0");
  // type_member: the object's user.
  BOOST_TEST(s.compute_member(ctx(s, "staff_u:staff_r:container_t:s0"), ctx(s, kTmp), p.dir, out) ==
             0);
  BOOST_TEST(s.context_to_string(out) == "system_u:object_r:container_file_t:s0");
}

BOOST_AUTO_TEST_SUITE_END()
