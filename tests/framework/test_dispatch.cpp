// The generic dispatch rules (call_int_hook / call_void_hook) under both strategies.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "model/lsm/security.h"
#include "model/vfs/inode.h"
#include "tests/support/kernel_fixture.h"

using namespace lsmsim;
using lsmsim::testing::config_with;
using lsmsim::testing::probe;

namespace {
const DispatchStrategy kStrategies[] = {DispatchStrategy::hook_list,
                                        DispatchStrategy::slot_table};

std::uint64_t calls(Kernel& k, const char* lsm, Hook h) {
  const auto& counts = probe_call_counts(*k.lsm().find(lsm));
  auto it = counts.find(h);
  return it == counts.end() ? 0 : it->second;
}
}  // namespace

namespace lsmsim {
std::ostream& operator<<(std::ostream& os, DispatchStrategy s) {
  return os << dispatch_strategy_name(s);
}
}  // namespace lsmsim

BOOST_AUTO_TEST_SUITE(dispatch)

BOOST_DATA_TEST_CASE(int_hook_stops_at_first_non_default, kStrategies, strategy) {
  Kernel k(config_with({probe("a", {{Hook::task_setnice, 0}}),
                        probe("b", {{Hook::task_setnice, -EACCES}}),
                        probe("c", {{Hook::task_setnice, -EPERM}})},
                       strategy));
  BOOST_TEST(security_task_setnice(k.lsm(), k.init_task(), 5) == -EACCES);
  BOOST_TEST(calls(k, "a", Hook::task_setnice) == 1u);
  BOOST_TEST(calls(k, "b", Hook::task_setnice) == 1u);
  BOOST_TEST(calls(k, "c", Hook::task_setnice) == 0u);
  auto denial = k.lsm().take_denial();
  BOOST_TEST_REQUIRE(denial.has_value());
  BOOST_TEST(denial->by == "b");
  BOOST_TEST(denial->hook == "task_setnice");
  BOOST_TEST(!k.lsm().take_denial().has_value());  // taken once
}

// An explanation left by a check the LSM then ignored (the hook allowed) must not be lent to a
// later refusal of the same LSM that gives no reason of its own.
BOOST_DATA_TEST_CASE(allowed_hook_drops_a_pending_explanation, kStrategies, strategy) {
  Kernel k(config_with({probe("b", {{Hook::task_setnice, 0}})}, strategy));
  const LsmModule& b = *k.lsm().find("b");
  k.lsm().set_pending_explanation(b, "ns", "stale reason");
  BOOST_TEST(security_task_setnice(k.lsm(), k.init_task(), 5) == 0);
  k.lsm().record_refusal("somewhere", b, -EACCES);  // a refusal with no reason of its own
  auto denial = k.lsm().take_denial();
  BOOST_TEST_REQUIRE(denial.has_value());
  BOOST_TEST(denial->hook == "somewhere");
  BOOST_TEST(denial->reason.empty(), denial->reason);
  BOOST_TEST(denial->ns_level.empty());
  // clear_pending_explanation() is what an LSM calls after ignoring a refused check.
  k.lsm().set_pending_explanation(b, "ns", "stale reason");
  k.lsm().clear_pending_explanation();
  k.lsm().record_refusal("somewhere", b, -EACCES);
  BOOST_TEST(k.lsm().take_denial()->reason.empty());
}

BOOST_DATA_TEST_CASE(positive_non_default_also_short_circuits, kStrategies, strategy) {
  // Since 6.12 any value other than the default ends the walk, not only errors.
  Kernel k(config_with({probe("a", {{Hook::task_setnice, 1}}),
                        probe("b", {{Hook::task_setnice, -EPERM}})},
                       strategy));
  BOOST_TEST(security_task_setnice(k.lsm(), k.init_task(), 0) == 1);
  BOOST_TEST(calls(k, "b", Hook::task_setnice) == 0u);
  BOOST_TEST(!k.lsm().take_denial().has_value());
}

BOOST_DATA_TEST_CASE(order_follows_lsm_parameter, kStrategies, strategy) {
  Kernel k(config_with({probe("c", {{Hook::task_setnice, -EPERM}}),
                        probe("b", {{Hook::task_setnice, -EACCES}})},
                       strategy));
  BOOST_TEST(k.lsm().lsm_list() == "capability,c,b");
  BOOST_TEST(security_task_setnice(k.lsm(), k.init_task(), 5) == -EPERM);
}

BOOST_DATA_TEST_CASE(no_callbacks_gives_the_default, kStrategies, strategy) {
  Kernel k(config_with({}, strategy));
  BOOST_TEST(k.lsm().hook_count(Hook::socket_getpeersec_stream) == 0u);
  BOOST_TEST(k.lsm().hook_count(Hook::inode_getsecurity) == 0u);
  SuperBlock sb(k);
  Inode inode(sb);
  std::string out;
  // inode_getsecurity defaults to -EOPNOTSUPP: nobody answered.
  BOOST_TEST(security_inode_getsecurity(k.lsm(), inode, std::string("security.x"), out) ==
             -EOPNOTSUPP);
}

BOOST_DATA_TEST_CASE(void_hook_calls_every_lsm, kStrategies, strategy) {
  Kernel k(config_with({probe("a", {{Hook::task_to_inode, 0}}),
                        probe("b", {{Hook::task_to_inode, -EPERM}}),
                        probe("c", {{Hook::task_to_inode, 0}})},
                       strategy));
  SuperBlock sb(k);
  Inode inode(sb);
  security_task_to_inode(k.lsm(), k.init_task(), inode);
  for (const char* name : {"a", "b", "c"}) BOOST_TEST(calls(k, name, Hook::task_to_inode) == 1u);
}

BOOST_AUTO_TEST_CASE(tracing_records_each_call_in_order) {
  Kernel k(config_with({probe("a", {{Hook::task_setnice, 0}}),
                        probe("b", {{Hook::task_setnice, -EACCES}})}));
  k.lsm().set_tracing(true);
  (void)security_task_setnice(k.lsm(), k.init_task(), 1);
  const auto& trace = k.lsm().trace();
  BOOST_TEST_REQUIRE(trace.size() == 2u);
  BOOST_TEST(k.lsm().active()[trace[0].lsm]->name() == "a");
  BOOST_TEST(trace[0].rc == 0);
  BOOST_TEST(k.lsm().active()[trace[1].lsm]->name() == "b");
  BOOST_TEST(trace[1].rc == -EACCES);
}

BOOST_AUTO_TEST_CASE(strategies_register_the_same_callbacks) {
  auto probes = [] {
    return std::vector<ProbeSpec>{probe("a", {{Hook::file_open, 0}, {Hook::task_kill, 0}}),
                                  probe("b", {{Hook::file_open, 0}})};
  };
  Kernel list(config_with(probes(), DispatchStrategy::hook_list));
  Kernel slots(config_with(probes(), DispatchStrategy::slot_table));
  for (std::size_t i = 0; i < kHookCount; ++i) {
    const auto h = static_cast<Hook>(i);
    BOOST_TEST(list.lsm().hook_count(h) == slots.lsm().hook_count(h), hook_name(h));
  }
  BOOST_TEST(slots.lsm().hook_count(Hook::file_open) == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
