// SELinux file hooks with a policy: read/write/exec masks, create labels, unlink, attributes,
// security.selinux relabelling, enforcing vs permissive, booleans, MLS.
#include <fcntl.h>

#include "lsms/selinux/policy/policy_parser.h"
#include "model/lsm/security.h"
#include "model/syscalls/exec.h"
#include "model/vfs/inode.h"
#include "model/vfs/namei.h"
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
  const std::string rec =
      "avc:  denied  { read } for  pid=" + std::to_string(t.pid) + " comm=\"" + t.comm +
      "\" name=\"shadow\" dev=\"sda1\" ino=" + std::to_string(ino_of(sk.init(), "/etc/shadow")) +
      " scontext=user_u:user_r:user_t:s0"
      " tcontext=system_u:object_r:shadow_t:s0 tclass=file permissive=0";
  BOOST_TEST(reason(r).find(rec) == 0, reason(r));
  BOOST_TEST(level(r) == "init");
  BOOST_TEST(r.denial->by == "selinux");
  BOOST_TEST(selinux_avc_records(sk.k).back() == rec);
}

BOOST_AUTO_TEST_CASE(write_and_directory_masks) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  // /etc is etc_t: search and read, no write -> mkdir fails on the directory's write.
  SysResult r = sys_mkdir(t, "/etc/new", 0755);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("avc:  denied  { write } for ") == 0, reason(r));
  BOOST_TEST(reason(r).find("name=\"etc\"") != std::string::npos, reason(r));
  BOOST_TEST(reason(r).find("tclass=dir permissive=0") != std::string::npos);
  // Opening /etc/passwd for writing: the file has read only.
  r = sys_open(t, "/etc/passwd", O_WRONLY);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ write }") != std::string::npos);
  // O_APPEND asks for append instead of write.
  r = sys_open(t, "/etc/passwd", O_WRONLY | O_APPEND);
  BOOST_TEST(reason(r).find("{ append }") != std::string::npos, reason(r));
  // getattr is its own permission; dontaudit hides the record but still denies.
  StatBuf st;
  r = sys_stat(t, "/etc/shadow", st);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ getattr }") != std::string::npos);
}

// open_file_to_av(): O_ACCMODE 3 grants neither read nor write and asks ioctl; open is asked
// only with the open_perms policy capability.
BOOST_AUTO_TEST_CASE(open_asks_ioctl_for_accmode_3_and_open_only_with_open_perms) {
  {
    // The model's open(2) refuses O_ACCMODE itself, so the hook is called directly.
    SelinuxKernel sk;
    Task& t = confined(sk);
    Kernel::CurrentScope scope(sk.k, t);
    PathStack st;
    BOOST_TEST_REQUIRE(path_lookup(t, "/etc/passwd", 0, st).ok());
    File f(sk.k);
    f.inode = st.back().inode;
    f.path = "/etc/passwd";
    f.flags = O_ACCMODE;
    BOOST_TEST(security_file_open(sk.k.lsm(), f) == -EACCES);
    const auto d = sk.k.lsm().take_denial();
    BOOST_TEST_REQUIRE(d.has_value());
    BOOST_TEST(d->reason.find("avc:  denied  { ioctl } for ") == 0, d->reason);
    f.flags = O_RDONLY;
    BOOST_TEST(security_file_open(sk.k.lsm(), f) == 0);
  }
  const std::string read_shadow = "allow user_t shadow_t:file read;";
  const std::string rule_after = "allow user_t app_t:process transition;";
  {
    SelinuxKernel sk(true, test_policy_with(rule_after, read_shadow));
    SysResult r = sys_open(confined(sk), "/etc/shadow", O_RDONLY);
    BOOST_TEST(r.err == EACCES);
    BOOST_TEST(reason(r).find("avc:  denied  { open } for ") == 0, reason(r));
  }
  {
    std::string policy = test_policy_with(rule_after, read_shadow);
    const std::string cap = "policycap open_perms;";
    policy.erase(policy.find(cap), cap.size());
    SelinuxKernel sk(true, policy);
    BOOST_TEST(ok(sys_open(confined(sk), "/etc/shadow", O_RDONLY)));
  }
}

