// SELinux process hooks with a policy: exec transitions (entrypoint, execute_no_trans, RBAC),
// signals, ptrace, capabilities, sockets and the /proc/PID/attr checks.
#include <netinet/in.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include <csignal>

#include "model/lsm/security.h"
#include "model/process/ptrace_access.h"
#include "model/syscalls/exec.h"
#include "model/syscalls/net.h"
#include "model/syscalls/ns.h"
#include "model/syscalls/process.h"
#include "tests/selinux/selinux_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

BOOST_AUTO_TEST_SUITE(selinux_tasks)

BOOST_AUTO_TEST_CASE(exec_type_transition_and_execute_no_trans) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  // bin_t: no transition; execute_no_trans is allowed.
  BOOST_TEST_REQUIRE(ok(sys_execve(t, "/bin/true", {"true"})));
  BOOST_TEST(context_of(sk.init(), t) == kUserCtx);
  // app_exec_t: type_transition user_t app_exec_t:process app_t; transition + entrypoint.
  BOOST_TEST_REQUIRE(ok(sys_execve(t, "/usr/bin/id", {"id"})));
  BOOST_TEST(context_of(sk.init(), t) == "user_u:user_r:app_t:s0");
  BOOST_TEST(read_file(sk.init(), "/proc/" + std::to_string(t.pid) + "/attr/prev").data ==
             kUserCtx + '\0');
}

BOOST_AUTO_TEST_CASE(exec_without_transition_needs_execute_no_trans) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  SysResult r = sys_execve(t, "/usr/bin/nsenter", {"nsenter"});  // plain_exec_t
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("avc:  denied  { execute_no_trans } for  pid=" + std::to_string(t.pid) +
                            " comm=\"" + t.comm + "\" path=\"/usr/bin/nsenter\" dev=\"sda1\" ino=" +
                            std::to_string(ino_of(sk.init(), "/usr/bin/nsenter")) +
                            " scontext=" + kUserCtx +
                            " tcontext=system_u:object_r:plain_exec_t:s0 tclass=file "
                            "permissive=0") == 0,
             reason(r));
}

BOOST_AUTO_TEST_CASE(exec_attr_needs_transition_and_rbac) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  // attr/exec to staff_r: the role change user_r -> staff_r has no "allow" rule (RBAC).
  BOOST_TEST_REQUIRE(write_file(t, "/proc/self/attr/exec", "user_u:staff_r:app_t:s0").ok());
  SysResult r = sys_execve(t, "/usr/bin/id", {"id"});
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ transition }") != std::string::npos, reason(r));
  BOOST_TEST(reason(r).find("RBAC") != std::string::npos, reason(r));
  // attr/exec to a domain whose entrypoint the file is not: app_t from /bin/true.
  BOOST_TEST_REQUIRE(ok(write_file(t, "/proc/self/attr/exec", "user_u:user_r:app_t:s0")));
  r = sys_execve(t, "/bin/true", {"true"});
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ entrypoint }") != std::string::npos, reason(r));
  BOOST_TEST(reason(r).find("scontext=user_u:user_r:app_t:s0") != std::string::npos);
  // A context the policy rejects cannot be set at all.
  BOOST_TEST(write_file(t, "/proc/self/attr/exec", "user_u:system_r:app_t:s0").err == EINVAL);
}

namespace {
const std::string kNnpCap = "policycap open_perms;";
const std::string kNnpCapLine = "policycap nnp_nosuid_transition;";
}  // namespace

BOOST_AUTO_TEST_CASE(no_new_privs_blocks_unbounded_transitions) {
  SelinuxKernel sk(true, test_policy_with(kNnpCap, kNnpCapLine));
  Task& t = confined(sk);
  BOOST_TEST_REQUIRE(ok(sys_prctl(t, PR_SET_NO_NEW_PRIVS, 1)));
  // The type_transition to app_t is not bounded and process2:nnp_transition is not allowed:
  // the SID stays user_t, which then needs execute_no_trans on app_exec_t.
  SysResult r = sys_execve(t, "/usr/bin/id", {"id"});
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ execute_no_trans }") != std::string::npos, reason(r));
  const auto& log = selinux_avc_records(sk.k);
  BOOST_TEST(log[log.size() - 2].find("{ nnp_transition }") != std::string::npos);
  // An explicit attr/exec under NNP fails with EPERM.
  BOOST_TEST_REQUIRE(ok(write_file(t, "/proc/self/attr/exec", "user_u:user_r:app_t:s0")));
  BOOST_TEST(sys_execve(t, "/usr/bin/id", {"id"}).err == EPERM);
  BOOST_TEST(context_of(sk.init(), t) == kUserCtx);
}

