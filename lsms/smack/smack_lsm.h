// The Smack module object and its blobs, shared by the files of lsms/smack/.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lsms/smack/smack.h"
#include "lsms/smack/smack_ns.h"
#include "lsms/smack/smack_rules.h"
#include "model/cred.h"
#include "model/lsm/lsm_framework.h"
#include "model/lsm/secid_table.h"

namespace lsmsim {

// struct task_smack (the cred blob). Labels are secids of the module's label list.
struct TaskSmack {
  std::uint32_t smk_task = 0;    // the task's label
  std::uint32_t smk_forked = 0;  // the label it was forked with
  // relabel-self: labels it may switch to once without CAP_MAC_ADMIN, in the kernel's list
  // order (smk_parse_label_list() adds each at the head: the last written comes first).
  std::vector<std::uint32_t> smk_relabel;
  SmackRuleList smk_rules;  // load-self2: rules that can only take access away
};

// struct socket_smack: incoming/outgoing labels and the peer's (SO_PEERSEC).
struct SocketSmack {
  std::uint32_t smk_in = 0;
  std::uint32_t smk_out = 0;
  std::uint32_t smk_packet = 0;
};

class SmackLsm final : public LsmModule {
 public:
  SmackLsm(Kernel& kernel, const LsmDescriptor& desc);
  void register_hooks(HookRegistrar& r) override;
  void init_boot_cred(Cred& cred) override;
  void init_boot_task(Task& task) override;
  // The namespace prototype's /proc/PID/attr/label_map (smack_ns.cpp).
  std::vector<ProcAttrFile> proc_attr_files() const override;
  std::shared_ptr<InodeOps> proc_attr_ops(const std::string& name, std::int32_t gpid) override;

  TaskSmack& tsp(Cred& c) { return c.security.at<TaskSmack>(blob_offset(BlobKind::cred)); }
  const TaskSmack& tsp(const Cred& c) const {
    return c.security.at<TaskSmack>(blob_offset(BlobKind::cred));
  }
  SocketSmack& ssp(Socket& s);
  // smack_from_secid(): the label, or "?" for a secid nobody imported.
  std::string label(std::uint32_t secid, const Task& viewer) const;

  // smack_known_list. The kernel adds each label at the head, so its list order is newest
  // first: the reverse of secid order here.
  SecidTable known;
  // Each subject's global rules (smack_known.smk_rules), by secid: load2 lists them label by
  // label in smack_known_list order (newest label first, i.e. descending secid).
  std::map<std::uint32_t, SmackRuleList> smk_rules;
  // smack_onlycap_list in list order (newest first); empty: every label may use capabilities.
  std::vector<std::uint32_t> onlycap;
  std::uint32_t floor = 0, hat = 0, star = 0, huh = 0, web = 0;
  std::uint32_t net_ambient = 0;               // smackfs/ambient (smack_net_ambient)
  std::uint32_t syslog_label = 0;              // smackfs/syslog; 0: none (reads as "*")
  int log_policy = 1;                          // smackfs/logging: SMACK_AUDIT_DENIED
  int ptrace_rule = 0;                         // smackfs/ptrace: SMACK_PTRACE_DEFAULT
  std::uint64_t cipso_doi = 3;                 // SMACK_CIPSO_DOI_DEFAULT
  int cipso_direct = 250, cipso_mapped = 251;  // SMACK_CIPSO_*_DEFAULT
  // Audit records (smack_log_callback()'s text plus the hook's object data), oldest first.
  std::vector<std::string> audit_log;
  SmackNamespaces namespaces;  // the namespace prototype's label maps
};

inline SmackLsm& smack(LsmModule& m) {
  return static_cast<SmackLsm&>(m);
}

void smack_register_attr_hooks(HookRegistrar& r);
// smackfs (lsms/smack/smackfs.cpp): the filesystem type bound to `lsm`.
void smack_register_smackfs(SmackLsm& lsm);

}  // namespace lsmsim
