// The capability module's hooks. Rules follow security/commoncap.c (v6.12); each function
// names the kernel function it models.
#include "lsms/capability/commoncap.h"

#include <cerrno>

#include "lsms/capability/cap_xattr.h"
#include "model/binprm.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/lsm/security.h"
#include "model/vfs/inode.h"

namespace lsmsim {

int cap_capable(const Cred& cred, const UserNamespace& target, int cap) {
  const UserNamespace* ns = &target;
  for (;;) {
    if (ns == cred.user_ns.get()) return cred.cap_effective.has(cap) ? 0 : -EPERM;
    if (ns->level <= cred.user_ns->level) return -EPERM;  // target is not below the cred's ns
    if (ns->parent.get() == cred.user_ns.get() && ns->owner_uid == cred.euid) return 0;
    ns = ns->parent.get();
  }
}

CapSet cap_fs_set() {
  CapSet s;
  for (int c : {CAP_CHOWN, CAP_MKNOD, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER,
                CAP_FSETID, CAP_MAC_OVERRIDE})
    s.raise(c);
  return s;
}

namespace {

bool issecure(const Cred& c, int bit) { return (c.securebits >> bit) & 1u; }

class CapabilityLsm final : public LsmModule {
 public:
  using LsmModule::LsmModule;

  void register_hooks(HookRegistrar& r) override {
    r.add<Hook::capable>(&CapabilityLsm::capable);
    r.add<Hook::capget>(&CapabilityLsm::capget);
    r.add<Hook::capset>(&CapabilityLsm::capset);
    r.add<Hook::ptrace_access_check>(&CapabilityLsm::ptrace_access_check);
    r.add<Hook::ptrace_traceme>(&CapabilityLsm::ptrace_traceme);
    r.add<Hook::task_fix_setuid>(&CapabilityLsm::task_fix_setuid);
    r.add<Hook::task_prctl>(&CapabilityLsm::task_prctl);
    r.add<Hook::vm_enough_memory>(&CapabilityLsm::vm_enough_memory);
    r.add<Hook::bprm_creds_from_file>(&CapabilityLsm::bprm_creds_from_file);
  }

 private:
  static CapabilityLsm& me(LsmModule& m) { return static_cast<CapabilityLsm&>(m); }

  // cap_capable(): walk from the target namespace up towards the cred's own. Owning a child
  // namespace (being its creator's euid in its parent) grants every capability in it.
  static int capable(LsmModule& self, const Cred& cred, const UserNamespace& target, int cap,
                     unsigned opts) {
    const int rc = cap_capable(cred, target, cap);
    if (self.noting_levels())  // the user namespace that decided, for `lsmsim explain`
      self.note_level(target.display_name(), "uid " + std::to_string(cred.euid), rc,
                      capability_name(cap) + (rc == 0 ? " granted" : " refused") +
                          " in user namespace " + target.display_name() +
                          (cred.user_ns.get() == &target
                               ? " (the caller's own: its effective set decides)"
                               : " (the caller's is " + cred.user_ns->display_name() + ")"));
    if (rc == 0) return 0;
    if ((opts & CAP_OPT_NOAUDIT) == 0)
      self.explain_denial(target.display_name(),
                          capability_name(cap) + " not in the effective set for user namespace " +
                              target.display_name());
    return -EPERM;
  }

  // cap_capget(): report the target's sets.
  static int capget(LsmModule&, const Task& target, CapSet& effective, CapSet& inheritable,
                    CapSet& permitted) {
    effective = target.real_cred->cap_effective;
    inheritable = target.real_cred->cap_inheritable;
    permitted = target.real_cred->cap_permitted;
    return 0;
  }

