// Each hook the kernel does not dispatch with call_int_hook/call_void_hook, one rule per
// test case (security/security.c v6.12; reference §1.3 and §4.3).
#include <boost/test/unit_test.hpp>
#include <cstring>
#include <vector>

#include "model/lsm/lsm_uapi.h"
#include "model/lsm/security.h"
#include "model/user_memory.h"
#include "model/vfs/inode.h"
#include "tests/support/kernel_fixture.h"

using namespace lsmsim;
using lsmsim::testing::config_with;
using lsmsim::testing::probe;

namespace {

std::uint64_t calls(Kernel& k, const char* lsm, Hook h) {
  const auto& counts = probe_call_counts(*k.lsm().find(lsm));
  auto it = counts.find(h);
  return it == counts.end() ? 0 : it->second;
}

struct Entry {
  std::uint64_t id, flags, len, ctx_len;
  std::string ctx;
};

std::vector<Entry> parse_entries(const std::vector<std::byte>& buf, std::uint32_t size) {
  std::vector<Entry> out;
  std::uint32_t off = 0;
  while (off + 32 <= size) {
    Entry e{};
    std::memcpy(&e.id, buf.data() + off, 8);
    std::memcpy(&e.flags, buf.data() + off + 8, 8);
    std::memcpy(&e.len, buf.data() + off + 16, 8);
    std::memcpy(&e.ctx_len, buf.data() + off + 24, 8);
    e.ctx.assign(reinterpret_cast<const char*>(buf.data()) + off + 32, e.ctx_len);
    out.push_back(e);
    if (e.len == 0) break;
    off += static_cast<std::uint32_t>(e.len);
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(dispatch_special)

BOOST_AUTO_TEST_CASE(vm_enough_memory_lsm_refusal_removes_admin_reserve) {
  // OVERCOMMIT_NEVER with a 1000-page limit and a 100-page admin reserve.
  auto setup = [](Kernel& k) {
    MemoryInfo& m = k.memory();
    m.overcommit_memory = OVERCOMMIT_NEVER;
    m.totalram_pages = 1000;
    m.overcommit_ratio = 100;
    m.admin_reserve_pages = 100;
  };
  Kernel admin(config_with({probe("a", {{Hook::vm_enough_memory, 0}})}));
  setup(admin);
  BOOST_TEST(security_vm_enough_memory(admin.lsm(), admin.memory(), admin.init_task(), 950) == 0);
  BOOST_TEST(admin.memory().committed_pages == 950);

  Kernel refused(config_with({probe("a", {{Hook::vm_enough_memory, -EPERM}}),
                              probe("b", {{Hook::vm_enough_memory, 0}})}));
  setup(refused);
  BOOST_TEST(security_vm_enough_memory(refused.lsm(), refused.memory(), refused.init_task(),
                                       950) == -ENOMEM);
  BOOST_TEST(refused.memory().committed_pages == 0);
  BOOST_TEST(calls(refused, "b", Hook::vm_enough_memory) == 0u);  // stops at the refusal
  // Within the non-admin limit it still succeeds: a refusal is not a denial.
  BOOST_TEST(security_vm_enough_memory(refused.lsm(), refused.memory(), refused.init_task(),
                                       900) == 0);
}

BOOST_AUTO_TEST_CASE(fs_context_parse_param_claims_continue_errors_stop) {
  Kernel k(config_with({probe("a", {{Hook::fs_context_parse_param, 0}}),
                        probe("b", {{Hook::fs_context_parse_param, -ENOPARAM}}),
                        probe("c", {{Hook::fs_context_parse_param, 0}})}));
  BOOST_TEST(security_fs_context_parse_param(k.lsm(), "tmpfs", "context", "x") == 0);
  BOOST_TEST(calls(k, "c", Hook::fs_context_parse_param) == 1u);  // the walk went on

  Kernel e(config_with({probe("a", {{Hook::fs_context_parse_param, -EINVAL}}),
                        probe("b", {{Hook::fs_context_parse_param, 0}})}));
  BOOST_TEST(security_fs_context_parse_param(e.lsm(), "tmpfs", "context", "x") == -EINVAL);
  BOOST_TEST(calls(e, "b", Hook::fs_context_parse_param) == 0u);

  Kernel none(config_with({probe("a", {{Hook::fs_context_parse_param, -ENOPARAM}})}));
  BOOST_TEST(security_fs_context_parse_param(none.lsm(), "tmpfs", "size", "1m") == -ENOPARAM);
}

BOOST_AUTO_TEST_CASE(sb_set_mnt_opts_default_depends_on_options) {
  Kernel k(config_with({}));
  SuperBlock sb(k);
  const std::vector<std::string> opts{"context=x"};
  BOOST_TEST(security_sb_set_mnt_opts(k.lsm(), sb, nullptr) == 0);
  BOOST_TEST(security_sb_set_mnt_opts(k.lsm(), sb, &opts) == -EOPNOTSUPP);

  Kernel p(config_with({probe("a", {{Hook::sb_set_mnt_opts, -EOPNOTSUPP}}),
                        probe("b", {{Hook::sb_set_mnt_opts, 0}})}));
  SuperBlock psb(p);
  // With options, -EOPNOTSUPP is the default, so the walk reaches b, which accepts.
  BOOST_TEST(security_sb_set_mnt_opts(p.lsm(), psb, &opts) == 0);
  BOOST_TEST(calls(p, "b", Hook::sb_set_mnt_opts) == 1u);
  // Without options 0 is the default, so a's -EOPNOTSUPP ends the walk.
  BOOST_TEST(security_sb_set_mnt_opts(p.lsm(), psb, nullptr) == -EOPNOTSUPP);
  BOOST_TEST(calls(p, "b", Hook::sb_set_mnt_opts) == 1u);
}

BOOST_AUTO_TEST_CASE(inode_init_security_collects_every_lsms_xattr) {
  Kernel k(config_with({probe("a", {{Hook::inode_init_security, 0}}, "label_a"),
                        probe("b", {{Hook::inode_init_security, -EOPNOTSUPP}}),
                        probe("c", {{Hook::inode_init_security, 0}}, "label_c")}));
  SuperBlock sb(k);
  Inode dir(sb), inode(sb);
  XattrArray xattrs;
  BOOST_TEST(security_inode_init_security(k.lsm(), inode, dir, "f", xattrs) == 0);
  BOOST_TEST_REQUIRE(xattrs.size() == 2u);
  BOOST_TEST(xattrs[0].name == "security.a");
  BOOST_TEST(xattrs[0].value == "label_a");
  BOOST_TEST(xattrs[1].name == "security.c");
}

BOOST_AUTO_TEST_CASE(inode_init_security_nothing_from_anyone_is_success) {
  Kernel k(config_with({probe("a", {{Hook::inode_init_security, -EOPNOTSUPP}})}));
  SuperBlock sb(k);
  Inode dir(sb), inode(sb);
  XattrArray xattrs;
  BOOST_TEST(security_inode_init_security(k.lsm(), inode, dir, "f", xattrs) == 0);
  BOOST_TEST(xattrs.empty());
}

BOOST_AUTO_TEST_CASE(inode_init_security_other_error_aborts) {
  Kernel k(config_with({probe("a", {{Hook::inode_init_security, -ENOMEM}}),
                        probe("b", {{Hook::inode_init_security, 0}})}));
  SuperBlock sb(k);
  Inode dir(sb), inode(sb);
  XattrArray xattrs;
  BOOST_TEST(security_inode_init_security(k.lsm(), inode, dir, "f", xattrs) == -ENOMEM);
  BOOST_TEST(calls(k, "b", Hook::inode_init_security) == 0u);
}

BOOST_AUTO_TEST_CASE(task_prctl_keeps_latest_value_and_stops_on_nonzero) {
  constexpr int kUnknownOption = 0x7fff;
  Kernel plain(config_with({}));
  Kernel::CurrentScope in_plain(plain, plain.init_task());
  // Only commoncap answers, with -ENOSYS for an option it does not know.
  BOOST_TEST(security_task_prctl(plain.lsm(), kUnknownOption, 0, 0, 0, 0) == -ENOSYS);

  Kernel k(config_with({probe("a", {{Hook::task_prctl, 0}}),
                        probe("b", {{Hook::task_prctl, -ENOSYS}})}));
  Kernel::CurrentScope in_k(k, k.init_task());
  BOOST_TEST(security_task_prctl(k.lsm(), kUnknownOption, 0, 0, 0, 0) == 0);
  BOOST_TEST(calls(k, "b", Hook::task_prctl) == 1u);  // 0 keeps the walk going

  Kernel stop(config_with({probe("a", {{Hook::task_prctl, 5}}),
                           probe("b", {{Hook::task_prctl, -EPERM}})}));
  Kernel::CurrentScope in_stop(stop, stop.init_task());
  BOOST_TEST(security_task_prctl(stop.lsm(), kUnknownOption, 0, 0, 0, 0) == 5);
  BOOST_TEST(calls(stop, "b", Hook::task_prctl) == 0u);
}

BOOST_AUTO_TEST_CASE(xfrm_state_pol_flow_match_asks_only_the_first) {
  Kernel none(config_with({}));
  BOOST_TEST(security_xfrm_state_pol_flow_match(none.lsm(), 0) == 1);
  Kernel k(config_with({probe("a", {{Hook::xfrm_state_pol_flow_match, 0}}),
                        probe("b", {{Hook::xfrm_state_pol_flow_match, 1}})}));
  BOOST_TEST(security_xfrm_state_pol_flow_match(k.lsm(), 0) == 0);
  BOOST_TEST(calls(k, "b", Hook::xfrm_state_pol_flow_match) == 0u);
}

BOOST_AUTO_TEST_CASE(getprocattr_first_lsm_answers_whatever_it_says) {
  auto a = probe("a", {{Hook::getprocattr, -ENOENT}}, "a_label");
  auto b = probe("b", {{Hook::getprocattr, 0}}, "b_label");
  const std::uint64_t b_id = b.id;
  Kernel k(config_with({a, b}));
  std::string value;
  BOOST_TEST(security_getprocattr(k.lsm(), k.init_task(), LSM_ID_UNDEF, "current", value) ==
             -ENOENT);
  BOOST_TEST(calls(k, "b", Hook::getprocattr) == 0u);
  // Naming an LSM asks that one only.
  BOOST_TEST(security_getprocattr(k.lsm(), k.init_task(), b_id, "current", value) == 8);
  BOOST_TEST(value == "b_label\n");
  // An id nobody registered is -EINVAL.
  BOOST_TEST(security_getprocattr(k.lsm(), k.init_task(), 4242, "current", value) == -EINVAL);
  Kernel none(config_with({}));
  BOOST_TEST(security_getprocattr(none.lsm(), none.init_task(), LSM_ID_UNDEF, "current",
                                  value) == -EINVAL);
}

BOOST_AUTO_TEST_CASE(setprocattr_dispatches_to_first_or_named) {
  auto a = probe("a", {{Hook::setprocattr, -EACCES}});
  auto b = probe("b", {{Hook::setprocattr, 3}});
  const std::uint64_t b_id = b.id;
  Kernel k(config_with({a, b}));
  BOOST_TEST(security_setprocattr(k.lsm(), LSM_ID_UNDEF, "current", "x") == -EACCES);
  BOOST_TEST(security_setprocattr(k.lsm(), b_id, "current", "x") == 3);
  BOOST_TEST(security_setprocattr(k.lsm(), 4242, "current", "x") == -EINVAL);
}

BOOST_AUTO_TEST_CASE(getselfattr_aggregates_entries_and_skips_unsupported) {
  auto a = probe("a", {{Hook::getselfattr, 1}}, "alpha");
  auto b = probe("b", {{Hook::getselfattr, -EOPNOTSUPP}});
  auto c = probe("c", {{Hook::getselfattr, 1}}, "gamma");
  Kernel k(config_with({a, b, c}));
  std::vector<std::byte> mem(256);
  UserBuffer buf(mem.data(), mem.size());
  UserWord size(256);
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_CURRENT, buf, &size, 0) == 2);
  BOOST_TEST(size.value() == 80u);  // two entries of ALIGN(32 + 6, 8) = 40 bytes
  auto entries = parse_entries(mem, size.value());
  BOOST_TEST_REQUIRE(entries.size() == 2u);
  BOOST_TEST(entries[0].id == a.id);
  BOOST_TEST(entries[0].len == 40u);
  BOOST_TEST(entries[0].ctx_len == 6u);
  BOOST_TEST(entries[0].ctx == std::string("alpha\0", 6));
  BOOST_TEST(entries[1].id == c.id);
  BOOST_TEST(entries[1].ctx == std::string("gamma\0", 6));
}

BOOST_AUTO_TEST_CASE(getselfattr_too_small_reports_full_size) {
  Kernel k(config_with({probe("a", {{Hook::getselfattr, 1}}, "alpha"),
                        probe("c", {{Hook::getselfattr, 1}}, "gamma")}));
  std::vector<std::byte> mem(50);
  UserBuffer buf(mem.data(), mem.size());
  UserWord size(50);
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_CURRENT, buf, &size, 0) == -E2BIG);
  BOOST_TEST(size.value() == 80u);
  // A NULL buffer only asks for the size.
  UserBuffer null_buf;
  UserWord want(0);
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_CURRENT, null_buf, &want, 0) == -E2BIG);
  BOOST_TEST(want.value() == 80u);
  UserWord enough(80);
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_CURRENT, null_buf, &enough, 0) == 2);
}

