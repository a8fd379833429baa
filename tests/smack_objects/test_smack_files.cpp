// Smack on files and directories: the labels new objects get, transmuting directories, the
// checks of open, unlink, rmdir, stat, chmod, and the records of denials.
#include <fcntl.h>

#include <cerrno>

#include "model/capability.h"
#include "model/lsm/security.h"
#include "model/vfs/inode.h"
#include "model/vfs/namei.h"
#include "model/vfs/vfs.h"
#include "tests/smack_objects/smack_objects_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

std::uint64_t ino_of(Task& t, const std::string& path) {
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(t, path, st).ok());
  return st.ino;
}

// /tmp/<name>, made by init (CAP_MAC_ADMIN) with the SMACK64 label given, mode 0777.
void labelled_dir(Kernel& k, const std::string& path, const std::string& label) {
  Task& root = k.init_task();
  BOOST_TEST_REQUIRE(sys_mkdir(root, path, 0777).ok());
  BOOST_TEST_REQUIRE(sys_chmod(root, path, 0777).ok());
  BOOST_TEST_REQUIRE(sys_setxattr(root, path, "security.SMACK64", label, 0).ok());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(smack_files)

BOOST_AUTO_TEST_CASE(boot_objects_carry_the_floor_and_new_files_their_creator) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  BOOST_TEST(xattr(root, "/etc/passwd", "security.SMACK64") == "_");
  BOOST_TEST(xattr(root, "/tmp", "security.SMACK64") == "_");
  rule(k, "A", "_", "rwx");
  Task& a = labelled(k, "A");
  BOOST_TEST(write_file(a, "/tmp/f", "data").ok());
  BOOST_TEST(sys_mkdir(a, "/tmp/d", 0755).ok());
  // The label is kept as security.SMACK64 (smack_inode_init_security), shown from the blob.
  BOOST_TEST(xattr(root, "/tmp/f", "security.SMACK64") == "A");
  BOOST_TEST(xattr(root, "/tmp/d", "security.SMACK64") == "A");
  BOOST_TEST(xattr(root, "/tmp/d", "security.SMACK64TRANSMUTE") == "");
  SysResult names = sys_listxattr(root, "/tmp/f");
  BOOST_TEST(names.data == std::string("security.SMACK64") + '\0');
  // The floor can be read by everyone, written by nobody without a rule.
  Task& b = labelled(k, "B", 1001);
  BOOST_TEST(read_file(b, "/etc/passwd").ok());
  BOOST_TEST(sys_mkdir(b, "/tmp/nope", 0755).err == EACCES);
}

BOOST_AUTO_TEST_CASE(open_needs_the_rule_and_the_record_names_the_object) {
  Kernel k(smack_config());
  rule(k, "A", "_", "rwx");
  Task& a = labelled(k, "A");
  BOOST_TEST_REQUIRE(write_file(a, "/tmp/f", "data").ok());
  BOOST_TEST_REQUIRE(sys_chmod(a, "/tmp/f", 0666).ok());
  Task& b = labelled(k, "B", 1001);
  SysResult r = sys_open(b, "/tmp/f", O_RDONLY);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r) ==
             "lsm=SMACK fn=smack_inode_permission action=denied subject=\"B\" "
             "object=\"A\" requested=r" +
                 pid_comm(b) + " name=\"f\" dev=\"tmpfs\" ino=" +
                 std::to_string(ino_of(k.init_task(), "/tmp/f")));
  BOOST_TEST(r.denial->by == "smack");
  rule(k, "B", "A", "r");
  BOOST_TEST(read_file(b, "/tmp/f").ok());
  BOOST_TEST(sys_open(b, "/tmp/f", O_WRONLY).err == EACCES);
  BOOST_TEST(sys_open(b, "/tmp/f", O_WRONLY | O_APPEND).err == EACCES);
  // O_APPEND asks MAY_WRITE | MAY_APPEND: an "a" rule alone is not enough.
  rule(k, "B", "A", "ra");
  r = sys_open(b, "/tmp/f", O_WRONLY | O_APPEND);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("requested=wa") != std::string::npos, reason(r));
  // A write-only rule: inode_permission passes, then file_open asks read.
  rule(k, "B", "A", "w");
  r = sys_open(b, "/tmp/f", O_WRONLY);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("lsm=SMACK fn=smack_file_open action=denied subject=\"B\" "
                            "object=\"A\" requested=r" +
                            pid_comm(b) + " path=\"/tmp/f\" dev=\"tmpfs\"") == 0u,
             reason(r));
  rule(k, "B", "A", "rwa");
  BOOST_TEST(sys_open(b, "/tmp/f", O_WRONLY | O_APPEND).ok());
  rule(k, "B", "A", "rw");
  BOOST_TEST(sys_open(b, "/tmp/f", O_RDWR).ok());
}

