// Smack's object hooks inside a Smack namespace (the prototype, Havner/smack-namespace
// security/smack/smack_lsm.c): disk labels are init names, SMACK64* xattrs set from inside with
// mapped names, exec labels, ptrace and Unix connect privilege in the right namespace. Also
// the record fields of dump_common_audit_data() (tgid, untrusted comm) and the xattr order of
// smack_inode_init_security().
#include <sys/socket.h>

#include <cerrno>

#include "lsms/smack/smack.h"
#include "model/capability.h"
#include "model/lsm/security.h"
#include "model/syscalls/exec.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/net.h"
#include "model/syscalls/process.h"
#include "model/vfs/inode.h"
#include "model/vfs/vfs.h"
#include "tests/smack_objects/smack_objects_support.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

constexpr const char* kMap = "label1 mapped1\nlabel2 mapped2\n_ _\n";

// A container task: uid 100000 outside (0 inside), all capabilities in its own user namespace,
// none in the init one, labelled `label`; init writes `map` for the namespace (if any).
Task& container(Kernel& k, const std::string& label, const char* map = kMap) {
  Task& c = labelled(k, label, 100000);
  enter_user_ns(k, c, make_user_ns(k, c, 100000));
  if (map != nullptr) BOOST_TEST_REQUIRE(smack_write_label_map(k, c, map, k.init_task()) == 0);
  return c;
}

// A task entering the user namespace `of` is in (full capabilities there).
Task& joined(Kernel& k, Task& of, const std::string& label) {
  Task& t = labelled(k, label, 100000);
  enter_user_ns(k, t, of.cred->user_ns);
  return t;
}

// A dumpable child of init (ids set directly, no setuid) with `uid`, no capabilities unless 0.
Task& dumpable(Kernel& k, const std::string& label, Uid uid) {
  Task& t = spawn(k, k.init_task(), uid, uid);
  set_label(k, t, label);
  return t;
}

Inode& inode_as(Task& t, const std::string& path) {
  PathStack st;
  Kernel::CurrentScope scope(t.kernel, t);
  BOOST_TEST_REQUIRE(path_lookup(t, path, 0, st).ok());
  return *st.back().inode;
}

void labelled_file(Kernel& k, const std::string& path, const std::string& label) {
  Task& root = k.init_task();
  BOOST_TEST_REQUIRE(write_file(root, path, std::string("\x7f") + "ELF prog").ok());
  BOOST_TEST_REQUIRE(sys_chmod(root, path, 0755).ok());
  BOOST_TEST_REQUIRE(sys_setxattr(root, path, "security.SMACK64", label, 0).ok());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(smack_ns_objects)

// Finding 5: smk_fetch() imports the disk's text as an init label, whoever comes first.
BOOST_AUTO_TEST_CASE(disk_labels_are_init_names_whoever_instantiates_first) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  rule(k, "label1", "label2", "r");
  Inode& etc = inode_at(k, "/etc");
  auto a = k.vfs().add_file(etc, "a", 0644, "x");
  a->xattrs["security.SMACK64"] = "label2";
  auto b = k.vfs().add_file(etc, "b", 0644, "x");
  b->xattrs["security.SMACK64"] = "mapped1";  // an init label spelled like a mapped name
  Task& c = container(k, "label1");
  // The container is the first to touch them.
  BOOST_TEST(xattr(c, "/etc/a", "security.SMACK64") == "mapped2");
  BOOST_TEST(xattr(c, "/etc/b", "security.SMACK64") == "<errno 13>");  // unmapped: refused
  BOOST_TEST(xattr(root, "/etc/a", "security.SMACK64") == "label2");
  BOOST_TEST(xattr(root, "/etc/b", "security.SMACK64") == "mapped1");
}

