// compute_av: TE, attributes, booleans, constraints, MCS, RBAC, typebounds, permissive.
#include <boost/test/unit_test.hpp>

#include "tests/selinux_services/container_policy.h"

using namespace lsmsim::sepolicy;
using namespace lsmsim::sepolicy::testing;

namespace {
const std::string kC12 = "system_u:system_r:container_t:s0:c1,c2";
const std::string kF12 = "system_u:object_r:container_file_t:s0:c1,c2";
const std::string kF34 = "system_u:object_r:container_file_t:s0:c3,c4";
}  // namespace

BOOST_AUTO_TEST_SUITE(selinux_compute_av)

BOOST_AUTO_TEST_CASE(te_allow_rule_and_missing_rule) {
  ContainerPolicy p;
  SecurityServer s = p.server();
  BOOST_TEST(allowed(s, kC12, kF12, p.file) == "{ read write open getattr create }");
  const AvDecision d = s.compute_av(ctx(s, kC12), ctx(s, "system_u:object_r:shadow_t:s0"), p.file,
                                    p.b.perms(p.file, {"read"}));
  BOOST_TEST(d.allowed == 0u);
  BOOST_TEST(d.reason == kReasonTe);
  BOOST_TEST(d.explanation == "no allow rule container_t shadow_t:file { read }");
}

BOOST_AUTO_TEST_CASE(rules_on_attributes_apply_to_member_types) {
  ContainerPolicy p;
  SecurityServer s = p.server();
  // allow unconfined_t file_type:file ...; allow domain domain:process { signal sigchld }
  BOOST_TEST(allowed(s, "system_u:system_r:unconfined_t:s0", "system_u:object_r:shadow_t:s0",
                     p.file) == "{ read write open getattr relabelto }");
  BOOST_TEST(allowed(s, kC12, "system_u:system_r:init_t:s0", p.process) == "{ sigchld signal }");
}

BOOST_AUTO_TEST_CASE(auditallow_and_dontaudit) {
  ContainerPolicy p;
  p.b.dontaudit(p.container_t, p.shadow_t, p.file, {"read"});
  p.b.auditallow(p.container_t, p.container_file_t, p.file, {"write"});
  SecurityServer s = p.server();
  const AvDecision d = s.compute_av(ctx(s, kC12), ctx(s, "system_u:object_r:shadow_t:s0"), p.file);
  BOOST_TEST(d.auditdeny == ~p.b.perms(p.file, {"read"}));
  BOOST_TEST(s.compute_av(ctx(s, kC12), ctx(s, kF12), p.file).auditallow ==
             p.b.perms(p.file, {"write"}));
}

BOOST_AUTO_TEST_CASE(conditional_rules_follow_the_boolean) {
  ContainerPolicy p;
  CondBlock blk;
  blk.expr = {CondNode{CondOp::boolean, p.allow_tmp}};
  blk.if_true.push_back(
      {AvKey{p.container_t, p.tmp_t, p.file}, {p.b.perms(p.file, {"read", "open"}), 0, 0}});
  blk.if_false.push_back(
      {AvKey{p.container_t, p.tmp_t, p.file}, {p.b.perms(p.file, {"getattr"}), 0, 0}});
  p.b.db().conditionals.push_back(blk);
  SecurityServer s = p.server();
  const std::string tmp = "system_u:object_r:tmp_t:s0";
  BOOST_TEST(allowed(s, kC12, tmp, p.file) == "{ getattr }");
  BOOST_TEST(s.set_boolean("allow_container_tmp", true));
  BOOST_TEST(*s.boolean("allow_container_tmp") == true);
  BOOST_TEST(allowed(s, kC12, tmp, p.file) == "{ read open }");
  BOOST_TEST(!s.set_boolean("no_such_boolean", true));
  BOOST_TEST(!s.boolean("no_such_boolean").has_value());
}

