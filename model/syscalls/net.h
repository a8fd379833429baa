// AF_UNIX stream sockets with peer credentials (net/unix/af_unix.c), through the socket hooks.
#pragma once

#include <cstdint>
#include <string>

#include "model/sys_result.h"
#include "model/types.h"

namespace lsmsim {

struct Task;

// struct ucred as SO_PEERCRED reports it, translated to the caller's namespaces.
struct UCred {
  Pid pid = 0;
  Uid uid = 0;
  Gid gid = 0;
};

// socket(AF_UNIX, SOCK_STREAM, 0): ret = fd. Other families/types: EAFNOSUPPORT/EINVAL.
SysResult sys_socket(Task& caller, int family, int type, int protocol);
// socketpair(AF_UNIX, SOCK_STREAM): the two fds in fd_out.
SysResult sys_socketpair(Task& caller, int family, int type, int protocol, int fd_out[2]);
// bind to a filesystem path or, with a leading '@', an abstract name (per net namespace).
SysResult sys_bind(Task& caller, int fd, const std::string& address);
SysResult sys_listen(Task& caller, int fd, int backlog);
// connect to a listening socket: the connection waits in its accept queue.
SysResult sys_connect(Task& caller, int fd, const std::string& address);
SysResult sys_accept(Task& caller, int fd);
// getsockopt(SO_PEERCRED).
SysResult sys_getsockopt_peercred(Task& caller, int fd, UCred& out);
// getsockopt(SO_PEERSEC): data = the peer's label (security_socket_getpeersec_stream).
SysResult sys_getsockopt_peersec(Task& caller, int fd, std::uint32_t optlen);
// The same, also reporting the label's length in `optlen_out` (also set with ERANGE).
SysResult sys_getsockopt_peersec(Task& caller, int fd, std::uint32_t optlen,
                                 std::uint32_t& optlen_out);

}  // namespace lsmsim
