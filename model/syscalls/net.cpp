// AF_UNIX stream sockets (net/socket.c, net/unix/af_unix.c) through the socket hooks.
#include "model/syscalls/net.h"

#include <fcntl.h>
#include <sys/socket.h>

#include <cerrno>

#include "model/capable.h"
#include "model/lsm/security.h"
#include "model/net/socket.h"
#include "model/syscalls/syscall_util.h"
#include "model/vfs/inode.h"
#include "model/vfs/mount.h"
#include "model/vfs/namei.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

namespace {

constexpr std::size_t kUnixPathMax = 108;  // sizeof(sun_path)
constexpr int kSomaxconn = 4096;

// sk_alloc(): the socket, its blob and sk_alloc_security.
std::shared_ptr<Socket> sk_alloc(Task& t, int family, int type, int protocol, Verdict& v) {
  auto s = std::make_shared<Socket>(t.kernel);
  s->family = family;
  s->type = type;
  s->protocol = protocol;
  s->net = t.nsproxy.net;
  s->security = t.kernel.lsm().alloc_blob(BlobKind::sock);
  const int rc = security_sk_alloc_security(t.kernel.lsm(), *s);
  s->security_initialized = true;
  if (rc != 0) {
    v = Verdict::from_hook(t, rc, "sk_alloc_security");
    return nullptr;
  }
  s->id = t.kernel.vfs().register_socket(s);
  return s;
}

Verdict check_family_type(int family, int type, int protocol);

// __sock_create(): the range checks, socket_create, the family's create (where a family
// lsmsim does not model fails, as an unregistered one does in the kernel: after the LSMs
// had their say), socket_post_create.
std::shared_ptr<Socket> sock_create(Task& t, int family, int type, int protocol, Verdict& v) {
  LsmFramework& lsm = t.kernel.lsm();
  if (family < 0 || family >= AF_MAX) {
    v = Verdict::deny(EAFNOSUPPORT, "kernel", "no such address family");
    return nullptr;
  }
  const int base_type = type & ~(SOCK_CLOEXEC | SOCK_NONBLOCK);
  if (base_type < 0 || base_type > SOCK_PACKET) {
    v = Verdict::deny(EINVAL, "kernel", "no such socket type");
    return nullptr;
  }
  int rc = security_socket_create(lsm, family, base_type, protocol, 0);
  if (rc != 0) {
    v = Verdict::from_hook(t, rc, "socket_create");
    return nullptr;
  }
  v = check_family_type(family, type, protocol);
  if (!v.ok()) return nullptr;
  auto s = sk_alloc(t, family, SOCK_STREAM, protocol, v);
  if (s == nullptr) return nullptr;
  rc = security_socket_post_create(lsm, *s, family, type, protocol, 0);
  if (rc != 0) {
    v = Verdict::from_hook(t, rc, "socket_post_create");
    return nullptr;
  }
  return s;
}

// sock_map_fd(): a sockfs file for the socket.
SysResult install_socket(Task& t, std::shared_ptr<Socket> s) {
  Verdict v;
  auto f = alloc_file(t, v);
  if (f == nullptr) return v.result();
  f->inode = t.kernel.vfs().new_inode(t.kernel.vfs().sockfs(), S_IFSOCK_ | 0777, t.cred->fsuid,
                                      t.cred->fsgid);
  f->socket = std::move(s);
  f->flags = O_RDWR;
  const int fd = task_files(t).install(std::move(f));
  if (fd < 0) return kernel_error(-fd, "too many open files");
  return SysResult::success(fd);
}

// init_peercred(): the current thread group and credentials.
void init_peercred(Task& t, Socket& s) {
  const Task* leader = t.kernel.find_task(t.tgid);
  s.peer_pid = (leader != nullptr ? *leader : t).pids;
  s.peer_cred = t.cred;
  s.has_peercred = true;
}

void copy_peercred(Socket& to, const Socket& from) {
  to.peer_pid = from.peer_pid;
  to.peer_cred = from.peer_cred;
  to.has_peercred = from.has_peercred;
}

Verdict sockfd_lookup(Task& t, int fd, std::shared_ptr<Socket>& out) {
  File* f = task_files(t).get(fd);
  if (f == nullptr) return Verdict::deny(EBADF, "kernel", "bad file descriptor");
  if (f->socket == nullptr) return Verdict::deny(ENOTSOCK, "kernel", "not a socket");
  out = f->socket;
  return Verdict::allow();
}

Verdict check_family_type(int family, int type, int protocol) {
  if (family != AF_UNIX) return Verdict::deny(EAFNOSUPPORT, "kernel", "only AF_UNIX is modelled");
  if ((type & ~(SOCK_CLOEXEC | SOCK_NONBLOCK)) != SOCK_STREAM)
    return Verdict::deny(EINVAL, "kernel", "only SOCK_STREAM is modelled");
  if (protocol != 0 && protocol != AF_UNIX)
    return Verdict::deny(EPROTONOSUPPORT, "kernel", "bad protocol");
  return Verdict::allow();
}

Verdict check_address(const std::string& a) {
  if (a.empty() || a == "@" || a.size() >= kUnixPathMax)
    return Verdict::deny(EINVAL, "kernel", "bad AF_UNIX address");
  return Verdict::allow();
}

// What bind() and connect() check first, in this order: the socket behind `fd`, then the
// AF_UNIX address.
Verdict sockfd_lookup_addr(Task& t, int fd, const std::string& address,
                           std::shared_ptr<Socket>& out) {
  Verdict v = sockfd_lookup(t, fd, out);
  if (!v.ok()) return v;
  return check_address(address);
}

}  // namespace