BOOST_AUTO_TEST_CASE(conditional_expression_operators) {
  // Each operator of an if expression, over the four states of two booleans.
  struct Case {
    CondOp op;
    bool expect[4];  // (a,b) = (0,0) (0,1) (1,0) (1,1)
  };
  const Case cases[] = {{CondOp::op_and, {false, false, false, true}},
                        {CondOp::op_or, {false, true, true, true}},
                        {CondOp::op_xor, {false, true, true, false}},
                        {CondOp::op_eq, {true, false, false, true}},
                        {CondOp::op_neq, {false, true, true, false}}};
  for (const Case& c : cases) {
    ContainerPolicy p;
    const std::uint32_t b2 = p.b.boolean("second", false);
    CondBlock blk;
    blk.expr = {CondNode{CondOp::boolean, p.allow_tmp}, CondNode{CondOp::boolean, b2},
                CondNode{c.op, 0}};
    blk.if_true.push_back(
        {AvKey{p.container_t, p.tmp_t, p.file}, {p.b.perms(p.file, {"read"}), 0, 0}});
    p.b.db().conditionals.push_back(blk);
    SecurityServer s = p.server();
    for (int st = 0; st < 4; ++st) {
      s.set_boolean("allow_container_tmp", (st & 2) != 0);
      s.set_boolean("second", (st & 1) != 0);
      const bool got = allowed(s, kC12, "system_u:object_r:tmp_t:s0", p.file) == "{ read }";
      BOOST_TEST(got == c.expect[st], "op " << int(c.op) << " state " << st);
    }
  }
}

BOOST_AUTO_TEST_CASE(mcs_categories_decide_by_mlsconstrain) {
  ContainerPolicy p;
  SecurityServer s = p.server();
  const AvDecision d =
      s.compute_av(ctx(s, kC12), ctx(s, kF34), p.file, p.b.perms(p.file, {"read"}));
  BOOST_TEST(s.perms_to_string(p.file, d.allowed) == "{ create }");
  // Bits no permission names ('*' and '~' rules set all 32) print as one number, as
  // libselinux's print_access_vector() does.
  BOOST_TEST(s.perms_to_string(p.file, d.allowed | 0x80000000u | 0x40000000u) ==
             "{ create 0xc0000000 }");
  BOOST_TEST(s.perms_to_string(p.file, 0) == "null");  // print_access_vector: " null"
  BOOST_TEST(d.reason == kReasonConstraint);
  BOOST_TEST(d.explanation ==
             "mlsconstrain file { read write open getattr } ((h1 dom h2) or (t1 == mcs_override))");
  // Fewer categories on the object: the subject's high level dominates it.
  BOOST_TEST(allowed(s, kC12, "system_u:object_r:container_file_t:s0:c1", p.file) ==
             "{ read write open getattr create }");
  BOOST_TEST(allowed(s, kC12, "system_u:object_r:container_file_t:s0", p.file) ==
             "{ read write open getattr create }");
  BOOST_TEST(allowed(s, "system_u:system_r:container_t:s0:c1", kF12, p.file) == "{ create }");
  // t1 == mcs_override: unconfined_t reads every category.
  BOOST_TEST(allowed(s, "system_u:system_r:unconfined_t:s0", kF34, p.file) ==
             "{ read write open getattr relabelto }");
}

