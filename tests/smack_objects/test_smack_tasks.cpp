// Smack between tasks: exec labels (SMACK64EXEC), signals, ptrace under each value of the
// ptrace rule, the other task hooks, Unix stream sockets, and the smackfs* mount options.
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include <cerrno>
#include <csignal>

#include "model/capability.h"
#include "model/lsm/security.h"
#include "model/syscalls/exec.h"
#include "model/syscalls/net.h"
#include "model/syscalls/process.h"
#include "model/vfs/inode.h"
#include "model/vfs/vfs.h"
#include "tests/smack_objects/smack_objects_support.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

// A uid-0 child of init without capabilities: dumpable, so ptrace is Smack's to decide.
Task& plain(Kernel& k, const std::string& label) {
  Task& t = labelled(k, label, 0);
  set_caps(k, t, CapSet());
  return t;
}

void make_program(Kernel& k, const std::string& path, const std::string& exec_label) {
  Task& root = k.init_task();
  BOOST_TEST_REQUIRE(write_file(root, path, std::string("\x7f") + "ELF prog").ok());
  BOOST_TEST_REQUIRE(sys_chmod(root, path, 0755).ok());
  if (!exec_label.empty())
    BOOST_TEST_REQUIRE(sys_setxattr(root, path, "security.SMACK64EXEC", exec_label, 0).ok());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(smack_tasks)

BOOST_AUTO_TEST_CASE(exec_takes_the_smack64exec_label) {
  Kernel k(smack_config());
  make_program(k, "/tmp/prog", "X");
  make_program(k, "/tmp/plain", "");
  Task& a = labelled(k, "A");
  BOOST_TEST(sys_execve(a, "/tmp/plain").ok());
  BOOST_TEST(label_of(a) == "A");
  BOOST_TEST(sys_execve(a, "/tmp/prog").ok());
  BOOST_TEST(label_of(a) == "X");
  // The file's own label still decides who may run it.
  BOOST_TEST_REQUIRE(sys_setxattr(k.init_task(), "/tmp/prog", "security.SMACK64", "P", 0).ok());
  Task& b = labelled(k, "B");
  SysResult r = sys_execve(b, "/tmp/prog");
  BOOST_TEST(r.err == EACCES);
  rule(k, "B", "P", "rx");
  BOOST_TEST(sys_execve(b, "/tmp/prog").ok());
  BOOST_TEST(label_of(b) == "X");
}

BOOST_AUTO_TEST_CASE(no_new_privs_and_tracers_limit_the_exec_label) {
  Kernel k(smack_config());
  make_program(k, "/tmp/prog", "X");
  Task& a = labelled(k, "A");
  BOOST_TEST_REQUIRE(sys_prctl(a, PR_SET_NO_NEW_PRIVS, 1).ok());
  SysResult r = sys_execve(a, "/tmp/prog");
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(reason(r).find("no_new_privs") != std::string::npos);
  BOOST_TEST(label_of(a) == "A");
  // A task whose exec label equals its own label is not changing: no refusal.
  Task& x = labelled(k, "X");
  BOOST_TEST_REQUIRE(sys_prctl(x, PR_SET_NO_NEW_PRIVS, 1).ok());
  BOOST_TEST(sys_execve(x, "/tmp/prog").ok());
  // Traced: the tracer must be able to attach to the new label.
  Task& tracee = plain(k, "A");
  Task& tracer = plain(k, "T");
  rule(k, "T", "A", "rw");
  SysResult att = sys_ptrace_attach(tracer, tracee.pid);
  BOOST_TEST_REQUIRE(att.ok(), describe(att));
  r = sys_execve(tracee, "/tmp/prog");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("fn=smack_bprm_creds_for_exec action=denied subject=\"T\" "
                            "object=\"X\" requested=rw") != std::string::npos);
  rule(k, "T", "X", "rw");
  BOOST_TEST(sys_execve(tracee, "/tmp/prog").ok());
  BOOST_TEST(label_of(tracee) == "X");
}

