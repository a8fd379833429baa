// matrix: cells, per-cell expectations, and one run per cell.
#include "engine/matrix.h"
#include "engine/run.h"
#include "format_test_support.h"

using namespace lsmsim;
using namespace lsmsim::engine;
using lsmsim::engine::test::error_of;
using lsmsim::engine::test::mentions;

namespace {

const char* kMatrix = R"(name: m
boot:
  probes:
    - {name: pa, deny: {file_open: EACCES}, exclusive: true}
    - {name: pb, deny: {file_open: EPERM}, exclusive: true}
  expect: {not_boot_messages: ignored}
matrix:
  ab: {lsm: "pa,pb", stacking: true}
  ba: {lsm: "pb,pa", stacking: true, dispatch: hook_list, expect: {lsm_list: "capability,pb,pa"}}
  solo: {lsm: "pb,pa"}
steps:
  - as: init
    read: /sys/kernel/security/lsm
    expect: {error: EACCES, denied_by: pa}
    expect_cells:
      ba: {error: EPERM, denied_by: pb}
      solo: {error: EPERM, denied_by: pb, not_called: pa}
)";


}  // namespace

BOOST_AUTO_TEST_SUITE(matrix)

BOOST_AUTO_TEST_CASE(cells_override_boot_keys_and_keep_the_rest) {
  const Scenario sc = parse_scenario(kMatrix);
  BOOST_REQUIRE_EQUAL(sc.matrix.size(), 3u);
  BOOST_CHECK_EQUAL(sc.matrix[0].name, "ab");
  BOOST_CHECK_EQUAL(*sc.matrix[0].config.lsm.lsm, "pa,pb");
  BOOST_CHECK(sc.matrix[0].config.lsm.stacking);
  BOOST_CHECK(sc.matrix[1].config.dispatch == DispatchStrategy::hook_list);
  BOOST_CHECK(!sc.matrix[2].config.lsm.stacking);
  // The probes of the scenario's boot are in every cell's kernel.
  for (const MatrixCell& c : sc.matrix)
    BOOST_CHECK_EQUAL(c.config.catalog.size(), sc.config.catalog.size());
  // A cell's expect: replaces the boot expectations; without one the scenario's hold.
  BOOST_REQUIRE(sc.matrix[0].boot_expect);
  BOOST_CHECK_EQUAL(sc.matrix[0].boot_expect->not_boot_messages.size(), 1u);
  BOOST_CHECK_EQUAL(*sc.matrix[1].boot_expect->lsm_list, "capability,pb,pa");
  BOOST_CHECK_EQUAL(sc.steps[0].cell_expect.size(), 2u);
}