BOOST_AUTO_TEST_CASE(each_constraint_operator) {
  // One constraint on file read at a time; (source, target) contexts; expected result.
  struct Case {
    const char* name;
    std::vector<ConstraintNode> expr;
    const char* src;
    const char* tgt;
    bool allowed;
  };
  ContainerPolicy base;
  const std::uint32_t ct = base.container_t, ut = base.unconfined_t;
  const std::uint32_t sysu = base.system_u, sysr = base.system_r;
  const char* c0 = "system_u:system_r:container_t:s0";
  const char* c12 = "system_u:system_r:container_t:s0:c1,c2";
  const char* c1 = "system_u:system_r:container_t:s0:c1";
  const char* st = "staff_u:staff_r:container_t:s0";
  const char* r12 = "system_u:system_r:container_t:s0-s0:c1,c2";
  const std::vector<Case> cases = {
      {"u1 == u2 same", {attr_node(CexprAttr::u1u2, CexprOp::eq)}, c0, c0, true},
      {"u1 == u2 differ", {attr_node(CexprAttr::u1u2, CexprOp::eq)}, st, c0, false},
      {"u1 != u2", {attr_node(CexprAttr::u1u2, CexprOp::neq)}, st, c0, true},
      {"r1 == r2", {attr_node(CexprAttr::r1r2, CexprOp::eq)}, st, c0, false},
      {"r1 dom r2 self", {attr_node(CexprAttr::r1r2, CexprOp::dom)}, c0, c0, true},
      {"r1 dom r2 other", {attr_node(CexprAttr::r1r2, CexprOp::dom)}, st, c0, false},
      {"r1 incomp r2", {attr_node(CexprAttr::r1r2, CexprOp::incomp)}, st, c0, true},
      {"t1 == t2", {attr_node(CexprAttr::t1t2, CexprOp::eq)}, c0, c0, true},
      {"t1 != t2", {attr_node(CexprAttr::t1t2, CexprOp::neq)}, c0, c0, false},
      {"u1 == {system_u}", {names_node(CexprAttr::u1, CexprOp::eq, {sysu})}, st, c0, false},
      {"u2 == {system_u}", {names_node(CexprAttr::u2, CexprOp::eq, {sysu})}, st, c0, true},
      {"r1 != {system_r}", {names_node(CexprAttr::r1, CexprOp::neq, {sysr})}, c0, c0, false},
      {"t2 == {unconfined_t}", {names_node(CexprAttr::t2, CexprOp::eq, {ut})}, c0, c0, false},
      {"t1 == {container_t}", {names_node(CexprAttr::t1, CexprOp::eq, {ct})}, c0, c0, true},
      {"t3 without a task context", {names_node(CexprAttr::t3, CexprOp::eq, {ct})}, c0, c0, false},
      {"l1 eq l2", {attr_node(CexprAttr::l1l2, CexprOp::eq)}, c12, c12, true},
      {"l1 neq l2", {attr_node(CexprAttr::l1l2, CexprOp::neq)}, c12, c1, true},
      {"l1 dom l2", {attr_node(CexprAttr::l1l2, CexprOp::dom)}, c12, c1, true},
      {"l1 dom l2 (no)", {attr_node(CexprAttr::l1l2, CexprOp::dom)}, c1, c12, false},
      {"l1 domby l2", {attr_node(CexprAttr::l1l2, CexprOp::domby)}, c1, c12, true},
      {"l1 incomp l2",
       {attr_node(CexprAttr::l1l2, CexprOp::incomp)},
       c1,
       "system_u:system_r:container_t:s0:c2",
       true},
      {"l1 incomp l2 (no)", {attr_node(CexprAttr::l1l2, CexprOp::incomp)}, c1, c12, false},
      {"l1 dom h2", {attr_node(CexprAttr::l1h2, CexprOp::dom)}, c0, r12, false},
      {"h1 dom l2", {attr_node(CexprAttr::h1l2, CexprOp::dom)}, r12, c12, true},
      {"l1 eq h1", {attr_node(CexprAttr::l1h1, CexprOp::eq)}, r12, c0, false},
      {"l2 domby h2", {attr_node(CexprAttr::l2h2, CexprOp::domby)}, c0, r12, true},
      {"not", {attr_node(CexprAttr::u1u2, CexprOp::eq), op_node(CexprKind::op_not)}, st, c0, true},
      {"and",
       {attr_node(CexprAttr::u1u2, CexprOp::eq), attr_node(CexprAttr::t1t2, CexprOp::eq),
        op_node(CexprKind::op_and)},
       c0,
       c0,
       true},
      {"and (no)",
       {attr_node(CexprAttr::u1u2, CexprOp::eq), attr_node(CexprAttr::t1t2, CexprOp::neq),
        op_node(CexprKind::op_and)},
       c0,
       c0,
       false},
      {"or",
       {attr_node(CexprAttr::u1u2, CexprOp::neq), attr_node(CexprAttr::t1t2, CexprOp::eq),
        op_node(CexprKind::op_or)},
       c0,
       c0,
       true},
  };
  for (const Case& c : cases) {
    ContainerPolicy p;
    p.b.allow(p.container_t, p.container_t, p.file, {"read", "write"});
    Constraint con;
    con.perms = p.b.perms(p.file, {"read"});
    con.expr = c.expr;
    p.b.cls_ref(p.file).constraints.clear();
    p.b.cls_ref(p.file).constraints.push_back(con);
    SecurityServer s = p.server();
    const AvDecision d = s.compute_av(ctx(s, c.src), ctx(s, c.tgt), p.file);
    BOOST_TEST(((d.allowed & p.b.perms(p.file, {"read"})) != 0) == c.allowed, c.name);
    BOOST_TEST((d.allowed & p.b.perms(p.file, {"write"})) != 0, c.name << ": write unaffected");
  }
}