BOOST_AUTO_TEST_CASE(mac_override_bypasses_and_special_labels_decide) {
  Kernel k(smack_config());
  labelled_dir(k, "/tmp/secret", "S");
  BOOST_TEST(write_file(k.init_task(), "/tmp/secret/f", "x").ok());  // init: CAP_MAC_OVERRIDE
  Task& r = labelled(k, "R", 0);
  BOOST_TEST(read_file(r, "/tmp/secret/f").ok());
  set_caps(k, r, CapSet::full());
  CapSet no_override = CapSet::full();
  no_override.drop(CAP_MAC_OVERRIDE);
  set_caps(k, r, no_override);
  BOOST_TEST(read_file(r, "/tmp/secret/f").err == EACCES);
  // "*" objects are open to everyone, "^" subjects read everything.
  labelled_dir(k, "/tmp/star", "*");
  Task& u = labelled(k, "U", 1002);
  BOOST_TEST(write_file(u, "/tmp/star/g", "y").ok());
  BOOST_TEST(xattr(u, "/tmp/star/g", "security.SMACK64") == "U");
  Task& hat = labelled(k, "^", 1003);
  StatBuf st;
  BOOST_TEST(sys_stat(hat, "/tmp/secret", st).ok());
  BOOST_TEST(sys_mkdir(hat, "/tmp/secret/x", 0755).err == EACCES);
}

BOOST_AUTO_TEST_CASE(unlink_and_rmdir_need_write_on_object_and_directory) {
  Kernel k(smack_config());
  labelled_dir(k, "/tmp/d", "D");
  rule(k, "A", "D", "rwx");
  Task& a = labelled(k, "A");
  BOOST_TEST_REQUIRE(write_file(a, "/tmp/d/f", "x").ok());
  BOOST_TEST_REQUIRE(sys_mkdir(a, "/tmp/d/sub", 0777).ok());
  BOOST_TEST_REQUIRE(sys_chmod(a, "/tmp/d/f", 0666).ok());
  Task& b = labelled(k, "B", 1001);
  // DAC allows (0777 directory); Smack asks w on the file first.
  rule(k, "B", "D", "rwx");
  SysResult r = sys_unlink(b, "/tmp/d/f");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("fn=smack_inode_unlink action=denied subject=\"B\" object=\"A\" "
                            "requested=w" +
                            pid_comm(b) + " name=\"f\"") != std::string::npos);
  r = sys_rmdir(b, "/tmp/d/sub");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("fn=smack_inode_rmdir") != std::string::npos);
  // Write on the object but not on the directory: the directory's check refuses.
  rule(k, "B", "A", "w");
  rule(k, "B", "D", "rx");
  BOOST_TEST(sys_unlink(b, "/tmp/d/f").err == EACCES);  // DAC-free: inode_permission(dir, w)
  rule(k, "B", "D", "rwx");
  BOOST_TEST(sys_unlink(b, "/tmp/d/f").ok());
  BOOST_TEST(sys_rmdir(b, "/tmp/d/sub").ok());
}

BOOST_AUTO_TEST_CASE(unlink_hook_checks_the_directory_after_the_object) {
  Kernel k(smack_config());
  labelled_dir(k, "/tmp/d", "D");
  BOOST_TEST_REQUIRE(write_file(k.init_task(), "/tmp/d/f", "x").ok());
  BOOST_TEST_REQUIRE(sys_setxattr(k.init_task(), "/tmp/d/f", "security.SMACK64", "F", 0).ok());
  Task& b = labelled(k, "B", 1001);
  rule(k, "B", "F", "w");
  rule(k, "B", "D", "rx");
  Inode& dir = inode_at(k, "/tmp/d");
  Inode& f = inode_at(k, "/tmp/d/f");
  // As vfs_unlink calls it: the object passes, then the directory (audited as an inode).
  Kernel::CurrentScope scope(k, b);
  BOOST_TEST(security_inode_unlink(k.lsm(), dir, f, "f") == -EACCES);
  std::optional<Denial> d = k.lsm().take_denial();
  BOOST_TEST_REQUIRE(d.has_value());
  BOOST_TEST(d->reason ==
             "lsm=SMACK fn=smack_inode_unlink action=denied subject=\"B\" "
             "object=\"D\" requested=w" +
                 pid_comm(b) + " name=\"d\" dev=\"tmpfs\" ino=" + std::to_string(dir.ino));
  BOOST_TEST(security_inode_rmdir(k.lsm(), dir, f, "f") == -EACCES);
  rule(k, "B", "D", "w");
  BOOST_TEST(security_inode_unlink(k.lsm(), dir, f, "f") == 0);
  // link and rename (no syscall yet): write, and read-write, on the object.
  rule(k, "B", "F", "r");
  BOOST_TEST(security_inode_link(k.lsm(), f, dir, "g") == -EACCES);
  rule(k, "B", "F", "w");
  BOOST_TEST(security_inode_link(k.lsm(), f, dir, "g") == 0);
  BOOST_TEST(security_inode_rename(k.lsm(), dir, f, dir, "h") == -EACCES);
  rule(k, "B", "F", "rw");
  BOOST_TEST(security_inode_rename(k.lsm(), dir, f, dir, "h") == 0);
  (void)k.lsm().take_denial();
}

