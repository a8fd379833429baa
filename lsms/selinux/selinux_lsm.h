// The SELinux module object and its blobs, shared by the files of lsms/selinux/.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lsms/selinux/selinux.h"
#include "lsms/selinux/selinux_namespace.h"
#include "model/cred.h"
#include "model/lsm/lsm_framework.h"
#include "model/lsm/secid_table.h"

namespace lsmsim {

// One frozen level of a task's context chain (the series' parent_cred): the SID the task
// had in `ns` when it unshared from it.
struct SelinuxCredLevel {
  std::shared_ptr<SelinuxNamespace> ns;
  std::uint32_t sid = 0;
  std::shared_ptr<const SelinuxCredLevel> parent;
};

// struct task_security_struct (the cred blob): global SIDs, 0 = unset. `ns` is the task's
// current SELinux namespace (null = the init namespace); `parent_cred` the chain above it.
struct SelinuxCredSecurity {
  std::uint32_t osid = 0;            // before the last exec: attr/prev
  std::uint32_t sid = 0;             // attr/current
  std::uint32_t exec_sid = 0;        // attr/exec
  std::uint32_t create_sid = 0;      // attr/fscreate
  std::uint32_t keycreate_sid = 0;   // attr/keycreate
  std::uint32_t sockcreate_sid = 0;  // attr/sockcreate
  std::shared_ptr<SelinuxNamespace> ns;
  std::shared_ptr<const SelinuxCredLevel> parent_cred;
};

// struct sk_security_struct: the socket's own SID, its peer's (SO_PEERSEC), its class.
struct SelinuxSockSecurity {
  std::uint32_t sid = 0;
  std::uint32_t peer_sid = 0;
  const char* sclass = "socket";
};

// struct inode_security_struct, for what lsmsim does not keep in security.selinux: a
// /proc/PID inode carries its task's label (selinux_task_to_inode). The task's objective cred
// is kept rather than one SID so that each namespace level sees the task's SID at that level,
// as task-to-task checks do. Proc inodes are made afresh at each lookup, so the snapshot is
// as current as the kernel's after pid_revalidate().
// The label an inode or superblock without a security.selinux xattr got when it was first
// initialized (inode_doinit_with_dentry, superblock_doinit): computed once by the nearest
// initialized namespace of the task that first touched it, then the same global SID for
// every viewer at every level, as the object's SID is global in the namespace series. It is
// recomputed, by that same namespace, only after that namespace loads a new policy.
struct SelinuxDefaultLabel {
  std::weak_ptr<SelinuxNamespace> ns;  // expired or empty: not initialized yet
  std::uint32_t seqno = 0;             // the namespace's policy seqno at the time
  std::uint32_t sid = 0;
};

struct SelinuxInodeSecurity {
  CredRef task_cred;  // null: an ordinary inode, labelled from its xattr or filesystem
  SelinuxDefaultLabel fs_label;
};

// One level a check runs at: the namespace and the subject's SID there.
struct SelinuxLevel {
  SelinuxNamespace* ns = nullptr;
  std::uint32_t sid = 0;
};

class SelinuxLsm final : public LsmModule {
 public:
  SelinuxLsm(Kernel& kernel, const LsmDescriptor& desc);
  ~SelinuxLsm() override;
  void register_hooks(HookRegistrar& r) override;
  void init_boot_cred(Cred& cred) override;
  void init_boot_task(Task& task) override;
  std::string render_label(std::string_view label, const Task& viewer) const override;

  SelinuxCredSecurity& cred_sec(Cred& c) {
    return c.security.at<SelinuxCredSecurity>(blob_offset(BlobKind::cred));
  }
  const SelinuxCredSecurity& cred_sec(const Cred& c) const {
    return c.security.at<SelinuxCredSecurity>(blob_offset(BlobKind::cred));
  }
  SelinuxSockSecurity& sock_sec(Socket& s);
  // The context of `sid` as `viewer` sees it (through the viewer's namespace); "" for an
  // unknown SID.
  std::string context(std::uint32_t sid, const Task& viewer) const;
  // The context of global `sid` as namespace `ns` shows it.
  std::string context_in(std::uint32_t sid, const SelinuxNamespace& ns) const;

