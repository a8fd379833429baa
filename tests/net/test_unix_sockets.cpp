// AF_UNIX stream sockets: addresses, connection errors, SO_PEERCRED, SO_PEERSEC, hooks.
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>

#include "model/syscalls/fs.h"
#include "model/syscalls/net.h"
#include "tests/support/kernel_fixture.h"
#include "tests/support/task_factory.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

int fd_of(const SysResult& r) {
  BOOST_TEST_REQUIRE(r.ok());
  return static_cast<int>(r.ret);
}

int listener(Task& t, const std::string& addr) {
  const int s = fd_of(sys_socket(t, AF_UNIX, SOCK_STREAM, 0));
  BOOST_TEST_REQUIRE(sys_bind(t, s, addr).ok());
  BOOST_TEST_REQUIRE(sys_listen(t, s, 8).ok());
  return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(unix_sockets)

BOOST_AUTO_TEST_CASE(socket_arguments) {
  Kernel k;
  Task& t = k.init_task();
  BOOST_TEST(sys_socket(t, AF_INET, SOCK_STREAM, 0).err == EAFNOSUPPORT);
  BOOST_TEST(sys_socket(t, AF_UNIX, SOCK_DGRAM, 0).err == EINVAL);
  BOOST_TEST(sys_socket(t, AF_UNIX, SOCK_STREAM, 7).err == EPROTONOSUPPORT);
  const int s = fd_of(sys_socket(t, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_fstat(t, s, st).ok());
  BOOST_TEST((st.mode & 0170000) == 0140000u);
  BOOST_TEST(sys_bind(t, 99, "/tmp/s").err == EBADF);
  const int f = fd_of(sys_open(t, "/etc/passwd", 0));
  BOOST_TEST(sys_bind(t, f, "/tmp/s").err == ENOTSOCK);
}

BOOST_AUTO_TEST_CASE(path_bind_listen_connect_accept) {
  Kernel k;
  Task& server = k.init_task();
  Task& client = spawn(k, server, 1000, 1000);
  const int l = listener(server, "/tmp/srv.sock");
  StatBuf st;
  BOOST_TEST_REQUIRE(sys_stat(server, "/tmp/srv.sock", st).ok());
  BOOST_TEST((st.mode & 0170000) == 0140000u);
  BOOST_TEST((st.mode & 0777) == 0755u);  // 0777 & ~umask
  // A second bind of the same path is EADDRINUSE; rebinding a bound socket is EINVAL.
  const int s2 = fd_of(sys_socket(server, AF_UNIX, SOCK_STREAM, 0));
  BOOST_TEST(sys_bind(server, s2, "/tmp/srv.sock").err == EADDRINUSE);
  BOOST_TEST(sys_bind(server, l, "/tmp/other.sock").err == EINVAL);
  BOOST_TEST(sys_listen(server, s2, 1).err == EINVAL);  // not bound
  // The socket is mode 0755: the client may not write to it.
  const int c = fd_of(sys_socket(client, AF_UNIX, SOCK_STREAM, 0));
  SysResult r = sys_connect(client, c, "/tmp/srv.sock");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST(r.denial->by == "dac");
  BOOST_TEST_REQUIRE(sys_chmod(server, "/tmp/srv.sock", 0777).ok());
  BOOST_TEST(sys_accept(server, l).err == EAGAIN);
  BOOST_TEST_REQUIRE(sys_connect(client, c, "/tmp/srv.sock").ok());
  BOOST_TEST(sys_connect(client, c, "/tmp/srv.sock").err == EISCONN);
  const int a = fd_of(sys_accept(server, l));
  UCred cred;
  BOOST_TEST_REQUIRE(sys_getsockopt_peercred(server, a, cred).ok());
  BOOST_TEST(cred.pid == client.pid);
  BOOST_TEST(cred.uid == 1000u);
  BOOST_TEST(cred.gid == 1000u);
  BOOST_TEST_REQUIRE(sys_getsockopt_peercred(client, c, cred).ok());
  BOOST_TEST(cred.pid == server.pid);  // the listener's credentials, taken at listen()
  BOOST_TEST(cred.uid == 0u);
  BOOST_TEST(sys_accept(client, c).err == EINVAL);  // not listening
}

BOOST_AUTO_TEST_CASE(connection_refused) {
  Kernel k;
  Task& t = k.init_task();
  const int c = fd_of(sys_socket(t, AF_UNIX, SOCK_STREAM, 0));
  BOOST_TEST(sys_connect(t, c, "/tmp/none.sock").err == ENOENT);
  BOOST_TEST(sys_connect(t, c, "/etc/passwd").err == ECONNREFUSED);  // not a socket
  const int bound = fd_of(sys_socket(t, AF_UNIX, SOCK_STREAM, 0));
  BOOST_TEST_REQUIRE(sys_bind(t, bound, "/tmp/quiet.sock").ok());
  BOOST_TEST(sys_connect(t, c, "/tmp/quiet.sock").err == ECONNREFUSED);  // nobody listens
  BOOST_TEST(sys_connect(t, c, "@nobody").err == ECONNREFUSED);
  BOOST_TEST(sys_close(t, bound).ok());
  BOOST_TEST(sys_connect(t, c, "/tmp/quiet.sock").err == ECONNREFUSED);  // socket gone
}

BOOST_AUTO_TEST_CASE(abstract_names_are_per_network_namespace) {
  Kernel k;
  Task& host = k.init_task();
  Task& other = spawn(k, host);
  unshare_net(k, other);
  listener(host, "@bus");
  const int dup = fd_of(sys_socket(host, AF_UNIX, SOCK_STREAM, 0));
  BOOST_TEST(sys_bind(host, dup, "@bus").err == EADDRINUSE);
  const int c = fd_of(sys_socket(other, AF_UNIX, SOCK_STREAM, 0));
  BOOST_TEST(sys_connect(other, c, "@bus").err == ECONNREFUSED);
  listener(other, "@bus");  // the same name is free in the other namespace
  BOOST_TEST(sys_connect(other, c, "@bus").ok());
  const int h = fd_of(sys_socket(host, AF_UNIX, SOCK_STREAM, 0));
  BOOST_TEST(sys_connect(host, h, "@bus").ok());
}

BOOST_AUTO_TEST_CASE(socketpair_peercred_is_the_creator) {
  Kernel k;
  Task& t = spawn(k, k.init_task(), 1000, 1000);
  int fds[2] = {-1, -1};
  BOOST_TEST_REQUIRE(sys_socketpair(t, AF_UNIX, SOCK_STREAM, 0, fds).ok());
  UCred cred;
  BOOST_TEST_REQUIRE(sys_getsockopt_peercred(t, fds[0], cred).ok());
  BOOST_TEST(cred.pid == t.pid);
  BOOST_TEST(cred.uid == 1000u);
  // An unconnected socket has no peer: pid 0 and ids -1.
  const int s = fd_of(sys_socket(t, AF_UNIX, SOCK_STREAM, 0));
  BOOST_TEST_REQUIRE(sys_getsockopt_peercred(t, s, cred).ok());
  BOOST_TEST(cred.pid == 0);
  BOOST_TEST(cred.uid == kInvalidUid);
}

BOOST_AUTO_TEST_CASE(peercred_is_translated_across_user_and_pid_namespaces) {
  Kernel k;
  Task& host = k.init_task();
  // A container: user namespace mapping 0..65535 to 100000.., its own pid namespace.
  Task& outer = spawn(k, host, 100000, 100000);
  auto uns = make_user_ns(k, outer, 100000);
  enter_user_ns(k, outer, uns);
  auto pns = make_pid_ns(k, outer);
  Task& cont = spawn(k, outer, 100000, 100000, pns);  // uid 0 inside, pid 1 inside
  const int l = listener(host, "@host-daemon");
  const int c = fd_of(sys_socket(cont, AF_UNIX, SOCK_STREAM, 0));
  BOOST_TEST_REQUIRE(sys_connect(cont, c, "@host-daemon").ok());
  const int a = fd_of(sys_accept(host, l));
  UCred cred;
  BOOST_TEST_REQUIRE(sys_getsockopt_peercred(host, a, cred).ok());
  BOOST_TEST(cred.pid == cont.pid);  // global pid
  BOOST_TEST(cred.uid == 100000u);
  BOOST_TEST(cred.gid == 100000u);
  // The container sees the host daemon with unmapped ids and no pid.
  BOOST_TEST_REQUIRE(sys_getsockopt_peercred(cont, c, cred).ok());
  BOOST_TEST(cred.pid == 0);
  BOOST_TEST(cred.uid == kOverflowUid);
  BOOST_TEST(cred.gid == kOverflowGid);
  // A socketpair inside the container: its own pid and uid 0.
  int fds[2];
  BOOST_TEST_REQUIRE(sys_socketpair(cont, AF_UNIX, SOCK_STREAM, 0, fds).ok());
  BOOST_TEST_REQUIRE(sys_getsockopt_peercred(cont, fds[1], cred).ok());
  BOOST_TEST(cred.pid == 1);
  BOOST_TEST(cred.uid == 0u);
}

BOOST_AUTO_TEST_CASE(peersec_needs_an_lsm) {
  KernelConfig c;
  c.lsm.lsm = "capability";
  Kernel k(c);
  Task& t = k.init_task();
  int fds[2];
  BOOST_TEST_REQUIRE(sys_socketpair(t, AF_UNIX, SOCK_STREAM, 0, fds).ok());
  BOOST_TEST(sys_getsockopt_peersec(t, fds[0], 256).err == ENOPROTOOPT);
}

BOOST_AUTO_TEST_CASE(socket_hooks_can_refuse) {
  Kernel k(config_with({probe("net", {{Hook::unix_stream_connect, -EACCES},
                                      {Hook::socket_getpeersec_stream, 0},
                                      {Hook::socket_create, 0},
                                      {Hook::sk_alloc_security, 0}})}));
  Task& t = k.init_task();
  const int l = listener(t, "@svc");
  const int c = fd_of(sys_socket(t, AF_UNIX, SOCK_STREAM, 0));
  SysResult r = sys_connect(t, c, "@svc");
  BOOST_TEST(r.err == EACCES);
  BOOST_TEST_REQUIRE(r.denial.has_value());
  BOOST_TEST(r.denial->by == "net");
  BOOST_TEST(r.denial->hook == "unix_stream_connect");
  BOOST_TEST(sys_accept(t, l).err == EAGAIN);  // nothing was queued
  // The probe answers SO_PEERSEC (with an empty label): no longer ENOPROTOOPT.
  std::uint32_t len = 99;
  BOOST_TEST(sys_getsockopt_peersec(t, c, 0, len).ok());
  BOOST_TEST(len == 0u);
  const LsmModule& p = *k.lsm().find("net");
  BOOST_TEST(probe_call_counts(p).at(Hook::socket_create) == 2u);
  BOOST_TEST(probe_call_counts(p).at(Hook::sk_alloc_security) == 3u);  // two + connect's newsk
}

BOOST_AUTO_TEST_SUITE_END()