// check_nnp_nosuid(): process2:nnp_transition lets the NNP transition happen, but only when
// the policy declares the nnp_nosuid_transition capability; without it the rule is not asked.
BOOST_AUTO_TEST_CASE(nnp_transition_needs_the_policy_capability) {
  const std::string allow_nnp = "allow user_t app_t:process2 nnp_transition;";
  const std::string with_rule =
      test_policy_with("allow user_t app_t:process transition;", allow_nnp);
  {
    SelinuxKernel sk(true, test_policy_with(kNnpCap, kNnpCapLine, with_rule));
    Task& t = confined(sk);
    BOOST_TEST_REQUIRE(ok(sys_prctl(t, PR_SET_NO_NEW_PRIVS, 1)));
    BOOST_TEST(ok(sys_execve(t, "/usr/bin/id", {"id"})));
    BOOST_TEST(context_of(sk.init(), t) == "user_u:user_r:app_t:s0");
  }
  {
    SelinuxKernel sk(true, with_rule);
    Task& t = confined(sk);
    BOOST_TEST_REQUIRE(ok(sys_prctl(t, PR_SET_NO_NEW_PRIVS, 1)));
    const std::size_t before = selinux_avc_records(sk.k).size();
    SysResult r = sys_execve(t, "/usr/bin/id", {"id"});
    BOOST_TEST(r.err == EACCES);
    BOOST_TEST(reason(r).find("{ execute_no_trans }") != std::string::npos, reason(r));
    const auto& log = selinux_avc_records(sk.k);
    for (std::size_t i = before; i < log.size(); ++i)
      BOOST_TEST(log[i].find("process2") == std::string::npos, log[i]);
    BOOST_TEST(context_of(sk.init(), t) == kUserCtx);
  }
}

// security_transition_sid() for exec: an invalid computed domain (kernel_t is not in user_r)
// fails the exec instead of silently keeping the old domain.
BOOST_AUTO_TEST_CASE(invalid_computed_domain_fails_the_exec) {
  SelinuxKernel sk(true, test_policy_with("type_transition user_t lax_exec_t:process lax_t;",
                                          "type_transition user_t plain_exec_t:process kernel_t;"));
  Task& t = confined(sk);
  SysResult r = sys_execve(t, "/usr/bin/nsenter", {"nsenter"});
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("op=security_compute_sid") != std::string::npos, reason(r));
  BOOST_TEST(context_of(sk.init(), t) == kUserCtx);
}

BOOST_AUTO_TEST_CASE(signals_map_to_process_permissions) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  Task& other = confined(sk);
  SysResult r = sys_kill(t, sk.init().pid, SIGUSR1);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ signal }") != std::string::npos, reason(r));
  BOOST_TEST(reason(r).find("tcontext=" + kKernelCtx + " tclass=process") != std::string::npos);
  BOOST_TEST(sys_kill(t, sk.init().pid, 0).ok());  // signull is allowed on any domain
  r = sys_kill(t, other.pid, SIGKILL);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ sigkill }") != std::string::npos);
  r = sys_kill(t, other.pid, SIGSTOP);
  BOOST_TEST(reason(r).find("{ sigstop }") != std::string::npos);
  BOOST_TEST(sys_kill(t, other.pid, SIGUSR1).ok());  // user_t -> user_t: signal
}

BOOST_AUTO_TEST_CASE(ptrace_read_is_file_read_attach_is_ptrace) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  // Another domain: every domain may read its own /proc files (domain self:file read).
  Task& other = confined(sk, "user_u:user_r:app_t:s0");
  Kernel::CurrentScope scope(sk.k, t);
  SysResult r = ptrace_may_access(t, other, PTRACE_MODE_READ_REALCREDS);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ read }") != std::string::npos, reason(r));
  BOOST_TEST(reason(r).find("tclass=file") != std::string::npos);
  r = ptrace_may_access(t, other, 0x02 | 0x10);  // PTRACE_MODE_ATTACH_REALCREDS
  BOOST_TEST(reason(r).find("{ ptrace }") != std::string::npos, reason(r));
  // The kernel domain may do both.
  Kernel::CurrentScope s2(sk.k, sk.init());
  BOOST_TEST(ptrace_may_access(sk.init(), t, PTRACE_MODE_READ_REALCREDS).ok());
}

BOOST_AUTO_TEST_CASE(capabilities_are_checked_by_class) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  SysResult r = sys_chroot(t, "/tmp");
  BOOST_TEST(r.err == EPERM);
  BOOST_TEST(reason(r).find("avc:  denied  { sys_chroot } for  pid=" + std::to_string(t.pid) +
                            " comm=\"" + t.comm + "\" capability=18  scontext=" + kUserCtx +
                            " tcontext=" + kUserCtx + " tclass=capability permissive=0") == 0,
             reason(r));
  BOOST_TEST(sys_chroot(sk.init(), "/tmp").ok());
}

