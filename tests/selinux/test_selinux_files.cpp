// SELinux file hooks with a policy: read/write/exec masks, create labels, unlink, attributes,
// security.selinux relabelling, enforcing vs permissive, booleans, MLS.
#include <fcntl.h>

#include "lsms/selinux/policy/policy_parser.h"
#include "model/syscalls/exec.h"
#include "tests/selinux/selinux_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(selinux_files)

BOOST_AUTO_TEST_CASE(no_policy_allows_everything) {
  Kernel k;
  BOOST_TEST(selinux_policy(k) == nullptr);
  Task& t = spawn(k.init_task());
  BOOST_TEST(read_file(t, "/etc/shadow").ok());
  BOOST_TEST(write_file(t, "/tmp/x", "data").ok());
  BOOST_TEST(selinux_avc_records(k).empty());
}

BOOST_AUTO_TEST_CASE(bad_policy_is_located) {
  Kernel k;
  try {
    selinux_load_policy(k, "class file\nclass file\n", "bad.conf");
    BOOST_FAIL("a redefined class was accepted");
  } catch (const sepolicy::PolicyError& e) {
    BOOST_TEST(e.file() == "bad.conf");
    BOOST_TEST(e.line() == 2);
  }
  BOOST_TEST(selinux_policy(k) == nullptr);
}

BOOST_AUTO_TEST_CASE(read_allowed_and_denied_with_the_avc_record) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  BOOST_TEST(self_context(t) == kUserCtx);
  BOOST_TEST(read_file(t, "/etc/passwd").ok());
  SysResult r = read_file(t, "/etc/shadow");
  BOOST_TEST(r.err == EACCES);
  const std::string rec = "avc:  denied  { read } for  pid=" + std::to_string(t.pid) +
                          " comm=\"" + t.comm + "\" name=\"shadow\" dev=\"sda1\" ino=" +
                          std::to_string(ino_of(sk.init(), "/etc/shadow")) +
                          " scontext=user_u:user_r:user_t:s0"
                          " tcontext=system_u:object_r:shadow_t:s0 tclass=file permissive=0";
  BOOST_TEST(reason(r).find(rec) == 0, reason(r));
  BOOST_TEST(level(r) == "init");
  BOOST_TEST(r.denial->by == "selinux");
  BOOST_TEST(selinux_avc_records(sk.k).back() == rec);
}
BOOST_AUTO_TEST_SUITE_END()