// Finding 6: CAP_MAC_ADMIN in the container's own (mapped) namespace, both labels mapped; the
// filesystem stores the init name (smack_inode_pre_setxattr).
BOOST_AUTO_TEST_CASE(container_root_sets_smack_xattrs_with_mapped_names) {
  Kernel k(smack_config());
  SmackLsm& me = smack_of(k);
  Task& c = container(k, "label1");
  // A filesystem of the container's own (commoncap wants CAP_SYS_ADMIN over it).
  unshare_mnt(k, c);
  BOOST_TEST_REQUIRE(sys_mount(c, "none", "/mnt", "tmpfs", 0, "").ok());
  BOOST_TEST_REQUIRE(write_file(c, "/mnt/f", "x").ok());
  Inode& f = inode_as(c, "/mnt/f");
  BOOST_TEST(f.xattrs.at("security.SMACK64") == "label1");
  BOOST_TEST(xattr(c, "/mnt/f", "security.SMACK64") == "mapped1");
  SysResult r = sys_setxattr(c, "/mnt/f", "security.SMACK64", "mapped2", 0);
  BOOST_TEST(r.ok(), describe(r));
  BOOST_TEST(f.xattrs.at("security.SMACK64") == "label2");  // the disk keeps init names
  BOOST_TEST(*me.known.find(smk_of_inode(me, f)) == "label2");
  BOOST_TEST(xattr(c, "/mnt/f", "security.SMACK64") == "mapped2");
  BOOST_TEST(sys_setxattr(c, "/mnt/f", "security.SMACK64EXEC", "mapped1", 0).ok());
  BOOST_TEST(f.xattrs.at("security.SMACK64EXEC") == "label1");
  BOOST_TEST(*me.known.find(smack_inode(me, f)->smk_task) == "label1");
  BOOST_TEST(sys_setxattr(c, "/mnt/f", "security.SMACK64TRANSMUTE", "TRUE", 0).err == EINVAL);
  // No importing inside: a name the map lacks is EBADR.
  BOOST_TEST(sys_setxattr(c, "/mnt/f", "security.SMACK64", "label3", 0).err == EBADR);
  BOOST_TEST(sys_removexattr(c, "/mnt/f", "security.SMACK64EXEC").ok());
  BOOST_TEST(smack_inode(me, f)->smk_task == 0u);
  // An object whose label the map lacks: EPERM, capability or not.
  Inode& mnt = inode_as(c, "/mnt");
  auto g = k.vfs().add_file(mnt, "g", 0666, "x");
  g->xattrs["security.SMACK64"] = "label3";
  BOOST_TEST(sys_setxattr(c, "/mnt/g", "security.SMACK64", "mapped1", 0).err == EPERM);
  BOOST_TEST(sys_removexattr(c, "/mnt/g", "security.SMACK64").err == EPERM);
  // Without CAP_MAC_ADMIN in the namespace: EPERM.
  Task& u = joined(k, c, "label1");
  u.nsproxy = c.nsproxy;
  CapSet no_admin = CapSet::full();
  no_admin.drop(CAP_MAC_ADMIN);
  set_caps(k, u, no_admin);
  BOOST_TEST(sys_setxattr(u, "/mnt/f", "security.SMACK64", "mapped1", 0).err == EPERM);
  BOOST_TEST(sys_removexattr(u, "/mnt/f", "security.SMACK64").err == EPERM);
  // A namespace without a map of its own has no Smack privilege.
  Task& plain = container(k, "label1", nullptr);
  unshare_mnt(k, plain);
  BOOST_TEST_REQUIRE(sys_mount(plain, "none", "/mnt", "tmpfs", 0, "").ok());
  BOOST_TEST_REQUIRE(write_file(plain, "/mnt/h", "x").ok());
  BOOST_TEST(sys_setxattr(plain, "/mnt/h", "security.SMACK64", "label2", 0).err == EPERM);
}

// Finding 7: SMACK64EXEC/MMAP read from inside show the mapped name, "?" when unmapped.
BOOST_AUTO_TEST_CASE(exec_and_mmap_labels_show_mapped_names_inside) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  labelled_file(k, "/tmp/p", "label2");
  BOOST_TEST_REQUIRE(sys_setxattr(root, "/tmp/p", "security.SMACK64EXEC", "label2", 0).ok());
  BOOST_TEST_REQUIRE(sys_setxattr(root, "/tmp/p", "security.SMACK64MMAP", "label3", 0).ok());
  rule(k, "label1", "label2", "r");
  Task& c = container(k, "label1");
  BOOST_TEST(xattr(c, "/tmp/p", "security.SMACK64EXEC") == "mapped2");
  BOOST_TEST(xattr(c, "/tmp/p", "security.SMACK64MMAP") == "?");
  // Outside a namespace the filesystem answers (v6.12).
  BOOST_TEST(xattr(root, "/tmp/p", "security.SMACK64EXEC") == "label2");
  BOOST_TEST(xattr(root, "/tmp/p", "security.SMACK64MMAP") == "label3");
}

