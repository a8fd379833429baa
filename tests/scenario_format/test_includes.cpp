// include: and fragments: what an included file contributes, in which order, and where
// errors inside included files and fragments are reported.
#include "engine/run.h"
#include "format_test_support.h"

using namespace lsmsim;
using namespace lsmsim::engine;
using lsmsim::engine::test::ScratchDir;
using lsmsim::engine::test::mentions;

BOOST_AUTO_TEST_SUITE(includes)

BOOST_AUTO_TEST_CASE(included_boot_and_steps_come_first_in_include_order) {
  ScratchDir d;
  d.write("common/boot.yaml",
          "boot:\n  lsm: capability,probe_a\n  probes: [{name: probe_a}]\n"
          "steps:\n  - {as: init, fork: a}\n");
  d.write("common/more.yaml", "steps:\n  - {as: a, getpid: }\n");
  d.write("top.yaml",
          "name: t\ninclude: [common/boot.yaml, common/more.yaml]\n"
          "boot: {stacking: true}\nsteps:\n  - {as: a, getuid: }\n");
  const Scenario sc = d.parse("top.yaml");
  BOOST_CHECK_EQUAL(*sc.config.lsm.lsm, "capability,probe_a");
  BOOST_CHECK(sc.config.lsm.stacking);
  BOOST_REQUIRE_EQUAL(sc.probes.size(), 1u);
  BOOST_REQUIRE_EQUAL(sc.steps.size(), 3u);
  BOOST_CHECK_EQUAL(sc.steps[0].op, "fork");
  BOOST_CHECK_EQUAL(sc.steps[1].op, "getpid");
  BOOST_CHECK_EQUAL(sc.steps[2].op, "getuid");
  BOOST_CHECK_EQUAL(sc.steps[2].index, 3);
  // Steps keep the position in the file they are written in, and name it.
  BOOST_CHECK_EQUAL(sc.steps[0].pos.line, 5);
  BOOST_CHECK_EQUAL(sc.steps[0].file, d.path("common/boot.yaml"));
  BOOST_CHECK_EQUAL(sc.steps[2].file, "");
  BOOST_REQUIRE_EQUAL(sc.included_files.size(), 2u);
}

BOOST_AUTO_TEST_CASE(a_file_included_twice_is_read_once) {
  ScratchDir d;
  d.write("f/common.yaml", "steps:\n  - {as: init, fork: a}\n");
  d.write("f/x.yaml", "include: [common.yaml]\n");
  d.write("f/y.yaml", "include: [./common.yaml]\n");
  d.write("top.yaml", "name: t\ninclude: [f/x.yaml, f/y.yaml]\nsteps: []\n");
  const Scenario sc = d.parse("top.yaml");
  BOOST_CHECK_EQUAL(sc.steps.size(), 1u);  // fork a once; twice would be a duplicate task
}

BOOST_AUTO_TEST_CASE(error_inside_an_included_file_names_that_file_and_the_chain) {
  ScratchDir d;
  d.write("f/inner.yaml", "steps:\n  - {as: init, fork: a}\n  - {as: b, getpid: }\n");
  d.write("f/outer.yaml", "# outer\ninclude: [inner.yaml]\n");
  d.write("top.yaml", "name: t\n\ninclude: [f/outer.yaml]\nsteps: []\n");
  const BadInput e = d.error("top.yaml");
  BOOST_CHECK_EQUAL(e.file, d.path("f/inner.yaml"));
  BOOST_CHECK_EQUAL(e.pos.line, 3);
  BOOST_CHECK_EQUAL(e.pos.column, 10);
  BOOST_CHECK(mentions(e.message, "unknown task 'b'"));
  BOOST_REQUIRE_EQUAL(e.included_from.size(), 2u);
  BOOST_CHECK_EQUAL(e.included_from[0], "included from " + d.path("f/outer.yaml") + ":2:11");
  BOOST_CHECK_EQUAL(e.included_from[1], "included from " + d.path("top.yaml") + ":3:11");
}

BOOST_AUTO_TEST_CASE(malformed_yaml_in_an_included_file_is_located_there) {
  ScratchDir d;
  d.write("bad.yaml", "steps:\n  - {as: init, fork: [x\n");
  d.write("top.yaml", "name: t\ninclude: bad.yaml\nsteps: []\n");
  const BadInput e = d.error("top.yaml");
  BOOST_CHECK_EQUAL(e.file, d.path("bad.yaml"));
  BOOST_CHECK(mentions(e.message, "malformed YAML"));
  BOOST_CHECK_EQUAL(e.included_from.size(), 1u);
}