SysResult sys_socket(Task& caller, int family, int type, int protocol) {
  return run_syscall(caller, 41, {audit_arg(family), audit_arg(type), audit_arg(protocol)},
                     [&]() -> SysResult {
                       Verdict v = Verdict::allow();
                       auto s = sock_create(caller, family, type, protocol, v);
                       if (s == nullptr) return v.result();
                       return install_socket(caller, std::move(s));
                     });
}

SysResult sys_socketpair(Task& caller, int family, int type, int protocol, int fd_out[2]) {
  return run_syscall(caller, 53, {audit_arg(family), audit_arg(type), audit_arg(protocol)},
                     [&]() -> SysResult {
                       Verdict v = Verdict::allow();
                       auto a = sock_create(caller, family, type, protocol, v);
                       if (a == nullptr) return v.result();
                       auto b = sock_create(caller, family, type, protocol, v);
                       if (b == nullptr) return v.result();
                       const int rc = security_socket_socketpair(caller.kernel.lsm(), *a, *b);
                       if (rc != 0)
                         return Verdict::from_hook(caller, rc, "socket_socketpair").result();
                       // unix_socketpair(): both ends carry the creator's credentials.
                       init_peercred(caller, *a);
                       init_peercred(caller, *b);
                       a->peer = b;
                       b->peer = a;
                       a->state = b->state = SocketState::connected;
                       SysResult ra = install_socket(caller, a);
                       if (!ra.ok()) return ra;
                       SysResult rb = install_socket(caller, b);
                       if (!rb.ok()) {
                         task_files(caller).fds.erase(static_cast<int>(ra.ret));
                         return rb;
                       }
                       fd_out[0] = static_cast<int>(ra.ret);
                       fd_out[1] = static_cast<int>(rb.ret);
                       return SysResult::success();
                     });
}

SysResult sys_bind(Task& caller, int fd, const std::string& address) {
  return run_syscall(caller, 49, {audit_arg(fd)}, [&]() -> SysResult {
    std::shared_ptr<Socket> s;
    Verdict v = sockfd_lookup_addr(caller, fd, address, s);
    if (!v.ok()) return v.result();
    const int rc = security_socket_bind(caller.kernel.lsm(), *s, address);
    if (rc != 0) return Verdict::from_hook(caller, rc, "socket_bind").result();
    if (!s->address.empty()) return kernel_error(EINVAL, "socket already bound");
    if (address[0] == '@') {
      // unix_bind_abstract(): names are per network namespace.
      if (s->net->unix_abstract.count(address) != 0)
        return kernel_error(EADDRINUSE, "abstract name in use in this network namespace");
      s->net->unix_abstract[address] = s->id;
      s->address = address;
      return SysResult::success();
    }
    // unix_bind_bsd(): mknod a socket inode; an existing name is EADDRINUSE.
    PathStack st;
    std::string last;
    bool trailing = false;
    v = path_parent(caller, address, st, last, trailing);
    if (!v.ok()) return v.result();
    Inode& dir = *st.back().inode;
    if (last.empty() || last == "." || last == ".." || lookup_child(dir, last, caller) != nullptr)
      return kernel_error(EADDRINUSE, "address in use");
    if ((st.back().mnt->flags & MNT_READONLY) != 0) return kernel_error(EROFS, "read-only mount");
    const Cred& c = *caller.cred;
    if (!kuid_has_mapping(*dir.sb->user_ns, c.fsuid) || !kgid_has_mapping(*dir.sb->user_ns, c.fsgid))
      return kernel_error(EOVERFLOW, "fsuid/fsgid not mapped in the filesystem's user namespace");
    v = inode_permission(caller, dir, MAY_WRITE | MAY_EXEC);
    if (!v.ok()) return v.result();
    if (dir.sb->pseudo) return kernel_error(EPERM, "filesystem has no mknod");
    const unsigned mode = S_IFSOCK_ | (0777 & ~caller.umask);
    const int mrc = security_inode_mknod(caller.kernel.lsm(), dir, last, mode, 0u);
    if (mrc != 0) return Verdict::from_hook(caller, mrc, "inode_mknod").result();
    auto inode = caller.kernel.vfs().new_inode(*dir.sb, mode, c.fsuid,
                                               (dir.mode & 02000) != 0 ? dir.gid : c.fsgid);
    XattrArray xattrs;
    const int irc = security_inode_init_security(caller.kernel.lsm(), *inode, dir, last, xattrs);
    if (irc != 0) return Verdict::from_hook(caller, irc, "inode_init_security").result();
    for (Xattr& x : xattrs) inode->xattrs[x.name] = std::move(x.value);
    inode->bound_socket = s;
    dir.entries[last] = inode;
    s->bound_sb = st.back().mnt->sb;
    s->bound_inode = inode;
    s->address = address;
    return SysResult::success();
  });
}