BOOST_AUTO_TEST_CASE(getselfattr_single_and_argument_checks) {
  auto a = probe("a", {{Hook::getselfattr, 1}}, "alpha");
  auto c = probe("c", {{Hook::getselfattr, 1}}, "gamma");
  Kernel k(config_with({a, c}));
  std::vector<std::byte> mem(128);
  UserBuffer buf(mem.data(), mem.size());
  const std::uint64_t header[4] = {c.id, 0, 0, 0};
  std::memcpy(mem.data(), header, sizeof header);
  UserWord size(128);
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_CURRENT, buf, &size, LSM_FLAG_SINGLE) == 1);
  BOOST_TEST(size.value() == 40u);
  BOOST_TEST(parse_entries(mem, size.value()).at(0).ctx == std::string("gamma\0", 6));

  UserBuffer null_buf;
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_UNDEF, buf, &size, 0) == -EINVAL);
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_CURRENT, buf, nullptr, 0) == -EINVAL);
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_CURRENT, null_buf, &size,
                                  LSM_FLAG_SINGLE) == -EINVAL);
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_CURRENT, buf, &size, 2) == -EINVAL);
  const std::uint64_t undef[4] = {LSM_ID_UNDEF, 0, 0, 0};
  std::memcpy(mem.data(), undef, sizeof undef);
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_CURRENT, buf, &size, LSM_FLAG_SINGLE) ==
             -EINVAL);
}

