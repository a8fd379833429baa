// Smack's task hooks (security/smack/smack_lsm.c, v6.12): the exec label (SMACK64EXEC),
// signals, ptrace with the smackfs `ptrace` rule, the other task operations, /proc/PID
// inodes.
#include <cerrno>

#include "lsms/smack/smack_objects.h"
#include "model/binprm.h"
#include "model/capability.h"
#include "model/kernel.h"
#include "model/process/ptrace_access.h"
#include "model/vfs/inode.h"

namespace lsmsim {

namespace {

constexpr unsigned kPtraceModeRead = 0x01;
constexpr unsigned kPtraceModeAttach = 0x02;
constexpr unsigned kPtraceModeNoaudit = 0x04;

// smk_ptrace_mode()
int smk_ptrace_mode(unsigned mode) {
  if ((mode & kPtraceModeAttach) != 0) return MAY_READWRITE;
  if ((mode & kPtraceModeRead) != 0) return MAY_READ;
  return 0;
}

std::string label_text(const SmackLsm& me, std::uint32_t secid) {
  const std::string* l = me.known.find(secid);
  return l != nullptr ? *l : std::string(kSmackHuh);
}

// smk_ptrace_rule_check(): an attach under the exact or draconian rule needs equal labels
// (exact: or CAP_SYS_PTRACE); otherwise the tracer needs rw (attach) or r (read) on the
// tracee's label. The record names the tracer (` opid=... ocomm=...`). The namespace
// prototype: `tracee_ns` is the tracee's user namespace, where CAP_SYS_PTRACE and
// CAP_MAC_OVERRIDE must be held; the exact/draconian test first needs both labels mapped in
// the tracer's namespace (v6.12's EACCES is kept where the prototype's exact mode says EPERM).
int smk_ptrace_rule_check(SmackLsm& me, const Task& tracer, std::uint32_t tracee,
                          const UserNamespace& tracee_ns, unsigned mode, const char* fn) {
  SmackAuditInfo ad;
  const SmackAuditInfo* saip = nullptr;
  if ((mode & kPtraceModeNoaudit) == 0) {
    ad = smk_ad(me, fn, smk_ad_task(tracer));
    saip = &ad;
  }
  const Cred& tracercred = *tracer.real_cred;
  const std::uint32_t tracer_label = me.tsp(tracercred).smk_task;
  const int rule = smack_ptrace_rule(me);
  if ((mode & kPtraceModeAttach) != 0 &&
      (rule == SMACK_PTRACE_EXACT || rule == SMACK_PTRACE_DRACONIAN)) {
    int rc = -EACCES;
    if (!smk_labels_valid(me, tracer_label, tracee, *tracercred.user_ns)) {
      rc = -EACCES;
    } else if (tracer_label == tracee) {
      rc = 0;
    } else if (rule == SMACK_PTRACE_EXACT) {
      rc = smack_ns_privileged_cred(me, tracee_ns, CAP_SYS_PTRACE, tracercred) ? 0 : -EACCES;
      (void)me.kernel().lsm().take_denial();
    }
    // smack_log() with no request: "labels_differ".
    if (saip != nullptr) smack_log(me, tracer_label, tracee, 0, rc, *saip);
    return rc;
  }
  return smk_tskacc(me, tracercred, tracee, smk_ptrace_mode(mode), saip, &tracee_ns);
}

// smack_ptrace_access_check(): current traces (or reads) the child.
int ptrace_access_check(LsmModule& self, Task& child, unsigned mode) {
  auto& me = smack(self);
  return smk_ptrace_rule_check(me, me.kernel().current(), smk_of_task_obj(me, child),
                               *child.real_cred->user_ns, mode, "smack_ptrace_access_check");
}

// smack_ptrace_traceme(): the parent becomes the tracer of current, as an attach.
int ptrace_traceme(LsmModule& self, Task& parent) {
  auto& me = smack(self);
  return smk_ptrace_rule_check(me, parent, smk_of_current(me), *me.kernel().current().cred->user_ns,
                               kPtraceModeAttach, "smack_ptrace_traceme");
}

// check_unsafe_exec()'s bprm->unsafe as lsmsim can know it: LSM_UNSAFE_PTRACE for a traced
// task, LSM_UNSAFE_NO_NEW_PRIVS. LSM_UNSAFE_SHARE (an fs_struct shared through CLONE_FS
// with another process) cannot arise: lsmsim's tasks never share one.
constexpr unsigned kLsmUnsafePtrace = 2;
constexpr unsigned kLsmUnsafeNoNewPrivs = 4;

unsigned bprm_unsafe(const Task& current) {
  unsigned unsafe = 0;
  if (current.ptracer != nullptr) unsafe |= kLsmUnsafePtrace;
  if (current.cred->no_new_privs) unsafe |= kLsmUnsafeNoNewPrivs;
  return unsafe;
}

// smack_bprm_creds_for_exec(): a SMACK64EXEC label different from the task's becomes the
// new label, unless the file is on an untrusted mount and not labelled with its root. Inside
// a mapped Smack namespace the label must be mapped (the prototype's one-label
// smk_labels_valid(): EACCES). A traced task keeps it only if its tracer may attach to the
// new label (in current's namespace); any other unsafe exec refuses it with EPERM. A label
// change makes the exec secure.
int bprm_creds_for_exec(LsmModule& self, LinuxBinprm& bprm) {
  auto& me = smack(self);
  if (bprm.inode == nullptr || bprm.cred == nullptr) return 0;
  TaskSmack& bsp = me.tsp(*bprm.cred);
  const InodeSmack* isp = smk_inode_instant(me, *bprm.inode);
  if (isp == nullptr || isp->smk_task == 0 || isp->smk_task == bsp.smk_task) return 0;
  if (const SuperblockSmack* sbsp = smack_superblock(me, *bprm.inode->sb);
      sbsp != nullptr && (sbsp->smk_flags & SMK_SB_UNTRUSTED) != 0 &&
      isp->smk_task != sbsp->smk_root)
    return 0;
  Task& current = me.kernel().current();
  const UserNamespace& ns = *current.cred->user_ns;
  if (const SmackNsMap* map = me.namespaces.find_mapped_ns(ns);
      map != nullptr && smk_find_mapped(*map, isp->smk_task) == nullptr) {
    me.explain_denial("", "smack_bprm_creds_for_exec: the SMACK64EXEC label " +
                              label_text(me, isp->smk_task) +
                              " is not mapped in the task's Smack namespace");
    return -EACCES;
  }
  const unsigned unsafe = bprm_unsafe(current);
  if ((unsafe & kLsmUnsafePtrace) != 0) {
    const int rc = smk_ptrace_rule_check(me, *current.ptracer, isp->smk_task, ns, kPtraceModeAttach,
                                         "smack_bprm_creds_for_exec");
    if (rc != 0) return rc;
  }
  if ((unsafe & ~kLsmUnsafePtrace) != 0) {
    me.explain_denial("", "smack_bprm_creds_for_exec: no_new_privs forbids the SMACK64EXEC label " +
                              label_text(me, isp->smk_task));
    return -EPERM;
  }
  bsp.smk_task = isp->smk_task;
  // bsp->smk_forked is the label before the exec (smack_cred_prepare).
  if (bsp.smk_task != me.tsp(*current.cred).smk_task) bprm.secureexec = true;
  return 0;
}

// smk_curacc_on_task(): current against the task's objective label (the namespace
// prototype asks CAP_MAC_OVERRIDE in the target's user namespace).
int curacc_on_task(SmackLsm& me, Task& p, int access, const char* fn) {
  const SmackAuditInfo ad = smk_ad(me, fn, smk_ad_task(p));
  return smk_curacc(me, smk_of_task_obj(me, p), access, &ad, p.real_cred->user_ns.get());
}

int task_setpgid(LsmModule& self, Task& p, int) {
  return curacc_on_task(smack(self), p, MAY_WRITE, "smack_task_setpgid");
}
int task_getpgid(LsmModule& self, Task& p) {
  return curacc_on_task(smack(self), p, MAY_READ, "smack_task_getpgid");
}
int task_setnice(LsmModule& self, Task& p, int) {
  return curacc_on_task(smack(self), p, MAY_WRITE, "smack_task_setnice");
}

// smack_task_kill(): delivering (MAY_DELIVER, which is write) from the sender to the
// target; the null signal is an existence test. A signal sent with a cred (USB I/O) is
// decided on that cred's label, without privilege.
int task_kill(LsmModule& self, Task& p, int sig, const Cred* cred) {
  if (sig == 0) return 0;
  auto& me = smack(self);
  const std::uint32_t tkp = smk_of_task_obj(me, p);
  const SmackAuditInfo ad = smk_ad(me, "smack_task_kill", smk_ad_task(p));
  const UserNamespace* tns = p.real_cred->user_ns.get();  // the prototype's ns_of_task_struct
  if (cred == nullptr) return smk_curacc(me, tkp, MAY_WRITE, &ad, tns);
  return smk_access(me, me.tsp(*cred).smk_task, tkp, MAY_WRITE, &ad, tns);
}

// smack_task_to_inode(): /proc/PID inodes carry the task's label.
void task_to_inode(LsmModule& self, Task& p, Inode& inode) {
  auto& me = smack(self);
  InodeSmack* isp = smack_inode(me, inode);
  if (isp == nullptr) return;
  isp->smk_inode = smk_of_task_obj(me, p);
  isp->smk_flags |= SMK_INODE_INSTANT;
  isp->instantiated = true;
}

}  // namespace

void smack_register_task_hooks(HookRegistrar& r) {
  r.add<Hook::ptrace_access_check>(&ptrace_access_check);
  r.add<Hook::ptrace_traceme>(&ptrace_traceme);
  r.add<Hook::bprm_creds_for_exec>(&bprm_creds_for_exec);
  r.add<Hook::task_setpgid>(&task_setpgid);
  r.add<Hook::task_getpgid>(&task_getpgid);
  r.add<Hook::task_setnice>(&task_setnice);
  r.add<Hook::task_kill>(&task_kill);
  r.add<Hook::task_to_inode>(&task_to_inode);
}

}  // namespace lsmsim
