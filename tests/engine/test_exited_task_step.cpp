// A scenario step by a task that has exited is a step error naming the task, whatever the
// operation (a plain syscall or an audit request such as starting a daemon).
#include <boost/test/unit_test.hpp>

#include "engine/run.h"

using namespace lsmsim;

BOOST_AUTO_TEST_SUITE(exited_task_step)

BOOST_AUTO_TEST_CASE(steps_by_a_zombie_cannot_run) {
  const std::string text = R"(name: zombie
steps:
  - {as: init, fork: c}
  - {as: c, exit: 0}
  - {as: c, open: /etc/passwd}
  - {as: c, auditd: {name: c}}
  - {as: init, wait: c, expect: {returns: c}}
)";
  const ScenarioReport r = run_scenario_text(text, "z.yaml", RunOptions{});
  BOOST_TEST_INFO(r.text);
  BOOST_TEST(!r.bad_input);
  BOOST_TEST(!r.passed());
  BOOST_TEST(r.expectations_failed == 2);
  const std::string msg = "cannot run: task 'c' has exited and cannot make syscalls";
  const auto first = r.text.find(msg);
  BOOST_TEST_REQUIRE(first != std::string::npos);
  BOOST_TEST(r.text.find(msg, first + 1) != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
