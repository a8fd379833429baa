// lsm_set_self_attr(2): the checks of security_setselfattr in the kernel's order (flags,
// size bounds, the copy, the header's lengths) and the dispatch to the one LSM named by id.
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

// "ok" accepts any attribute, "no" refuses with EPERM, "ro" has no setselfattr hook.
struct Setters {
  ProbeSpec ok = probe("ok", {{Hook::setselfattr, 0}});
  ProbeSpec no = probe("no", {{Hook::setselfattr, -EPERM}});
  ProbeSpec ro = probe("ro", {{Hook::getselfattr, 1}}, "ro-label");
  Kernel k{config_with({ok, no, ro})};
  Task& t = k.init_task();

  std::uint64_t set_calls(const char* lsm) {
    const auto& counts = probe_call_counts(*k.lsm().find(lsm));
    auto it = counts.find(Hook::setselfattr);
    return it == counts.end() ? 0 : it->second;
  }
};

// One packed entry in user memory of exactly its own size.
UserMem entry(std::uint64_t id, std::string_view ctx) {
  const std::vector<std::byte> e = lsm_ctx_pack(id, ctx);
  UserMem m(e.size());
  m.bytes = e;
  m.buf = UserBuffer(m.bytes.data(), m.bytes.size());
  return m;
}

std::uint32_t size_of(const UserMem& m) {
  return static_cast<std::uint32_t>(m.bytes.size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(lsm_set_self_attr)

BOOST_FIXTURE_TEST_CASE(the_named_lsm_answers, Setters) {
  UserMem m = entry(ok.id, std::string("label\0", 6));
  const SysResult r = sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, m.buf, size_of(m), 0);
  BOOST_TEST(r.ok());
  BOOST_TEST(r.ret == 0);
  BOOST_TEST(set_calls("ok") == 1u);
  BOOST_TEST(set_calls("no") == 0u);
}

BOOST_FIXTURE_TEST_CASE(an_lsm_refusal_names_it, Setters) {
  UserMem m = entry(no.id, std::string("label\0", 6));
  const SysResult r = sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, m.buf, size_of(m), 0);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "no");
  BOOST_TEST(r.denial->hook == "setselfattr");
}

BOOST_FIXTURE_TEST_CASE(flags_are_checked_first, Setters) {
  UserBuffer null_ctx;
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, null_ctx, 1, 1).err == EINVAL);
  UserMem m = entry(ok.id, "x");
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, m.buf, size_of(m), LSM_FLAG_SINGLE).err ==
             EINVAL);
  BOOST_TEST(set_calls("ok") == 0u);
}

BOOST_FIXTURE_TEST_CASE(size_below_the_header_is_einval, Setters) {
  UserMem m = entry(ok.id, "x");
  UserBuffer null_ctx;
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, m.buf, 31, 0).err == EINVAL);
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, null_ctx, 0, 0).err == EINVAL);
}

BOOST_FIXTURE_TEST_CASE(size_above_a_page_is_e2big_before_the_copy, Setters) {
  UserBuffer null_ctx;
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, null_ctx, 4097, 0).err == E2BIG);
  // A whole page is allowed.
  UserMem page(4096);
  const std::vector<std::byte> e = lsm_ctx_pack(ok.id, "x");
  std::copy(e.begin(), e.end(), page.bytes.begin());
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, page.buf, 4096, 0).ok());
}

BOOST_FIXTURE_TEST_CASE(copy_faults_are_efault, Setters) {
  UserBuffer null_ctx;
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, null_ctx, 32, 0).err == EFAULT);
  UserMem m = entry(ok.id, "x");  // 40 bytes mapped
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, m.buf, 48, 0).err == EFAULT);
  BOOST_TEST(set_calls("ok") == 0u);
}

BOOST_FIXTURE_TEST_CASE(header_lengths_are_checked, Setters) {
  UserMem m = entry(ok.id, "x");  // len 40, ctx_len 1
  // size < ctx->len
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, m.buf, 39, 0).err == EINVAL);
  // ctx->len < 32 + ctx_len
  m.set_u64(24, 9);
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, m.buf, 40, 0).err == EINVAL);
  // 32 + ctx_len overflows a u64
  m.set_u64(24, ~std::uint64_t{0} - 8);
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, m.buf, 40, 0).err == EINVAL);
  // len smaller than the header
  m.set_u64(16, 16);
  m.set_u64(24, 0);
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, m.buf, 40, 0).err == EINVAL);
  // ctx_len may be shorter than len - 32, and size larger than len
  m.set_u64(16, 40);
  m.set_u64(24, 0);
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, m.buf, 40, 0).ok());
  BOOST_TEST(set_calls("ok") == 1u);
}

BOOST_FIXTURE_TEST_CASE(no_lsm_with_that_id_is_eopnotsupp, Setters) {
  for (std::uint64_t id : {LSM_ID_UNDEF, LSM_ID_CAPABILITY, LSM_ID_SELINUX, ro.id}) {
    UserMem m = entry(id, "x");
    const SysResult r = sys_lsm_set_self_attr(t, LSM_ATTR_CURRENT, m.buf, size_of(m), 0);
    BOOST_TEST(r.err == EOPNOTSUPP);
    BOOST_TEST(r.denial->by == "kernel");
  }
}

BOOST_FIXTURE_TEST_CASE(attr_is_left_to_the_lsm, Setters) {
  // The framework does not validate attr, not even LSM_ATTR_UNDEF.
  UserMem m = entry(ok.id, "x");
  BOOST_TEST(sys_lsm_set_self_attr(t, LSM_ATTR_UNDEF, m.buf, size_of(m), 0).ok());
  BOOST_TEST(sys_lsm_set_self_attr(t, 4242, m.buf, size_of(m), 0).ok());
}

BOOST_AUTO_TEST_SUITE_END()
