// AppArmor's descriptor and the life of its labels: creds, the task context across fork and
// exec, sockets (security/apparmor/lsm.c, v6.12). Mediation arrives with issue 5.
#include <memory>

#include "lsms/apparmor/apparmor_label.h"
#include "lsms/apparmor/apparmor_lsm.h"
#include "model/binprm.h"
#include "model/kernel.h"
#include "model/lsm/lsm_uapi.h"
#include "model/net/socket.h"

namespace lsmsim {

ApparmorLsm::ApparmorLsm(Kernel& kernel, const LsmDescriptor& desc) : LsmModule(kernel, desc) {
  unconfined = labels.intern(kApparmorUnconfined);
}

AaSkCtx& ApparmorLsm::sk_ctx(Socket& s) {
  return s.security.at<AaSkCtx>(blob_offset(BlobKind::sock));
}

const std::string& ApparmorLsm::name(std::uint32_t label) const {
  const std::string* n = labels.find(label);
  return n != nullptr ? *n : *labels.find(unconfined);
}

std::string ApparmorLsm::print(std::uint32_t label, const Task& viewer) const {
  return render_label(aa_label_print(name(label)), viewer);
}

// apparmor_init(): the boot task is unconfined in the root namespace.
void ApparmorLsm::init_boot_cred(Cred& cred) {
  construct_in_blob<AaCredLabel>(cred.security, blob_offset(BlobKind::cred)).label = unconfined;
}

void ApparmorLsm::init_boot_task(Task& task) {
  construct_in_blob<AaTaskCtx>(task.security, blob_offset(BlobKind::task));
}

namespace {

int cred_alloc_blank(LsmModule& self, Cred& cred) {
  construct_in_blob<AaCredLabel>(cred.security, self.blob_offset(BlobKind::cred));
  return 0;
}

int cred_prepare(LsmModule& self, Cred& next, const Cred& old) {
  auto& me = apparmor(self);
  construct_in_blob<AaCredLabel>(next.security, self.blob_offset(BlobKind::cred)).label =
      me.cred_label(old);
  return 0;
}

void cred_free(LsmModule& self, Cred& cred) {
  if (!cred.security.empty())
    destroy_in_blob<AaCredLabel>(cred.security, self.blob_offset(BlobKind::cred));
}

// apparmor_task_alloc(): the child gets a copy of the parent's (current's) task context.
int task_alloc(LsmModule& self, Task& task, unsigned long) {
  auto& me = apparmor(self);
  construct_in_blob<AaTaskCtx>(task.security, self.blob_offset(BlobKind::task),
                               me.task_ctx(me.kernel().current()));
  return 0;
}

void task_free(LsmModule& self, Task& task) {
  if (!task.security.empty())
    destroy_in_blob<AaTaskCtx>(task.security, self.blob_offset(BlobKind::task));
}

// apparmor_bprm_creds_for_exec(): a pending change_onexec takes effect (without a policy
// there are no exec transitions otherwise).
int bprm_creds_for_exec(LsmModule& self, LinuxBinprm& bprm) {
  auto& me = apparmor(self);
  const AaTaskCtx& ctx = me.task_ctx(me.kernel().current());
  if (ctx.onexec != 0) me.cred_label(*bprm.cred) = ctx.onexec;
  return 0;
}

// apparmor_bprm_committing_creds(): aa_clear_task_ctx_trans() - hat and onexec state ends.
void bprm_committing_creds(LsmModule& self, const LinuxBinprm&) {
  auto& me = apparmor(self);
  me.task_ctx(me.kernel().current()) = AaTaskCtx{};
}

int sk_alloc_security(LsmModule& self, Socket& sk) {
  construct_in_blob<AaSkCtx>(sk.security, self.blob_offset(BlobKind::sock));
  return 0;
}

void sk_free_security(LsmModule& self, Socket& sk) {
  if (!sk.security.empty()) destroy_in_blob<AaSkCtx>(sk.security, self.blob_offset(BlobKind::sock));
}

// apparmor_socket_post_create(): the creator's label (kernel sockets: unconfined).
int socket_post_create(LsmModule& self, Socket& sock, int, int, int, int kern) {
  auto& me = apparmor(self);
  me.sk_ctx(sock).label = kern != 0 ? me.unconfined : me.cred_label(*me.kernel().current().cred);
  return 0;
}

// apparmor_socket_socketpair(): each end's peer is the other end's label.
int socket_socketpair(LsmModule& self, Socket& a, Socket& b) {
  auto& me = apparmor(self);
  me.sk_ctx(a).peer = me.sk_ctx(b).label;
  me.sk_ctx(b).peer = me.sk_ctx(a).label;
  return 0;
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

void task_getlsmprop_obj(LsmModule& self, Task& p, LsmProp& prop) {
  prop.secid[self.index()] = apparmor(self).cred_label(*p.real_cred);
}

}  // namespace

void ApparmorLsm::register_hooks(HookRegistrar& r) {
  r.add<Hook::cred_alloc_blank>(&cred_alloc_blank);
  r.add<Hook::cred_prepare>(&cred_prepare);
  r.add<Hook::cred_free>(&cred_free);
  r.add<Hook::task_alloc>(&task_alloc);
  r.add<Hook::task_free>(&task_free);
  r.add<Hook::bprm_creds_for_exec>(&bprm_creds_for_exec);
  r.add<Hook::bprm_committing_creds>(&bprm_committing_creds);
  r.add<Hook::sk_alloc_security>(&sk_alloc_security);
  r.add<Hook::sk_free_security>(&sk_free_security);
  r.add<Hook::socket_post_create>(&socket_post_create);
  r.add<Hook::socket_socketpair>(&socket_socketpair);
  r.add<Hook::unix_stream_connect>(&unix_stream_connect);
  r.add<Hook::task_getlsmprop_obj>(&task_getlsmprop_obj);
  apparmor_register_attr_hooks(r);
}

LsmDescriptor apparmor_descriptor() {
  LsmDescriptor d;
  d.name = "apparmor";
  d.id = LSM_ID_APPARMOR;
  d.flags = LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE;
  d.blobs[BlobKind::cred] = static_cast<int>(sizeof(AaCredLabel));
  d.blobs[BlobKind::task] = static_cast<int>(sizeof(AaTaskCtx));
  d.blobs[BlobKind::sock] = static_cast<int>(sizeof(AaSkCtx));
  d.blobs.secmark = true;  // AppArmor mediates secmark-labelled packets (no NetLabel)
  d.create = [](Kernel& kernel, const LsmDescriptor& desc) -> std::unique_ptr<LsmModule> {
    return std::make_unique<ApparmorLsm>(kernel, desc);
  };
  return d;
}

}  // namespace lsmsim