BOOST_AUTO_TEST_CASE(stat_and_chmod_need_read_and_write) {
  Kernel k(smack_config());
  labelled_dir(k, "/tmp/d", "D");
  Task& b = labelled(k, "B", 1001);
  StatBuf st;
  // The floor on /tmp lets the walk search; the object itself needs read for stat.
  SysResult r = sys_stat(b, "/tmp/d", st);
  BOOST_TEST(r.err == EACCES);
  // LSM_AUDIT_DATA_PATH: the path as the walk resolved it.
  BOOST_TEST(reason(r) ==
             "lsm=SMACK fn=smack_inode_getattr action=denied subject=\"B\" object=\"D\" "
             "requested=r" +
                 pid_comm(b) + " path=\"/tmp/d\" dev=\"tmpfs\" ino=" +
                 std::to_string(ino_of(k.init_task(), "/tmp/d")));
  rule(k, "B", "D", "r");
  BOOST_TEST(sys_stat(b, "/tmp/d", st).ok());
  set_caps(k, b, CapSet::of(std::uint64_t{1} << CAP_FOWNER));
  r = sys_chmod(b, "/tmp/d", 0700);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("fn=smack_inode_setattr action=denied subject=\"B\" object=\"D\" "
                            "requested=w") != std::string::npos);
  rule(k, "B", "D", "rw");
  BOOST_TEST(sys_chmod(b, "/tmp/d", 0700).ok());
}

BOOST_AUTO_TEST_CASE(transmuting_directory_gives_its_label_to_new_objects) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  labelled_dir(k, "/tmp/t", "T");
  BOOST_TEST_REQUIRE(sys_setxattr(root, "/tmp/t", "security.SMACK64TRANSMUTE", "TRUE", 0).ok());
  BOOST_TEST(xattr(root, "/tmp/t", "security.SMACK64TRANSMUTE") == "TRUE");
  rule(k, "A", "T", "rwxt");
  rule(k, "B", "T", "rwx");
  Task& a = labelled(k, "A");
  Task& b = labelled(k, "B", 1001);
  BOOST_TEST(write_file(a, "/tmp/t/fa", "x").ok());
  BOOST_TEST(write_file(b, "/tmp/t/fb", "x").ok());
  BOOST_TEST(xattr(root, "/tmp/t/fa", "security.SMACK64") == "T");
  BOOST_TEST(xattr(root, "/tmp/t/fb", "security.SMACK64") == "B");
  // New directories transmute too; v6.12 marks every transmuted object (files as well).
  BOOST_TEST(sys_mkdir(a, "/tmp/t/sub", 0777).ok());
  BOOST_TEST(xattr(root, "/tmp/t/sub", "security.SMACK64") == "T");
  BOOST_TEST(xattr(root, "/tmp/t/sub", "security.SMACK64TRANSMUTE") == "TRUE");
  BOOST_TEST(xattr(root, "/tmp/t/fa", "security.SMACK64TRANSMUTE") == "TRUE");
  BOOST_TEST(xattr(root, "/tmp/t/fb", "security.SMACK64TRANSMUTE") == "");
  BOOST_TEST(write_file(a, "/tmp/t/sub/deeper", "x").ok());
  BOOST_TEST(xattr(root, "/tmp/t/sub/deeper", "security.SMACK64") == "T");
  // Without the directory flag the 't' does nothing.
  labelled_dir(k, "/tmp/plain", "T");
  BOOST_TEST(write_file(a, "/tmp/plain/f", "x").ok());
  BOOST_TEST(xattr(root, "/tmp/plain/f", "security.SMACK64") == "A");
  // Removing SMACK64TRANSMUTE ends it.
  BOOST_TEST(sys_removexattr(root, "/tmp/t", "security.SMACK64TRANSMUTE").ok());
  BOOST_TEST(write_file(a, "/tmp/t/later", "x").ok());
  BOOST_TEST(xattr(root, "/tmp/t/later", "security.SMACK64") == "A");
}