namespace {

// A unix stream socket of `t` bound to `address` and listening; its descriptor.
int listen_on(Task& t, const std::string& address) {
  SysResult s = sys_socket(t, AF_UNIX, SOCK_STREAM, 0);
  BOOST_TEST_REQUIRE(s.ok());
  const int fd = static_cast<int>(s.ret);
  BOOST_TEST_REQUIRE(ok(sys_bind(t, fd, address)));
  BOOST_TEST_REQUIRE(ok(sys_listen(t, fd, 4)));
  return fd;
}

}  // namespace

BOOST_AUTO_TEST_CASE(unix_sockets) {
  SelinuxKernel sk;
  Task& srv = confined(sk);
  Task& cli = confined(sk);
  const int sfd = listen_on(srv, "@svc");
  SysResult c = sys_socket(cli, AF_UNIX, SOCK_STREAM, 0);
  BOOST_TEST_REQUIRE(c.ok());
  BOOST_TEST(sys_connect(cli, static_cast<int>(c.ret), "@svc").ok());  // user_t connectto self
  BOOST_TEST(sys_accept(srv, sfd).ok());
  // A kernel_t listener: user_t has no connectto on it.
  Task& init = sk.init();
  listen_on(init, "@ksvc");
  SysResult c2 = sys_socket(cli, AF_UNIX, SOCK_STREAM, 0);
  SysResult r = sys_connect(cli, static_cast<int>(c2.ret), "@ksvc");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ connectto }") != std::string::npos, reason(r));
  BOOST_TEST(reason(r).find("tclass=unix_stream_socket") != std::string::npos);
  // lsm_audit.c: an abstract name is logged in hex, from its leading NUL ("\0ksvc").
  BOOST_TEST(reason(r).find(" path=006B737663 scontext=") != std::string::npos, reason(r));
  // app_t has no socket permissions at all.
  Task& app = confined(sk, "user_u:user_r:app_t:s0");
  r = sys_socket(app, AF_UNIX, SOCK_STREAM, 0);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ create }") != std::string::npos);
  BOOST_TEST(reason(r).find("tcontext=user_u:user_r:app_t:s0 tclass=unix_stream_socket") !=
             std::string::npos);
}

// socket_sockcreate_sid() returns security_transition_sid()'s error: a type_transition to a
// type the task's role may not have is an invalid context, so socket() fails with EACCES when
// enforcing; permissive, the socket is labelled with that context (its peer shows it).
BOOST_AUTO_TEST_CASE(an_invalid_socket_label_is_refused_only_when_enforcing) {
  const std::string policy = test_policy_with(
      "type_transition user_t tmp_t:file user_tmp_t;",
      "type_transition user_t user_t:unix_stream_socket kernel_t;");
  SelinuxKernel sk(true, policy);
  Task& t = confined(sk);
  int fds[2] = {-1, -1};
  SysResult r = sys_socketpair(t, AF_UNIX, SOCK_STREAM, 0, fds);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("unix_stream_socket is not valid in the policy") != std::string::npos,
             reason(r));
  selinux_set_enforcing(sk.k, false);
  BOOST_TEST_REQUIRE(ok(sys_socketpair(t, AF_UNIX, SOCK_STREAM, 0, fds)));
  SysResult peer = sys_getsockopt_peersec(t, fds[0], 256);
  BOOST_TEST_REQUIRE(ok(peer));
  BOOST_TEST(peer.data.substr(0, peer.data.find('\0')) == "user_u:user_r:kernel_t:s0");
}

// selinux_socket_unix_stream_connect(): the server-side socket is
// security_sid_mls_copy(listener, client): the listener's user, role and type with the
// client's range, which is what the client sees as its peer.
BOOST_AUTO_TEST_CASE(unix_server_socket_takes_the_client_range) {
  SelinuxKernel sk;
  Task& srv = confined(sk);
  Task& cli = confined(sk, "user_u:user_r:user_t:s0:c1");
  listen_on(srv, "@svc");
  SysResult c = sys_socket(cli, AF_UNIX, SOCK_STREAM, 0);
  BOOST_TEST_REQUIRE(c.ok());
  BOOST_TEST_REQUIRE(ok(sys_connect(cli, static_cast<int>(c.ret), "@svc")));
  SysResult peer = sys_getsockopt_peersec(cli, static_cast<int>(c.ret), 256);
  BOOST_TEST_REQUIRE(ok(peer));
  BOOST_TEST(peer.data.substr(0, peer.data.find('\0')) == "user_u:user_r:user_t:s0:c1");
}

// selinux_capset(): process:setcap (user_t lacks it; kernel_t has every process permission).
BOOST_AUTO_TEST_CASE(capset_needs_process_setcap) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  const Cred& c = *t.cred;
  SysResult r = sys_capset(t, c.cap_effective, c.cap_inheritable, c.cap_permitted);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("avc:  denied  { setcap } for ") == 0, reason(r));
  BOOST_TEST(reason(r).find("tclass=process ") != std::string::npos, reason(r));
  const Cred& ic = *sk.init().cred;
  BOOST_TEST(ok(sys_capset(sk.init(), ic.cap_effective, ic.cap_inheritable, ic.cap_permitted)));
}

