// The SMACK64* extended attributes: who may set and remove them, the values they take and
// their errors, and what the blob makes of them.
#include <cerrno>

#include "model/capability.h"
#include "model/lsm/security.h"
#include "model/vfs/inode.h"
#include "model/vfs/namei.h"
#include "tests/smack_objects/smack_objects_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {}  // namespace

BOOST_AUTO_TEST_SUITE(smack_xattrs)

BOOST_AUTO_TEST_CASE(setting_a_label_needs_both_capabilities) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  BOOST_TEST_REQUIRE(write_file(root, "/tmp/f", "x").ok());
  BOOST_TEST_REQUIRE(sys_chmod(root, "/tmp/f", 0666).ok());
  Task& t = labelled(k, "_", 1000);
  // v6.12's smack_inode_xattr_skipcap() claims nothing: commoncap wants CAP_SYS_ADMIN first.
  SysResult r = sys_setxattr(t, "/tmp/f", "security.SMACK64", "X", 0);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->by == "capability");
  set_caps(k, t, caps({CAP_SYS_ADMIN}));
  r = sys_setxattr(t, "/tmp/f", "security.SMACK64", "X", 0);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(r.denial->by == "smack");
  BOOST_TEST(reason(r).find("CAP_MAC_ADMIN") != std::string::npos);
  for (const char* n : {"security.SMACK64EXEC", "security.SMACK64MMAP", "security.SMACK64IPIN",
                        "security.SMACK64IPOUT"})
    BOOST_TEST(sys_setxattr(t, "/tmp/f", n, "X", 0).err == EPERM, n);
  // EPERM comes before the value's EINVAL.
  BOOST_TEST(sys_setxattr(t, "/tmp/f", "security.SMACK64TRANSMUTE", "no", 0).err == EPERM);
  set_caps(k, t, caps({CAP_SYS_ADMIN, CAP_MAC_ADMIN}));
  // Write access to the object is still needed ("_" task, "_" file: equal labels).
  BOOST_TEST(sys_setxattr(t, "/tmp/f", "security.SMACK64", "X", 0).ok());
  BOOST_TEST(xattr(root, "/tmp/f", "security.SMACK64") == "X");
  r = sys_setxattr(t, "/tmp/f", "security.SMACK64", "Y", 0);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("lsm=SMACK fn=smack_inode_setxattr action=denied subject=\"_\" "
                            "object=\"X\" requested=w" +
                            pid_comm(t) + " name=\"f\"") == 0u);
  // Other security.* names need only CAP_SYS_ADMIN and write access.
  BOOST_TEST(sys_setxattr(t, "/tmp/f", "security.other", "v", 0).err == EACCES);
  rule(k, "_", "X", "w");
  BOOST_TEST(sys_setxattr(t, "/tmp/f", "security.other", "v", 0).ok());
}

BOOST_AUTO_TEST_CASE(values_and_their_errors) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  BOOST_TEST_REQUIRE(write_file(root, "/tmp/f", "x").ok());
  BOOST_TEST_REQUIRE(sys_mkdir(root, "/tmp/d", 0777).ok());
  const auto set = [&](const char* path, const char* name, const std::string& value) {
    return sys_setxattr(root, path, name, value, 0).err;
  };
  BOOST_TEST(set("/tmp/f", "security.SMACK64", "") == EINVAL);
  BOOST_TEST(set("/tmp/f", "security.SMACK64", "-bad") == EINVAL);
  BOOST_TEST(set("/tmp/f", "security.SMACK64", "/") == EINVAL);
  BOOST_TEST(set("/tmp/f", "security.SMACK64", std::string(256, 'a')) == EINVAL);
  BOOST_TEST(set("/tmp/f", "security.SMACK64", std::string(255, 'a')) == 0);
  // The label ends at the first character a label cannot hold.
  BOOST_TEST(set("/tmp/f", "security.SMACK64", "Top Secret") == 0);
  BOOST_TEST(xattr(root, "/tmp/f", "security.SMACK64") == "Top");
  BOOST_TEST(set("/tmp/f", "security.SMACK64", "*") == 0);
  BOOST_TEST(set("/tmp/f", "security.SMACK64", "@") == 0);
  BOOST_TEST(set("/tmp/f", "security.SMACK64IPIN", "*") == 0);
  // Exec and mmap labels are never "*" or "@".
  BOOST_TEST(set("/tmp/f", "security.SMACK64EXEC", "*") == EINVAL);
  BOOST_TEST(set("/tmp/f", "security.SMACK64EXEC", "@") == EINVAL);
  BOOST_TEST(set("/tmp/f", "security.SMACK64MMAP", "@") == EINVAL);
  BOOST_TEST(set("/tmp/f", "security.SMACK64MMAP", "") == EINVAL);
  BOOST_TEST(set("/tmp/f", "security.SMACK64EXEC", "^") == 0);
  BOOST_TEST(set("/tmp/f", "security.SMACK64MMAP", "M") == 0);
  // Transmute: "TRUE" exactly, on a directory.
  BOOST_TEST(set("/tmp/f", "security.SMACK64TRANSMUTE", "TRUE") == EINVAL);
  BOOST_TEST(set("/tmp/d", "security.SMACK64TRANSMUTE", "true") == EINVAL);
  BOOST_TEST(set("/tmp/d", "security.SMACK64TRANSMUTE", "TRUEX") == EINVAL);
  BOOST_TEST(set("/tmp/d", "security.SMACK64TRANSMUTE", "") == EINVAL);
  BOOST_TEST(set("/tmp/d", "security.SMACK64TRANSMUTE", "TRUE") == 0);
  SmackLsm& me = smack_of(k);
  const InodeSmack* isp = smack_inode(me, inode_at(k, "/tmp/f"));
  BOOST_TEST(*me.known.find(isp->smk_task) == "^");
  BOOST_TEST(*me.known.find(isp->smk_mmap) == "M");
  // Stored as written; shown from the blob (SMACK64) or as stored (EXEC, MMAP).
  BOOST_TEST(xattr(root, "/tmp/f", "security.SMACK64EXEC") == "^");
  BOOST_TEST(xattr(root, "/tmp/f", "security.SMACK64IPIN") == "*");
}