  // cap_capset(): new sets must stay within what the old ones allow.
  static int capset(LsmModule& self, Cred& next, const Cred& old, const CapSet& effective,
                    const CapSet& inheritable, const CapSet& permitted) {
    const bool inh_capped =
        self.kernel().lsm().call_int<Hook::capable>(old, *old.user_ns, int{CAP_SETPCAP},
                                                    CAP_OPT_NOAUDIT) != 0;
    (void)self.kernel().lsm().take_denial();
    auto deny = [&](const char* why) {
      self.explain_denial(old.user_ns->display_name(), why);
      return -EPERM;
    };
    if (inh_capped && !inheritable.is_subset_of(old.cap_inheritable | old.cap_permitted))
      return deny("inheritable set may only gain permitted capabilities without CAP_SETPCAP");
    if (!inheritable.is_subset_of(old.cap_inheritable | old.cap_bset))
      return deny("inheritable set may not gain capabilities outside the bounding set");
    if (!permitted.is_subset_of(old.cap_permitted))
      return deny("permitted set may not grow");
    if (!effective.is_subset_of(permitted))
      return deny("effective set must be a subset of the permitted set");
    next.cap_effective = effective;
    next.cap_inheritable = inheritable;
    next.cap_permitted = permitted;
    next.cap_ambient = next.cap_ambient & (permitted & inheritable);
    return 0;
  }

  // cap_ptrace_access_check(): same user namespace and a permitted set covering the
  // child's, or CAP_SYS_PTRACE in the child's user namespace.
  static int ptrace_access_check(LsmModule& self, Task& child, unsigned mode) {
    Kernel& k = self.kernel();
    const Cred& cred = *k.current().cred;
    const Cred& child_cred = *child.real_cred;
    const CapSet caller_caps =
        (mode & PTRACE_MODE_FSCREDS) != 0 ? cred.cap_effective : cred.cap_permitted;
    if (cred.user_ns == child_cred.user_ns &&
        child_cred.cap_permitted.is_subset_of(caller_caps))
      return 0;
    const unsigned opts = (mode & PTRACE_MODE_NOAUDIT) != 0 ? CAP_OPT_NOAUDIT : CAP_OPT_NONE;
    if (k.lsm().call_int<Hook::capable>(cred, *child_cred.user_ns, int{CAP_SYS_PTRACE}, opts) ==
        0)
      return 0;
    (void)k.lsm().take_denial();
    self.explain_denial(child_cred.user_ns->display_name(),
                        "target's permitted capabilities exceed the caller's and the caller "
                        "lacks cap_sys_ptrace in the target's user namespace");
    return -EPERM;
  }

  // cap_ptrace_traceme(): the same test with the roles of tracer and tracee swapped.
  static int ptrace_traceme(LsmModule& self, Task& parent) {
    Kernel& k = self.kernel();
    const Cred& cred = *k.current().cred;
    const Cred& parent_cred = *parent.real_cred;
    if (cred.user_ns == parent_cred.user_ns &&
        cred.cap_permitted.is_subset_of(parent_cred.cap_permitted))
      return 0;
    if (k.lsm().call_int<Hook::capable>(parent_cred, *cred.user_ns, int{CAP_SYS_PTRACE},
                                        CAP_OPT_NONE) == 0)
      return 0;
    (void)k.lsm().take_denial();
    self.explain_denial(cred.user_ns->display_name(),
                        "parent would gain capabilities over its tracee without cap_sys_ptrace");
    return -EPERM;
  }

  // cap_emulate_setxuid(): leaving uid 0 drops capabilities, (re)gaining euid 0 restores them.
  static void emulate_setxuid(Cred& next, const Cred& old) {
    const Uid root = make_kuid(*old.user_ns, 0);
    const bool had_root = old.uid == root || old.euid == root || old.suid == root;
    const bool has_root = next.uid == root || next.euid == root || next.suid == root;
    if (had_root && !has_root) {
      if (!issecure(old, SECURE_KEEP_CAPS)) {
        next.cap_permitted = CapSet();
        next.cap_effective = CapSet();
      }
      next.cap_ambient = CapSet();
    }
    if (old.euid == root && next.euid != root) next.cap_effective = CapSet();
    if (old.euid != root && next.euid == root) next.cap_effective = next.cap_permitted;
  }

