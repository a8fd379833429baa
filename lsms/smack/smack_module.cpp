// Smack's descriptor and the life of its labels: creds, sockets
// (security/smack/smack_lsm.c, v6.12).
#include <memory>

#include "lsms/smack/smack_access.h"
#include "lsms/smack/smack_lsm.h"
#include "lsms/smack/smack_objects.h"
#include "model/kernel.h"
#include "model/lsm/lsm_uapi.h"
#include "model/net/socket.h"

namespace lsmsim {

// smack_init() puts the built-in labels on smack_known_list in this order.
SmackLsm::SmackLsm(Kernel& kernel, const LsmDescriptor& desc) : LsmModule(kernel, desc) {
  huh = known.intern(kSmackHuh);
  hat = known.intern("^");
  star = known.intern("*");
  floor = known.intern(kSmackFloor);
  web = known.intern("@");
}

SocketSmack& SmackLsm::ssp(Socket& s) {
  return s.security.at<SocketSmack>(blob_offset(BlobKind::sock));
}

std::string SmackLsm::label(std::uint32_t secid, const Task& viewer) const {
  return render_label(smk_label_for(*this, secid, viewer), viewer);
}

// smack_init(): the boot task runs with the floor label.
void SmackLsm::init_boot_cred(Cred& cred) {
  auto& t = construct_in_blob<TaskSmack>(cred.security, blob_offset(BlobKind::cred));
  t.smk_task = t.smk_forked = floor;
}

// The Vfs exists by now: smackfs becomes Smack's (init_smk_fs registers it only when Smack is
// enabled); boot mounts it on /sys/fs/smackfs.
void SmackLsm::init_boot_task(Task&) {
  smack_register_smackfs(*this);
}

namespace {

int cred_alloc_blank(LsmModule& self, Cred& cred) {
  construct_in_blob<TaskSmack>(cred.security, self.blob_offset(BlobKind::cred));
  return 0;
}

// smack_cred_prepare(): same label; the per-task rules (smk_copy_rules) and the relabel-self
// list (smk_copy_relabel) are copied too. Both copies add each entry at the head of the new
// list, so every cred copy lists them in reverse order (a real 6.1.176 kernel's load-self2
// shows it after relabel-self's prepare_creds).
int cred_prepare(LsmModule& self, Cred& next, const Cred& old) {
  const TaskSmack& o = smack(self).tsp(old);
  auto& t = construct_in_blob<TaskSmack>(next.security, self.blob_offset(BlobKind::cred));
  t.smk_task = o.smk_task;
  t.smk_forked = o.smk_task;  // init_task_smack(new, old->smk_task, old->smk_task)
  t.smk_relabel.assign(o.smk_relabel.rbegin(), o.smk_relabel.rend());
  t.smk_rules = o.smk_rules.reversed();
  return 0;
}

void cred_free(LsmModule& self, Cred& cred) {
  if (!cred.security.empty())
    destroy_in_blob<TaskSmack>(cred.security, self.blob_offset(BlobKind::cred));
}

// smack_sk_alloc_security(): both directions carry the creating task's label; a socket a
// kernel thread makes (no current task here) gets the web label "@" (PF_KTHREAD).
int sk_alloc_security(LsmModule& self, Socket& sk) {
  auto& me = smack(self);
  auto& s = construct_in_blob<SocketSmack>(sk.security, self.blob_offset(BlobKind::sock));
  Kernel& k = me.kernel();
  const std::uint32_t l = k.has_current() ? me.tsp(*k.current().cred).smk_task : me.web;
  s.smk_in = s.smk_out = l;
  return 0;
}

void sk_free_security(LsmModule& self, Socket& sk) {
  if (!sk.security.empty())
    destroy_in_blob<SocketSmack>(sk.security, self.blob_offset(BlobKind::sock));
}

// smack_socket_socketpair(): each end's packet label is the other end's outgoing label.
int socket_socketpair(LsmModule& self, Socket& a, Socket& b) {
  auto& me = smack(self);
  me.ssp(a).smk_packet = me.ssp(b).smk_out;
  me.ssp(b).smk_packet = me.ssp(a).smk_out;
  return 0;
}

// smack_unix_stream_connect(): the server side sees the client, the client the listener.
int unix_stream_connect(LsmModule& self, Socket& sock, Socket& other, Socket& newsk) {
  auto& me = smack(self);
  me.ssp(newsk).smk_packet = me.ssp(sock).smk_out;
  me.ssp(sock).smk_packet = me.ssp(other).smk_out;
  return 0;
}

void task_getlsmprop_obj(LsmModule& self, Task& p, LsmProp& prop) {
  prop.secid[self.index()] = smack(self).tsp(*p.real_cred).smk_task;
}

}  // namespace

void SmackLsm::register_hooks(HookRegistrar& r) {
  r.add<Hook::cred_alloc_blank>(&cred_alloc_blank);
  r.add<Hook::cred_prepare>(&cred_prepare);
  r.add<Hook::cred_free>(&cred_free);
  r.add<Hook::sk_alloc_security>(&sk_alloc_security);
  r.add<Hook::sk_free_security>(&sk_free_security);
  r.add<Hook::socket_socketpair>(&socket_socketpair);
  smack_register_net_hooks(r);  // the connect check runs before the labels are crossed
  r.add<Hook::unix_stream_connect>(&unix_stream_connect);
  r.add<Hook::task_getlsmprop_obj>(&task_getlsmprop_obj);
  smack_register_attr_hooks(r);
  smack_register_inode_hooks(r);
  smack_register_xattr_hooks(r);
  smack_register_fs_hooks(r);
  smack_register_task_hooks(r);
}

LsmDescriptor smack_descriptor() {
  LsmDescriptor d;
  d.name = "smack";
  d.id = LSM_ID_SMACK;
  d.flags = LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE;
  d.blobs[BlobKind::cred] = static_cast<int>(sizeof(TaskSmack));
  d.blobs[BlobKind::sock] = static_cast<int>(sizeof(SocketSmack));
  d.blobs[BlobKind::inode] = static_cast<int>(sizeof(InodeSmack));
  d.blobs[BlobKind::file] = static_cast<int>(sizeof(FileSmack));
  d.blobs[BlobKind::superblock] = static_cast<int>(sizeof(SuperblockSmack));
  d.blobs.secmark = true;   // smack_netfilter.c
  d.blobs.netlabel = true;  // CIPSO labelling
  d.create = [](Kernel& kernel, const LsmDescriptor& desc) -> std::unique_ptr<LsmModule> {
    return std::make_unique<SmackLsm>(kernel, desc);
  };
  return d;
}

}  // namespace lsmsim
