// The AppArmor module object and its blobs, shared by the files of lsms/apparmor/.
#pragma once

#include <cstdint>
#include <string>

#include "lsms/apparmor/apparmor.h"
#include "model/cred.h"
#include "model/lsm/lsm_framework.h"
#include "model/lsm/secid_table.h"
#include "model/task.h"

namespace lsmsim {

// The cred blob: the task's label (cred_label()), as a secid of the label table.
struct AaCredLabel {
  std::uint32_t label = 0;
};

// struct aa_task_ctx (the task blob): change_hat and change_onexec state.
struct AaTaskCtx {
  std::uint32_t onexec = 0;    // attr/exec: the label to take at the next exec
  std::uint32_t previous = 0;  // attr/prev: the label before change_hat
  std::uint64_t token = 0;     // the change_hat magic token
};

// struct aa_sk_ctx: the socket's label and its peer's.
struct AaSkCtx {
  std::uint32_t label = 0;
  std::uint32_t peer = 0;
};

class ApparmorLsm final : public LsmModule {
 public:
  ApparmorLsm(Kernel& kernel, const LsmDescriptor& desc);
  void register_hooks(HookRegistrar& r) override;
  void init_boot_cred(Cred& cred) override;
  void init_boot_task(Task& task) override;

  std::uint32_t& cred_label(Cred& c) {
    return c.security.at<AaCredLabel>(blob_offset(BlobKind::cred)).label;
  }
  std::uint32_t cred_label(const Cred& c) const {
    return c.security.at<AaCredLabel>(blob_offset(BlobKind::cred)).label;
  }
  AaTaskCtx& task_ctx(Task& t) { return t.security.at<AaTaskCtx>(blob_offset(BlobKind::task)); }
  AaSkCtx& sk_ctx(Socket& s);
  // The label's text (no mode) and as `viewer` sees it printed with its mode.
  const std::string& name(std::uint32_t label) const;
  std::string print(std::uint32_t label, const Task& viewer) const;

  SecidTable labels;
  std::uint32_t unconfined = 0;
};

inline ApparmorLsm& apparmor(LsmModule& m) {
  return static_cast<ApparmorLsm&>(m);
}

void apparmor_register_attr_hooks(HookRegistrar& r);

}  // namespace lsmsim