// selinux_userns_create(): user_namespace:create when the policy defines the class.
BOOST_AUTO_TEST_CASE(userns_create_needs_user_namespace_create) {
  const std::string policy = test_policy_with(
      "class key { view read write search link setattr create }", "class user_namespace { create }",
      test_policy_with("class key", "class user_namespace"));
  SelinuxKernel sk(true, test_policy_with("allow user_t app_t:process transition;",
                                          "allow app_t self:user_namespace create;", policy));
  SysResult r = sys_unshare(confined(sk), CLONE_NEWUSER);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("avc:  denied  { create } for ") == 0, reason(r));
  BOOST_TEST(reason(r).find("tclass=user_namespace ") != std::string::npos, reason(r));
  BOOST_TEST(ok(sys_unshare(confined(sk, "user_u:user_r:app_t:s0"), CLONE_NEWUSER)));
  // Without the class in the policy nothing is asked.
  SelinuxKernel plain;
  BOOST_TEST(ok(sys_unshare(confined(plain), CLONE_NEWUSER)));
}

// socket_type_to_security_class(): family, type and protocol (the hook is called directly: the
// model's socket(2) only makes AF_UNIX stream sockets).
BOOST_AUTO_TEST_CASE(socket_classes_follow_family_type_and_protocol) {
  auto class_of = [](SelinuxKernel& sk, Task& t, int family, int type, int protocol) {
    Kernel::CurrentScope scope(sk.k, t);
    if (security_socket_create(sk.k.lsm(), family, type, protocol, 0) == 0) return std::string();
    const auto d = sk.k.lsm().take_denial();
    return d ? d->reason : std::string("<no denial>");
  };
  auto has = [](const std::string& why, const std::string& what) {
    return why.find(what) != std::string::npos;
  };
  SelinuxKernel sk;
  Task& t = confined(sk);
  BOOST_TEST(has(class_of(sk, t, AF_UNIX, SOCK_RAW, 0), "tclass=unix_dgram_socket"));
  BOOST_TEST(has(class_of(sk, t, AF_INET, SOCK_STREAM, 0), "class tcp_socket"));
  BOOST_TEST(has(class_of(sk, t, AF_INET, SOCK_STREAM, IPPROTO_SCTP), "class rawip_socket"));
  BOOST_TEST(has(class_of(sk, t, AF_INET6, SOCK_DGRAM, IPPROTO_ICMPV6), "class rawip_socket"));
  BOOST_TEST(has(class_of(sk, t, AF_INET, SOCK_DGRAM, IPPROTO_UDP), "class udp_socket"));
  BOOST_TEST(has(class_of(sk, t, AF_NETLINK, SOCK_RAW, 9), "class netlink_audit_socket"));
  BOOST_TEST(has(class_of(sk, t, AF_NETLINK, SOCK_RAW, 31), "class netlink_socket "));
  SelinuxKernel ext(true,
                    test_policy_with("policycap open_perms;", "policycap extended_socket_class;"));
  Task& u = confined(ext);
  BOOST_TEST(has(class_of(ext, u, AF_INET, SOCK_STREAM, IPPROTO_SCTP), "class sctp_socket"));
  BOOST_TEST(has(class_of(ext, u, AF_INET, SOCK_DGRAM, IPPROTO_ICMP), "class icmp_socket"));
}

BOOST_AUTO_TEST_CASE(procattr_checks) {
  SelinuxKernel sk;
  Task& t = confined(sk);
  // Another task's context needs access to its /proc/PID (labelled with its context, first
  // dir:search) and process:getattr on it (test_selinux_proc_labels); one's own does not.
  BOOST_TEST(self_context(t) == kUserCtx);
  SysResult r = read_file(t, "/proc/" + std::to_string(sk.init().pid) + "/attr/current");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ search }") != std::string::npos, reason(r));
  BOOST_TEST(reason(r).find("tcontext=" + kKernelCtx + " tclass=dir") != std::string::npos,
             reason(r));
  // setsockcreate is not allowed to user_t; setfscreate is.
  r = write_file(t, "/proc/self/attr/sockcreate", kUserCtx);
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ setsockcreate }") != std::string::npos);
  BOOST_TEST(write_file(t, "/proc/self/attr/fscreate", "user_u:object_r:user_tmp_t:s0").ok());
  // setcurrent: user_t has no setcurrent.
  r = write_file(t, "/proc/self/attr/current", "user_u:user_r:app_t:s0");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(reason(r).find("{ setcurrent }") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
