// The VFS paths call the LSM hooks and report an LSM's refusal as its denial.
#include <fcntl.h>

#include <boost/test/unit_test.hpp>

#include "lsms/probe/probe_lsm.h"
#include "model/syscalls/fs.h"
#include "tests/support/kernel_fixture.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(vfs_lsm_hooks)

BOOST_AUTO_TEST_CASE(file_open_denial_names_the_probe) {
  Kernel k(config_with({probe("gate", {{Hook::file_open, -EACCES}})}));
  SysResult r = sys_open(k.init_task(), "/etc/passwd", O_RDONLY);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "gate");
  BOOST_TEST(r.denial->hook == "file_open");
}

BOOST_AUTO_TEST_CASE(inode_permission_is_asked_for_every_component) {
  Kernel k(config_with({probe("count", {{Hook::inode_permission, 0}})}));
  const LsmModule& p = *k.lsm().find("count");
  const auto before = probe_call_counts(p).count(Hook::inode_permission)
                          ? probe_call_counts(p).at(Hook::inode_permission)
                          : 0;
  BOOST_TEST_REQUIRE(read_file(k.init_task(), "/usr/bin/id").ok());
  // search on /, /usr, /usr/bin, then MAY_OPEN|MAY_READ on id.
  BOOST_TEST(probe_call_counts(p).at(Hook::inode_permission) - before == 4u);
}

BOOST_AUTO_TEST_CASE(dac_is_checked_before_the_lsm) {
  Kernel k(config_with({probe("gate", {{Hook::inode_permission, -EACCES}})}));
  Task& user = spawn(k, k.init_task(), 1000, 1000);
  // The walk itself is refused by the LSM (search on "/"), so the path never reaches DAC.
  SysResult r = read_file(user, "/etc/shadow");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "gate");
  BOOST_TEST(r.denial->hook == "inode_permission");
}

BOOST_AUTO_TEST_CASE(create_stores_the_lsm_xattrs) {
  Kernel k(config_with({probe("lbl", {{Hook::inode_init_security, 0}}, "system_u:object_r:tmp_t")}));
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(write_file(init, "/tmp/f", "x").ok());
  SysResult r = sys_getxattr(init, "/tmp/f", "security.lbl");
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(r.data == "system_u:object_r:tmp_t");
  BOOST_TEST_REQUIRE(sys_mkdir(init, "/tmp/d", 0755).ok());
  BOOST_TEST(sys_getxattr(init, "/tmp/d", "security.lbl").data == "system_u:object_r:tmp_t");
}

BOOST_AUTO_TEST_CASE(create_hooks_can_refuse) {
  Kernel k(config_with({probe("nocreate", {{Hook::inode_create, -EPERM}, {Hook::inode_mkdir, -EACCES}})}));
  Task& init = k.init_task();
  SysResult r = sys_open(init, "/tmp/f", O_WRONLY | O_CREAT, 0600);
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->hook == "inode_create");
  r = sys_mkdir(init, "/tmp/d", 0700);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(r.denial->hook == "inode_mkdir");
  StatBuf st;
  BOOST_TEST(sys_stat(init, "/tmp/f", st).err == ENOENT);
}

BOOST_AUTO_TEST_CASE(inode_blobs_are_freed_with_their_inodes) {
  ProbeSpec spec = probe("blob", {{Hook::inode_alloc_security, 0}, {Hook::inode_free_security, 0}});
  spec.blobs[BlobKind::inode] = 8;
  Kernel k(config_with({spec}));
  const LsmModule& p = *k.lsm().find("blob");
  BOOST_TEST(k.lsm().blob_totals()[BlobKind::inode] > 0);
  Task& init = k.init_task();
  BOOST_TEST_REQUIRE(write_file(init, "/tmp/f", "x").ok());
  const auto freed = probe_call_counts(p).count(Hook::inode_free_security)
                         ? probe_call_counts(p).at(Hook::inode_free_security)
                         : 0;
  BOOST_TEST_REQUIRE(sys_unlink(init, "/tmp/f").ok());
  BOOST_TEST(probe_call_counts(p).at(Hook::inode_free_security) == freed + 1);
}

BOOST_AUTO_TEST_SUITE_END()