SysResult sys_listen(Task& caller, int fd, int backlog) {
  return run_syscall(caller, 50, {audit_arg(fd), audit_arg(backlog)}, [&]() -> SysResult {
    std::shared_ptr<Socket> s;
    Verdict v = sockfd_lookup(caller, fd, s);
    if (!v.ok()) return v.result();
    if (backlog < 0 || backlog > kSomaxconn) backlog = kSomaxconn;
    const int rc = security_socket_listen(caller.kernel.lsm(), *s, backlog);
    if (rc != 0) return Verdict::from_hook(caller, rc, "socket_listen").result();
    if (s->address.empty()) return kernel_error(EINVAL, "socket not bound");
    if (s->state == SocketState::connected) return kernel_error(EINVAL, "socket is connected");
    s->backlog = backlog;
    s->state = SocketState::listening;
    init_peercred(caller, *s);  // what connecting clients will see as their peer
    return SysResult::success();
  });
}

SysResult sys_connect(Task& caller, int fd, const std::string& address) {
  return run_syscall(caller, 42, {audit_arg(fd)}, [&]() -> SysResult {
    std::shared_ptr<Socket> s;
    Verdict v = sockfd_lookup_addr(caller, fd, address, s);
    if (!v.ok()) return v.result();
    LsmFramework& lsm = caller.kernel.lsm();
    int rc = security_socket_connect(lsm, *s, address);
    if (rc != 0) return Verdict::from_hook(caller, rc, "socket_connect").result();
    // unix_stream_connect(): the server-side socket is allocated first.
    auto newsk = sk_alloc(caller, s->family, s->type, s->protocol, v);
    if (newsk == nullptr) return v.result();
    std::shared_ptr<Socket> other;
    if (address[0] == '@') {
      auto it = s->net->unix_abstract.find(address);
      if (it != s->net->unix_abstract.end()) other = caller.kernel.vfs().find_socket(it->second);
      if (other == nullptr) return kernel_error(ECONNREFUSED, "no socket bound to " + address);
    } else {
      // unix_find_bsd(): the path must be writable and be a socket with a bound socket.
      PathStack st;
      v = path_lookup(caller, address, LOOKUP_FOLLOW, st);
      if (!v.ok()) return v.result();
      Inode& inode = *st.back().inode;
      v = inode_permission(caller, inode, MAY_WRITE);
      if (!v.ok()) return v.result();
      if (!inode.is_sock()) return kernel_error(ECONNREFUSED, address + " is not a socket");
      other = inode.bound_socket.lock();
      if (other == nullptr) return kernel_error(ECONNREFUSED, "no socket bound to " + address);
    }
    if (other->type != s->type) return kernel_error(EPROTOTYPE, "socket type mismatch");
    if (other->state != SocketState::listening)
      return kernel_error(ECONNREFUSED, "nobody listens on " + address);
    if (static_cast<int>(other->accept_queue.size()) > other->backlog)
      return kernel_error(EAGAIN, "accept queue full");
    if (s->state == SocketState::connected) return kernel_error(EISCONN, "already connected");
    if (s->state != SocketState::unconnected) return kernel_error(EINVAL, "listening socket");
    rc = security_unix_stream_connect(lsm, *s, *other, *newsk);
    if (rc != 0) return Verdict::from_hook(caller, rc, "unix_stream_connect").result();
    init_peercred(caller, *newsk);  // the server sees the connecting task
    copy_peercred(*s, *other);      // the client sees the listener's credentials
    newsk->state = SocketState::connected;
    newsk->peer = s;
    newsk->net = other->net;
    s->peer = newsk;
    s->state = SocketState::connected;
    other->accept_queue.push_back(std::move(newsk));
    return SysResult::success();
  });
}