BOOST_AUTO_TEST_CASE(getselfattr_hard_error_aborts_without_size_update) {
  Kernel k(config_with({probe("a", {{Hook::getselfattr, 1}}, "alpha"),
                        probe("b", {{Hook::getselfattr, -ENOENT}})}));
  std::vector<std::byte> mem(128);
  UserBuffer buf(mem.data(), mem.size());
  UserWord size(128);
  BOOST_TEST(security_getselfattr(k.lsm(), LSM_ATTR_EXEC, buf, &size, 0) == -ENOENT);
  BOOST_TEST(size.value() == 128u);
  Kernel none(config_with({probe("b", {{Hook::getselfattr, -EOPNOTSUPP}})}));
  BOOST_TEST(security_getselfattr(none.lsm(), LSM_ATTR_EXEC, buf, &size, 0) == -EOPNOTSUPP);
  BOOST_TEST(size.value() == 0u);
}

BOOST_AUTO_TEST_CASE(setselfattr_only_the_named_lsm) {
  auto a = probe("a", {{Hook::setselfattr, -EACCES}});
  auto b = probe("b", {{Hook::setselfattr, 0}});
  Kernel k(config_with({a, b}));
  LsmCtxHeader ctx;
  ctx.id = b.id;
  BOOST_TEST(security_setselfattr(k.lsm(), LSM_ATTR_CURRENT, ctx, "x", 0) == 0);
  BOOST_TEST(calls(k, "a", Hook::setselfattr) == 0u);
  ctx.id = 4242;
  BOOST_TEST(security_setselfattr(k.lsm(), LSM_ATTR_CURRENT, ctx, "x", 0) == -EOPNOTSUPP);
}

