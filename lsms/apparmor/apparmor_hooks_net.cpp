// AppArmor's socket mediation (security/apparmor/net.c aa_af_perm and lsm.c
// apparmor_socket_create, v6.12): `network [family] [type] [protocol]` rules checked at
// socket creation, for every family (v6.12 has no af_unix-specific mediation; unix rules
// arrive in later kernels). Kernel sockets are not mediated.
#include <sys/socket.h>

#include <array>
#include <cerrno>

#include "lsms/apparmor/apparmor_mediate.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/kernel.h"
#include "model/net/socket.h"

namespace lsmsim {

namespace {

// address_family_names / sock_type_names of security/apparmor/net.c: the AF_* and SOCK_*
// macro names lower-cased (generated from include/linux/socket.h and net.h, AF_LOCAL and
// AF_ROUTE left out as aliases); audit_net_cb prints "unknown(N)" for a hole.
std::string family_name(int family) {
  static constexpr std::array<const char*, 46> kNames = {
      "unspec",  "unix",      "inet",     "ax25",    "ipx",      "appletalk", "netrom",
      "bridge",  "atmpvc",    "x25",      "inet6",   "rose",     "decnet",    "netbeui",
      "security", "key",      "netlink",  "packet",  "ash",      "econet",    "atmsvc",
      "rds",     "sna",       "irda",     "pppox",   "wanpipe",  "llc",       "ib",
      "mpls",    "can",       "tipc",     "bluetooth", "iucv",   "rxrpc",     "isdn",
      "phonet",  "ieee802154", "caif",    "alg",     "nfc",      "vsock",     "kcm",
      "qipcrtr", "smc",       "xdp",      "mctp"};
  if (family >= 0 && family < static_cast<int>(kNames.size()))
    return kNames[static_cast<std::size_t>(family)];
  return "unknown(" + std::to_string(family) + ")";
}

std::string type_name(int type) {
  static constexpr std::array<const char*, 11> kNames = {
      nullptr, "stream", "dgram", "raw", "rdm", "seqpacket", "dccp",
      nullptr, nullptr,  nullptr, "packet"};
  if (type >= 0 && type < static_cast<int>(kNames.size()) &&
      kNames[static_cast<std::size_t>(type)] != nullptr)
    return kNames[static_cast<std::size_t>(type)];
  return "unknown(" + std::to_string(type) + ")";
}

// aa_profile_af_perm(): the policy matches {family, type} only; a protocol name in a rule
// (`network inet tcp`) stands for its socket type, and the protocol is just logged.
int profile_af_perm(ApparmorLsm& me, const AaProfile& p, int family, int type, int protocol) {
  bool allowed = p.rules->network_all;
  bool denied_rule = false, audited = false;
  for (const aa::NetworkRule& r : p.rules->network) {
    if (r.family != -1 && r.family != family) continue;
    if (r.type != -1 && r.type != type) continue;
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
