// SELinux's socket hooks (security/selinux/hooks.c, v6.12): classes by family and type,
// socket labels (attr/sockcreate or a type_transition on the creator), the socket class
// permissions, and unix_stream_socket:connectto between the two sockets.
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>

#include <cerrno>

#include "lsms/selinux/selinux_access.h"
#include "model/kernel.h"
#include "model/net/socket.h"

namespace lsmsim {

namespace {

// socket_type_to_security_class(): by family, type and protocol; sctp_socket and
// icmp_socket only with the extended_socket_class policy capability.
const char* socket_type_to_security_class(int family, int type, int protocol, bool extsockclass) {
  type &= 0xf;  // SOCK_TYPE_MASK
  switch (family) {
    case AF_UNIX:
      if (type == SOCK_STREAM || type == SOCK_SEQPACKET) return "unix_stream_socket";
      if (type == SOCK_DGRAM || type == SOCK_RAW) return "unix_dgram_socket";
      break;
    case AF_INET:
    case AF_INET6:
      switch (type) {
        case SOCK_STREAM:
        case SOCK_SEQPACKET:
          if (protocol == IPPROTO_IP || protocol == IPPROTO_TCP) return "tcp_socket";
          if (extsockclass && protocol == IPPROTO_SCTP) return "sctp_socket";
          return "rawip_socket";
        case SOCK_DGRAM:
          if (protocol == IPPROTO_IP || protocol == IPPROTO_UDP) return "udp_socket";
          if (extsockclass && (protocol == IPPROTO_ICMP || protocol == IPPROTO_ICMPV6))
            return "icmp_socket";
          return "rawip_socket";
        case SOCK_DCCP:
          return "dccp_socket";
        default:
          return "rawip_socket";
      }
    case AF_NETLINK:
      switch (protocol) {
        case 0:
          return "netlink_route_socket";  // NETLINK_ROUTE
        case 4:
          return "netlink_tcpdiag_socket";  // NETLINK_SOCK_DIAG
        case 5:
          return "netlink_nflog_socket";  // NETLINK_NFLOG
        case 6:
          return "netlink_xfrm_socket";  // NETLINK_XFRM
        case 7:
          return "netlink_selinux_socket";  // NETLINK_SELINUX
        case 8:
          return "netlink_iscsi_socket";  // NETLINK_ISCSI
        case 9:
          return "netlink_audit_socket";  // NETLINK_AUDIT
        case 10:
          return "netlink_fib_lookup_socket";  // NETLINK_FIB_LOOKUP
        case 11:
          return "netlink_connector_socket";  // NETLINK_CONNECTOR
        case 12:
          return "netlink_netfilter_socket";  // NETLINK_NETFILTER
        case 14:
          return "netlink_dnrt_socket";  // NETLINK_DNRTMSG
        case 15:
          return "netlink_kobject_uevent_socket";
        case 16:
          return "netlink_generic_socket";  // NETLINK_GENERIC
        case 18:
          return "netlink_scsitransport_socket";
        case 20:
          return "netlink_rdma_socket";  // NETLINK_RDMA
        case 21:
          return "netlink_crypto_socket";  // NETLINK_CRYPTO
        default:
          return "netlink_socket";
      }
    default:
      break;
  }
  return "socket";
}

bool extsockclass(SelinuxNamespace& ns) {
  if (!ns.initialized()) return false;
  const auto& caps = ns.ss->policy().policycaps;
  return std::find(caps.begin(), caps.end(), "extended_socket_class") != caps.end();
}

// socket_sockcreate_sid(): attr/sockcreate, else security_transition_sid() of the task on
// itself. Its error is the hooks' error: an invalid new context is -EACCES when the namespace
// enforces (compute_sid_handle_invalid_context()); a permissive one labels the socket with it.
int socket_sockcreate_sid(SelinuxLsm& me, const Cred& cred, const char* sclass,
                          std::uint32_t& sid) {
  const SelinuxCredSecurity& tsec = me.cred_sec(cred);
  sid = tsec.sid;
  if (tsec.sockcreate_sid != 0) {
    sid = tsec.sockcreate_sid;
    return 0;
  }
  SelinuxNamespace& ns = me.ns_of(cred);
  if (!ns.initialized()) return 0;
  const sepolicy::Context* s = ns.lookup(me, tsec.sid);
  const std::uint16_t cls = ns.ss->class_value(sclass);
  // A class the policy lacks: security_compute_sid()'s defaults, for a socket the task's own
  // context.
  if (s == nullptr || cls == 0) return 0;
  sepolicy::Context out;
  if (const int rc = ns.ss->compute_create(*s, *s, cls, "", out, ns.enforcing); rc != 0) {
    me.explain_denial(ns.name, std::string("op=security_compute_sid: the computed label of the "
                                           "new ") + sclass +
                                   " is not valid in the policy [SELinux namespace " + ns.name +
                                   "]");
    return rc;
  }
  sid = me.sids.intern(ns.ss->context_to_string(out));
  return 0;
}

// lsm_audit.c (AF_UNIX): a bound path as an untrusted string; an abstract name ('@' here) in
// hex, from its leading NUL.
SelinuxAuditData audit_sock(const Socket& s) {
  if (s.address.empty()) return {};
  if (s.address[0] == '@')
    return SelinuxAuditData{" path=" + audit_untrusted_string('\0' + s.address.substr(1))};
  return SelinuxAuditData{" path=" + audit_untrusted_string(s.address)};
}

// security_sid_mls_copy(): `sid`'s user, role and type with `mls_sid`'s range, as judged by
// `ns`; -EINVAL if the result is invalid there and it enforces.
int sid_mls_copy(SelinuxLsm& me, SelinuxNamespace& ns, std::uint32_t sid, std::uint32_t mls_sid,
                 std::uint32_t& out) {
  out = sid;
  if (!ns.initialized() || !ns.ss->policy().mls) return 0;
  const sepolicy::Context* c = ns.lookup(me, sid);
  const sepolicy::Context* m = ns.lookup(me, mls_sid);
  if (c == nullptr || m == nullptr) return 0;
  sepolicy::Context n = *c;
  n.range = m->range;
  const std::string text = ns.ss->context_to_string(n);
  sepolicy::Context check;
  if (ns.ss->context_from_string(text, check) != 0 && ns.enforcing) {
    me.explain_denial(ns.name, "op=security_sid_mls_copy invalid_context=\"" + text +
                                   "\" [SELinux namespace " + ns.name + "]");
    return -EINVAL;
  }
  out = me.sids.intern(text);
  return 0;
}

// sock_has_perm(): the current task against the socket's SID.
int sock_has_perm(SelinuxLsm& me, Socket& s, std::string_view perm) {
  if (s.security.empty()) return 0;
  const SelinuxSockSecurity& sk = me.sock_sec(s);
  if (sk.sid == me.kernel_sid) return 0;  // kernel sockets are not checked
  return selinux_cred_has_perm(me, *me.kernel().current().cred, sk.sid, sk.sclass, {perm},
                               audit_sock(s));
}

int socket_create(LsmModule& self, int family, int type, int protocol, int kern) {
  if (kern != 0) return 0;
  auto& me = selinux(self);
  const Cred& cred = *me.kernel().current().cred;
  const char* sclass =
      socket_type_to_security_class(family, type, protocol, extsockclass(me.ns_of(cred)));
  std::uint32_t newsid = 0;
  if (const int rc = socket_sockcreate_sid(me, cred, sclass, newsid); rc != 0) return rc;
  return selinux_cred_has_perm(me, cred, newsid, sclass, {"create"}, {});
}

// selinux_sk_alloc_security(): unlabeled until socket_post_create or a connection.
int sk_alloc_security(LsmModule& self, Socket& sk) {
  auto& me = selinux(self);
  auto& s = construct_in_blob<SelinuxSockSecurity>(sk.security, self.blob_offset(BlobKind::sock));
  s.sid = s.peer_sid = me.unlabeled_sid;
  return 0;
}

void sk_free_security(LsmModule& self, Socket& sk) {
  if (sk.security.empty()) return;
  destroy_in_blob<SelinuxSockSecurity>(sk.security, self.blob_offset(BlobKind::sock));
}

// selinux_socket_post_create(): the label socket_create checked, and the class.
int socket_post_create(LsmModule& self, Socket& sock, int family, int type, int protocol,
                       int kern) {
  auto& me = selinux(self);
  const Cred& cred = *me.kernel().current().cred;
  auto& sk = me.sock_sec(sock);
  sk.sclass = socket_type_to_security_class(family, type, protocol, extsockclass(me.ns_of(cred)));
  if (kern != 0) {
    sk.sid = me.kernel_sid;
    return 0;
  }
  return socket_sockcreate_sid(me, cred, sk.sclass, sk.sid);
}

// selinux_socket_socketpair(): each end's peer is the other end.
int socket_socketpair(LsmModule& self, Socket& a, Socket& b) {
  auto& me = selinux(self);
  me.sock_sec(a).peer_sid = me.sock_sec(b).sid;
  me.sock_sec(b).peer_sid = me.sock_sec(a).sid;
  return 0;
}

int socket_bind(LsmModule& self, Socket& sock, const std::string&) {
  return sock_has_perm(selinux(self), sock, "bind");
}
int socket_connect(LsmModule& self, Socket& sock, const std::string&) {
  return sock_has_perm(selinux(self), sock, "connect");
}
int socket_listen(LsmModule& self, Socket& sock, int) {
  return sock_has_perm(selinux(self), sock, "listen");
}

// selinux_socket_accept(): accept on the listener; the new socket takes its label.
int socket_accept(LsmModule& self, Socket& sock, Socket& newsock) {
  auto& me = selinux(self);
  if (const int rc = sock_has_perm(me, sock, "accept"); rc != 0) return rc;
  if (!newsock.security.empty()) {
    me.sock_sec(newsock).sid = me.sock_sec(sock).sid;
    me.sock_sec(newsock).sclass = me.sock_sec(sock).sclass;
  }
  return 0;
}

// selinux_socket_unix_stream_connect(): the client socket needs connectto on the listening
// socket (checked at the connecting task's levels); then the server-side socket takes the
// listener's SID and the two ends see each other.
int unix_stream_connect(LsmModule& self, Socket& sock, Socket& other, Socket& newsk) {
  auto& me = selinux(self);
  auto& client = me.sock_sec(sock);
  auto& listener = me.sock_sec(other);
  const Cred& cred = *me.kernel().current().cred;
  for (const SelinuxLevel& l : me.levels(cred)) {
    const int rc = selinux_avc_has_perm(me, *l.ns, client.sid, listener.sid, listener.sclass,
                                        {"connectto"}, audit_sock(other));
    if (rc != 0) return rc;
  }
  auto& server = me.sock_sec(newsk);
  std::uint32_t server_sid = listener.sid;
  if (const int rc = sid_mls_copy(me, me.ns_of(cred), listener.sid, client.sid, server_sid);
      rc != 0)
    return rc;
  server.sid = server_sid;
  server.sclass = listener.sclass;
  server.peer_sid = client.sid;
  client.peer_sid = server.sid;
  return 0;
}

}  // namespace

void selinux_register_net_hooks(HookRegistrar& r) {
  r.add<Hook::socket_create>(&socket_create);
  r.add<Hook::sk_alloc_security>(&sk_alloc_security);
  r.add<Hook::sk_free_security>(&sk_free_security);
  r.add<Hook::socket_post_create>(&socket_post_create);
  r.add<Hook::socket_socketpair>(&socket_socketpair);
  r.add<Hook::socket_bind>(&socket_bind);
  r.add<Hook::socket_connect>(&socket_connect);
  r.add<Hook::socket_listen>(&socket_listen);
  r.add<Hook::socket_accept>(&socket_accept);
  r.add<Hook::unix_stream_connect>(&unix_stream_connect);
}

}  // namespace lsmsim
