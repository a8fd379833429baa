// Steps that call the AF_UNIX socket syscalls (model/syscalls/net.h).
#include <sys/socket.h>

#include <cerrno>

#include "engine/call.h"
#include "engine/symbols.h"
#include "model/syscalls/net.h"

namespace lsmsim::engine {

namespace {

std::string socket_args(Call& c, int& family, int& type, int& protocol) {
  family = static_cast<int>(c.number("family", AF_UNIX));
  type = static_cast<int>(c.number("type", SOCK_STREAM));
  protocol = static_cast<int>(c.number("protocol", 0));
  return socket_families().render(static_cast<unsigned long>(family)) + ", " +
         socket_types().render(static_cast<unsigned long>(type)) + ", " + std::to_string(protocol);
}

SysResult do_socket(Call& c) {
  int family, type, protocol;
  c.rendered = "socket(" + socket_args(c, family, type, protocol) + ")";
  return sys_socket(c.caller, family, type, protocol);
}

SysResult do_socketpair(Call& c) {
  int family, type, protocol;
  const std::string args = socket_args(c, family, type, protocol);
  int fds[2] = {-1, -1};
  SysResult r = sys_socketpair(c.caller, family, type, protocol, fds);
  c.rendered =
      "socketpair(" + args + ", [" + std::to_string(fds[0]) + ", " + std::to_string(fds[1]) + "])";
  if (r.ok()) {
    r.data = std::to_string(fds[0]) + " " + std::to_string(fds[1]);
    for (std::size_t i = 0; i < c.step.save.size() && i < 2; ++i)
      c.state.save(c.step.save[i], fds[i]);
  }
  return r;
}

SysResult do_bind(Call& c) {
  const int fd = c.fd("fd");
  const std::string addr = c.text("address");
  c.rendered =
      "bind(" + std::to_string(fd) + ", {sa_family=AF_UNIX, sun_path=" + quote(addr) + "})";
  return sys_bind(c.caller, fd, addr);
}

SysResult do_listen(Call& c) {
  const int fd = c.fd("fd");
  const auto backlog = static_cast<int>(c.number("backlog", 128));
  c.rendered = "listen(" + std::to_string(fd) + ", " + std::to_string(backlog) + ")";
  return sys_listen(c.caller, fd, backlog);
}

SysResult do_connect(Call& c) {
  const int fd = c.fd("fd");
  const std::string addr = c.text("address");
  c.rendered =
      "connect(" + std::to_string(fd) + ", {sa_family=AF_UNIX, sun_path=" + quote(addr) + "})";
  return sys_connect(c.caller, fd, addr);
}

SysResult do_accept(Call& c) {
  const int fd = c.fd("fd");
  c.rendered = "accept(" + std::to_string(fd) + ", NULL, NULL)";
  return sys_accept(c.caller, fd);
}

SysResult do_getsockopt(Call& c) {
  const int fd = c.fd("fd");
  const auto option = static_cast<int>(c.number("option"));
  c.show_data = true;
  if (option == SO_PEERCRED) {
    c.rendered = "getsockopt(" + std::to_string(fd) + ", SOL_SOCKET, SO_PEERCRED)";
    UCred uc;
    SysResult r = sys_getsockopt_peercred(c.caller, fd, uc);
    if (r.ok())
      r.data = "pid=" + std::to_string(uc.pid) + " uid=" + std::to_string(uc.uid) +
               " gid=" + std::to_string(uc.gid);
    return r;
  }
  const auto optlen = static_cast<std::uint32_t>(c.number("optlen", 4096));
  // optlen is value-result: shown strace-style, "[4096 => 30]", when the LSM wrote it.
  std::uint32_t len_out = optlen;
  SysResult r = sys_getsockopt_peersec(c.caller, fd, optlen, len_out);
  c.rendered = "getsockopt(" + std::to_string(fd) + ", SOL_SOCKET, SO_PEERSEC, buf, [" +
               std::to_string(optlen) +
               (r.ok() || r.err == ERANGE ? " => " + std::to_string(len_out) : std::string()) +
               "])";
  return r;
}

}  // namespace

void add_net_handlers(std::map<std::string_view, Handler>& m) {
  m["socket"] = &do_socket;
  m["socketpair"] = &do_socketpair;
  m["bind"] = &do_bind;
  m["listen"] = &do_listen;
  m["connect"] = &do_connect;
  m["accept"] = &do_accept;
  m["getsockopt"] = &do_getsockopt;
}

}  // namespace lsmsim::engine