// Finding 11: the SMACK64EXEC label must be mapped in the exec'ing task's namespace.
BOOST_AUTO_TEST_CASE(exec_into_an_unmapped_label_is_refused_inside) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  labelled_file(k, "/tmp/out", "label2");
  BOOST_TEST_REQUIRE(sys_setxattr(root, "/tmp/out", "security.SMACK64EXEC", "label3", 0).ok());
  labelled_file(k, "/tmp/in", "label2");
  BOOST_TEST_REQUIRE(sys_setxattr(root, "/tmp/in", "security.SMACK64EXEC", "label2", 0).ok());
  rule(k, "label1", "label2", "rx");
  Task& c = container(k, "label1");
  BOOST_TEST(sys_execve(c, "/tmp/out").err == EACCES);
  BOOST_TEST(label_of(c) == "mapped1");
  SysResult r = sys_execve(c, "/tmp/in");
  BOOST_TEST(r.ok(), describe(r));
  BOOST_TEST(label_of(c) == "mapped2");
  // Outside a namespace any label goes.
  Task& a = labelled(k, "label1");
  BOOST_TEST(sys_execve(a, "/tmp/out").ok());
  BOOST_TEST(label_of(a) == "label3");
}

// Finding 10: CAP_MAC_OVERRIDE and CAP_SYS_PTRACE count in the tracee's namespace.
BOOST_AUTO_TEST_CASE(ptrace_privilege_is_asked_in_the_tracee_namespace) {
  Kernel k(smack_config());
  SmackLsm& me = smack_of(k);
  // An unprivileged tracer owning the tracees' user namespace: all capabilities there.
  Task& t = dumpable(k, "A", 1000);
  auto ns = make_user_ns(k, t, 1000);
  const auto tracee = [&](const char* label) {
    Task& e = dumpable(k, label, 1000);
    enter_user_ns(k, e, ns);
    return &e;
  };
  Task* e = tracee("B");
  // Without a map the namespace gives no Smack privilege: the rule decides (none).
  SysResult r = sys_ptrace_attach(t, e->pid);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("subject=\"A\" object=\"B\" requested=rw") != std::string::npos);
  BOOST_TEST_REQUIRE(smack_write_label_map(k, *e, "A a\nB b\n", k.init_task()) == 0);
  r = sys_ptrace_attach(t, e->pid);
  BOOST_TEST(r.ok(), describe(r));
  // exact: CAP_SYS_PTRACE over the tracee's namespace.
  smack_ptrace_rule(me) = SMACK_PTRACE_EXACT;
  e = tracee("B");
  r = sys_ptrace_attach(t, e->pid);
  BOOST_TEST(r.ok(), describe(r));
  smack_ptrace_rule(me) = SMACK_PTRACE_DRACONIAN;
  e = tracee("B");
  BOOST_TEST(sys_ptrace_attach(t, e->pid).err == EACCES);
  // exact inside a mapped namespace: both labels must be mapped in the tracer's, whatever
  // its CAP_SYS_PTRACE there.
  smack_ptrace_rule(me) = SMACK_PTRACE_EXACT;
  Task& inner = *tracee("B");
  Task& other = *tracee("C");  // C is not mapped
  r = sys_ptrace_attach(inner, other.pid);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("fn=smack_ptrace_access_check action=denied subject=\"B\" "
                            "object=\"C\" labels_differ") != std::string::npos);
  Task& inner2 = *tracee("B");
  Task& mapped = *tracee("A");
  r = sys_ptrace_attach(inner2, mapped.pid);
  BOOST_TEST(r.ok(), describe(r));
}

