// One test per construct of the policy language: symbol values, aliases, attributes, TE
// rules and their expansion, type rules, conditionals, constraints, MLS and labelling.
// The base policy is mini_policy() (policy_test_support.h): classes process=1, file=2,
// dir=3; types domain=1 (attribute), a_t=2, b_t=3; roles object_r=1, r=2; user u=1.
#include "lsms/selinux/policy/policy_lexer.h"
#include "tests/selinux_policy/policy_test_support.h"

namespace lsmsim::sepolicy::test {
namespace {

std::vector<std::uint32_t> bits(const Ebitmap& e) {
  std::vector<std::uint32_t> out;
  e.for_each([&](std::uint32_t b) { out.push_back(b); });
  return out;
}
using Bits = std::vector<std::uint32_t>;

const AvDatum* find(const Avtab& t, std::uint32_t s, std::uint32_t tt, std::uint16_t c) {
  auto it = t.find({s, tt, c});
  return it == t.end() ? nullptr : &it->second;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lexer)

BOOST_AUTO_TEST_CASE(tokens_follow_flex_longest_match) {
  const std::string text =
      "allow a-b c0.c1023 low-high 127.0.0.1 ::1 \"/\" /proc \"na.me\" 0x10 9p ALLOW Allow t1 # x\n"
      "==";
  const auto toks = tokenize(text, "t");
  std::vector<int> kinds;
  for (const Token& t : toks) kinds.push_back(static_cast<int>(t.kind));
  const std::vector<Tok> expected_tok{Tok::kw_allow, Tok::identifier, Tok::identifier,
                                      Tok::kw_low_high, Tok::ipv4, Tok::ipv6, Tok::qpath, Tok::path,
                                      Tok::filename,
                                      // 0x10: flex ties FILESYSTEM with NUMBER; FILESYSTEM is first
                                      Tok::filesystem, Tok::filesystem, Tok::kw_allow,
                                      Tok::identifier, Tok::kw_t1, Tok::eq, Tok::end};
  std::vector<int> expected;
  for (Tok k : expected_tok) expected.push_back(static_cast<int>(k));
  BOOST_TEST(kinds == expected, boost::test_tools::per_element());
  BOOST_TEST(toks[14].line == 2u);
  BOOST_TEST(toks[14].col == 1u);
  BOOST_TEST(toks[1].col == 7u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(policy_constructs)

BOOST_AUTO_TEST_CASE(mini_policy_is_accepted_by_checkpolicy) {
  BOOST_TEST(checkpolicy_accepts(mini_policy("")));
}

BOOST_AUTO_TEST_CASE(symbols_are_numbered_from_one_in_declaration_order) {
  const Policydb db =
      parse_checked(mini_policy("type c_t alias { c1_t c2_t }, domain;\n"
                                "typealias b_t alias b2_t;"));
  BOOST_TEST(db.mls);
  BOOST_TEST(db.class_value("process") == 1);
  BOOST_TEST(db.class_value("file") == 2);
  BOOST_TEST(db.class_value("dir") == 3);
  BOOST_TEST(db.classes[1].common == "file_common");
  const std::vector<std::string> file_perms{"read", "write", "getattr", "execute"};
  BOOST_TEST(db.classes[1].perms == file_perms, boost::test_tools::per_element());
  BOOST_TEST(db.classes[2].perm_bit("search") == 8u);
  BOOST_TEST(db.type_values.at("domain") == 1u);
  BOOST_TEST(db.type_values.at("a_t") == 2u);
  BOOST_TEST(db.type_values.at("b_t") == 3u);
  BOOST_TEST(db.type_values.at("c_t") == 4u);
  BOOST_TEST(db.type_values.at("c1_t") == 4u);
  BOOST_TEST(db.type_values.at("c2_t") == 4u);
  BOOST_TEST(db.type_values.at("b2_t") == 3u);
  BOOST_TEST(db.types.size() == 4u);
  BOOST_TEST(db.types[0].attribute);
  BOOST_TEST(bits(db.types[0].set) == (Bits{1, 3}), boost::test_tools::per_element());
  BOOST_TEST(bits(db.types[1].set) == (Bits{0, 1}), boost::test_tools::per_element());
  BOOST_TEST(bits(db.types[2].set) == (Bits{2}), boost::test_tools::per_element());
  BOOST_TEST(db.roles[0].name == "object_r");
  BOOST_TEST(db.role_values.at("r") == 2u);
  BOOST_TEST(bits(db.roles[1].types) == (Bits{1, 2}), boost::test_tools::per_element());
  BOOST_TEST(bits(db.roles[1].dominates) == (Bits{1}), boost::test_tools::per_element());
  BOOST_TEST(db.user_values.at("u") == 1u);
  BOOST_TEST(bits(db.users[0].roles) == (Bits{1}), boost::test_tools::per_element());
  BOOST_TEST(db.initial_sids.size() == 2u);
  BOOST_TEST(db.initial_sids[0].name == "kernel");
  BOOST_TEST(db.initial_sids[0].context->type == 2u);
  BOOST_TEST(db.initial_sids[0].context->role == 2u);
}

BOOST_AUTO_TEST_CASE(mls_symbols_levels_and_ranges) {
  const Policydb db =
      parse_checked(mini_policy("range_transition a_t b_t:file s0:c0,c2 - secret:c0.top;\n"
                                "range_transition a_t b_t s1;"));
  BOOST_TEST(db.sens_values.at("s0") == 1u);
  BOOST_TEST(db.sens_values.at("s1") == 2u);
  BOOST_TEST(db.sens_values.at("secret") == 2u);
  BOOST_TEST(db.cat_values.at("c2") == 3u);
  BOOST_TEST(db.cat_values.at("top") == 3u);
  BOOST_TEST(db.sensitivities[0].defined_level);
  BOOST_TEST(bits(db.sensitivities[0].cats) == (Bits{0, 1, 2}), boost::test_tools::per_element());
  const MlsRange& r = db.range_trans.at({2, 3, 2});
  BOOST_TEST(r.low.sens == 1u);
  BOOST_TEST(bits(r.low.cats) == (Bits{0, 2}), boost::test_tools::per_element());
  BOOST_TEST(r.high.sens == 2u);
  BOOST_TEST(bits(r.high.cats) == (Bits{0, 1, 2}), boost::test_tools::per_element());
  BOOST_TEST(db.range_trans.count({2, 3, 1}) == 1u);  // no class: process
  const UserDatum& u = db.users[0];
  BOOST_TEST(u.default_level.sens == 1u);
  BOOST_TEST(u.range.low.sens == 1u);
  BOOST_TEST(u.range.high.sens == 2u);
  BOOST_TEST(u.range.high.cats.count() == 3u);
  BOOST_TEST(db.initial_sids[1].context->range.high.cats.count() == 3u);
}

BOOST_AUTO_TEST_CASE(simple_names_stay_as_written) {
  const Policydb db = parse_checked(mini_policy("allow domain b_t:file read;"));
  BOOST_TEST(db.avtab.size() == 1u);
  BOOST_REQUIRE(find(db.avtab, 1, 3, 2) != nullptr);
  BOOST_TEST(find(db.avtab, 1, 3, 2)->allowed == 1u);
}

BOOST_AUTO_TEST_CASE(self_expands_to_each_source_type) {
  const Policydb db =
      parse_checked(mini_policy("type c_t, domain;\nallow domain self:process signal;"));
  BOOST_TEST(db.avtab.size() == 2u);
  BOOST_REQUIRE(find(db.avtab, 2, 2, 1) != nullptr);
  BOOST_TEST(find(db.avtab, 2, 2, 1)->allowed == 2u);
  BOOST_REQUIRE(find(db.avtab, 4, 4, 1) != nullptr);
  BOOST_TEST(find(db.avtab, 1, 1, 1) == nullptr);
}

BOOST_AUTO_TEST_CASE(exclusions_and_lists_expand_to_types) {
  const Policydb db = parse_checked(
      mini_policy("type c_t, domain;\nallow { domain -a_t } b_t:file { read write };\n"
                  "allow domain - c_t { a_t b_t }:dir search;"));
  BOOST_REQUIRE(find(db.avtab, 4, 3, 2) != nullptr);
  BOOST_TEST(find(db.avtab, 4, 3, 2)->allowed == 3u);
  BOOST_TEST(find(db.avtab, 2, 3, 2) == nullptr);
  BOOST_TEST(find(db.avtab, 1, 3, 2) == nullptr);
  BOOST_REQUIRE(find(db.avtab, 2, 2, 3) != nullptr);
  BOOST_REQUIRE(find(db.avtab, 2, 3, 3) != nullptr);
  BOOST_TEST(find(db.avtab, 4, 2, 3) == nullptr);
  BOOST_TEST(db.avtab.size() == 3u);
}

// '*' is all 32 bits and '~' complements all 32 (checkpolicy's define_te_avtab_helper; a real
// kernel's access answers show the bits past the class's permissions: tests/referee).
BOOST_AUTO_TEST_CASE(permission_and_class_sets) {
  const Policydb db =
      parse_checked(mini_policy("allow a_t b_t:file *;\nallow a_t b_t:dir ~{ search };\nallow b_t "
                                "a_t:{ file dir } getattr;"));
  BOOST_TEST(find(db.avtab, 2, 3, 2)->allowed == 0xffffffffu);
  BOOST_TEST(find(db.avtab, 2, 3, 3)->allowed == 0xfffffff7u);
  BOOST_TEST(find(db.avtab, 3, 2, 2)->allowed == 0x4u);
  BOOST_TEST(find(db.avtab, 3, 2, 3)->allowed == 0x4u);
}

BOOST_AUTO_TEST_CASE(repeated_keys_merge_and_audit_rules_fill_their_fields) {
  const Policydb db = parse_checked(mini_policy(
      "allow a_t b_t:file read;\nallow a_t b_t:file write;\ndontaudit a_t b_t:file getattr;\n"
      "auditallow a_t b_t:file read;\nauditdeny a_t b_t:dir { read write getattr };"));
  const AvDatum* f = find(db.avtab, 2, 3, 2);
  BOOST_REQUIRE(f != nullptr);
  BOOST_TEST(f->allowed == 3u);
  BOOST_TEST(f->dontaudit == 4u);
  BOOST_TEST(f->auditallow == 1u);
  BOOST_TEST(find(db.avtab, 2, 3, 3)->dontaudit == 8u);  // auditdeny: search is not audited
}

BOOST_AUTO_TEST_CASE(names_may_be_used_before_their_declaration) {
  const Policydb db = parse_checked(mini_policy("allow x_t y_t:file read;\ntype x_t;\ntype y_t;"));
  BOOST_TEST(find(db.avtab, 4, 5, 2) != nullptr);
}

BOOST_AUTO_TEST_CASE(type_rules_expand_to_types) {
  const Policydb db =
      parse_checked(mini_policy("type c_t, domain;\ntype_transition domain b_t:process b_t;\n"
                                "type_change a_t b_t:file a_t;\ntype_member a_t self:dir a_t;\n"
                                "type_transition a_t b_t:process b_t;"));
  BOOST_TEST(db.type_rules.size() == 4u);
  BOOST_TEST(db.type_rules.at({2, 3, 1, TypeRuleKind::transition}) == 3u);
  BOOST_TEST(db.type_rules.at({4, 3, 1, TypeRuleKind::transition}) == 3u);
  BOOST_TEST(db.type_rules.at({2, 3, 2, TypeRuleKind::change}) == 2u);
  BOOST_TEST(db.type_rules.at({2, 2, 3, TypeRuleKind::member}) == 2u);
}

BOOST_AUTO_TEST_CASE(filename_transitions) {
  const Policydb db =
      parse_checked(mini_policy("type_transition a_t b_t:{ file dir } a_t \"my.file\";"));
  BOOST_TEST(db.filename_trans.size() == 2u);
  BOOST_TEST(db.filename_trans.at({2, 3, 2, "my.file"}) == 2u);
  BOOST_TEST(db.filename_trans.at({2, 3, 3, "my.file"}) == 2u);
  BOOST_TEST(db.type_rules.empty());
}

BOOST_AUTO_TEST_CASE(neverallow_is_checked_against_the_allow_rules) {
  const PolicyError e = parse_error(
      mini_policy("neverallow a_t b_t:file write;\nallow domain b_t:file { read write };"));
  BOOST_TEST(e.line() == kTeLine);
  BOOST_TEST(e.column() == 1);
  BOOST_TEST(e.message().find("line 25") != std::string::npos);
  const PolicyError self = parse_error(
      mini_policy("neverallow domain self:process signal;\nallow a_t a_t:process signal;"));
  BOOST_TEST(self.message().find("line 25") != std::string::npos);
  BOOST_CHECK_NO_THROW(parse_checked(
      mini_policy("neverallow domain self:process signal;\nallow a_t b_t:process signal;\n"
                  "neverallow a_t b_t:file write;\nallow a_t b_t:file read;")));
}

BOOST_AUTO_TEST_CASE(conflicting_type_rules_are_refused_identical_ones_accepted) {
  const PolicyError e = parse_error(
      mini_policy("type_transition a_t b_t:file a_t;\ntype_transition domain b_t:file b_t;"));
  BOOST_TEST(e.line() == kTeLine + 1);
  BOOST_TEST(e.message().find("conflicting type_transition") != std::string::npos);
  BOOST_CHECK_NO_THROW(parse_checked(
      mini_policy("type_transition a_t b_t:file a_t;\ntype_transition domain b_t:file a_t;")));
}

BOOST_AUTO_TEST_CASE(conditional_blocks_in_postfix) {
  const Policydb db = parse_checked(
      mini_policy("bool b1 true;\nbool b2 false;\n"
                  "if (!b1 && b2 || b1 == b2) { allow a_t b_t:file read; } else {\n"
                  "  dontaudit a_t b_t:file write; type_transition a_t b_t:file a_t; }\n"
                  "if (!b1 == b2) { }"));
  BOOST_TEST(db.booleans.size() == 2u);
  BOOST_TEST(db.booleans[0].state);
  BOOST_TEST(!db.booleans[1].state);
  BOOST_REQUIRE(db.conditionals.size() == 2u);
  const CondBlock& c = db.conditionals[0];
  std::vector<std::pair<CondOp, std::uint32_t>> expr;
  for (const CondNode& n : c.expr) expr.emplace_back(n.op, n.boolean);
  const std::vector<std::pair<CondOp, std::uint32_t>> expected{
      {CondOp::boolean, 1}, {CondOp::op_not, 0},  {CondOp::boolean, 2}, {CondOp::op_and, 0},
      {CondOp::boolean, 1}, {CondOp::boolean, 2}, {CondOp::op_eq, 0},   {CondOp::op_or, 0}};
  BOOST_TEST((expr == expected));
  BOOST_REQUIRE(c.if_true.size() == 1u);
  BOOST_TEST((c.if_true[0].key == AvKey{2, 3, 2}));
  BOOST_TEST(c.if_true[0].datum.allowed == 1u);
  BOOST_REQUIRE(c.if_false.size() == 1u);
  BOOST_TEST(c.if_false[0].datum.dontaudit == 2u);
  BOOST_REQUIRE(c.types_false.size() == 1u);
  BOOST_TEST((c.types_false[0].first == TypeRuleKey{2, 3, 2, TypeRuleKind::transition}));
  BOOST_TEST(c.types_false[0].second == 2u);
  BOOST_TEST(db.avtab.empty());
  // '==' binds tighter than '!': !(b1 == b2).
  const auto& e2 = db.conditionals[1].expr;
  BOOST_REQUIRE(e2.size() == 4u);
  BOOST_TEST((e2[2].op == CondOp::op_eq));
  BOOST_TEST((e2[3].op == CondOp::op_not));
}

BOOST_AUTO_TEST_CASE(constraints_in_postfix_with_text) {
  const Policydb db = parse_checked(
      mini_policy("",
                  "constrain process transition (u1 == u2 or (t1 == domain and not r1 dom r2));\n"
                  "validatetrans file (u3 == u and t3 != { a_t b_t });"));
  BOOST_REQUIRE(db.classes[0].constraints.size() == 1u);
  const Constraint& c = db.classes[0].constraints[0];
  BOOST_TEST(!c.mls);
  BOOST_TEST(c.perms == 1u);
  BOOST_TEST(c.text ==
             "constrain process transition (u1 == u2 or (t1 == domain and not r1 dom r2));");
  std::vector<std::string> texts;
  for (const ConstraintNode& n : c.expr) texts.push_back(n.text);
  const std::vector<std::string> expected{"u1 == u2", "t1 == domain", "r1 dom r2",
                                          "not",      "and",          "or"};
  BOOST_TEST(texts == expected, boost::test_tools::per_element());
  BOOST_TEST((c.expr[0].kind == CexprKind::attr && c.expr[0].attr == CexprAttr::u1u2 &&
              c.expr[0].op == CexprOp::eq));
  BOOST_TEST((c.expr[1].kind == CexprKind::names && c.expr[1].attr == CexprAttr::t1));
  BOOST_TEST(bits(c.expr[1].names) == (Bits{1}), boost::test_tools::per_element());  // a_t
  BOOST_TEST((c.expr[2].attr == CexprAttr::r1r2 && c.expr[2].op == CexprOp::dom));
  BOOST_TEST((c.expr[3].kind == CexprKind::op_not && c.expr[4].kind == CexprKind::op_and &&
              c.expr[5].kind == CexprKind::op_or));
  // the base policy's mlsconstrain
  const Constraint& m = db.classes[1].constraints.at(0);
  BOOST_TEST(m.mls);
  BOOST_TEST(m.perms == 1u);
  BOOST_TEST(
      (m.expr.size() == 1u && m.expr[0].attr == CexprAttr::l1l2 && m.expr[0].op == CexprOp::dom));
  const Constraint& v = db.classes[1].validatetrans.at(0);
  BOOST_TEST((v.expr[0].attr == CexprAttr::u3 && v.expr[0].names.test(0)));
  BOOST_TEST((v.expr[1].attr == CexprAttr::t3 && v.expr[1].op == CexprOp::neq));
  BOOST_TEST(bits(v.expr[1].names) == (Bits{1, 2}), boost::test_tools::per_element());
}

// In a constraint '*' and '~' cover only the class's permissions, and a '~' of all of them
// omits the constraint (checkpolicy 3.4's define_constraint with PERMISSION_MASK; its binary
// holds 0x7 for `constrain file * ...` with 3 permissions), unlike an AV rule's 32 bits.
BOOST_AUTO_TEST_CASE(constraint_permission_sets_mask_to_the_class) {
  const Policydb db = parse_checked(mini_policy(
      "allow a_t b_t:file *;",
      "constrain file * (u1 == u2);\nconstrain dir ~{ search } (t1 == t2);\n"
      "constrain process ~{ transition signal } (r1 == r2);"));
  BOOST_TEST(find(db.avtab, 2, 3, 2)->allowed == 0xffffffffu);
  BOOST_REQUIRE(db.classes[1].constraints.size() == 2u);  // the base mlsconstrain, then ours
  BOOST_TEST(db.classes[1].constraints[1].perms == 0xfu);  // read write getattr execute
  BOOST_REQUIRE(db.classes[2].constraints.size() == 1u);
  BOOST_TEST(db.classes[2].constraints[0].perms == 0x7u);  // all but search
  BOOST_TEST(db.classes[0].constraints.empty());
}

BOOST_AUTO_TEST_CASE(roles_transitions_and_allow) {
  const Policydb db = parse_checked(mini_policy(
      "role q_r;\nrole q_r types b_t;\nrole q_r types { domain };\nrole_transition r b_t q_r;\n"
      "role_transition r a_t:file q_r;\nallow r q_r;"));
  BOOST_TEST(db.role_values.at("q_r") == 3u);
  BOOST_TEST(bits(db.roles[2].types) == (Bits{1, 2}), boost::test_tools::per_element());
  BOOST_TEST(db.role_trans.at({2, 3, 1}) == 3u);
  BOOST_TEST(db.role_trans.at({2, 2, 2}) == 3u);
  BOOST_TEST(db.role_allow.count({2, 3}) == 1u);
  BOOST_TEST(db.role_allow.size() == 1u);
}

BOOST_AUTO_TEST_CASE(type_properties_and_defaults) {
  const Policydb db = parse_checked(mini_policy("type c_t;\ntypebounds a_t c_t;\npermissive b_t;"));
  BOOST_TEST(db.types[3].bounds == 2u);
  BOOST_TEST(db.types[2].permissive);
  BOOST_TEST(!db.types[1].permissive);
}

BOOST_AUTO_TEST_CASE(default_rules_set_the_class_defaults) {
  std::string text = mini_policy("");
  text.insert(text.find("sensitivity s0;"),
              "default_user file source;\ndefault_range { file dir } target low-high;\n"
              "default_type process target;\ndefault_role dir source;\n"
              "default_range process glblub;\n");
  const Policydb db = parse_checked(text);
  BOOST_TEST((db.classes[1].default_user == DefaultSource::source));
  BOOST_TEST((db.classes[1].default_range == DefaultRange::target_low_high));
  BOOST_TEST((db.classes[2].default_range == DefaultRange::target_low_high));
  BOOST_TEST((db.classes[2].default_role == DefaultSource::source));
  BOOST_TEST((db.classes[0].default_type == DefaultSource::target));
  BOOST_TEST((db.classes[0].default_range == DefaultRange::glblub));
  BOOST_TEST((db.classes[0].default_user == DefaultSource::none));
}

BOOST_AUTO_TEST_CASE(labelling_statements) {
  const Policydb db = parse_checked(mini_policy(
      "", "",
      "fs_use_xattr ext4 u:object_r:b_t:s0;\nfs_use_task pipefs u:r:a_t:s0;\n"
      "genfscon proc /sys -d u:object_r:b_t:s0\ngenfscon sysfs \"/\" u:object_r:b_t:s0:c1\n"
      "portcon tcp 1024-2048 u:object_r:b_t:s0\nportcon udp 53 u:object_r:b_t:s0\n"
      "netifcon lo u:object_r:b_t:s0 u:object_r:a_t:s0\n"
      "nodecon 10.0.0.0 255.0.0.0 u:object_r:b_t:s0\nnodecon fe80:: ffff:ffff:: "
      "u:object_r:b_t:s0"));
  BOOST_REQUIRE(db.fs_use.size() == 2u);
  BOOST_TEST((db.fs_use[0].kind == FsUseKind::xattr && db.fs_use[0].fstype == "ext4"));
  BOOST_TEST((db.fs_use[1].kind == FsUseKind::task && db.fs_use[1].context.type == 2u));
  BOOST_REQUIRE(db.genfscon.size() == 2u);
  BOOST_TEST(db.genfscon[0].path == "/sys");
  BOOST_TEST(db.genfscon[0].file_type == 'd');
  BOOST_TEST(db.genfscon[1].path == "/");
  BOOST_TEST(db.genfscon[1].file_type == 0);
  BOOST_TEST(db.genfscon[1].context.range.low.cats.test(1));
  BOOST_TEST(db.genfscon[1].context.role == 1u);
  BOOST_REQUIRE(db.portcon.size() == 2u);
  BOOST_TEST(
      (db.portcon[0].protocol == "tcp" && db.portcon[0].low == 1024 && db.portcon[0].high == 2048));
  BOOST_TEST((db.portcon[1].low == 53 && db.portcon[1].high == 53));
  BOOST_REQUIRE(db.netifcon.size() == 1u);
  BOOST_TEST(db.netifcon[0].packet_context.type == 2u);
  BOOST_REQUIRE(db.nodecon.size() == 2u);
  BOOST_TEST((!db.nodecon[0].ipv6 && db.nodecon[0].mask == "255.0.0.0"));
  BOOST_TEST((db.nodecon[1].ipv6 && db.nodecon[1].addr == "fe80::"));
}

BOOST_AUTO_TEST_CASE(non_mls_policy_without_the_mls_block) {
  const std::string text =
      "class file\nsid kernel\nclass file { read }\ntype t;\nrole r;\nrole r types t;\n"
      "allow t t:file read;\nuser u roles r;\nsid kernel u:r:t\n";
  PolicyParseOptions opt;
  opt.mls = false;
  const Policydb db = parse_policy_conf(text, opt);
  TempDir dir;
  std::ofstream(dir.path / "p.conf") << text;
  BOOST_TEST(run(checkpolicy() + " -c 33 -o " + (dir.path / "p.bin").string() + " " +
                 (dir.path / "p.conf").string() + " >/dev/null 2>&1") == 0);
  BOOST_TEST(!db.mls);
  BOOST_TEST(db.initial_sids[0].context->type == 1u);
  BOOST_CHECK_THROW(parse_policy_conf(text, PolicyParseOptions{}), PolicyError);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim::sepolicy::test