BOOST_AUTO_TEST_CASE(signals_need_write_on_the_target) {
  Kernel k(smack_config());
  Task& a = labelled(k, "A");
  Task& b = labelled(k, "B");
  BOOST_TEST(sys_kill(a, b.pid, 0).ok());  // the null signal: existence only
  SysResult r = sys_kill(a, b.pid, SIGUSR1);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r) ==
             "lsm=SMACK fn=smack_task_kill action=denied subject=\"A\" "
             "object=\"B\" requested=w" +
                 pid_comm(a) + " opid=" + std::to_string(b.pid) + " ocomm=\"" + b.comm + "\"");
  rule(k, "A", "B", "r");
  BOOST_TEST(sys_kill(a, b.pid, SIGUSR1).err == EACCES);
  rule(k, "A", "B", "w");
  BOOST_TEST(sys_kill(a, b.pid, SIGCONT).ok());
  // CAP_MAC_OVERRIDE passes (here with CAP_KILL for the DAC side).
  Task& c = labelled(k, "C");
  set_caps(k, c, caps({CAP_KILL}));
  BOOST_TEST(sys_kill(c, b.pid, SIGCONT).err == EACCES);
  set_caps(k, c, caps({CAP_KILL, CAP_MAC_OVERRIDE}));
  BOOST_TEST(sys_kill(c, b.pid, SIGCONT).ok());
  // A signal sent with a cred is decided on that cred, without privilege.
  Kernel::CurrentScope scope(k, c);
  BOOST_TEST(security_task_kill(k.lsm(), b, SIGCONT, c.cred.get()) == -EACCES);
  BOOST_TEST(security_task_kill(k.lsm(), b, SIGCONT, a.cred.get()) == 0);
  (void)k.lsm().take_denial();
}

BOOST_AUTO_TEST_CASE(task_hooks_read_and_write_the_target) {
  Kernel k(smack_config());
  Task& a = labelled(k, "A");
  Task& b = labelled(k, "B");
  Kernel::CurrentScope scope(k, a);
  LsmFramework& lsm = k.lsm();
  BOOST_TEST(security_task_getpgid(lsm, b) == -EACCES);
  BOOST_TEST(security_task_setpgid(lsm, b, 0) == -EACCES);
  BOOST_TEST(security_task_setnice(lsm, b, 5) == -EACCES);
  rule(k, "A", "B", "r");
  BOOST_TEST(security_task_getpgid(lsm, b) == 0);
  BOOST_TEST(security_task_setpgid(lsm, b, 0) == -EACCES);
  std::optional<Denial> d = lsm.take_denial();
  BOOST_TEST_REQUIRE(d.has_value());
  BOOST_TEST(d->reason.find("fn=smack_task_setpgid action=denied subject=\"A\" object=\"B\" "
                            "requested=w") != std::string::npos);
  rule(k, "A", "B", "rw");
  BOOST_TEST(security_task_setnice(lsm, b, 5) == 0);
}