// selinux_inode_setattr(): which attribute bits ask setattr, write or write+open.
BOOST_AUTO_TEST_CASE(setattr_bits_follow_selinux_inode_setattr) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  Kernel::CurrentScope scope(sk.k, t);
  PathStack st;
  BOOST_TEST_REQUIRE(path_lookup(t, "/etc/shadow", 0, st).ok());
  Inode& passwd = *st.back().inode;  // shadow_t: user_t may do nothing to it
  auto ask = [&](unsigned ia_valid) {
    const int rc = security_inode_setattr(sk.k.lsm(), passwd, ia_valid);
    const auto d = sk.k.lsm().take_denial();
    if (rc == 0) return std::string("ok");
    const std::string& why = d ? d->reason : std::string();
    return why.substr(0, why.find(" for "));
  };
  constexpr unsigned kMode = 1, kSize = 8, kMtime = 32, kMtimeSet = 256, kForce = 512,
                     kKillSuid = 2048, kFile = 8192, kTimesSet = 65536;
  BOOST_TEST(ask(kForce | kKillSuid | kMode) == "ok");  // only the suid kill: nothing asked
  BOOST_TEST(ask(kForce | kKillSuid | kMtime) == "avc:  denied  { write }");
  BOOST_TEST(ask(kMtimeSet) == "avc:  denied  { setattr }");
  BOOST_TEST(ask(kTimesSet | kMtime) == "avc:  denied  { setattr }");
  BOOST_TEST(ask(kMtime) == "avc:  denied  { write }");
  BOOST_TEST(ask(kSize) == "avc:  denied  { write open }");
  BOOST_TEST(ask(kSize | kFile) == "avc:  denied  { write }");
}

// security_compute_sid(): a computed label invalid in the policy (here role staff_r, which
// is not authorized for user_tmp_t) fails the creation when enforcing, and is kept as it is
// when permissive.
BOOST_AUTO_TEST_CASE(invalid_computed_file_label_fails_only_when_enforcing) {
  const std::string policy = test_policy_with("allow system_r { user_r staff_r };",
                                              "role_transition user_r tmp_t:file staff_r;");
  {
    SelinuxKernel sk(true, policy);
    SysResult r = write_file(confined(sk), "/tmp/high", "x");
    BOOST_TEST(r.err == EACCES);
    BOOST_TEST(reason(r).find("op=security_compute_sid") != std::string::npos, reason(r));
    StatBuf st;
    BOOST_TEST(sys_stat(sk.init(), "/tmp/high", st).err == ENOENT);
  }
  {
    SelinuxKernel sk(false, policy);
    BOOST_TEST_REQUIRE(ok(write_file(confined(sk), "/tmp/high", "x")));
    BOOST_TEST(xattr_label(sk.init(), "/tmp/high") == "user_u:staff_r:user_tmp_t:s0");
  }
}

BOOST_AUTO_TEST_CASE(dontaudit_denies_without_a_record) {
  SelinuxKernel sk;
  BOOST_TEST_REQUIRE(ok(write_file(sk.init(), "/tmp/secret", "s")));
  BOOST_TEST_REQUIRE(
      sys_setxattr(sk.init(), "/tmp/secret", "security.selinux", "system_u:object_r:secret_t:s0", 0)
          .ok());
  Task& t = confined(sk);
  const std::size_t before = selinux_avc_records(sk.k).size();
  StatBuf st;
  SysResult r = sys_stat(t, "/tmp/secret", st);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("dontaudit") != std::string::npos, reason(r));
  BOOST_TEST(selinux_avc_records(sk.k).size() == before);
}

