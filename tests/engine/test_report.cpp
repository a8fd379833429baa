// Rendering reports and results, and running scenarios that need only the LSM framework.
#include <boost/test/unit_test.hpp>
#include <cerrno>
#include <sched.h>
#include <sys/mount.h>

#include "cli/cli_main.h"
#include "engine/expectation.h"
#include "engine/report.h"
#include "engine/run.h"
#include "engine/symbols.h"

using namespace lsmsim;
using namespace lsmsim::engine;

namespace {

ScenarioRecord sample() {
  ScenarioRecord s;
  s.file = "demo.yaml";
  s.name = "demo";
  s.boot = "lsm=capability";
  s.dispatch = "slot_table";
  s.lsm_list = "capability";
  StepRecord ok;
  ok.index = 1;
  ok.task = "alice";
  ok.call = "unshare(CLONE_NEWUSER|CLONE_NEWNET)";
  ok.result = "= 0";
  ok.checks.push_back({"success", "= 0", true});
  ok.trace.push_back({"capability", "capable", 0});
  StepRecord bad;
  bad.index = 2;
  bad.task = "alice";
  bad.call = "mount(\"tmpfs\", \"/mnt\", \"tmpfs\", 0, NULL)";
  bad.result = "= 0";
  bad.checks.push_back({"error EPERM", "= 0", false});
  s.steps = {ok, bad};
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report)

BOOST_AUTO_TEST_CASE(steps_render_as_commands_with_pass_fail) {
  const std::string out = render_report(sample(), RenderOptions{});
  BOOST_TEST_INFO(out);
  BOOST_CHECK(out.find("== demo  (demo.yaml)\n") != std::string::npos);
  BOOST_CHECK(out.find("PASS  [1] alice$ unshare(CLONE_NEWUSER|CLONE_NEWNET) = 0\n") !=
              std::string::npos);
  BOOST_CHECK(out.find("FAIL  [2] alice$ mount(") != std::string::npos);
  BOOST_CHECK(out.find("        expected: error EPERM\n        actual:   = 0\n") !=
              std::string::npos);
  BOOST_CHECK(out.find("FAIL demo.yaml: 2 steps, 1 of 2 expectations failed\n") !=
              std::string::npos);
  BOOST_CHECK(out.find('\033') == std::string::npos);
  BOOST_CHECK(out.find("hook capable") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(quiet_shows_only_failures_and_summary) {
  RenderOptions o;
  o.quiet = true;
  const std::string out = render_report(sample(), o);
  BOOST_CHECK(out.find("[1]") == std::string::npos);
  BOOST_CHECK(out.find("[2]") != std::string::npos);
  BOOST_CHECK(out.find("== demo") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(trace_and_verbose_and_color) {
  RenderOptions o;
  o.trace = true;
  o.verbose = true;
  std::string out = render_report(sample(), o);
  BOOST_CHECK(out.find("hook capable -> capability = 0") != std::string::npos);
  BOOST_CHECK(out.find("ok: success") != std::string::npos);
  o.color = true;
  out = render_report(sample(), o);
  BOOST_CHECK(out.find("\033[32mPASS\033[0m") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(short_data_is_shown_inline) {
  ScenarioRecord s = sample();
  s.steps.resize(1);
  s.steps[0].call = "read(\"/sys/kernel/security/lsm\")";
  s.steps[0].result = "= 10";
  s.steps[0].data = "capability";
  s.steps[0].show_data = true;
  const std::string out = render_report(s, RenderOptions{});
  BOOST_CHECK(out.find("= 10 \"capability\"\n") != std::string::npos);
  BOOST_CHECK(out.find("PASS demo.yaml: 1 steps, 1 expectation met") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(results_render_like_strace_with_the_denial) {
  BOOST_CHECK_EQUAL(render_result(SysResult::success(3)), "= 3");
  BOOST_CHECK_EQUAL(render_result(SysResult::error(ENOENT)),
                    "= -1 ENOENT (No such file or directory)");
  const SysResult denied = SysResult::error(
      EPERM, Denial{"capability", "capable", "init", "cap_sys_admin not in the effective set"});
  BOOST_CHECK_EQUAL(render_result(denied),
                    "= -1 EPERM (denied by capability in capable at init: cap_sys_admin not in "
                    "the effective set)");
}

BOOST_AUTO_TEST_CASE(symbols_render_kernel_names) {
  BOOST_CHECK_EQUAL(clone_flags().render(CLONE_NEWUSER | CLONE_NEWNET),
                    "CLONE_NEWUSER|CLONE_NEWNET");
  BOOST_CHECK_EQUAL(mount_flags().render(*mount_flags().lookup("make-rslave")), "MS_REC|MS_SLAVE");
  BOOST_CHECK_EQUAL(open_flags().render(0), "O_RDONLY");
  BOOST_CHECK_EQUAL(clone_flags().render(0), "0");
  BOOST_CHECK_EQUAL(signal_name(15), "SIGTERM");
}

BOOST_AUTO_TEST_CASE(bad_input_reports_file_line_column) {
  const ScenarioReport r =
      run_scenario_text("name: x\nsteps:\n  - {as: bob, getpid: }\n", "t.yaml", RunOptions{});
  BOOST_CHECK(r.bad_input);
  BOOST_CHECK_EQUAL(r.error.rfind("t.yaml:3:10: unknown task 'bob'", 0), 0u);
  BOOST_CHECK(!r.passed());
}

BOOST_AUTO_TEST_CASE(framework_only_scenario_runs_and_checks_boot) {
  const std::string text = R"(name: order
boot:
  lsm: pb,pa
  probes:
    - {name: pa, allow: [file_open], exclusive: true}
    - {name: pb, allow: [file_open], exclusive: true}
  expect:
    lsm_list: capability,pb
    boot_messages: "exclusive disabled: pa"
steps: []
)";
  ScenarioReport r = run_scenario_text(text, "o.yaml", RunOptions{});
  BOOST_TEST_INFO(r.text);
  BOOST_CHECK(r.passed());
  BOOST_CHECK_EQUAL(r.expectations_passed, 2);

  std::string wrong = text;
  wrong.replace(wrong.find("capability,pb"), 13, "capability,pa");
  r = run_scenario_text(wrong, "o.yaml", RunOptions{});
  BOOST_CHECK(!r.passed());
  BOOST_CHECK_EQUAL(r.expectations_failed, 1);
  BOOST_CHECK(r.text.find("FAIL  boot: /sys/kernel/security/lsm is \"capability,pa\"") !=
              std::string::npos);
  BOOST_CHECK(r.text.find("actual:   \"capability,pb\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(boot_that_cannot_happen_is_bad_input) {
  std::string text = "name: many\nboot:\n  stacking: true\n  probes:\n";
  for (int i = 0; i < 20; ++i) text += "    - {name: p" + std::to_string(i) + ", allow: [file_open]}\n";
  text += "steps: []\n";
  const ScenarioReport r = run_scenario_text(text, "m.yaml", RunOptions{});
  BOOST_CHECK(r.bad_input);
  BOOST_CHECK_EQUAL(r.error.rfind("m.yaml:3:3: ", 0), 0u);
}

BOOST_AUTO_TEST_CASE(cli_exit_codes) {
  const char* version[] = {"lsmsim", "--version"};
  BOOST_CHECK_EQUAL(cli_main(2, version), 0);
  const char* missing[] = {"lsmsim", "run", "/nonexistent/scenario.yaml"};
  BOOST_CHECK_EQUAL(cli_main(3, missing), 2);
  const char* bad_flag[] = {"lsmsim", "run", "--frobnicate", "x.yaml"};
  BOOST_CHECK_EQUAL(cli_main(4, bad_flag), 2);
  const char* order[] = {"lsmsim", "lsm-order", "--lsm=capability"};
  BOOST_CHECK_EQUAL(cli_main(3, order), 0);
}

BOOST_AUTO_TEST_SUITE_END()
