// OBJ_PID records of a signal to several processes, in audit_log_exit()'s order: the aux_pids
// blocks first (audit_signal_info_syscall() fills blocks of AUDIT_AUX_PIDS = 16 and puts each
// new block at the head of the list), context->target_pid (the first target) last.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "model/audit/audit.h"
#include "model/audit/audit_rule.h"
#include "model/kernel.h"
#include "model/syscalls/process.h"
#include "tests/support/task_helpers.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

std::string obj_pid(const Task& t) {
  // audit_log_pid_context(): oauid/oses with %d (unset shows -1), ocomm untrusted-string.
  return "opid=" + std::to_string(t.tgid) + " oauid=-1 ouid=0 oses=-1 ocomm=\"init\"";
}

std::vector<std::string> obj_pids_of_kill_all(std::size_t n_targets) {
  KernelConfig c;
  c.lsm.lsm = "capability";
  c.audit.boot = AuditBoot::on;
  Kernel k(c);
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(k.audit().register_daemon(init, k.init_user_ns(), "host") == 0);
  AuditDaemon& d = *k.audit().daemon_of(*k.init_user_ns());
  d.rules.push_back(parse_auditctl("-a always,exit -F arch=b64 -S kill -k k").rule);
  Task& sender = spawn(init);
  std::vector<Task*> targets;
  for (std::size_t i = 0; i < n_targets; ++i) targets.push_back(&spawn(init));
  const std::size_t before = d.received().size();
  BOOST_TEST(sys_kill(sender, -1, 0).ok());  // every process but init and the sender
  std::vector<std::string> got;
  const auto all = d.received();
  for (std::size_t i = before; i < all.size(); ++i)
    if (all[i].type == AUDIT_OBJ_PID) got.push_back(all[i].body);
  // The expected order, from the targets in the order kill(-1) signals them (pid order).
  std::vector<std::string> want;
  const std::size_t extra = n_targets - 1;
  const std::size_t blocks = (extra + 15) / 16;
  for (std::size_t b = blocks; b-- > 0;)
    for (std::size_t i = 1 + 16 * b; i < std::min(n_targets, 17 + 16 * b); ++i)
      want.push_back(obj_pid(*targets[i]));
  want.push_back(obj_pid(*targets[0]));
  BOOST_TEST(got == want, boost::test_tools::per_element());
  return got;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit_obj_pid)

BOOST_AUTO_TEST_CASE(three_targets_first_one_last) {
  const auto got = obj_pids_of_kill_all(3);
  BOOST_REQUIRE_EQUAL(got.size(), 3u);
  // pids 3, 4, 5 (init 1, sender 2): 4 and 5 from aux_pids, then 3.
  BOOST_TEST(got[0].rfind("opid=4 ", 0) == 0);
  BOOST_TEST(got[1].rfind("opid=5 ", 0) == 0);
  BOOST_TEST(got[2].rfind("opid=3 ", 0) == 0);
}

BOOST_AUTO_TEST_CASE(a_second_block_comes_before_the_first) {
  // 18 targets: the first in target_pid, 16 in block one, the 18th in block two.
  const auto got = obj_pids_of_kill_all(18);
  BOOST_REQUIRE_EQUAL(got.size(), 18u);
  BOOST_TEST(got.front().rfind("opid=20 ", 0) == 0);  // the 18th target (pid 20)
  BOOST_TEST(got[1].rfind("opid=4 ", 0) == 0);        // block one starts with the 2nd
  BOOST_TEST(got.back().rfind("opid=3 ", 0) == 0);    // the first target
}

BOOST_AUTO_TEST_SUITE_END()