SysResult sys_accept(Task& caller, int fd) {
  return run_syscall(caller, 43, {audit_arg(fd)}, [&]() -> SysResult {
    std::shared_ptr<Socket> s;
    Verdict v = sockfd_lookup(caller, fd, s);
    if (!v.ok()) return v.result();
    // do_accept(): the hook sees the socket the connection will be grafted onto.
    std::shared_ptr<Socket> newsock =
        s->accept_queue.empty() ? std::make_shared<Socket>(caller.kernel) : s->accept_queue.front();
    const int rc = security_socket_accept(caller.kernel.lsm(), *s, *newsock);
    if (rc != 0) return Verdict::from_hook(caller, rc, "socket_accept").result();
    if (s->state != SocketState::listening) return kernel_error(EINVAL, "socket is not listening");
    if (s->accept_queue.empty()) return kernel_error(EAGAIN, "no pending connection");
    s->accept_queue.pop_front();
    return install_socket(caller, std::move(newsock));
  });
}

SysResult sys_getsockopt_peercred(Task& caller, int fd, UCred& out) {
  return run_syscall(caller, 55, {audit_arg(fd), audit_arg(1), audit_arg(17)}, [&]() -> SysResult {
    std::shared_ptr<Socket> s;
    Verdict v = sockfd_lookup(caller, fd, s);
    if (!v.ok()) return v.result();
    // cred_to_ucred(): pid in the reader's pid namespace, ids in the reader's user namespace.
    out = UCred{0, kInvalidUid, kInvalidGid};
    const PidNamespace& pns = caller.active_pid_ns();
    const auto level = static_cast<std::size_t>(pns.level);
    if (level < s->peer_pid.size() && s->peer_pid[level].ns.get() == &pns)
      out.pid = s->peer_pid[level].nr;
    if (s->has_peercred && s->peer_cred != nullptr) {
      out.uid = from_kuid_munged(*caller.cred->user_ns, s->peer_cred->euid);
      out.gid = from_kgid_munged(*caller.cred->user_ns, s->peer_cred->egid);
    }
    return SysResult::success();
  });
}

SysResult sys_getsockopt_peersec(Task& caller, int fd, std::uint32_t optlen,
                                 std::uint32_t& optlen_out) {
  return run_syscall(caller, 55, {audit_arg(fd), audit_arg(1), audit_arg(31)}, [&]() -> SysResult {
    std::shared_ptr<Socket> s;
    Verdict v = sockfd_lookup(caller, fd, s);
    if (!v.ok()) return v.result();
    // sk_getsockopt(SO_PEERSEC) only dispatches: the answering LSM copies the label, writes
    // its length to optlen and returns -ERANGE itself when the buffer is too short.
    std::string value;
    std::uint32_t len_out = optlen;
    const int rc = security_socket_getpeersec_stream(caller.kernel.lsm(), *s, value, len_out, optlen);
    optlen_out = len_out;
    if (rc != 0) {
      std::optional<Denial> d = caller.kernel.lsm().take_denial();
      if (rc == -ERANGE)
        d = Denial{"kernel",
                   "socket_getpeersec_stream",
                   {},
                   "buffer of " + std::to_string(optlen) + " bytes, the label needs " +
                       std::to_string(len_out)};
      if (!d) d = Denial{"kernel", "socket_getpeersec_stream", {}, "no LSM provides a peer label"};
      return SysResult::error(-rc, d);
    }
    // getsockopt(2) returns 0; the label's length travels back through optlen.
    SysResult r = SysResult::with_data(value);
    r.ret = 0;
    return r;
  });
}

SysResult sys_getsockopt_peersec(Task& caller, int fd, std::uint32_t optlen) {
  std::uint32_t ignored = 0;
  return sys_getsockopt_peersec(caller, fd, optlen, ignored);
}

}  // namespace lsmsim
