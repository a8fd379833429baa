// lsm_get_self_attr(2): every errno path in the order security_getselfattr checks them
// (v6.12; reference §4.3), when *size is written back, and the entries' byte layout.
#include <boost/test/unit_test.hpp>
#include <cerrno>

#include "model/lsm/lsm_ctx.h"
#include "model/lsm/lsm_uapi.h"
#include "model/syscalls/lsm.h"
#include "tests/lsm_syscalls/lsm_syscall_support.h"
#include "tests/support/kernel_fixture.h"

using namespace lsmsim;
using lsmsim::testing::config_with;
using lsmsim::testing::probe;
using lsmsim::testing::UserMem;

namespace {

// capability, then "a" (alpha) and "c" (gamma) answering, "b" not supporting the attr.
struct TwoLabels {
  ProbeSpec a = probe("a", {{Hook::getselfattr, 1}}, "alpha");
  ProbeSpec b = probe("b", {{Hook::getselfattr, -EOPNOTSUPP}});
  ProbeSpec c = probe("c", {{Hook::getselfattr, 1}}, "gamma");
  Kernel k{config_with({a, b, c})};
  Task& t = k.init_task();
};

void set_single_id(UserMem& m, std::uint64_t id) {
  m.set_u64(0, id);
  m.set_u64(8, 0);
  m.set_u64(16, 0);
  m.set_u64(24, 0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lsm_get_self_attr)

BOOST_FIXTURE_TEST_CASE(returns_one_entry_per_answering_lsm_in_order, TwoLabels) {
  UserMem m(256);
  UserWord size(256);
  const SysResult r = sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &size, 0);
  BOOST_TEST(r.ok());
  BOOST_TEST(r.ret == 2);
  BOOST_TEST(size.value() == 80u);
  const auto e = lsm_ctx_parse(m.bytes.data(), size.value());
  BOOST_TEST_REQUIRE(e.size() == 2u);
  BOOST_TEST(e[0].id == a.id);
  BOOST_TEST(e[0].ctx == std::string("alpha\0", 6));
  BOOST_TEST(e[1].id == c.id);
  BOOST_TEST(e[1].ctx == std::string("gamma\0", 6));
  BOOST_TEST(m.untouched_from(80));
}

BOOST_FIXTURE_TEST_CASE(entry_byte_layout_is_the_kernels, TwoLabels) {
  UserMem m(256);
  UserWord size(256);
  BOOST_TEST_REQUIRE(sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &size, 0).ok());
  // id, flags, len = ALIGN(32 + 6, 8), ctx_len = strlen + 1: four host-endian u64s.
  BOOST_TEST(m.u64(0) == a.id);
  BOOST_TEST(m.u64(8) == 0u);
  BOOST_TEST(m.u64(16) == 40u);
  BOOST_TEST(m.u64(24) == 6u);
  BOOST_TEST(std::memcmp(m.bytes.data() + 32, "alpha\0", 6) == 0);
  BOOST_TEST((m.bytes[38] == std::byte{0} && m.bytes[39] == std::byte{0}));  // zero padding
  BOOST_TEST(m.u64(40) == c.id);  // the next entry starts at len, not at 32 + ctx_len
  BOOST_TEST(m.u64(56) == 40u);
}

BOOST_AUTO_TEST_CASE(len_is_padded_to_eight_bytes) {
  for (const std::string value : {"", "abcdefg", "abcdefgh", "a-much-longer-label_t:s0"}) {
    Kernel k(config_with({probe("p", {{Hook::getselfattr, 1}}, value)}));
    UserMem m(128);
    UserWord size(128);
    BOOST_TEST_REQUIRE(
        sys_lsm_get_self_attr(k.init_task(), LSM_ATTR_CURRENT, m.buf, &size, 0).ok());
    const std::uint64_t ctx_len = value.size() + 1;
    BOOST_TEST(m.u64(24) == ctx_len);
    BOOST_TEST(m.u64(16) == (32 + ctx_len + 7) / 8 * 8);
    BOOST_TEST(size.value() == m.u64(16));
    for (std::size_t i = 32 + ctx_len; i < m.u64(16); ++i) BOOST_TEST((m.bytes[i] == std::byte{0}));
    BOOST_TEST(m.untouched_from(m.u64(16)));
  }
}