BOOST_AUTO_TEST_CASE(stored_xattrs_are_read_at_instantiation) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  // Objects made without the hooks, as read from a disk: the xattrs are all they have.
  Inode& tmp = inode_at(k, "/tmp");
  auto disk = k.vfs().add_dir(tmp, "disk", 0777);
  disk->xattrs["security.SMACK64"] = "T";
  disk->xattrs["security.SMACK64TRANSMUTE"] = "TRUE";
  auto prog = k.vfs().add_file(tmp, "prog", 0755, "#!/bin/sh\n");
  prog->xattrs["security.SMACK64"] = "-bad";   // not a label: the default stays
  prog->xattrs["security.SMACK64EXEC"] = "*";  // never a task label: ignored
  auto plain = k.vfs().add_file(tmp, "plain", 0644, "x");
  auto other = k.vfs().add_file(inode_at(k, "/etc"), "other", 0644, "x");
  BOOST_TEST(xattr(root, "/tmp/disk", "security.SMACK64") == "T");
  BOOST_TEST(xattr(root, "/tmp/disk", "security.SMACK64TRANSMUTE") == "TRUE");
  // tmpfs files without a label are "*"; other filesystems give their default ("_").
  BOOST_TEST(xattr(root, "/tmp/prog", "security.SMACK64") == "*");
  BOOST_TEST(xattr(root, "/tmp/plain", "security.SMACK64") == "*");
  BOOST_TEST(xattr(root, "/etc/other", "security.SMACK64") == "_");
  SmackLsm& me = smack_of(k);
  BOOST_TEST(smack_inode(me, *prog)->smk_task == 0u);
  rule(k, "A", "T", "rwxt");
  Task& a = labelled(k, "A");
  BOOST_TEST(write_file(a, "/tmp/disk/f", "x").ok());
  BOOST_TEST(xattr(root, "/tmp/disk/f", "security.SMACK64") == "T");
}

BOOST_AUTO_TEST_CASE(proc_pid_inodes_carry_the_task_label) {
  Kernel k(smack_config());
  Task& a = labelled(k, "A");
  Task& b = labelled(k, "B", 1001);
  const std::string dir = "/proc/" + std::to_string(a.pid);
  BOOST_TEST(xattr(k.init_task(), dir, "security.SMACK64") == "A");
  BOOST_TEST(xattr(k.init_task(), "/proc/self", "security.SMACK64") == "_");
  // Another label's /proc/PID files need a rule.
  SysResult r = read_file(b, dir + "/status");
  BOOST_TEST(r.err == EACCES);
  rule(k, "B", "A", "rx");
  BOOST_TEST(read_file(b, dir + "/status").ok());
  BOOST_TEST(label_of(a) == "A");
}

BOOST_AUTO_TEST_CASE(inside_a_smack_namespace_objects_show_mapped_names) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  BOOST_TEST_REQUIRE(write_file(root, "/tmp/f", "mapped").ok());
  BOOST_TEST_REQUIRE(write_file(root, "/tmp/g", "unmapped").ok());
  for (const char* p : {"/tmp/f", "/tmp/g"}) BOOST_TEST_REQUIRE(sys_chmod(root, p, 0666).ok());
  BOOST_TEST_REQUIRE(sys_setxattr(root, "/tmp/f", "security.SMACK64", "label2", 0).ok());
  BOOST_TEST_REQUIRE(sys_setxattr(root, "/tmp/g", "security.SMACK64", "label3", 0).ok());
  rule(k, "label1", "label2", "rwx");
  rule(k, "label1", "label3", "rwx");
  Task& c = labelled_task(k, "label1");
  enter_user_ns(k, c, make_user_ns(k, c, 100000));
  BOOST_TEST_REQUIRE(smack_write_label_map(k, c, "label1 mapped1\nlabel2 mapped2\n_ _\n", root) ==
                     0);
  BOOST_TEST(label_of(c) == "mapped1");
  // Labels show as the namespace names them; the rule between mapped labels applies.
  BOOST_TEST(xattr(c, "/tmp/f", "security.SMACK64") == "mapped2");
  BOOST_TEST(read_file(c, "/tmp/f").data == "mapped");
  BOOST_TEST(xattr(root, "/tmp/f", "security.SMACK64") == "label2");
  // An object whose label the namespace does not map is out of reach, rule or not.
  BOOST_TEST(read_file(c, "/tmp/g").err == EACCES);
  BOOST_TEST(xattr(c, "/tmp/g", "security.SMACK64") == "<errno 13>");
  // What the container creates carries its (init) label on disk.
  rule(k, "label1", "_", "rwx");
  BOOST_TEST(write_file(c, "/tmp/h", "x").ok());
  BOOST_TEST(xattr(root, "/tmp/h", "security.SMACK64") == "label1");
  BOOST_TEST(xattr(c, "/tmp/h", "security.SMACK64") == "mapped1");
}

BOOST_AUTO_TEST_SUITE_END()
