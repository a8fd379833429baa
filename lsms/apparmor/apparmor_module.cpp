// AppArmor's descriptor, its policy state and the life of its labels: creds, the task context
// across fork and exec, sockets (security/apparmor/lsm.c, v6.12); the audit record text
// (audit.c aa_audit_msg/audit_pre with lsm_audit.c's common fields).
#include <csignal>
#include <memory>

#include "lsms/apparmor/apparmor_label.h"
#include "lsms/apparmor/apparmor_lsm.h"
#include "lsms/selinux/selinux_avc_record.h"
#include "model/binprm.h"
#include "model/kernel.h"
#include "model/lsm/lsm_uapi.h"
#include "model/net/socket.h"
#include "model/process/exit.h"

namespace lsmsim {

ApparmorLsm::ApparmorLsm(Kernel& kernel, const LsmDescriptor& desc) : LsmModule(kernel, desc) {
  unconfined = labels.intern({AaComponent{&policy.root(), "unconfined"}});
}

AaSkCtx& ApparmorLsm::sk_ctx(Socket& s) {
  return s.security.at<AaSkCtx>(blob_offset(BlobKind::sock));
}

const AaLabel& ApparmorLsm::label(std::uint32_t secid) const {
  const AaLabel* l = labels.find(labels.newest(secid));
  return l != nullptr ? *l : *labels.find(unconfined);
}

int ApparmorLsm::print(std::uint32_t secid, const Task& viewer, std::string& out) const {
  const AaLabel& l = label(secid);
  const AaNs& view = task_ns(viewer);
  if (!aa_ns_visible(view, aa_labels_ns(l))) return -EACCES;  // aa_getprocattr()
  out = aa_label_print(view, l, kAaShowMode | kAaHiddenUnconfined);
  return 0;
}

std::string ApparmorLsm::print(std::uint32_t secid, const Task& viewer) const {
  std::string out;
  if (print(secid, viewer, out) != 0) return "---";  // aa_hidden_ns_name
  return out;
}

std::string ApparmorLsm::print_view(std::uint32_t secid, const Task& viewer) const {
  return aa_label_print(task_ns(viewer), label(secid), kAaShowMode | kAaHiddenUnconfined);
}

int ApparmorLsm::remove_profile(AaNs& ns, std::string_view hname) {
  std::vector<std::string> removed;
  const int rc = policy.remove_profile(ns, hname, removed);
  for (const std::string& h : removed) labels.redirect_removed(ns, h);
  return rc;
}

void ApparmorLsm::remove_ns(AaNs& ns) {
  policy.remove_ns(ns);
  labels.redirect_removed_ns(ns);
}

namespace {

// audit_pre() after the header: the subject, then name=; lsm_audit.c's pid= comm=; then
// the class callback's fields.
std::string audit_tail(Kernel& k, const AaAuditData& ad, const std::string& subject) {
  std::string s;
  if (*ad.op != '\0') s += std::string(" operation=\"") + ad.op + "\"";
  if (*ad.cls != '\0') s += std::string(" class=\"") + ad.cls + "\"";
  if (!ad.info.empty()) {
    s += " info=\"" + ad.info + "\"";
    if (ad.error != 0) s += " error=" + std::to_string(ad.error);
  }
  s += subject;
  if (!ad.name.empty()) s += " name=" + audit_untrusted_string(ad.name);
  if (k.has_current()) {
    const Task& t = k.current();
    // dump_common_audit_data(): pid= is task_tgid_nr(current), the thread group's id.
    s += " pid=" + std::to_string(t.tgid != 0 ? t.tgid : t.pid) +
         " comm=" + audit_untrusted_string(t.comm);
  }
  return s + ad.fields;
}

}  // namespace

void ApparmorLsm::audit(const char* type, const AaProfile& p, const AaAuditData& ad) {
  std::string subject;
  if (p.ns->level != 0) subject += " namespace=" + audit_untrusted_string(p.ns->hname);
  subject += " profile=" + audit_untrusted_string(p.hname);
  audit_log.push_back(std::string("apparmor=\"") + type + "\"" + audit_tail(kernel(), ad, subject));
  kernel().audit().log(AUDIT_AVC, audit_log.back());  // aa_audit_msg -> common_lsm_audit
}

void ApparmorLsm::audit_label(const char* type, const AaLabel& l, const AaAuditData& ad) {
  std::string subject;
  if (l.vec.size() == 1) {
    audit(type, aa_component_profile(l.vec[0]), ad);
    return;
  }
  subject = " label=" + audit_untrusted_string(l.text);
  audit_log.push_back(std::string("apparmor=\"") + type + "\"" + audit_tail(kernel(), ad, subject));
  kernel().audit().log(AUDIT_AVC, audit_log.back());  // aa_audit_msg -> common_lsm_audit
}

// aa_check_perms()/aa_audit(): quiet denials are refused without a record (in complain mode
// too); complain mode turns a logged denial into ALLOWED; `audit` rules log allowed accesses as AUDIT; kill mode logs KILLED and sends
// SIGKILL to current (aa_audit: send_sig_info(SIGKILL, NULL, current)).
int aa_profile_decide(ApparmorLsm& me, const AaProfile& p, bool denied, bool audit_allowed,
                      bool quiet, int error, AaAuditData ad) {
  const aa::ProfileMode mode = p.mode();
  const bool audit_all = p.rules != nullptr && p.rules->audit_all;
  // Each confined profile of the label is one level for `lsmsim explain`; the text is only
  // built while the kernel traces.
  const bool noting = me.noting_levels();
  auto note = [&](int rc, const std::string& why) {
    me.note_level(p.ns->hname, p.hname, rc, why);
  };
  if (!denied) {
    if (audit_allowed || audit_all) me.audit("AUDIT", p, ad);
    if (noting) note(0, std::string("profile allows ") + ad.op);
    return 0;
  }
  // aa_check_perms(): quieted bits (deny rules, quiet flags) refuse without a record even in
  // complain mode; only a logged complain denial becomes ALLOWED. `user` mode only sets the
  // unused prompt bits, so it enforces (aa_apply_modes_to_perms).
  std::string why = "AppArmor profile " + p.hname + " denies " + ad.op + " (quiet: not logged)";
  if (quiet && !audit_all) {
    if (noting) note(error, why);
    me.explain_denial(p.ns->hname, why);
    return error;
  }
  if (mode == aa::ProfileMode::complain) {
    me.audit("ALLOWED", p, ad);
    if (noting) note(0, "complain mode: the denial is only logged: " + me.audit_log.back());
    return 0;
  }
  // The explanation is the record the denial logged, as SELinux's is its AVC record.
  ad.error = error;
  me.audit(mode == aa::ProfileMode::kill ? "KILLED" : "DENIED", p, ad);
  why = me.audit_log.back();
  if (mode == aa::ProfileMode::kill && me.kernel().has_current())
    send_sig_info(SIGKILL, me.kernel().current());
  if (noting) note(error, why);
  me.explain_denial(p.ns->hname, why);
  return error;
}

// apparmor_init(): the boot task is unconfined in the root namespace.
void ApparmorLsm::init_boot_cred(Cred& cred) {
  construct_in_blob<AaCredLabel>(cred.security, blob_offset(BlobKind::cred)).label = unconfined;
}

void ApparmorLsm::init_boot_task(Task& task) {
  construct_in_blob<AaTaskCtx>(task.security, blob_offset(BlobKind::task));
  apparmor_register_apparmorfs(*this);  // the Vfs exists by now
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

// apparmor_bprm_committing_creds(): aa_clear_task_ctx_trans() - hat and onexec state ends.
void bprm_committing_creds(LsmModule& self, const LinuxBinprm&) {
  auto& me = apparmor(self);
  aa_clear_task_ctx_trans(me.task_ctx(me.kernel().current()));
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
  r.add<Hook::bprm_committing_creds>(&bprm_committing_creds);
  r.add<Hook::sk_alloc_security>(&sk_alloc_security);
  r.add<Hook::sk_free_security>(&sk_free_security);
  r.add<Hook::socket_post_create>(&socket_post_create);
  r.add<Hook::socket_socketpair>(&socket_socketpair);
  r.add<Hook::task_getlsmprop_obj>(&task_getlsmprop_obj);
  apparmor_register_exec_hooks(r);
  apparmor_register_file_hooks(r);
  apparmor_register_task_hooks(r);
  apparmor_register_net_hooks(r);
  apparmor_register_mount_hooks(r);
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