BOOST_FIXTURE_TEST_CASE(attr_undef_is_einval_before_size_is_read, TwoLabels) {
  UserMem m(256);
  UserWord unmapped = UserWord::unmapped();
  const SysResult r = sys_lsm_get_self_attr(t, LSM_ATTR_UNDEF, m.buf, &unmapped, 0);
  BOOST_TEST(r.err == EINVAL);
  BOOST_TEST(r.denial->by == "kernel");
  UserWord size(256);
  BOOST_TEST(sys_lsm_get_self_attr(t, LSM_ATTR_UNDEF, m.buf, &size, 0).err == EINVAL);
  BOOST_TEST(size.value() == 256u);
  BOOST_TEST(m.untouched_from(0));
}

BOOST_FIXTURE_TEST_CASE(null_size_is_einval, TwoLabels) {
  UserMem m(256);
  BOOST_TEST(sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, nullptr, 0).err == EINVAL);
  BOOST_TEST(m.untouched_from(0));
}

BOOST_FIXTURE_TEST_CASE(unreadable_size_is_efault_before_flags_are_checked, TwoLabels) {
  UserMem m(256);
  UserWord unmapped = UserWord::unmapped();
  BOOST_TEST(sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &unmapped, 0).err == EFAULT);
  BOOST_TEST(sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &unmapped, 42).err == EFAULT);
  BOOST_TEST(m.untouched_from(0));
}

BOOST_FIXTURE_TEST_CASE(bad_flags_are_einval_and_leave_size_alone, TwoLabels) {
  UserMem m(256);
  set_single_id(m, a.id);
  for (std::uint32_t flags : {2u, LSM_FLAG_SINGLE | 2u, 0x80000000u}) {
    UserWord size(256);
    BOOST_TEST(sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &size, flags).err == EINVAL);
    BOOST_TEST(size.value() == 256u);
  }
}

BOOST_FIXTURE_TEST_CASE(single_without_ctx_is_einval, TwoLabels) {
  UserBuffer null_ctx;
  UserWord size(256);
  const SysResult r = sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, null_ctx, &size, LSM_FLAG_SINGLE);
  BOOST_TEST(r.err == EINVAL);
  BOOST_TEST(size.value() == 256u);
}

BOOST_FIXTURE_TEST_CASE(single_header_fault_is_efault, TwoLabels) {
  UserMem short_ctx(31);  // the 32-byte header cannot be read
  UserWord size(31);
  BOOST_TEST(
      sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, short_ctx.buf, &size, LSM_FLAG_SINGLE).err ==
      EFAULT);
  BOOST_TEST(size.value() == 31u);
}

BOOST_FIXTURE_TEST_CASE(single_with_id_undef_is_einval, TwoLabels) {
  UserMem m(256);
  set_single_id(m, LSM_ID_UNDEF);
  UserWord size(256);
  const SysResult r = sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &size, LSM_FLAG_SINGLE);
  BOOST_TEST(r.err == EINVAL);
  BOOST_TEST(r.denial->reason.find("LSM_ID_UNDEF") != std::string::npos);
  BOOST_TEST(size.value() == 256u);
}

BOOST_FIXTURE_TEST_CASE(single_asks_only_the_named_lsm, TwoLabels) {
  UserMem m(256);
  set_single_id(m, c.id);
  UserWord size(256);
  const SysResult r = sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &size, LSM_FLAG_SINGLE);
  BOOST_TEST(r.ret == 1);
  BOOST_TEST(size.value() == 40u);
  BOOST_TEST(m.u64(0) == c.id);
  BOOST_TEST(lsm_ctx_parse(m.bytes.data(), 40).at(0).ctx == std::string("gamma\0", 6));
  BOOST_TEST(probe_call_counts(*k.lsm().find("a")).count(Hook::getselfattr) == 0u);
}