// Finding 14: the override is asked in the listener's namespace, and only between labels
// mapped where each direction is checked.
BOOST_AUTO_TEST_CASE(unix_connect_override_follows_the_socket_namespaces) {
  Kernel k(smack_config());
  Task& s = container(k, "S", "S s\nC c\n");
  const int lfd = static_cast<int>(sys_socket(s, AF_UNIX, SOCK_STREAM, 0).ret);
  BOOST_TEST_REQUIRE(sys_bind(s, lfd, "@srv").ok());
  BOOST_TEST_REQUIRE(sys_listen(s, lfd, 8).ok());
  // Init's root has CAP_MAC_OVERRIDE everywhere, but its label is not mapped in the
  // listener's namespace: the rules decide.
  Task& o = labelled(k, "O", 0);
  int cfd = static_cast<int>(sys_socket(o, AF_UNIX, SOCK_STREAM, 0).ret);
  SysResult r = sys_connect(o, cfd, "@srv");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("subject=\"O\" object=\"S\" requested=w") != std::string::npos);
  // With both rules the listener's direction is still decided in its namespace, where O is
  // not mapped: refused (smk_access() denies unmapped labels).
  rule(k, "O", "S", "w");
  rule(k, "S", "O", "w");
  r = sys_connect(o, cfd, "@srv");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("subject=\"S\" object=\"O\" requested=w") != std::string::npos);
  // A container root connecting between labels its (mapped) namespace maps: no rule needed.
  Task& c = joined(k, s, "C");
  cfd = static_cast<int>(sys_socket(c, AF_UNIX, SOCK_STREAM, 0).ret);
  r = sys_connect(c, cfd, "@srv");
  BOOST_TEST(r.ok(), describe(r));
  // Without CAP_MAC_OVERRIDE it needs the rules.
  Task& d = joined(k, s, "C");
  CapSet no_override = CapSet::full();
  no_override.drop(CAP_MAC_OVERRIDE);
  set_caps(k, d, no_override);
  cfd = static_cast<int>(sys_socket(d, AF_UNIX, SOCK_STREAM, 0).ret);
  BOOST_TEST(sys_connect(d, cfd, "@srv").err == EACCES);
}

// Finding 19: v6.12 takes the SMACK64 slot before the SMACK64TRANSMUTE one.
BOOST_AUTO_TEST_CASE(init_security_gives_smack64_before_transmute) {
  Kernel k(smack_config());
  Task& root = k.init_task();
  BOOST_TEST_REQUIRE(sys_mkdir(root, "/tmp/t", 0777).ok());
  BOOST_TEST_REQUIRE(sys_setxattr(root, "/tmp/t", "security.SMACK64", "T", 0).ok());
  BOOST_TEST_REQUIRE(sys_setxattr(root, "/tmp/t", "security.SMACK64TRANSMUTE", "TRUE", 0).ok());
  rule(k, "A", "T", "rwxt");
  Task& a = labelled(k, "A");
  Inode& dir = inode_at(k, "/tmp/t");
  Kernel::CurrentScope scope(k, a);
  auto inode = k.vfs().new_inode(*dir.sb, S_IFREG_ | 0644);
  XattrArray xs;
  BOOST_TEST_REQUIRE(security_inode_init_security(k.lsm(), *inode, dir, "n", xs) == 0);
  BOOST_TEST_REQUIRE(xs.size() == 2u);
  BOOST_TEST(xs[0].name == "security.SMACK64");
  BOOST_TEST(xs[0].value == "T");
  BOOST_TEST(xs[1].name == "security.SMACK64TRANSMUTE");
  BOOST_TEST(xs[1].value == "TRUE");
}

// Finding 24: dump_common_audit_data() prints thread group ids, comms as untrusted strings.
BOOST_AUTO_TEST_CASE(records_name_the_thread_group_and_hex_odd_comms) {
  Kernel k(smack_config());
  Task& a = labelled(k, "A", 0);
  set_caps(k, a, CapSet());
  Task& b = labelled(k, "B", 0);
  set_caps(k, b, CapSet());
  SysResult tr = sys_clone(a, CLONE_VM | CLONE_SIGHAND | CLONE_THREAD);
  BOOST_TEST_REQUIRE(tr.ok(), describe(tr));
  Task* th = find_task_by_vpid(a, static_cast<Pid>(tr.ret));
  BOOST_TEST_REQUIRE(th != nullptr);
  BOOST_TEST_REQUIRE(th->pid != a.pid);
  BOOST_TEST_REQUIRE(th->tgid == a.pid);
  th->comm = "my prog";
  SysResult r = sys_ptrace_attach(*th, b.pid);
  BOOST_TEST(r.err == EACCES);
  const std::string tgid = std::to_string(a.pid);
  BOOST_TEST(reason(r) ==
             "lsm=SMACK fn=smack_ptrace_access_check action=denied subject=\"A\" "
             "object=\"B\" requested=rw pid=" +
                 tgid + " comm=6D792070726F67 opid=" + tgid + " ocomm=6D792070726F67");
}

BOOST_AUTO_TEST_SUITE_END()