BOOST_AUTO_TEST_CASE(role_changing_transition_needs_role_allow) {
  ContainerPolicy p;
  SecurityServer s0 = p.server();
  const std::string unconf = "system_u:system_r:unconfined_t:s0";
  const std::string staff_c = "staff_u:staff_r:container_t:s0";
  AvDecision d = s0.compute_av(ctx(s0, unconf), ctx(s0, staff_c), p.process,
                               p.b.perms(p.process, {"transition"}));
  BOOST_TEST(s0.perms_to_string(p.process, d.allowed) == "{ sigchld signal }");
  BOOST_TEST(d.reason == kReasonRbac);
  BOOST_TEST(d.explanation == "no role allow system_r staff_r for process { transition }");
  p.b.db().role_allow[{p.system_r, p.staff_r}] = true;
  SecurityServer s1 = p.server();
  BOOST_TEST(allowed(s1, unconf, staff_c, p.process) ==
             "{ transition sigchld signal dyntransition }");
  // The same role needs no role allow; the user constraint (u1 == u2 or t1 == unconfined_t)
  // still stops init_t from changing the user.
  BOOST_TEST(allowed(s0, "system_u:system_r:init_t:s0", "system_u:system_r:container_t:s0",
                     p.process) == "{ transition sigchld signal }");
  d = s1.compute_av(ctx(s1, "system_u:system_r:init_t:s0"), ctx(s1, staff_c), p.process,
                    p.b.perms(p.process, {"transition"}));
  BOOST_TEST(d.reason == kReasonConstraint);
}

BOOST_AUTO_TEST_CASE(typebounds_cut_what_the_parent_lacks) {
  ContainerPolicy p;
  const std::uint32_t child = p.b.type("container_child_t", {p.domain});
  p.b.db().roles[p.system_r - 1].types.set(child - 1);
  p.b.db().types[child - 1].bounds = p.container_t;
  p.b.allow(child, p.container_file_t, p.file, {"read", "unlink"});
  SecurityServer s = p.server();
  const AvDecision d = s.compute_av(ctx(s, "system_u:system_r:container_child_t:s0"),
                                    ctx(s, "system_u:object_r:container_file_t:s0"), p.file,
                                    p.b.perms(p.file, {"read", "unlink"}));
  BOOST_TEST(s.perms_to_string(p.file, d.allowed) == "{ read }");
  BOOST_TEST(d.reason == kReasonBounds);
  BOOST_TEST(d.explanation == "typebounds container_t container_child_t masks file { unlink }");
  const Context parent = ctx(s, "system_u:system_r:container_t:s0");
  const Context kid = ctx(s, "system_u:system_r:container_child_t:s0");
  BOOST_TEST(s.bounded_transition(parent, kid) == 0);
  BOOST_TEST(s.bounded_transition(kid, parent) == -EPERM);
  BOOST_TEST(s.bounded_transition(parent, parent) == 0);
}

BOOST_AUTO_TEST_CASE(permissive_types_are_flagged) {
  ContainerPolicy p;
  p.b.db().types[p.container_t - 1].permissive = true;
  SecurityServer s = p.server();
  BOOST_TEST(s.compute_av(ctx(s, kC12), ctx(s, kF12), p.file).permissive);
  BOOST_TEST(!s.compute_av(ctx(s, "system_u:system_r:init_t:s0"), ctx(s, kF12), p.file).permissive);
}

BOOST_AUTO_TEST_CASE(unknown_class_allows_nothing) {
  ContainerPolicy p;
  SecurityServer s = p.server();
  const AvDecision d = s.compute_av(ctx(s, kC12), ctx(s, kF12), 99);
  BOOST_TEST(d.allowed == 0u);
  BOOST_TEST(d.explanation == "unknown class 99");
  BOOST_TEST(s.class_value("file") == p.file);
  BOOST_TEST(s.class_value("nope") == 0);
  BOOST_TEST(s.perm_bit(p.file, "open") == 4u);
  BOOST_TEST(s.perm_bit(p.file, "fly") == 0u);
}

BOOST_AUTO_TEST_CASE(validatetrans) {
  ContainerPolicy p;
  Constraint vt;  // validatetrans file (u1 == u2 or t3 == unconfined_t)
  vt.expr = {attr_node(CexprAttr::u1u2, CexprOp::eq),
             names_node(CexprAttr::t3, CexprOp::eq, {p.unconfined_t}), op_node(CexprKind::op_or)};
  vt.text = "validatetrans file ((u1 == u2) or (t3 == unconfined_t))";
  p.b.cls_ref(p.file).validatetrans.push_back(vt);
  SecurityServer s = p.server();
  const Context sysf = ctx(s, "system_u:object_r:container_file_t:s0");
  const Context stff = ctx(s, "staff_u:object_r:container_file_t:s0");
  std::string why;
  BOOST_TEST(s.validate_transition(sysf, stff, ctx(s, kC12), p.file, &why) == -EPERM);
  BOOST_TEST(why == vt.text);
  BOOST_TEST(
      s.validate_transition(sysf, stff, ctx(s, "system_u:system_r:unconfined_t:s0"), p.file) == 0);
  BOOST_TEST(s.validate_transition(sysf, sysf, ctx(s, kC12), p.file) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