BOOST_AUTO_TEST_CASE(new_files_get_the_type_transition_label) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  // type_transition user_t tmp_t:file user_tmp_t, and the name-based rule for "special".
  BOOST_TEST_REQUIRE(ok(write_file(t, "/tmp/mine", "x")));
  BOOST_TEST(xattr_label(sk.init(), "/tmp/mine") == "user_u:object_r:user_tmp_t:s0");
  BOOST_TEST_REQUIRE(ok(write_file(t, "/tmp/special", "x")));
  BOOST_TEST(xattr_label(sk.init(), "/tmp/special") == "user_u:object_r:special_t:s0");
  // The stored value carries the NUL, as the kernel's inode_init_security writes it.
  BOOST_TEST(sys_getxattr(sk.init(), "/tmp/mine", "security.selinux").data ==
             std::string("user_u:object_r:user_tmp_t:s0") + '\0');
  // The kernel task has no transition: the directory's type.
  BOOST_TEST_REQUIRE(ok(write_file(sk.init(), "/tmp/k", "x")));
  BOOST_TEST(xattr_label(sk.init(), "/tmp/k") == "system_u:object_r:tmp_t:s0");
  // attr/fscreate overrides the transition; user_t may create special_t.
  BOOST_TEST_REQUIRE(
      write_file(t, "/proc/self/attr/fscreate", "user_u:object_r:special_t:s0").ok());
  BOOST_TEST_REQUIRE(ok(write_file(t, "/tmp/forced", "x")));
  BOOST_TEST(xattr_label(sk.init(), "/tmp/forced") == "user_u:object_r:special_t:s0");
  // Creating where the new label may not be created: fscreate etc_t -> { create } denied.
  BOOST_TEST_REQUIRE(ok(write_file(t, "/proc/self/attr/fscreate", "user_u:object_r:etc_t:s0")));
  SysResult r = write_file(t, "/tmp/nope", "x");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("avc:  denied  { create } for  pid=" + std::to_string(t.pid) +
                            " comm=\"" + t.comm + "\" name=\"nope\" scontext=" + kUserCtx +
                            " tcontext=user_u:object_r:etc_t:s0 tclass=file permissive=0") == 0,
             reason(r));
}

BOOST_AUTO_TEST_CASE(unlink_needs_remove_name_and_unlink) {
  SelinuxKernel sk;
  BOOST_TEST_REQUIRE(ok(write_file(sk.init(), "/tmp/kfile", "x")));
  Task& t = confined(sk);
  BOOST_TEST_REQUIRE(ok(write_file(t, "/tmp/mine", "x")));
  BOOST_TEST(sys_unlink(t, "/tmp/mine").ok());
  SysResult r = sys_unlink(t, "/tmp/kfile");  // tmp_t file: no unlink
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ unlink }") != std::string::npos, reason(r));
  BOOST_TEST(reason(r).find("name=\"kfile\"") != std::string::npos);
  r = sys_unlink(t, "/etc/passwd");  // etc_t directory: no remove_name
  BOOST_TEST(reason(r).find("{ write }") != std::string::npos, reason(r));
}

BOOST_AUTO_TEST_CASE(relabel_through_security_selinux) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  BOOST_TEST_REQUIRE(ok(write_file(t, "/tmp/mine", "x")));
  // relabelfrom user_tmp_t, relabelto special_t, special_t associates with the fs.
  BOOST_TEST(
      sys_setxattr(t, "/tmp/mine", "security.selinux", "user_u:object_r:special_t:s0", 0).ok());
  BOOST_TEST(xattr_label(sk.init(), "/tmp/mine") == "user_u:object_r:special_t:s0");
  BOOST_TEST_REQUIRE(ok(write_file(t, "/tmp/two", "x")));
  SysResult r = sys_setxattr(t, "/tmp/two", "security.selinux", "user_u:object_r:etc_t:s0", 0);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ relabelto }") != std::string::npos, reason(r));
  // A context the policy rejects: EINVAL without CAP_MAC_ADMIN.
  r = sys_setxattr(t, "/tmp/two", "security.selinux", "user_u:object_r:no_such_t:s0", 0);
  BOOST_TEST(r.err == EINVAL);
  BOOST_TEST(reason(r).find("invalid_context") != std::string::npos, reason(r));
  // Nobody removes the label once a policy is loaded.
  BOOST_TEST(sys_removexattr(sk.init(), "/tmp/two", "security.selinux").err == EACCES);
}