BOOST_AUTO_TEST_CASE(inode_setxattr_capability_check_unless_an_lsm_claims_the_name) {
  auto unprivileged = [](Kernel& k) {
    int err = 0;
    auto c = k.prepare_creds(*k.init_task().cred, err);
    c->cap_effective = CapSet();
    k.commit_creds(k.init_task(), c);
  };
  Kernel k(config_with({probe("a", {{Hook::inode_setxattr, 0}})}));
  unprivileged(k);
  Kernel::CurrentScope scope(k, k.init_task());
  SuperBlock sb(k);
  sb.user_ns = k.init_user_ns();
  Inode inode(sb);
  BOOST_TEST(security_inode_setxattr(k.lsm(), inode, "security.a", "v", 0) == -EPERM);
  BOOST_TEST(calls(k, "a", Hook::inode_setxattr) == 0u);  // refused before the hooks
  BOOST_TEST(security_inode_setxattr(k.lsm(), inode, "user.note", "v", 0) == 0);
  BOOST_TEST(security_inode_removexattr(k.lsm(), inode, "security.a") == -EPERM);

  Kernel claimed(config_with({probe("a", {{Hook::inode_xattr_skipcap, 1},
                                          {Hook::inode_setxattr, -EACCES}})}));
  unprivileged(claimed);
  Kernel::CurrentScope scope2(claimed, claimed.init_task());
  SuperBlock sb2(claimed);
  sb2.user_ns = claimed.init_user_ns();
  Inode inode2(sb2);
  // The LSM owns the name: no capability check, the LSM's own hook decides.
  BOOST_TEST(security_inode_setxattr(claimed.lsm(), inode2, "security.a", "v", 0) == -EACCES);
}

BOOST_AUTO_TEST_SUITE_END()