BOOST_AUTO_TEST_CASE(getxattr_needs_read_and_removexattr_resets) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  BOOST_TEST_REQUIRE(write_file(root, "/tmp/f", "x").ok());
  BOOST_TEST_REQUIRE(sys_chmod(root, "/tmp/f", 0666).ok());
  BOOST_TEST_REQUIRE(sys_setxattr(root, "/tmp/f", "security.SMACK64", "X", 0).ok());
  BOOST_TEST_REQUIRE(sys_setxattr(root, "/tmp/f", "security.SMACK64EXEC", "E", 0).ok());
  Task& t = labelled(k, "T", 1000);
  SysResult r = sys_getxattr(t, "/tmp/f", "security.SMACK64");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("fn=smack_inode_getxattr action=denied subject=\"T\" object=\"X\" "
                            "requested=r") != std::string::npos);
  rule(k, "T", "X", "r");
  BOOST_TEST(xattr(t, "/tmp/f", "security.SMACK64") == "X");
  // Removing needs CAP_MAC_ADMIN (after commoncap's CAP_SYS_ADMIN), then write.
  set_caps(k, t, caps({CAP_SYS_ADMIN}));
  BOOST_TEST(sys_removexattr(t, "/tmp/f", "security.SMACK64").err == EPERM);
  set_caps(k, t, caps({CAP_SYS_ADMIN, CAP_MAC_ADMIN}));
  r = sys_removexattr(t, "/tmp/f", "security.SMACK64");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("fn=smack_inode_removexattr") != std::string::npos);
  BOOST_TEST(sys_removexattr(root, "/tmp/f", "security.SMACK64").ok());
  // The label falls back to the filesystem default ("_" on /tmp).
  BOOST_TEST(xattr(root, "/tmp/f", "security.SMACK64") == "_");
  BOOST_TEST(sys_removexattr(root, "/tmp/f", "security.SMACK64EXEC").ok());
  BOOST_TEST(smack_inode(smack_of(k), inode_at(k, "/tmp/f"))->smk_task == 0u);
  BOOST_TEST(sys_removexattr(root, "/tmp/f", "security.SMACK64EXEC").err == ENODATA);
}

BOOST_AUTO_TEST_CASE(setsecurity_and_skipcap_hooks) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  BOOST_TEST_REQUIRE(sys_mkdir(root, "/tmp/d", 0777).ok());
  Inode& d = inode_at(k, "/tmp/d");
  Kernel::CurrentScope scope(k, root);
  LsmFramework& lsm = k.lsm();
  BOOST_TEST(security_inode_setsecurity(lsm, d, "SMACK64", "S", 0) == 0);
  BOOST_TEST(security_inode_setsecurity(lsm, d, "SMACK64", "", 0) == -EINVAL);
  BOOST_TEST(security_inode_setsecurity(lsm, d, "SMACK64", "-x", 0) == -EINVAL);
  BOOST_TEST(security_inode_setsecurity(lsm, d, "SMACK64TRANSMUTE", "TRUE", 0) == 0);
  BOOST_TEST(security_inode_setsecurity(lsm, d, "SMACK64IPIN", "S", 0) == -EOPNOTSUPP);
  std::string v;
  BOOST_TEST(security_inode_getsecurity(lsm, d, "SMACK64", v) == 1);
  BOOST_TEST(v == "S");
  BOOST_TEST(security_inode_getsecurity(lsm, d, "SMACK64TRANSMUTE", v) == 4);
  BOOST_TEST(v == "TRUE");
  BOOST_TEST(security_inode_getsecurity(lsm, d, "SMACK64IPOUT", v) == -EOPNOTSUPP);
  BOOST_TEST(security_inode_xattr_skipcap(lsm, "security.SMACK64") == 0);
  (void)lsm.take_denial();
}

BOOST_AUTO_TEST_SUITE_END()