  // cap_task_fix_setuid()
  static int task_fix_setuid(LsmModule&, Cred& next, const Cred& old, int flags) {
    switch (flags) {
      case LSM_SETID_RE:
      case LSM_SETID_ID:
      case LSM_SETID_RES:
        if (!issecure(old, SECURE_NO_SETUID_FIXUP)) emulate_setxuid(next, old);
        return 0;
      case LSM_SETID_FS:
        if (!issecure(old, SECURE_NO_SETUID_FIXUP)) {
          const Uid root = make_kuid(*old.user_ns, 0);
          if (old.fsuid == root && next.fsuid != root)
            next.cap_effective = CapSet::of(next.cap_effective.bits() & ~cap_fs_set().bits());
          if (old.fsuid != root && next.fsuid == root)
            next.cap_effective = next.cap_effective | (next.cap_permitted & cap_fs_set());
        }
        return 0;
      default:
        return -EINVAL;
    }
  }

  // cap_vm_enough_memory() (6.12+): CAP_SYS_ADMIN, without auditing, or -EPERM.
  static int vm_enough_memory(LsmModule& self, const Task& task, long /*pages*/) {
    return capable(self, *task.cred, *task.cred->user_ns, CAP_SYS_ADMIN, CAP_OPT_NOAUDIT);
  }

  // cap_task_prctl(): the capability-related prctl options; -ENOSYS for the rest.
  static int task_prctl(LsmModule& self, int option, unsigned long arg2, unsigned long arg3,
                        unsigned long arg4, unsigned long arg5) {
    Kernel& k = self.kernel();
    Task& cur = k.current();
    const Cred& old = *cur.cred;
    auto commit = [&](auto edit) {
      int err = 0;
      auto next = k.prepare_creds(old, err);
      if (next == nullptr) return -err;
      edit(*next);
      k.commit_creds(cur, std::move(next));
      return 0;
    };
    const auto valid = [](unsigned long cap) { return cap <= CAP_LAST_CAP; };
    switch (option) {
      case PR_CAPBSET_READ:
        if (!valid(arg2)) return -EINVAL;
        return old.cap_bset.has(static_cast<int>(arg2)) ? 1 : 0;
      case PR_CAPBSET_DROP:
        if (!ns_capable(cur, *old.user_ns, CAP_SETPCAP)) return -EPERM;
        if (!valid(arg2)) return -EINVAL;
        return commit([&](Cred& c) { c.cap_bset.drop(static_cast<int>(arg2)); });
      case PR_GET_SECUREBITS:
        return static_cast<int>(old.securebits);
      case PR_SET_SECUREBITS: {
        // Locked bits may not change, a lock may not be released, and CAP_SETPCAP is needed.
        const unsigned locked = (old.securebits & SECURE_ALL_LOCKS) >> 1;
        if (((old.securebits & SECURE_ALL_LOCKS) & ~arg2) != 0 ||
            ((old.securebits & locked) ^ (arg2 & locked)) != 0 ||
            (arg2 & ~static_cast<unsigned long>(SECURE_ALL_LOCKS | SECURE_ALL_BITS)) != 0 ||
            !ns_capable(cur, *old.user_ns, CAP_SETPCAP))
          return -EPERM;
        return commit([&](Cred& c) { c.securebits = static_cast<unsigned>(arg2); });
      }
      case PR_GET_KEEPCAPS:
        return issecure(old, SECURE_KEEP_CAPS) ? 1 : 0;
      case PR_SET_KEEPCAPS:
        if (arg2 > 1) return -EINVAL;
        if (issecure(old, SECURE_KEEP_CAPS_LOCKED)) return -EPERM;
        return commit([&](Cred& c) {
          if (arg2 != 0)
            c.securebits |= 1u << SECURE_KEEP_CAPS;
          else
            c.securebits &= ~(1u << SECURE_KEEP_CAPS);
        });
      case PR_CAP_AMBIENT:
        if (arg2 == PR_CAP_AMBIENT_CLEAR_ALL) {
          if (arg3 != 0 || arg4 != 0 || arg5 != 0) return -EINVAL;
          return commit([](Cred& c) { c.cap_ambient = CapSet(); });
        }
        if (arg4 != 0 || arg5 != 0) return -EINVAL;
        if (!valid(arg3)) return -EINVAL;
        if (arg2 == PR_CAP_AMBIENT_IS_SET) return old.cap_ambient.has(static_cast<int>(arg3));
        if (arg2 != PR_CAP_AMBIENT_RAISE && arg2 != PR_CAP_AMBIENT_LOWER) return -EINVAL;
        if (arg2 == PR_CAP_AMBIENT_RAISE &&
            (!old.cap_permitted.has(static_cast<int>(arg3)) ||
             !old.cap_inheritable.has(static_cast<int>(arg3)) ||
             issecure(old, SECURE_NO_CAP_AMBIENT_RAISE)))
          return -EPERM;
        return commit([&](Cred& c) {
          if (arg2 == PR_CAP_AMBIENT_RAISE)
            c.cap_ambient.raise(static_cast<int>(arg3));
          else
            c.cap_ambient.drop(static_cast<int>(arg3));
        });
      default:
        return -ENOSYS;
    }
  }