  // The inode blob; null if the inode has none (allocated before the LSMs were set up).
  SelinuxInodeSecurity* inode_sec(Inode& inode);
  // The superblock blob: its default label (null before the LSMs were set up).
  SelinuxDefaultLabel* sb_sec(SuperBlock& sb);
  // The namespace of a cred (the init namespace for blank creds).
  SelinuxNamespace& ns_of(const Cred& c) const;
  // The task's SID at namespace `ns` (task_security()): walks the chain; unlabeled if absent.
  std::uint32_t sid_at(const Cred& c, const SelinuxNamespace& ns) const;
  // From the cred's own level up to the init namespace.
  std::vector<SelinuxLevel> levels(const Cred& c) const;

  // The nearest initialized namespace from `ns` up (null if none has a policy).
  SelinuxNamespace* nearest_initialized(SelinuxNamespace& ns) const;
  // The global SID of an inode (security.selinux, else its filesystem's default label in
  // the nearest initialized namespace of the current task).
  std::uint32_t inode_sid(Inode& inode);
  // The inode's SID as namespace `ns` sees it: a /proc/PID inode has its task's SID at `ns`
  // (unlabeled if the task has none there); any other inode is inode_sid().
  std::uint32_t inode_sid_at(Inode& inode, const SelinuxNamespace& ns);
  // The superblock's SID (fs_use / genfscon "/" context), for filesystem:associate.
  std::uint32_t sb_sid(SuperBlock& sb);
  // What `ns`'s policy gives an inode without the xattr (fs_use, genfscon, file initial SID).
  std::uint32_t default_inode_sid(Inode& inode, SelinuxNamespace& ns);

  SecidTable sids;                  // the global SID table: contexts <-> SIDs (policy-independent)
  std::uint32_t kernel_sid = 0;     // SECINITSID_KERNEL
  std::uint32_t unlabeled_sid = 0;  // SECINITSID_UNLABELED
  std::shared_ptr<SelinuxNamespace> init_ns;
  std::shared_ptr<SelinuxNsCounter> ns_counter = std::make_shared<SelinuxNsCounter>();
  int maxnsdepth = 32;
  int maxns = 65535;
  // Every AVC record, in order (audit is not namespaced: all levels log here).
  std::vector<std::string> audit_log;
};

inline SelinuxLsm& selinux(LsmModule& m) {
  return static_cast<SelinuxLsm&>(m);
}

// Registers the attribute hooks (selinux_attr.cpp), the inode/file hooks
// (selinux_hooks_inode.cpp), the task hooks (selinux_hooks_task.cpp), the socket hooks
// (selinux_hooks_net.cpp).
void selinux_register_attr_hooks(HookRegistrar& r);
void selinux_register_inode_hooks(HookRegistrar& r);
void selinux_register_task_hooks(HookRegistrar& r);
void selinux_register_net_hooks(HookRegistrar& r);
// The selinuxfs type bound to `lsm` (lsms/selinux/selinuxfs.cpp).
void selinux_register_selinuxfs(SelinuxLsm& lsm);

}  // namespace lsmsim

namespace lsmsim {

// The operations behind selinuxfs and the public API (selinux_ops.cpp).
// security_load_policy() into `ns`: parses policy.conf text; throws sepolicy::PolicyError.
void selinux_ns_load_policy(SelinuxLsm& me, SelinuxNamespace& ns, std::string_view text,
                            const std::string& filename);
// Commits `ns`'s pending booleans (security_set_bools).
void selinux_ns_commit_bools(SelinuxNamespace& ns);
// /sys/fs/selinux/unshare: `t` moves to a new child namespace of its own (new cred). 0 or
// -errno (explained).
int selinux_unshare(SelinuxLsm& me, Task& t);

}  // namespace lsmsim