BOOST_AUTO_TEST_CASE(cycles_escapes_absolute_and_missing_files_are_bad_input) {
  ScratchDir d;
  d.write("a.yaml", "include: [b.yaml]\n");
  d.write("b.yaml", "include: [a.yaml]\n");
  d.write("cycle.yaml", "name: t\ninclude: [a.yaml]\nsteps: []\n");
  BadInput e = d.error("cycle.yaml");
  BOOST_CHECK(mentions(e.message, "include cycle: a.yaml -> b.yaml -> a.yaml"));
  BOOST_CHECK_EQUAL(e.file, d.path("b.yaml"));

  d.write("self.yaml", "name: t\ninclude: [self.yaml]\nsteps: []\n");
  e = d.error("self.yaml");
  BOOST_CHECK(mentions(e.message, "include cycle: self.yaml -> self.yaml"));

  d.write("sub/escape.yaml", "include: [../../outside.yaml]\n");
  d.write("escape.yaml", "name: t\ninclude: [sub/escape.yaml]\nsteps: []\n");
  e = d.error("escape.yaml");
  BOOST_CHECK(mentions(e.message, "leaves the scenario's folder"));
  BOOST_CHECK_EQUAL(e.pos.line, 1);
  BOOST_CHECK_EQUAL(e.pos.column, 11);
  BOOST_CHECK_EQUAL(e.file, d.path("sub/escape.yaml"));
  // Going up and down again inside the folder is fine.
  d.write("sub/ok.yaml", "include: [../leaf.yaml]\n");
  d.write("leaf.yaml", "steps: [{as: init, getpid: }]\n");
  d.write("updown.yaml", "name: t\ninclude: [sub/ok.yaml]\nsteps: []\n");
  BOOST_CHECK_EQUAL(d.parse("updown.yaml").steps.size(), 1u);

  d.write("abs.yaml", "name: t\ninclude: [" + d.path("leaf.yaml") + "]\nsteps: []\n");
  BOOST_CHECK(mentions(d.error("abs.yaml").message, "is an absolute path"));

  d.write("missing.yaml", "name: t\ninclude: [nope.yaml]\nsteps: []\n");
  e = d.error("missing.yaml");
  BOOST_CHECK(mentions(e.message, "cannot read"));
  BOOST_CHECK_EQUAL(e.pos.line, 2);
  BOOST_CHECK_EQUAL(e.pos.column, 11);
}

BOOST_AUTO_TEST_CASE(included_files_may_not_hold_a_name_or_a_matrix_nor_repeat_boot_keys) {
  ScratchDir d;
  d.write("named.yaml", "name: x\n");
  d.write("t1.yaml", "name: t\ninclude: [named.yaml]\nsteps: []\n");
  BOOST_CHECK(mentions(d.error("t1.yaml").message, "unknown key 'name' in an included file"));
  d.write("m.yaml", "matrix: {a: {lsm: capability}}\n");
  d.write("t2.yaml", "name: t\ninclude: [m.yaml]\nsteps: []\n");
  BOOST_CHECK(mentions(d.error("t2.yaml").message, "unknown key 'matrix'"));
  d.write("b.yaml", "boot: {stacking: true}\n");
  d.write("t3.yaml", "name: t\ninclude: [b.yaml]\nboot: {stacking: false}\nsteps: []\n");
  const BadInput e = d.error("t3.yaml");
  BOOST_CHECK(
      mentions(e.message, "boot key 'stacking' is already given at " + d.path("b.yaml") + ":1:8"));
  BOOST_CHECK_EQUAL(e.pos.line, 3);
}

BOOST_AUTO_TEST_CASE(files_named_in_an_included_file_are_relative_to_it) {
  ScratchDir d;
  d.write("lib/p/tiny.conf", "garbage that is not a policy\n");
  d.write("lib/boot.yaml", "boot:\n  lsm: selinux\n  selinux: {policy: p/tiny.conf}\n");
  d.write("top.yaml", "name: t\ninclude: [lib/boot.yaml]\nsteps: []\n");
  const BadInput e = d.error("top.yaml");
  // The policy was found next to lib/boot.yaml (it does not load: bad input located there).
  BOOST_CHECK_EQUAL(e.file, d.path("lib/boot.yaml"));
  BOOST_CHECK(mentions(e.message, "the policy does not load"));
  BOOST_CHECK_EQUAL(e.pos.line, 3);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fragments)