BOOST_AUTO_TEST_CASE(ptrace_rule_default_exact_draconian) {
  Kernel k(smack_config());
  SmackLsm& me = smack_of(k);
  Task& a = plain(k, "A");
  Task& b = plain(k, "B");
  // default: the tracer needs rw on the tracee.
  SysResult r = sys_ptrace_attach(a, b.pid);
  BOOST_TEST(r.err == EACCES);  // __ptrace_may_access() passes the LSM's answer on
  BOOST_TEST(reason(r) ==
             "lsm=SMACK fn=smack_ptrace_access_check action=denied subject=\"A\" "
             "object=\"B\" requested=rw" +
                 pid_comm(a) + " opid=" + std::to_string(a.pid) + " ocomm=\"" + a.comm + "\"");
  rule(k, "A", "B", "rw");
  Task& b2 = plain(k, "B");
  r = sys_ptrace_attach(a, b2.pid);
  BOOST_TEST(r.ok(), describe(r));
  // exact: equal labels only, or CAP_SYS_PTRACE; the rule no longer matters.
  smack_ptrace_rule(me) = SMACK_PTRACE_EXACT;
  Task& b3 = plain(k, "B");
  r = sys_ptrace_attach(a, b3.pid);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("fn=smack_ptrace_access_check action=denied subject=\"A\" "
                            "object=\"B\" labels_differ") != std::string::npos);
  Task& a2 = plain(k, "A");
  Task& same = plain(k, "A");
  BOOST_TEST(sys_ptrace_attach(a2, same.pid).ok());
  Task& ptracer = plain(k, "P");
  set_caps(k, ptracer, caps({CAP_SYS_PTRACE}));
  BOOST_TEST(sys_ptrace_attach(ptracer, b3.pid).ok());
  // draconian: equal labels only, whatever the capabilities.
  smack_ptrace_rule(me) = SMACK_PTRACE_DRACONIAN;
  Task& b4 = plain(k, "B");
  Task& p2 = plain(k, "P");
  set_caps(k, p2, caps({CAP_SYS_PTRACE, CAP_MAC_OVERRIDE}));
  BOOST_TEST(sys_ptrace_attach(p2, b4.pid).err == EACCES);
  Task& a3 = plain(k, "A");
  Task& same2 = plain(k, "A");
  BOOST_TEST(sys_ptrace_attach(a3, same2.pid).ok());
  // traceme: the parent (init, "_") attaches to the child's label.
  smack_ptrace_rule(me) = SMACK_PTRACE_DEFAULT;
  Task& child = labelled(k, "C", 0);
  BOOST_TEST(sys_ptrace_traceme(child).ok());  // init has CAP_MAC_OVERRIDE
  smack_ptrace_rule(me) = SMACK_PTRACE_DRACONIAN;
  Task& child2 = labelled(k, "C", 0);
  r = sys_ptrace_traceme(child2);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("fn=smack_ptrace_traceme action=denied subject=\"_\" "
                            "object=\"C\" labels_differ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unix_stream_connect_needs_write_both_ways) {
  Kernel k(smack_config());
  Task& server = labelled(k, "S");
  Task& client = labelled(k, "C");
  const int lfd = static_cast<int>(sys_socket(server, AF_UNIX, SOCK_STREAM, 0).ret);
  BOOST_TEST_REQUIRE(sys_bind(server, lfd, "@srv").ok());
  BOOST_TEST_REQUIRE(sys_listen(server, lfd, 8).ok());
  int cfd = static_cast<int>(sys_socket(client, AF_UNIX, SOCK_STREAM, 0).ret);
  SysResult r = sys_connect(client, cfd, "@srv");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r) ==
             "lsm=SMACK fn=smack_unix_stream_connect action=denied subject=\"C\" "
             "object=\"S\" requested=w" +
                 pid_comm(client) + " path=00737276");
  rule(k, "C", "S", "w");
  r = sys_connect(client, cfd, "@srv");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("subject=\"S\" object=\"C\" requested=w") != std::string::npos);
  rule(k, "S", "C", "w");
  BOOST_TEST(sys_connect(client, cfd, "@srv").ok());
  SysResult peer = sys_getsockopt_peersec(client, cfd, 256);
  BOOST_TEST(peer.data == std::string("S") + '\0');
  SysResult afd = sys_accept(server, lfd);
  BOOST_TEST_REQUIRE(afd.ok());
  BOOST_TEST(sys_getsockopt_peersec(server, static_cast<int>(afd.ret), 256).data ==
             std::string("C") + '\0');
  // CAP_MAC_OVERRIDE skips the checks.
  Task& other = labelled(k, "O");
  set_caps(k, other, caps({CAP_MAC_OVERRIDE}));
  cfd = static_cast<int>(sys_socket(other, AF_UNIX, SOCK_STREAM, 0).ret);
  BOOST_TEST(sys_connect(other, cfd, "@srv").ok());
}

