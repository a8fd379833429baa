// AppArmor's socket mediation (security/apparmor/net.c aa_af_perm and lsm.c
// apparmor_socket_create, v6.12): `network [family] [type] [protocol]` rules checked at
// socket creation, for every family (v6.12 has no af_unix-specific mediation; unix rules
// arrive in later kernels). Kernel sockets are not mediated.
#include <sys/socket.h>

#include <cerrno>

#include "lsms/apparmor/apparmor_mediate.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/kernel.h"
#include "model/net/socket.h"

namespace lsmsim {

namespace {

// address_family_names / sock_type_names of security/apparmor/net.c.
std::string family_name(int family) {
  switch (family) {
    case AF_UNIX:
      return "unix";
    case AF_INET:
      return "inet";
    case AF_INET6:
      return "inet6";
    case AF_NETLINK:
      return "netlink";
    case AF_PACKET:
      return "packet";
    case AF_BLUETOOTH:
      return "bluetooth";
    case AF_ALG:
      return "alg";
    case AF_VSOCK:
      return "vsock";
    default:
      return std::to_string(family);
  }
}

std::string type_name(int type) {
  switch (type) {
    case SOCK_STREAM:
      return "stream";
    case SOCK_DGRAM:
      return "dgram";
    case SOCK_RAW:
      return "raw";
    case SOCK_RDM:
      return "rdm";
    case SOCK_SEQPACKET:
      return "seqpacket";
    case SOCK_DCCP:
      return "dccp";
    case SOCK_PACKET:
      return "packet";
    default:
      return std::to_string(type);
  }
}

int profile_af_perm(ApparmorLsm& me, const AaProfile& p, int family, int type, int protocol) {
  bool allowed = p.rules->network_all;
  bool denied_rule = false, audited = false;
  for (const aa::NetworkRule& r : p.rules->network) {
    if (r.family != -1 && r.family != family) continue;
    if (r.type != -1 && r.type != type) continue;
    if (r.protocol != -1 && r.protocol != protocol) continue;
    if (r.deny)
      denied_rule = true;
    else
      allowed = true;
    if (r.audit) audited = true;
  }
  const bool denied = !allowed || denied_rule;
  AaAuditData ad;
  ad.op = "create";
  ad.cls = "net";
  ad.fields = " family=\"" + family_name(family) + "\" sock_type=\"" + type_name(type) +
              "\" protocol=" + std::to_string(protocol) + " requested_mask=\"create\"";
  if (denied) ad.fields += " denied_mask=\"create\"";
  return aa_profile_decide(me, p, denied, audited, denied_rule && !audited, -EACCES, ad);
}

int socket_create(LsmModule& self, int family, int type, int protocol, int kern) {
  if (kern != 0) return 0;
  auto& me = apparmor(self);
  const AaLabel& l = me.cred_aa_label(*me.kernel().current().cred);
  if (aa_label_unconfined(l)) return 0;
  const int base_type = type & 0xf;  // SOCK_NONBLOCK / SOCK_CLOEXEC are not part of it
  return aa_for_each_confined(
      l, [&](const AaProfile& p) { return profile_af_perm(me, p, family, base_type, protocol); });
}

// apparmor_unix_stream_connect(): the new server socket takes the listener's label; the
// peer labels are cross-referenced for SO_PEERSEC.
int unix_stream_connect(LsmModule& self, Socket& sock, Socket& other, Socket& newsk) {
  auto& me = apparmor(self);
  me.sk_ctx(newsk).label = me.sk_ctx(other).label;
  me.sk_ctx(newsk).peer = me.sk_ctx(sock).label;
  me.sk_ctx(sock).peer = me.sk_ctx(other).label;
  return 0;
}

}  // namespace

void apparmor_register_net_hooks(HookRegistrar& r) {
  r.add<Hook::socket_create>(&socket_create);
  r.add<Hook::unix_stream_connect>(&unix_stream_connect);
}

}  // namespace lsmsim