BOOST_AUTO_TEST_CASE(a_use_expands_to_the_fragment_steps_with_parameters_substituted) {
  ScratchDir d;
  d.write("lib.yaml",
          "fragments:\n"
          "  user:\n"
          "    params: {task: ~, uid: 1000}\n"
          "    steps:\n"
          "      - {as: init, fork: \"${task}\"}\n"
          "      - {as: \"${task}\", setuid: \"${uid}\", note: \"$${task} stays\"}\n"
          "  plain: [{as: init, getpid: }]\n");
  d.write("top.yaml",
          "name: t\ninclude: [lib.yaml]\nsteps:\n"
          "  - {use: user, with: {task: alice}}\n"
          "  - {use: user, with: {task: bob, uid: 7}}\n"
          "  - {use: plain}\n");
  const Scenario sc = d.parse("top.yaml");
  BOOST_REQUIRE_EQUAL(sc.steps.size(), 5u);
  BOOST_CHECK_EQUAL(sc.steps[0].args.at("child").text, "alice");
  BOOST_CHECK_EQUAL(sc.steps[1].as, "alice");
  BOOST_CHECK_EQUAL(sc.steps[1].args.at("uid").number, 1000);
  BOOST_CHECK_EQUAL(sc.steps[1].note, "$${task} stays");
  BOOST_CHECK_EQUAL(sc.steps[3].args.at("uid").number, 7);
  BOOST_CHECK_EQUAL(sc.steps[4].op, "getpid");
  BOOST_CHECK_EQUAL(sc.steps[4].index, 5);
  // Expanded steps keep the fragment file's positions and say where they were used.
  BOOST_CHECK_EQUAL(sc.steps[1].pos.line, 6);
  BOOST_CHECK_EQUAL(sc.steps[1].file, d.path("lib.yaml"));
  BOOST_CHECK(
      mentions(sc.steps[3].origin, "in fragment 'user' used at " + d.path("top.yaml") + ":5:11"));
}

BOOST_AUTO_TEST_CASE(errors_in_fragment_steps_point_into_the_fragment_and_name_the_use) {
  ScratchDir d;
  d.write("lib.yaml",
          "fragments:\n  f:\n    params: [t]\n    steps:\n      - {as: \"${t}\", getpid: }\n");
  d.write("top.yaml", "name: t\ninclude: [lib.yaml]\nsteps:\n  - {use: f, with: {t: ghost}}\n");
  const BadInput e = d.error("top.yaml");
  BOOST_CHECK_EQUAL(e.file, d.path("lib.yaml"));
  BOOST_CHECK_EQUAL(e.pos.line, 5);
  BOOST_CHECK(mentions(e.message, "unknown task 'ghost'"));
  bool named_use = false;
  for (const std::string& n : e.included_from)
    named_use = named_use || n == "in fragment 'f' used at " + d.path("top.yaml") + ":4:11";
  BOOST_CHECK(named_use);
}

BOOST_AUTO_TEST_CASE(bad_uses_and_definitions_are_bad_input) {
  ScratchDir d;
  auto err = [&](const std::string& body) {
    d.write("t.yaml", "name: t\n" + body);
    return d.error("t.yaml");
  };
  BadInput e = err("fragments: {f: [{as: init, getpid: }]}\nsteps:\n  - {use: g}\n");
  BOOST_CHECK(mentions(e.message, "unknown fragment 'g' (defined: f)"));
  BOOST_CHECK_EQUAL(e.pos.line, 4);
  e = err("fragments: {f: {params: [a], steps: []}}\nsteps:\n  - {use: f}\n");
  BOOST_CHECK(mentions(e.message, "needs parameter 'a'"));
  e = err("fragments: {f: {params: [a], steps: []}}\nsteps:\n  - {use: f, with: {a: 1, b: 2}}\n");
  BOOST_CHECK(mentions(e.message, "has no parameter 'b'"));
  e = err("fragments: {f: [{use: f}]}\nsteps:\n  - {use: f}\n");
  BOOST_CHECK(mentions(e.message, "fragment 'f' uses itself"));
  e = err("fragments: {f: {params: [a], stepz: []}}\nsteps: []\n");
  BOOST_CHECK(mentions(e.message, "unknown key 'stepz' in fragment 'f'"));
  e = err("fragments: {f: {steps: [], params: [a, a]}}\nsteps: []\n");
  BOOST_CHECK(mentions(e.message, "declared twice"));
  e = err("fragments: {f: 3}\nsteps: []\n");
  BOOST_CHECK(mentions(e.message, "expected fragment 'f'"));
  e = err("fragments: {f: []}\nsteps:\n  - {use: f, as: init}\n");
  BOOST_CHECK(mentions(e.message, "unknown key 'as' in a fragment use"));
  d.write("lib.yaml", "fragments: {f: []}\n");
  e = err("include: [lib.yaml]\nfragments: {f: []}\nsteps: []\n");
  BOOST_CHECK(
      mentions(e.message, "fragment 'f' is already defined at " + d.path("lib.yaml") + ":1:13"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(include_reports)

BOOST_AUTO_TEST_CASE(a_failing_step_from_a_fragment_says_where_it_is_written) {
  ScratchDir d;
  d.write("lib.yaml", "fragments:\n  f:\n    - {as: init, rmdir: /nonexistent}\n");
  d.write("top.yaml", "name: t\ninclude: [lib.yaml]\nsteps:\n  - {use: f}\n");
  const ScenarioReport r = run_scenario_file(d.path("top.yaml"), RunOptions{});
  BOOST_TEST_INFO(r.text << r.error);
  BOOST_CHECK_EQUAL(r.expectations_failed, 1);
  BOOST_CHECK(mentions(r.text, "@ " + d.path("lib.yaml") + ":3, in fragment 'f' used at " +
                                   d.path("top.yaml") + ":4:11"));
}

BOOST_AUTO_TEST_SUITE_END()