BOOST_FIXTURE_TEST_CASE(single_naming_an_lsm_without_the_attr_is_eopnotsupp, TwoLabels) {
  for (std::uint64_t id : {b.id, LSM_ID_CAPABILITY, LSM_ID_SELINUX}) {
    UserMem m(256);
    set_single_id(m, id);
    UserWord size(256);
    BOOST_TEST(sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &size, LSM_FLAG_SINGLE).err ==
               EOPNOTSUPP);
    BOOST_TEST(size.value() == 0u);
  }
}

BOOST_FIXTURE_TEST_CASE(too_small_is_e2big_with_the_full_size_written_back, TwoLabels) {
  UserMem m(50);
  UserWord size(50);
  const SysResult r = sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &size, 0);
  BOOST_TEST(r.err == E2BIG);
  BOOST_TEST(size.value() == 80u);
  // The first entry fitted and was written before the second did not.
  BOOST_TEST(m.u64(0) == a.id);
  BOOST_TEST(m.untouched_from(40));
}

BOOST_FIXTURE_TEST_CASE(null_ctx_asks_for_the_size, TwoLabels) {
  UserBuffer null_ctx;
  UserWord zero(0);
  BOOST_TEST(sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, null_ctx, &zero, 0).err == E2BIG);
  BOOST_TEST(zero.value() == 80u);
  UserWord enough(80);
  const SysResult r = sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, null_ctx, &enough, 0);
  BOOST_TEST(r.ret == 2);
  BOOST_TEST(enough.value() == 80u);
}

BOOST_AUTO_TEST_CASE(nothing_answers_is_eopnotsupp_with_size_zero) {
  Kernel k(config_with({probe("b", {{Hook::getselfattr, -EOPNOTSUPP}})}));
  UserMem m(64);
  UserWord size(64);
  const SysResult r = sys_lsm_get_self_attr(k.init_task(), LSM_ATTR_PREV, m.buf, &size, 0);
  BOOST_TEST(r.err == EOPNOTSUPP);
  BOOST_TEST(size.value() == 0u);
  // Only capability, which has no getselfattr hook at all.
  Kernel bare(config_with({}));
  UserWord size2(64);
  BOOST_TEST(sys_lsm_get_self_attr(bare.init_task(), LSM_ATTR_CURRENT, m.buf, &size2, 0).err ==
             EOPNOTSUPP);
  BOOST_TEST(size2.value() == 0u);
}

BOOST_AUTO_TEST_CASE(an_lsm_error_aborts_without_writing_size) {
  Kernel k(config_with({probe("a", {{Hook::getselfattr, 1}}, "alpha"),
                        probe("aa", {{Hook::getselfattr, -ENOENT}})}));
  UserMem m(128);
  UserWord size(128);
  const SysResult r = sys_lsm_get_self_attr(k.init_task(), LSM_ATTR_EXEC, m.buf, &size, 0);
  BOOST_TEST(r.err == ENOENT);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "aa");
  BOOST_TEST(r.denial->hook == "getselfattr");
  BOOST_TEST(size.value() == 128u);
}

BOOST_FIXTURE_TEST_CASE(ctx_shorter_than_size_faults_without_writing_size, TwoLabels) {
  UserMem m(60);  // claims 256 bytes but only 60 are mapped: the second entry faults
  UserWord size(256);
  const SysResult r = sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &size, 0);
  BOOST_TEST(r.err == EFAULT);
  BOOST_TEST(r.denial->by == "kernel");
  BOOST_TEST(size.value() == 256u);
  BOOST_TEST(m.u64(0) == a.id);
}

BOOST_FIXTURE_TEST_CASE(unwritable_size_is_efault_after_the_entries, TwoLabels) {
  UserMem m(256);
  UserWord read_only(256, true, false);
  BOOST_TEST(sys_lsm_get_self_attr(t, LSM_ATTR_CURRENT, m.buf, &read_only, 0).err == EFAULT);
  BOOST_TEST(read_only.value() == 256u);
  BOOST_TEST(m.u64(40) == c.id);
}

BOOST_AUTO_TEST_SUITE_END()
