// selinuxfs with a policy: the access/create/context transaction files' exact output, load,
// enforce, mls, avc statistics, and the security class checks.
#include <fcntl.h>

#include <cstdio>

#include "tests/selinux/selinux_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

// Write then read back on the same open file, as libselinux does.
std::string transact(Task& t, const std::string& path, const std::string& query, int* err) {
  SysResult o = sys_open(t, path, O_RDWR);
  if (!o.ok()) {
    *err = o.err;
    return {};
  }
  const int fd = static_cast<int>(o.ret);
  SysResult w = sys_write(t, fd, query);
  *err = w.err;
  std::string out = w.ok() ? sys_read(t, fd, 4096).data : "";
  sys_close(t, fd);
  return out;
}

struct Mounted : SelinuxKernel {
  Mounted() {
    BOOST_TEST_REQUIRE(ok(sys_mount(init(), "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0)));
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(selinuxfs)

BOOST_AUTO_TEST_CASE(access_prints_the_kernel_line) {
  Mounted sk;
  const sepolicy::SecurityServer& ss = *selinux_policy(sk.k);
  const std::uint16_t file = ss.class_value("file");
  BOOST_TEST(file == 4);  // the fourth class declared
  // user_t on etc_t files: exactly the permissions of the allow rule.
  sepolicy::AccessVector want = 0;
  for (const char* p : {"read", "open", "getattr", "execute", "execute_no_trans", "map"})
    want |= ss.perm_bit(file, p);
  int err = 0;
  const std::string out = transact(sk.init(), "/sys/fs/selinux/access",
                                   kUserCtx + " system_u:object_r:etc_t:s0 4", &err);
  BOOST_TEST(err == 0);
  char line[128];
  std::snprintf(line, sizeof line, "%x ffffffff 0 ffffffff %u 0", want, sk.lsm().init_ns->seqno);
  BOOST_TEST(out == line);
  // By class name too (an lsmsim convenience), and a permissive domain sets flags bit 0.
  const std::string lax = transact(sk.init(), "/sys/fs/selinux/access",
                                   "user_u:user_r:lax_t:s0 system_u:object_r:etc_t:s0 file", &err);
  BOOST_TEST(lax.substr(lax.rfind(' ') + 1) == "1");
  // dontaudit shows in auditdeny.
  const std::string da = transact(sk.init(), "/sys/fs/selinux/access",
                                  kUserCtx + " system_u:object_r:secret_t:s0 4", &err);
  std::snprintf(line, sizeof line, "0 ffffffff 0 %x %u 0", ~ss.perm_bit(file, "getattr"),
                sk.lsm().init_ns->seqno);
  BOOST_TEST(da == line);
  transact(sk.init(), "/sys/fs/selinux/access", "bogus_u:x:y:s0 " + kUserCtx + " 4", &err);
  BOOST_TEST(err == EINVAL);
}

// The class field is read as the kernel's sscanf("%hu"): a number the policy does not define
// (0, too large, wrapped past 65535) is no error but a decision allowing nothing; a field
// without leading digits is EINVAL. (Checked against a real 6.1 kernel: tests/referee.)
// setenforce does not move the policy seqno.
BOOST_AUTO_TEST_CASE(access_reads_the_class_as_the_kernel_and_keeps_the_seqno) {
  Mounted sk;
  int err = 0;
  const std::string q = kUserCtx + " system_u:object_r:etc_t:s0 ";
  char nothing[64];
  std::snprintf(nothing, sizeof nothing, "0 ffffffff 0 ffffffff %u 0", sk.lsm().init_ns->seqno);
  for (const char* cls : {"0", "99999999999999999999999999", "65536", "4000"}) {
    BOOST_TEST(transact(sk.init(), "/sys/fs/selinux/access", q + cls, &err) == nothing, cls);
    BOOST_TEST(err == 0);
  }
  for (const char* cls : {"-1", "x4"}) {
    transact(sk.init(), "/sys/fs/selinux/access", q + cls, &err);
    BOOST_TEST(err == EINVAL, cls);
  }
  // 65540 wraps to 4 (file), "4abc" is 4.
  const std::string file = transact(sk.init(), "/sys/fs/selinux/access", q + "4", &err);
  BOOST_TEST(transact(sk.init(), "/sys/fs/selinux/access", q + "65540", &err) == file);
  BOOST_TEST(transact(sk.init(), "/sys/fs/selinux/access", q + "4abc", &err) == file);
  const std::string before = transact(sk.init(), "/sys/fs/selinux/access", q + "4", &err);
  BOOST_TEST_REQUIRE(err == 0);
  BOOST_TEST_REQUIRE(write_file(sk.init(), "/sys/fs/selinux/enforce", "0").ok());
  BOOST_TEST_REQUIRE(write_file(sk.init(), "/sys/fs/selinux/enforce", "1").ok());
  BOOST_TEST(transact(sk.init(), "/sys/fs/selinux/access", q + "4", &err) == before);
  BOOST_TEST(write_file(sk.init(), "/sys/fs/selinux/avc/cache_threshold", "4294967296").err ==
             EINVAL);
}

// compute_sid_handle_invalid_context(): a new context the policy does not allow (kernel_t is
// not a type of user_r) is EACCES when enforcing, and handed back when permissive (as a
// permissive 6.1 kernel does: tests/referee).
// simple_transaction_get(): one write per open file, used up by a refused question too
// (EBUSY; seen on a 6.1 kernel: tests/referee), and at most a page less its header.
BOOST_AUTO_TEST_CASE(one_question_per_open_file) {
  Mounted sk;
  const std::string q = kUserCtx + " system_u:object_r:etc_t:s0 4";
  for (const std::string& first : {q, std::string("bogus")}) {
    SysResult o = sys_open(sk.init(), "/sys/fs/selinux/access", O_RDWR);
    BOOST_TEST_REQUIRE(o.ok());
    const int fd = static_cast<int>(o.ret);
    BOOST_TEST(sys_write(sk.init(), fd, first).err == (first == q ? 0 : EINVAL));
    BOOST_TEST(sys_write(sk.init(), fd, q).err == EBUSY);
    sys_close(sk.init(), fd);
  }
  int err = 0;
  transact(sk.init(), "/sys/fs/selinux/access", q + std::string(4100, ' '), &err);
  BOOST_TEST(err == EFBIG);
}

BOOST_AUTO_TEST_CASE(create_with_an_invalid_result) {
  const std::string policy = test_policy_with("type_transition user_t app_exec_t:process app_t;",
                                              "type_transition user_t etc_t:process kernel_t;");
  SelinuxKernel sk(true, policy);
  BOOST_TEST_REQUIRE(ok(sys_mount(sk.init(), "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0)));
  const std::string q = kUserCtx + " system_u:object_r:etc_t:s0 process";
  int err = 0;
  transact(sk.init(), "/sys/fs/selinux/create", q, &err);
  BOOST_TEST(err == EACCES);
  BOOST_TEST_REQUIRE(write_file(sk.init(), "/sys/fs/selinux/enforce", "0").ok());
  BOOST_TEST(transact(sk.init(), "/sys/fs/selinux/create", q, &err) ==
             std::string("user_u:user_r:kernel_t:s0") + '\0');
  BOOST_TEST(err == 0);
}

BOOST_AUTO_TEST_CASE(create_and_context) {
  Mounted sk;
  int err = 0;
  BOOST_TEST(transact(sk.init(), "/sys/fs/selinux/create",
                      kUserCtx + " system_u:object_r:tmp_t:s0 4",
                      &err) == std::string("user_u:object_r:user_tmp_t:s0") + '\0');
  BOOST_TEST(transact(sk.init(), "/sys/fs/selinux/create",
                      kUserCtx + " system_u:object_r:tmp_t:s0 4 special",
                      &err) == std::string("user_u:object_r:special_t:s0") + '\0');
  // process class: the exec transition.
  BOOST_TEST(transact(sk.init(), "/sys/fs/selinux/create",
                      kUserCtx + " system_u:object_r:app_exec_t:s0 process",
                      &err) == std::string("user_u:user_r:app_t:s0") + '\0');
  // context: the canonical form (category ranges folded) with its NUL.
  BOOST_TEST(transact(sk.init(), "/sys/fs/selinux/context", "user_u:object_r:tmp_t:s0:c0,c1,c2",
                      &err) == std::string("user_u:object_r:tmp_t:s0:c0.c2") + '\0');
  transact(sk.init(), "/sys/fs/selinux/context", "user_u:system_r:user_t:s0", &err);
  BOOST_TEST(err == EINVAL);
  // A confined task may not compute (security:compute_av).
  Task& t = confined(sk);
  transact(t, "/sys/fs/selinux/access", kUserCtx + " " + kUserCtx + " 4", &err);
  BOOST_TEST(err == EACCES);
}

// sel_write_create() reads "%s %s %hu %s": the name may follow the class digits in the same
// word ("4special"), and it is percent-decoded ('+' a space, %XX a byte; a bad escape is
// EINVAL) before the name-based type_transition is looked up.
BOOST_AUTO_TEST_CASE(create_decodes_the_object_name_as_the_kernel) {
  const std::string policy = test_policy_with(
      "type_transition user_t tmp_t:file special_t \"special\";",
      "type_transition user_t tmp_t:file special_t \"a b\";");
  SelinuxKernel sk(true, policy);
  BOOST_TEST_REQUIRE(ok(sys_mount(sk.init(), "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0)));
  const std::string q = kUserCtx + " system_u:object_r:tmp_t:s0 ";
  const std::string special = std::string("user_u:object_r:special_t:s0") + '\0';
  const std::string plain = std::string("user_u:object_r:user_tmp_t:s0") + '\0';
  int err = 0;
  for (const char* name : {"4special", "4 %73pecial", "4 sp%65cial", "4 %73%70%65%63%69%61%6C",
                           "4 a+b", "4 a%20b", "4 special%00x", "65540special"}) {
    BOOST_TEST(transact(sk.init(), "/sys/fs/selinux/create", q + name, &err) == special, name);
    BOOST_TEST(err == 0, name);
  }
  for (const char* name : {"4 spec+ial", "4", "4 ", "4 %00special"}) {
    BOOST_TEST(transact(sk.init(), "/sys/fs/selinux/create", q + name, &err) == plain, name);
  }
  // A lone %, %zz, %6 at the end: hex_to_bin() fails.
  for (const char* name : {"4 special%", "4 %zzspecial", "4 sp%6", "4 %g0", "4 a%2"}) {
    transact(sk.init(), "/sys/fs/selinux/create", q + name, &err);
    BOOST_TEST(err == EINVAL, name);
  }
}

BOOST_AUTO_TEST_CASE(enforce_mls_load_and_stats) {
  Mounted sk;
  Task& init = sk.init();
  BOOST_TEST(read_file(init, "/sys/fs/selinux/enforce").data == "1");
  BOOST_TEST(read_file(init, "/sys/fs/selinux/mls").data == "1");
  BOOST_TEST(read_file(init, "/sys/fs/selinux/policyvers").data == "33");
  Task& t = confined(sk);
  SysResult r = write_file(t, "/sys/fs/selinux/enforce", "0");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ setenforce }") != std::string::npos);
  BOOST_TEST(reason(r).find("tcontext=system_u:object_r:security_t:s0 tclass=security") !=
             std::string::npos);
  BOOST_TEST(write_file(init, "/sys/fs/selinux/enforce", "0").ok());
  BOOST_TEST(!selinux_enforcing(sk.k));
  // A bad policy through load: EINVAL, the located error in the explanation.
  r = write_file(init, "/sys/fs/selinux/load", "class file\nclass file\n");
  BOOST_TEST(r.err == EINVAL);
  BOOST_TEST(reason(r).find("/sys/fs/selinux/load:2:") != std::string::npos, reason(r));
  BOOST_TEST(write_file(init, "/sys/fs/selinux/load", kTestPolicy).ok());
  // The statistics count the lookups made so far.
  const std::string stats = read_file(init, "/sys/fs/selinux/avc/cache_stats").data;
  BOOST_TEST(stats.rfind("lookups hits misses allocations reclaims frees\n", 0) == 0);
  BOOST_TEST(stats == selinux_avc_cache_stats(sk.k));
  unsigned long lookups = 0;
  BOOST_TEST(std::sscanf(stats.c_str() + stats.find('\n') + 1, "%lu", &lookups) == 1);
  BOOST_TEST(lookups > 0u);
  BOOST_TEST(write_file(init, "/sys/fs/selinux/avc/cache_threshold", "64").ok());
  BOOST_TEST(read_file(init, "/sys/fs/selinux/avc/cache_threshold").data == "64");
}

BOOST_AUTO_TEST_SUITE_END()