BOOST_AUTO_TEST_CASE(mls_constraint_denies_what_te_allows) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  BOOST_TEST_REQUIRE(ok(write_file(t, "/tmp/mine", "x")));
  BOOST_TEST(read_file(t, "/tmp/mine").ok());
  // The kernel (mlstrusted) relabels it to s0:c1; user_t at s0 does not dominate s0:c1.
  BOOST_TEST_REQUIRE(sys_setxattr(sk.init(), "/tmp/mine", "security.selinux",
                                  "user_u:object_r:user_tmp_t:s0:c1", 0)
                         .ok());
  SysResult r = read_file(t, "/tmp/mine");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("constraint") != std::string::npos, reason(r));
  BOOST_TEST(reason(r).find("tcontext=user_u:object_r:user_tmp_t:s0:c1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(permissive_logs_and_allows) {
  SelinuxKernel sk(false);
  Task& t = confined(sk);
  SysResult r = read_file(t, "/etc/shadow");
  BOOST_TEST(r.ok());
  const auto& log = selinux_avc_records(sk.k);
  BOOST_TEST_REQUIRE(!log.empty());
  // inode_permission asks for read; file_open for read+open, of which only open is new.
  BOOST_TEST_REQUIRE(log.size() >= 2u);
  BOOST_TEST(log[log.size() - 2].find("avc:  denied  { read } for ") == 0, log[log.size() - 2]);
  BOOST_TEST(log.back().find("avc:  denied  { open } for ") == 0, log.back());
  BOOST_TEST(log.back().find("path=\"/etc/shadow\"") != std::string::npos, log.back());
  BOOST_TEST(log.back().find("permissive=1") != std::string::npos);
  // Logged once: the permissive grant is cached.
  const std::size_t n = log.size();
  BOOST_TEST(read_file(t, "/etc/shadow").ok());
  BOOST_TEST(selinux_avc_records(sk.k).size() == n);
  // Back to enforcing: the AVC is flushed and the denial returns.
  selinux_set_enforcing(sk.k, true);
  BOOST_TEST(read_file(t, "/etc/shadow").err == EACCES);
}

BOOST_AUTO_TEST_CASE(permissive_domain_in_an_enforcing_system) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  // /usr/bin/env is lax_exec_t: user_t -> lax_t, a permissive domain.
  BOOST_TEST_REQUIRE(ok(sys_execve(t, "/usr/bin/env", {"env"})));
  BOOST_TEST(context_of(sk.init(), t) == "user_u:user_r:lax_t:s0");
  SysResult r = read_file(t, "/etc/shadow");
  BOOST_TEST(r.ok());
  BOOST_TEST(selinux_avc_records(sk.k).back().find("scontext=user_u:user_r:lax_t:s0") !=
             std::string::npos);
  BOOST_TEST(selinux_avc_records(sk.k).back().find("permissive=1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(booleans_at_run_time_through_selinuxfs) {
  SelinuxKernel sk;
  Task& init = sk.init();
  BOOST_TEST_REQUIRE(ok(sys_mount(init, "selinuxfs", "/sys/fs/selinux", "selinuxfs", 0)));
  BOOST_TEST_REQUIRE(ok(write_file(init, "/tmp/data", "d")));
  Task& t = confined(sk);
  BOOST_TEST(read_file(t, "/tmp/data").err == EACCES);
  const std::string b = "/sys/fs/selinux/booleans/user_read_tmp";
  BOOST_TEST(read_file(init, b).data == "0 0");
  BOOST_TEST(write_file(init, b, "1").ok());
  BOOST_TEST(read_file(init, b).data == "0 1");  // pending until committed
  BOOST_TEST(read_file(t, "/tmp/data").err == EACCES);
  BOOST_TEST(write_file(init, "/sys/fs/selinux/commit_pending_bools", "1").ok());
  BOOST_TEST(read_file(init, b).data == "1 1");
  BOOST_TEST(read_file(t, "/tmp/data").ok());
  // The confined task may not set booleans (security:setbool).
  SysResult r = write_file(t, b, "0");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(read_file(init, "/sys/fs/selinux/booleans/no_such_bool").err == ENOENT);
  // The API does the same in one step.
  BOOST_TEST(selinux_set_boolean(sk.k, "user_read_tmp", false));
  BOOST_TEST(read_file(t, "/tmp/data").err == EACCES);
  BOOST_TEST(!selinux_set_boolean(sk.k, "no_such_bool", true));
  // security_preserve_bools(): a reload keeps the running value, not the policy's default.
  BOOST_TEST(selinux_set_boolean(sk.k, "user_read_tmp", true));
  BOOST_TEST(write_file(init, "/sys/fs/selinux/load", kTestPolicy).ok());
  BOOST_TEST(read_file(init, b).data == "1 1");
  BOOST_TEST(read_file(t, "/tmp/data").ok());
}

BOOST_AUTO_TEST_SUITE_END()