BOOST_AUTO_TEST_CASE(mount_options_set_the_filesystem_labels) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  BOOST_TEST_REQUIRE(
      sys_mount(root, "none", "/mnt", "tmpfs", 0, "smackfsroot=R,smackfsdef=D").ok());
  BOOST_TEST(xattr(root, "/mnt", "security.SMACK64") == "R");
  BOOST_TEST(xattr(root, "/mnt", "security.SMACK64TRANSMUTE") == "");
  BOOST_TEST_REQUIRE(sys_umount(root, "/mnt").ok());
  BOOST_TEST_REQUIRE(sys_mount(root, "none", "/mnt", "tmpfs", 0, "smackfstransmute=T").ok());
  BOOST_TEST(xattr(root, "/mnt", "security.SMACK64") == "T");
  BOOST_TEST(xattr(root, "/mnt", "security.SMACK64TRANSMUTE") == "TRUE");
  BOOST_TEST_REQUIRE(sys_umount(root, "/mnt").ok());
  // Bad values and repeated options.
  BOOST_TEST(sys_mount(root, "none", "/mnt", "tmpfs", 0, "smackfsdef=").err == EINVAL);
  BOOST_TEST(sys_mount(root, "none", "/mnt", "tmpfs", 0, "smackfsdef").err == EINVAL);
  BOOST_TEST(sys_mount(root, "none", "/mnt", "tmpfs", 0, "smackfshat=-x").err == EINVAL);
  BOOST_TEST(sys_mount(root, "none", "/mnt", "tmpfs", 0, "smackfsdef=a,smackfsdefault=b").err ==
             EINVAL);
  // Without CAP_MAC_ADMIN: no options, and the mounter's label on root and default.
  Task& t = labelled(k, "L", 0);
  set_caps(k, t, caps({CAP_SYS_ADMIN}));
  SysResult r = sys_mount(t, "none", "/mnt", "tmpfs", 0, "smackfsroot=R");
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(reason(r).find("CAP_MAC_ADMIN") != std::string::npos);
  BOOST_TEST_REQUIRE(sys_mount(t, "none", "/mnt", "tmpfs", 0, "").ok());
  BOOST_TEST(xattr(root, "/mnt", "security.SMACK64") == "L");
}

BOOST_AUTO_TEST_CASE(untrusted_superblocks_want_their_root_label) {
  Kernel k(smack_config());
  SmackLsm& me = smack_of(k);
  auto ns = make_user_ns(k, k.init_task(), 100000);
  Task& c = labelled(k, "C", 0);
  set_caps(k, c, CapSet());
  rule(k, "C", "D", "r");
  const auto mount_as_c = [&](const std::string& type) {
    int err = 0;
    auto sb = k.vfs().alloc_super(type, ns, err);
    BOOST_TEST_REQUIRE(sb != nullptr);
    sb->root = k.vfs().new_inode(*sb, S_IFDIR_ | 0755);
    Kernel::CurrentScope scope(k, c);
    BOOST_TEST_REQUIRE(security_sb_set_mnt_opts(k.lsm(), *sb, nullptr) == 0);
    return sb;
  };
  // Mounted without CAP_MAC_ADMIN from another user namespace: untrusted.
  auto sb = mount_as_c("ext4");
  const SuperblockSmack* sbsp = smack_superblock(me, *sb);
  BOOST_TEST((sbsp->smk_flags & SMK_SB_UNTRUSTED) != 0u);
  BOOST_TEST(*me.known.find(sbsp->smk_root) == "C");
  BOOST_TEST(*me.known.find(sbsp->smk_default) == "C");
  BOOST_TEST(smk_inode_transmutable(me, *sb->root));
  auto own = k.vfs().add_file(*sb->root, "own", 0644, "x");
  auto other = k.vfs().add_file(*sb->root, "other", 0644, "x");
  other->xattrs["security.SMACK64"] = "D";
  {
    Kernel::CurrentScope scope(k, c);
    BOOST_TEST(security_inode_permission(k.lsm(), *own, MAY_READ) == 0);
    // The rule C D r would allow it; the untrusted mount does not.
    BOOST_TEST(security_inode_permission(k.lsm(), *other, MAY_READ) == -EACCES);
    (void)k.lsm().take_denial();
  }
  // tmpfs (and sysfs) stay trusted, with the mounter's label on root and default.
  auto tsb = mount_as_c("tmpfs");
  BOOST_TEST((smack_superblock(me, *tsb)->smk_flags & SMK_SB_UNTRUSTED) == 0u);
  BOOST_TEST(*me.known.find(smack_superblock(me, *tsb)->smk_root) == "C");
  BOOST_TEST(!smk_inode_transmutable(me, *tsb->root));
  // Once initialized, a superblock keeps its labels.
  Kernel::CurrentScope scope(k, k.init_task());
  std::vector<std::string> opts{"smackfsroot=Z"};
  BOOST_TEST(security_sb_set_mnt_opts(k.lsm(), *tsb, &opts) == 0);
  BOOST_TEST(*me.known.find(smack_superblock(me, *tsb)->smk_root) == "C");
}

BOOST_AUTO_TEST_SUITE_END()
