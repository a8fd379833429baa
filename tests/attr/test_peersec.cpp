// SO_PEERSEC on unix sockets: the answering LSM, its format, -ERANGE with the needed length.
#include <sys/socket.h>

#include <boost/test/unit_test.hpp>

#include "model/syscalls/net.h"
#include "tests/attr/attr_support.h"

using namespace lsmsim;
using namespace lsmsim::testing;

namespace {

std::string peersec(Task& t, int fd, std::uint32_t optlen = 4096) {
  SysResult r = sys_getsockopt_peersec(t, fd, optlen);
  return r.ok() ? r.data : "<errno " + std::to_string(r.err) + ">";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(so_peersec)

BOOST_AUTO_TEST_CASE(socketpair_gives_the_interface_lsms_label) {
  Kernel k(lsm_config("selinux,smack,apparmor", true));
  Task& t = k.init_task();
  int fds[2];
  BOOST_TEST_REQUIRE(sys_socketpair(t, AF_UNIX, SOCK_STREAM, 0, fds).ok());
  BOOST_TEST(peersec(t, fds[0]) == kSelinuxKernel);  // unset: the first LSM with the hook
  BOOST_TEST(write_file(t, "/proc/self/attr/interface_lsm", "smack").ok());
  BOOST_TEST(peersec(t, fds[0]) == std::string("_") + '\0');  // Smack: with its NUL
  BOOST_TEST(write_file(t, "/proc/self/attr/interface_lsm", "apparmor").ok());
  BOOST_TEST(peersec(t, fds[1]) == "unconfined");  // AppArmor: no NUL, no newline
}

BOOST_AUTO_TEST_CASE(erange_with_the_needed_length) {
  Kernel k(lsm_config("selinux"));
  Task& t = k.init_task();
  int fds[2];
  BOOST_TEST_REQUIRE(sys_socketpair(t, AF_UNIX, SOCK_STREAM, 0, fds).ok());
  std::uint32_t len = 0;
  SysResult r = sys_getsockopt_peersec(t, fds[0], 10, len);
  BOOST_TEST(r.err == ERANGE);
  BOOST_TEST(len == kSelinuxKernel.size());  // 30: the context and its NUL
  r = sys_getsockopt_peersec(t, fds[0], 30, len);
  BOOST_TEST(r.ok());
  BOOST_TEST(r.ret == 0);  // getsockopt returns 0; the length comes back in optlen
  BOOST_TEST(len == 30u);
  BOOST_TEST(r.data.size() == 30u);
}

BOOST_AUTO_TEST_CASE(connected_sockets_see_each_other) {
  Kernel k(lsm_config("smack"));
  Task& init = k.init_task();
  Task& server = spawn(init);
  BOOST_TEST_REQUIRE(write_file(server, "/proc/self/attr/current", "Server").ok());
  SysResult s = sys_socket(server, AF_UNIX, SOCK_STREAM, 0);
  BOOST_TEST_REQUIRE(s.ok());
  BOOST_TEST_REQUIRE(sys_bind(server, static_cast<int>(s.ret), "@svc").ok());
  BOOST_TEST_REQUIRE(sys_listen(server, static_cast<int>(s.ret), 1).ok());
  Task& client = spawn(init);
  BOOST_TEST_REQUIRE(write_file(client, "/proc/self/attr/current", "Client").ok());
  SysResult c = sys_socket(client, AF_UNIX, SOCK_STREAM, 0);
  BOOST_TEST_REQUIRE(c.ok());
  // Before connecting there is no peer label: Smack answers "" with its NUL (its
  // getpeersec starts from "", length 1; a real 6.1.176 kernel answers so).
  BOOST_TEST(peersec(client, static_cast<int>(c.ret)) == std::string(1, '\0'));
  BOOST_TEST_REQUIRE(sys_connect(client, static_cast<int>(c.ret), "@svc").ok());
  SysResult a = sys_accept(server, static_cast<int>(s.ret));
  BOOST_TEST_REQUIRE(a.ok());
  BOOST_TEST(peersec(client, static_cast<int>(c.ret)) == std::string("Server") + '\0');
  BOOST_TEST(peersec(server, static_cast<int>(a.ret)) == std::string("Client") + '\0');
}

BOOST_AUTO_TEST_CASE(without_interface_lsm_the_first_answer_wins) {
  // Mainline call_int_hook: an LSM answering -ENOPROTOOPT lets the next one answer.
  Kernel k(lsm_config("apparmor,selinux", true, false));
  Task& t = k.init_task();
  SysResult c = sys_socket(t, AF_UNIX, SOCK_STREAM, 0);
  BOOST_TEST_REQUIRE(c.ok());
  // AppArmor has no peer label yet (ENOPROTOOPT); SELinux's fresh socket peer is unlabeled.
  BOOST_TEST(peersec(t, static_cast<int>(c.ret)) ==
             std::string("system_u:object_r:unlabeled_t:s0") + '\0');
  // With interface_lsm (series): the first registrant answers, even with ENOPROTOOPT.
  Kernel s(lsm_config("apparmor,selinux", true, true));
  Task& u = s.init_task();
  SysResult d = sys_socket(u, AF_UNIX, SOCK_STREAM, 0);
  BOOST_TEST_REQUIRE(d.ok());
  BOOST_TEST(peersec(u, static_cast<int>(d.ret)) == "<errno 92>");
}

BOOST_AUTO_TEST_SUITE_END()