BOOST_AUTO_TEST_CASE(applying_a_cell_sets_its_boot_and_its_step_expectations) {
  Scenario sc = parse_scenario(kMatrix);
  apply_matrix_cell(sc, "solo");
  BOOST_CHECK_EQUAL(sc.cell, "solo");
  BOOST_CHECK_EQUAL(*sc.config.lsm.lsm, "pb,pa");
  BOOST_CHECK_EQUAL(sc.boot_summary, "lsm=pb,pa");
  BOOST_CHECK_EQUAL(*sc.steps[0].expect.error, EPERM);
  BOOST_CHECK_EQUAL(sc.steps[0].expect.not_called.size(), 1u);
  Scenario sc2 = parse_scenario(kMatrix);
  apply_matrix_cell(sc2, "ab");
  BOOST_CHECK_EQUAL(*sc2.steps[0].expect.error, EACCES);
  BOOST_CHECK_THROW(apply_matrix_cell(sc2, "nope"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(each_cell_runs_and_reports_under_its_name) {
  const ScenarioReport r = run_scenario_text(kMatrix, "m.yaml", RunOptions{});
  BOOST_TEST_INFO(r.text << r.error);
  BOOST_CHECK(r.passed());
  BOOST_REQUIRE_EQUAL(r.runs.size(), 3u);
  BOOST_CHECK_EQUAL(r.runs[0].cell, "ab");
  BOOST_CHECK_EQUAL(r.runs[1].lsm_list, "capability,pb,pa");
  BOOST_CHECK_EQUAL(r.runs[1].dispatch, "hook_list");
  BOOST_CHECK_EQUAL(r.runs[2].lsm_list, "capability,pb");
  BOOST_CHECK(mentions(r.text, "[cell ba]"));
  BOOST_CHECK(mentions(r.text, "PASS m.yaml [solo]: 1 steps"));
  BOOST_CHECK(mentions(r.text, "PASS m.yaml: 3 matrix cells"));
  BOOST_CHECK_EQUAL(r.steps_run, 3);
}

BOOST_AUTO_TEST_CASE(one_failing_cell_fails_the_file_and_is_named) {
  std::string text = kMatrix;
  text.replace(text.find("ba: {error: EPERM"), 17, "ba: {error: EBUSY");
  const ScenarioReport r = run_scenario_text(text, "m.yaml", RunOptions{});
  BOOST_CHECK(!r.passed());
  BOOST_CHECK(!r.bad_input);
  BOOST_CHECK_EQUAL(r.expectations_failed, 1);
  BOOST_CHECK_EQUAL(r.runs[1].failures(), 1);
  BOOST_CHECK_EQUAL(r.runs[0].failures(), 0);
  BOOST_CHECK(mentions(r.text, "FAIL m.yaml: 1 of 3 matrix cells failed (ba)"));
}

BOOST_AUTO_TEST_CASE(boot_sections_of_an_lsm_not_active_in_a_cell_are_skipped) {
  const char* text = R"(name: s
boot:
  smack: {onlycap: []}
matrix:
  with_smack: {lsm: "capability,smack"}
  without: {lsm: capability}
steps: []
)";
  Scenario sc = parse_scenario(text);
  BOOST_CHECK(apply_matrix_cell(sc, "with_smack").empty());
  BOOST_CHECK(sc.smack);
  Scenario sc2 = parse_scenario(text);
  const auto notes = apply_matrix_cell(sc2, "without");
  BOOST_REQUIRE_EQUAL(notes.size(), 1u);
  BOOST_CHECK(mentions(notes[0], "smack: skipped"));
  BOOST_CHECK(!sc2.smack);
}

BOOST_AUTO_TEST_CASE(bad_matrices_are_bad_input_at_their_position) {
  BadInput e = error_of("name: m\nmatrix: {}\nsteps: []\n");
  BOOST_CHECK(mentions(e.message, "at least one cell"));
  e = error_of("name: m\nmatrix:\n  a: {lsm: capability, probes: []}\nsteps: []\n");
  BOOST_CHECK(mentions(e.message, "unknown key 'probes' in matrix cell 'a'"));
  BOOST_CHECK_EQUAL(e.pos.line, 3);
  BOOST_CHECK_EQUAL(e.pos.column, 24);
  e = error_of("name: m\nmatrix:\n  a: {dispatch: fast}\nsteps: []\n");
  BOOST_CHECK(mentions(e.message, "unknown dispatch strategy 'fast'"));
  e = error_of("name: m\nmatrix:\n  a: {enabled: {tomoyo: false}}\nsteps: []\n");
  BOOST_CHECK(mentions(e.message, "unknown LSM 'tomoyo'"));
  e = error_of("name: m\nmatrix:\n  \"a b\": {}\nsteps: []\n");
  BOOST_CHECK(mentions(e.message, "bad matrix cell name"));
  e = error_of(
      "name: m\nmatrix: {a: {}}\nsteps:\n  - {as: init, getpid: , expect_cells: {b: ok}}\n");
  BOOST_CHECK(mentions(e.message, "unknown matrix cell 'b' (cells: a)"));
  BOOST_CHECK_EQUAL(e.pos.line, 4);
  e = error_of("name: m\nsteps:\n  - {as: init, getpid: , expect_cells: {b: ok}}\n");
  BOOST_CHECK(mentions(e.message, "needs a matrix"));
  e = error_of(
      "name: m\nmatrix: {a: {}}\nsteps:\n  - {as: init, getpid: , expect_cells: {a: {size: 3}}}\n");
  BOOST_CHECK(mentions(e.message, "apply to the lsm_* operations"));
}

BOOST_AUTO_TEST_CASE(a_cell_whose_kernel_cannot_boot_makes_the_file_bad_input) {
  std::string text = "name: many\nboot:\n  probes:\n";
  for (int i = 0; i < 20; ++i) text += "    - {name: p" + std::to_string(i) + "}\n";
  text += "matrix:\n  few: {lsm: p1}\n  all: {stacking: true}\nsteps: []\n";
  const ScenarioReport r = run_scenario_text(text, "many.yaml", RunOptions{});
  BOOST_CHECK(r.bad_input);
  BOOST_CHECK(mentions(r.error, "more than 16 active LSMs"));
  BOOST_CHECK(mentions(r.error, "in matrix cell 'all'"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(matrix_cell_lists)

BOOST_AUTO_TEST_CASE(one_expect_cells_key_may_name_several_cells) {
  const Scenario sc = parse_scenario(
      "name: m\nmatrix: {a: {}, b: {}, c: {}}\nsteps:\n"
      "  - {as: init, getpid: , expect_cells: {\"a, c\": {returns: 1}, b: {ok: true}}}\n");
  BOOST_REQUIRE_EQUAL(sc.steps[0].cell_expect.size(), 3u);
  BOOST_CHECK(sc.steps[0].cell_expect.at("a").returns);
  BOOST_CHECK(sc.steps[0].cell_expect.at("c").returns);
  BOOST_CHECK(!sc.steps[0].cell_expect.at("b").returns);
  try {
    parse_scenario("name: m\nmatrix: {a: {}, b: {}}\nsteps:\n"
                   "  - {as: init, getpid: , expect_cells: {\"a,b\": ok, b: ok}}\n");
    BOOST_ERROR("a cell named twice was accepted");
  } catch (const BadInput& e) {
    BOOST_CHECK(e.message.find("'b' is given twice") != std::string::npos);
  }
}

BOOST_AUTO_TEST_SUITE_END()
