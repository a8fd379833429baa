// The Smack module object and its blobs, shared by the files of lsms/smack/.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "lsms/smack/smack.h"
#include "model/cred.h"
#include "model/lsm/lsm_framework.h"
#include "model/lsm/secid_table.h"

namespace lsmsim {

// struct task_smack (the cred blob). Labels are secids of the module's label list.
struct TaskSmack {
  std::uint32_t smk_task = 0;              // the task's label
  std::uint32_t smk_forked = 0;            // the label it was forked with
  std::vector<std::uint32_t> smk_relabel;  // labels it may switch to once without CAP_MAC_ADMIN
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

  TaskSmack& tsp(Cred& c) { return c.security.at<TaskSmack>(blob_offset(BlobKind::cred)); }
  const TaskSmack& tsp(const Cred& c) const {
    return c.security.at<TaskSmack>(blob_offset(BlobKind::cred));
  }
  SocketSmack& ssp(Socket& s);
  // smack_from_secid(): the label, or "?" for a secid nobody imported.
  std::string label(std::uint32_t secid, const Task& viewer) const;

  SecidTable known;  // smack_known_list
  // The global rules: (subject, object) -> access bits (a first form; issue 6 keeps the
  // kernel's per-subject lists).
  std::map<std::pair<std::uint32_t, std::uint32_t>, int> rules;
  std::uint32_t floor = 0;
};

inline SmackLsm& smack(LsmModule& m) {
  return static_cast<SmackLsm&>(m);
}

void smack_register_attr_hooks(HookRegistrar& r);

}  // namespace lsmsim
