// The exact text of AVC records: permissions in the class's bit order, only the audited ones,
// and invalid contexts shown as unlabeled with srawcon=/trawcon= (avc_audit_post_callback).
#include "lsms/selinux/selinux_access.h"
#include "model/vfs/namei.h"
#include "tests/selinux/selinux_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {
const std::string kSecretPolicy =
    test_policy_with("dontaudit user_t secret_t:file getattr;", "allow user_t secret_t:file read;");

Inode& inode_at(Task& t, const std::string& path) {
  PathStack st;
  BOOST_TEST_REQUIRE(path_lookup(t, path, 0, st).ok());
  return *st.back().inode;
}
std::string prefix(Task& t) {
  return " for  pid=" + std::to_string(t.pid) + " comm=\"" + t.comm + "\"";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(selinux_avc_text)

BOOST_AUTO_TEST_CASE(permissions_follow_the_class_bit_order) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  Kernel::CurrentScope scope(sk.k, t);
  Inode& shadow = inode_at(t, "/etc/shadow");
  const int rc = selinux_cred_has_perm(sk.lsm(), *t.cred, sk.lsm().inode_sid(shadow), "file",
                                       {"open", "execute", "read"}, {});
  BOOST_TEST(rc == -EACCES);
  BOOST_TEST(selinux_avc_records(sk.k).back() ==
             "avc:  denied  { read execute open }" + prefix(t) +
                 " scontext=user_u:user_r:user_t:s0 tcontext=system_u:object_r:shadow_t:s0"
                 " tclass=file permissive=0");
}

BOOST_AUTO_TEST_CASE(only_denied_and_audited_permissions_are_named) {
  SelinuxKernel sk(true, kSecretPolicy);
  BOOST_TEST_REQUIRE(ok(write_file(sk.init(), "/tmp/secret", "s")));
  BOOST_TEST_REQUIRE(ok(sys_setxattr(sk.init(), "/tmp/secret", "security.selinux",
                                     "system_u:object_r:secret_t:s0", 0)));
  Task& t = confined(sk);
  Kernel::CurrentScope scope(sk.k, t);
  Inode& secret = inode_at(t, "/tmp/secret");
  // read is allowed, getattr denied but dontaudit'ed, write denied and audited.
  const int rc = selinux_cred_has_perm(sk.lsm(), *t.cred, sk.lsm().inode_sid(secret), "file",
                                       {"getattr", "write", "read"}, {});
  BOOST_TEST(rc == -EACCES);
  BOOST_TEST(selinux_avc_records(sk.k).back() ==
             "avc:  denied  { write }" + prefix(t) +
                 " scontext=user_u:user_r:user_t:s0 tcontext=system_u:object_r:secret_t:s0"
                 " tclass=file permissive=0");
}

BOOST_AUTO_TEST_CASE(invalid_contexts_print_as_unlabeled_with_rawcon) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  Kernel::CurrentScope scope(sk.k, t);
  const std::uint32_t bogus = sk.lsm().sids.intern("system_u:object_r:bogus_t:s0");
  const int rc = selinux_cred_has_perm(sk.lsm(), *t.cred, bogus, "file", {"read"}, {});
  BOOST_TEST(rc == -EACCES);
  BOOST_TEST(selinux_avc_records(sk.k).back() ==
             "avc:  denied  { read }" + prefix(t) +
                 " scontext=user_u:user_r:user_t:s0 tcontext=system_u:object_r:unlabeled_t:s0"
                 " tclass=file permissive=0 trawcon=\"system_u:object_r:bogus_t:s0\"");
}

BOOST_AUTO_TEST_CASE(untrusted_strings_are_quoted_or_hex) {
  BOOST_TEST(audit_untrusted_string("a:b:c_t:s0") == "\"a:b:c_t:s0\"");
  BOOST_TEST(audit_untrusted_string(std::string("\0x y", 4)) == "00782079");
  BOOST_TEST(audit_untrusted_string("a\"b") == "612262");
}

BOOST_AUTO_TEST_SUITE_END()
