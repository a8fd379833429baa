// The hook list expands consistently: names, defaults and lookups.
#include <boost/test/unit_test.hpp>

#include "model/lsm/hooks.h"

using namespace lsmsim;

BOOST_AUTO_TEST_SUITE(hook_list)

BOOST_AUTO_TEST_CASE(names_round_trip_through_lookup) {
  for (std::size_t i = 0; i < kHookCount; ++i) {
    Hook h{};
    BOOST_TEST_REQUIRE(hook_from_name(kHookNames[i], h));
    BOOST_TEST(static_cast<std::size_t>(h) == i);
  }
  Hook h{};
  BOOST_TEST(!hook_from_name("no_such_hook", h));
}

BOOST_AUTO_TEST_CASE(defaults_match_the_kernel) {
  BOOST_TEST(HookTraits<Hook::task_prctl>::kDefault == -ENOSYS);
  BOOST_TEST(HookTraits<Hook::fs_context_parse_param>::kDefault == -ENOPARAM);
  BOOST_TEST(HookTraits<Hook::inode_init_security>::kDefault == -EOPNOTSUPP);
  BOOST_TEST(HookTraits<Hook::getprocattr>::kDefault == -EINVAL);
  BOOST_TEST(HookTraits<Hook::socket_getpeersec_stream>::kDefault == -ENOPROTOOPT);
  BOOST_TEST(HookTraits<Hook::xfrm_state_pol_flow_match>::kDefault == 1);
  BOOST_TEST(HookTraits<Hook::file_open>::kDefault == 0);
  BOOST_TEST(hook_name(Hook::file_open) == "file_open");
}

BOOST_AUTO_TEST_SUITE_END()