  // cap_bprm_creds_from_file(), without file capabilities (lsmsim does not model
  // security.capability yet): root's legacy privileges, setid handling and ambient caps.
  static int bprm_creds_from_file(LsmModule& self, LinuxBinprm& bprm, const File& /*file*/) {
    Kernel& k = self.kernel();
    const Cred& old = *k.current().cred;
    Cred& next = *bprm.cred;
    const Uid root = make_kuid(*next.user_ns, 0);
    bool effective = false;
    next.cap_permitted = CapSet();  // get_file_caps() starts from nothing
    // handle_privileged_root(): pP' = bset | pI for real or effective root.
    if (!issecure(next, SECURE_NOROOT)) {
      if (next.euid == root || next.uid == root)
        next.cap_permitted = old.cap_bset | old.cap_inheritable;
      if (next.euid == root) effective = true;
    }
    const bool is_setid = next.euid != old.uid || next.egid != old.gid;
    next.suid = next.fsuid = next.euid;
    next.sgid = next.fsgid = next.egid;
    if (is_setid) next.cap_ambient = CapSet();
    next.cap_permitted = next.cap_permitted | next.cap_ambient;
    next.cap_effective = effective ? next.cap_permitted : next.cap_ambient;
    if (next.cap_permitted != old.cap_permitted) bprm.cap_elevated = true;
    next.securebits &= ~(1u << SECURE_KEEP_CAPS);
    return 0;
  }
};

}  // namespace

std::unique_ptr<LsmModule> create_capability_lsm(Kernel& kernel, const LsmDescriptor& desc) {
  return std::make_unique<CapabilityLsm>(kernel, desc);
}

namespace {

int security_prefix_check(Kernel& kernel, Inode& inode, const std::string& name, int cap) {
  Task& cur = kernel.current();
  if (!ns_capable(cur, *inode.sb->user_ns, cap)) {
    (void)kernel.lsm().take_denial();
    return -EPERM;
  }
  (void)name;
  return 0;
}

bool is_security_xattr(const std::string& name) { return name.rfind("security.", 0) == 0; }

}  // namespace

int cap_inode_setxattr(Kernel& kernel, Inode& inode, const std::string& name) {
  if (!is_security_xattr(name)) return 0;
  if (name == "security.capability") return 0;  // checked by the capability conversion
  return security_prefix_check(kernel, inode, name, CAP_SYS_ADMIN);
}

int cap_inode_removexattr(Kernel& kernel, Inode& inode, const std::string& name) {
  if (!is_security_xattr(name)) return 0;
  if (name == "security.capability")
    return security_prefix_check(kernel, inode, name, CAP_SETFCAP);
  return security_prefix_check(kernel, inode, name, CAP_SYS_ADMIN);
}

}  // namespace lsmsim
