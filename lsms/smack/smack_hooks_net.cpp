// Smack's socket checks (security/smack/smack_lsm.c, v6.12): connecting a Unix stream
// socket. The labels' life (sk_alloc_security, the SO_PEERSEC cross reference) is in
// smack_module.cpp; this check runs before it, so a refused connect leaves them alone.
#include <cerrno>

#include "lsms/selinux/selinux_avc_record.h"  // audit_untrusted_string
#include "lsms/smack/smack_objects.h"
#include "model/capability.h"
#include "model/kernel.h"
#include "model/net/socket.h"

namespace lsmsim {

namespace {

// LSM_AUDIT_DATA_NET for a Unix socket: ` path="/bound/path"`, an abstract name in hex.
std::string smk_ad_unix(const Socket& sk) {
  if (sk.address.empty()) return {};
  if (sk.address[0] != '@') return " path=" + audit_untrusted_string(sk.address);
  static const char* kHex = "0123456789ABCDEF";
  std::string hex = "00";
  for (std::size_t i = 1; i < sk.address.size(); ++i) {
    const auto c = static_cast<unsigned char>(sk.address[i]);
    hex += kHex[c >> 4];
    hex += kHex[c & 0xf];
  }
  return " path=" + hex;
}

// smack_unix_stream_connect(): the client's outgoing label needs write on the listener's
// incoming label, and the listener's outgoing label write on the client's incoming label,
// unless current has CAP_MAC_OVERRIDE. The namespace prototype decides each direction in the
// sending socket's user namespace (socket_smack.smk_ns) and asks the override in the
// listener's namespace, only when both pairs of labels are mapped where they are checked.
// lsmsim's socket blob has no smk_ns: the client's is current's user namespace (the client
// connects its own socket), the listener's that of the cred that called listen() (its
// peer cred). The accepted socket takes the listener's labels.
int unix_stream_connect(LsmModule& self, Socket& sock, Socket& other, Socket& newsk) {
  auto& me = smack(self);
  if (sock.security.empty() || other.security.empty()) return 0;
  const SocketSmack& ssp = me.ssp(sock);
  const SocketSmack& osp = me.ssp(other);
  Kernel& k = me.kernel();
  int rc = 0;
  bool privileged = true;  // a kernel thread
  const UserNamespace* sns = nullptr;
  const UserNamespace* ons = nullptr;
  if (k.has_current()) {
    const Cred& cred = *k.current().cred;
    sns = cred.user_ns.get();
    ons = other.peer_cred != nullptr ? other.peer_cred->user_ns.get() : sns;
    privileged = smack_ns_privileged_cred(me, *ons, CAP_MAC_OVERRIDE, cred) &&
                 smk_labels_valid(me, ssp.smk_out, osp.smk_in, *sns) &&
                 smk_labels_valid(me, osp.smk_out, ssp.smk_in, *ons);
    (void)k.lsm().take_denial();
  }
  if (!privileged) {
    const SmackAuditInfo ad = smk_ad(me, "smack_unix_stream_connect", smk_ad_unix(other));
    rc = smk_access(me, ssp.smk_out, osp.smk_in, MAY_WRITE, &ad, sns);
    if (rc == 0) rc = smk_access(me, osp.smk_out, ssp.smk_in, MAY_WRITE, &ad, ons);
  }
  if (rc == 0 && !newsk.security.empty()) {
    me.ssp(newsk).smk_out = osp.smk_out;
    me.ssp(newsk).smk_in = osp.smk_in;
  }
  return rc;
}

}  // namespace

void smack_register_net_hooks(HookRegistrar& r) {
  r.add<Hook::unix_stream_connect>(&unix_stream_connect);
}

}  // namespace lsmsim
