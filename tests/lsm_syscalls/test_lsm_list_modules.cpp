// lsm_list_modules(2) as sys_lsm_list_modules (v6.12): flags, then *size read and the
// required size written back before it is compared, then the ids in LSM order.
#include <boost/test/unit_test.hpp>
#include <cerrno>

#include "model/lsm/lsm_uapi.h"
#include "model/syscalls/lsm.h"
#include "tests/lsm_syscalls/lsm_syscall_support.h"
#include "tests/support/kernel_fixture.h"

using namespace lsmsim;
using lsmsim::testing::config_with;
using lsmsim::testing::probe;
using lsmsim::testing::UserMem;

namespace {

struct ThreeLsms {
  ProbeSpec x = probe("x", {});
  ProbeSpec y = probe("y", {{Hook::file_open, 0}});
  Kernel k{config_with({x, y})};
  Task& t = k.init_task();
  std::uint32_t need = static_cast<std::uint32_t>(k.lsm().active().size() * 8);
};

}  // namespace

BOOST_AUTO_TEST_SUITE(lsm_list_modules)

BOOST_FIXTURE_TEST_CASE(lists_every_active_lsm_in_order, ThreeLsms) {
  BOOST_TEST_REQUIRE(k.lsm().active().size() == 3u);
  UserMem m(64);
  UserWord size(64);
  const SysResult r = sys_lsm_list_modules(t, m.buf, &size, 0);
  BOOST_TEST(r.ret == 3);
  BOOST_TEST(size.value() == 24u);
  BOOST_TEST(m.u64(0) == LSM_ID_CAPABILITY);
  BOOST_TEST(m.u64(8) == x.id);  // a probe with no hooks at all is still listed
  BOOST_TEST(m.u64(16) == y.id);
  BOOST_TEST(m.untouched_from(24));
}

BOOST_FIXTURE_TEST_CASE(flags_are_einval_and_size_untouched, ThreeLsms) {
  UserMem m(64);
  UserWord size(64);
  BOOST_TEST(sys_lsm_list_modules(t, m.buf, &size, 1).err == EINVAL);
  BOOST_TEST(size.value() == 64u);
  UserWord unmapped = UserWord::unmapped();
  BOOST_TEST(sys_lsm_list_modules(t, m.buf, &unmapped, 1).err == EINVAL);
  BOOST_TEST(m.untouched_from(0));
}

BOOST_FIXTURE_TEST_CASE(size_faults_are_efault, ThreeLsms) {
  UserMem m(64);
  BOOST_TEST(sys_lsm_list_modules(t, m.buf, nullptr, 0).err == EFAULT);
  UserWord unmapped = UserWord::unmapped();
  BOOST_TEST(sys_lsm_list_modules(t, m.buf, &unmapped, 0).err == EFAULT);
  UserWord read_only(64, true, false);
  BOOST_TEST(sys_lsm_list_modules(t, m.buf, &read_only, 0).err == EFAULT);
  BOOST_TEST(m.untouched_from(0));
}

BOOST_FIXTURE_TEST_CASE(too_small_is_e2big_after_writing_the_size, ThreeLsms) {
  for (std::uint32_t given : {0u, 8u, need - 1}) {
    UserMem m(64);
    UserWord size(given);
    BOOST_TEST(sys_lsm_list_modules(t, m.buf, &size, 0).err == E2BIG);
    BOOST_TEST(size.value() == need);
    BOOST_TEST(m.untouched_from(0));
  }
}

BOOST_FIXTURE_TEST_CASE(ids_fault_after_the_size_was_written, ThreeLsms) {
  UserBuffer null_ids;
  UserWord size(64);
  BOOST_TEST(sys_lsm_list_modules(t, null_ids, &size, 0).err == EFAULT);
  BOOST_TEST(size.value() == need);
  UserMem short_ids(12);  // room for one id and a half
  UserWord size2(64);
  BOOST_TEST(sys_lsm_list_modules(t, short_ids.buf, &size2, 0).err == EFAULT);
  BOOST_TEST(short_ids.u64(0) == LSM_ID_CAPABILITY);
}

BOOST_AUTO_TEST_CASE(capability_alone) {
  Kernel k(config_with({}));
  UserMem m(8);
  UserWord size(8);
  BOOST_TEST(sys_lsm_list_modules(k.init_task(), m.buf, &size, 0).ret == 1);
  BOOST_TEST(m.u64(0) == LSM_ID_CAPABILITY);
}

BOOST_AUTO_TEST_SUITE_END()
