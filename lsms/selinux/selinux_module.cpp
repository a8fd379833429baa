// SELinux's descriptor and the life of its labels: creds, fork, exec, sockets
// (security/selinux/hooks.c, v6.12). Policy checks (avc_has_perm) arrive with issue 4.
#include <cerrno>
#include <memory>

#include "lsms/selinux/selinux_lsm.h"
#include "model/binprm.h"
#include "model/kernel.h"
#include "model/lsm/lsm_uapi.h"
#include "model/net/socket.h"

namespace lsmsim {

SelinuxLsm::SelinuxLsm(Kernel& kernel, const LsmDescriptor& desc) : LsmModule(kernel, desc) {
  kernel_sid = sids.intern(kSelinuxKernelContext);
  unlabeled_sid = sids.intern(kSelinuxUnlabeledContext);
}

SelinuxSockSecurity& SelinuxLsm::sock_sec(Socket& s) {
  return s.security.at<SelinuxSockSecurity>(blob_offset(BlobKind::sock));
}

std::string SelinuxLsm::context(std::uint32_t sid, const Task& viewer) const {
  const std::string* ctx = sids.find(sid);
  return ctx == nullptr ? std::string() : render_label(*ctx, viewer);
}

// selinux_init(): the boot cred runs as the kernel SID.
void SelinuxLsm::init_boot_cred(Cred& cred) {
  construct_in_blob<SelinuxCredSecurity>(cred.security, blob_offset(BlobKind::cred));
  cred_sec(cred).osid = cred_sec(cred).sid = kernel_sid;
}

namespace {

int cred_alloc_blank(LsmModule& self, Cred& cred) {
  construct_in_blob<SelinuxCredSecurity>(cred.security, self.blob_offset(BlobKind::cred));
  return 0;
}

// selinux_cred_prepare(): the new cred carries every SID of the old one (fork inherits).
int cred_prepare(LsmModule& self, Cred& next, const Cred& old) {
  auto& me = selinux(self);
  construct_in_blob<SelinuxCredSecurity>(next.security, self.blob_offset(BlobKind::cred),
                                         me.cred_sec(old));
  return 0;
}

void cred_free(LsmModule& self, Cred& cred) {
  if (cred.security.empty()) return;
  destroy_in_blob<SelinuxCredSecurity>(cred.security, self.blob_offset(BlobKind::cred));
}

// selinux_bprm_creds_for_exec(): without a policy there is no type transition, so the new
// SID is attr/exec if set, else unchanged; prev becomes the old SID, the one-shot
// exec/create SIDs are reset.
int bprm_creds_for_exec(LsmModule& self, LinuxBinprm& bprm) {
  auto& tsec = selinux(self).cred_sec(*bprm.cred);
  tsec.osid = tsec.sid;
  if (tsec.exec_sid != 0) tsec.sid = tsec.exec_sid;
  tsec.exec_sid = tsec.create_sid = tsec.keycreate_sid = tsec.sockcreate_sid = 0;
  return 0;
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

// selinux_socket_post_create(): attr/sockcreate if set, else the creator's SID.
int socket_post_create(LsmModule& self, Socket& sock, int, int, int, int kern) {
  auto& me = selinux(self);
  const auto& tsec = me.cred_sec(*me.kernel().current().cred);
  me.sock_sec(sock).sid = kern != 0                  ? me.kernel_sid
                          : tsec.sockcreate_sid != 0 ? tsec.sockcreate_sid
                                                     : tsec.sid;
  return 0;
}

// selinux_socket_socketpair(): each end's peer is the other end.
int socket_socketpair(LsmModule& self, Socket& a, Socket& b) {
  auto& me = selinux(self);
  me.sock_sec(a).peer_sid = me.sock_sec(b).sid;
  me.sock_sec(b).peer_sid = me.sock_sec(a).sid;
  return 0;
}

// selinux_socket_unix_stream_connect(): the server-side socket takes the listener's SID
// (no MLS range to copy without a policy); the two connected ends see each other.
int unix_stream_connect(LsmModule& self, Socket& sock, Socket& other, Socket& newsk) {
  auto& me = selinux(self);
  auto& client = me.sock_sec(sock);
  auto& server = me.sock_sec(newsk);
  server.sid = me.sock_sec(other).sid;
  server.peer_sid = client.sid;
  client.peer_sid = server.sid;
  return 0;
}

// selinux_task_getlsmprop_obj(): the task's objective SID in SELinux's slot.
void task_getlsmprop_obj(LsmModule& self, Task& p, LsmProp& prop) {
  prop.secid[self.index()] = selinux(self).cred_sec(*p.real_cred).sid;
}

}  // namespace

void SelinuxLsm::register_hooks(HookRegistrar& r) {
  r.add<Hook::cred_alloc_blank>(&cred_alloc_blank);
  r.add<Hook::cred_prepare>(&cred_prepare);
  r.add<Hook::cred_free>(&cred_free);
  r.add<Hook::bprm_creds_for_exec>(&bprm_creds_for_exec);
  r.add<Hook::sk_alloc_security>(&sk_alloc_security);
  r.add<Hook::sk_free_security>(&sk_free_security);
  r.add<Hook::socket_post_create>(&socket_post_create);
  r.add<Hook::socket_socketpair>(&socket_socketpair);
  r.add<Hook::unix_stream_connect>(&unix_stream_connect);
  r.add<Hook::task_getlsmprop_obj>(&task_getlsmprop_obj);
  selinux_register_attr_hooks(r);
}

LsmDescriptor selinux_descriptor() {
  LsmDescriptor d;
  d.name = "selinux";
  d.id = LSM_ID_SELINUX;
  d.flags = LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE;
  d.blobs[BlobKind::cred] = static_cast<int>(sizeof(SelinuxCredSecurity));
  d.blobs[BlobKind::sock] = static_cast<int>(sizeof(SelinuxSockSecurity));
  d.blobs.secmark = true;   // SELinux labels packets with secmarks ...
  d.blobs.netlabel = true;  // ... and with NetLabel (CIPSO/CALIPSO)
  d.create = [](Kernel& kernel, const LsmDescriptor& desc) -> std::unique_ptr<LsmModule> {
    return std::make_unique<SelinuxLsm>(kernel, desc);
  };
  return d;
}

}  // namespace lsmsim
