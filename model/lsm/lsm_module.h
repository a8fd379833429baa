// An LSM as the framework sees it: a static descriptor (struct lsm_info + struct lsm_id) and,
// once booted, one module object per Kernel holding that LSM's state (its policy instances).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/lsm/blob.h"
#include "model/lsm/hooks.h"

namespace lsmsim {

class HookRegistrar;
class LsmFramework;
struct InodeOps;

// The framework of a kernel (defined in kernel.cpp; lets modules reach it without kernel.h).
LsmFramework& kernel_lsm(Kernel& kernel);

enum class LsmOrder : int { first = -1, mutable_order = 0, last = 1 };

inline constexpr unsigned LSM_FLAG_LEGACY_MAJOR = 1u << 0;
inline constexpr unsigned LSM_FLAG_EXCLUSIVE = 1u << 1;

struct LsmDescriptor {
  std::string name;      // lsm_id.name, as used in lsm= and /sys/kernel/security/lsm
  std::uint64_t id = 0;  // lsm_id.id, LSM_ID_*
  LsmOrder order = LsmOrder::mutable_order;
  unsigned flags = 0;              // LSM_FLAG_*
  LsmBlobSizes blobs;              // what the LSM asks for
  bool enabled_by_default = true;  // false models e.g. CONFIG_..._BOOTPARAM_VALUE=0
  // Creates the per-kernel state. Null for descriptors that only take part in ordering.
  // Data the create function needs (e.g. a probe LSM's spec); shared by descriptor copies.
  std::shared_ptr<const void> context;
  std::unique_ptr<LsmModule> (*create)(Kernel& kernel, const LsmDescriptor& desc) = nullptr;
};

class LsmModule {
 public:
  LsmModule(Kernel& kernel, const LsmDescriptor& desc) : kernel_(kernel), desc_(desc) {}
  virtual ~LsmModule() = default;
  LsmModule(const LsmModule&) = delete;
  LsmModule& operator=(const LsmModule&) = delete;

  // Called once at boot, in LSM order; adds this LSM's callbacks (security_add_hooks).
  virtual void register_hooks(HookRegistrar& registrar) = 0;
  // The LSM's init function labelling the boot credentials and the first task.
  virtual void init_boot_cred(Cred& /*cred*/) {}
  virtual void init_boot_task(Task& /*task*/) {}

  Kernel& kernel() const { return kernel_; }
  const LsmDescriptor& descriptor() const { return desc_; }
  std::string_view name() const { return desc_.name; }
  std::uint64_t id() const { return desc_.id; }

  // How this LSM shows one of its labels to `viewer` (a task reading /proc/PID/attr, the LSM
  // syscalls, SO_PEERSEC, audit). Every place that hands a label to userspace goes through
  // here, so namespace-aware views (SELinux namespace chain, AppArmor policy-namespace view,
  // Smack label maps) can arrive with each LSM's own issue. Default: the raw label.
  virtual std::string render_label(std::string_view label, const Task& /*viewer*/) const {
    return std::string(label);
  }

  // Files the LSM adds to /proc/PID/attr with operations of its own (the Smack namespace
  // prototype's label_map), and the operations of one for the task with global pid `gpid`.
  struct ProcAttrFile {
    const char* name;
    unsigned mode;
  };
  virtual std::vector<ProcAttrFile> proc_attr_files() const { return {}; }
  virtual std::shared_ptr<InodeOps> proc_attr_ops(const std::string& /*name*/,
                                                  std::int32_t /*gpid*/) {
    return nullptr;
  }

  // This LSM's offset in each blob kind, assigned at boot.
  int blob_offset(BlobKind kind) const { return offsets_[kind]; }
  // Whether the framework granted this LSM the secmark / NetLabel it asked for.
  bool has_secmark() const { return offsets_.secmark; }
  bool has_netlabel() const { return offsets_.netlabel; }
  void set_blob_offsets(const LsmBlobSizes& offsets) { offsets_ = offsets; }

  // Position in the active order (0 = first); set at boot.
  std::uint16_t index() const { return index_; }
  void set_index(std::uint16_t i) { index_ = i; }

  // Called by a hook just before it returns a denial: why, and at which namespace level.
  // The framework attaches this to the syscall result (see LsmFramework::take_denial).
  void explain_denial(std::string ns_level, std::string reason);

  // Per-level verdicts for `lsmsim explain` and the JSON trace: an LSM that checks several
  // namespace levels (SELinux namespaces, AppArmor label components, Smack namespaces, user
  // namespaces for capabilities) notes each level's answer. Test noting_levels() first, so
  // nothing is built when the kernel is not tracing. The note joins the current hook call.
  bool noting_levels() const { return tracing_ != nullptr && *tracing_; }
  void note_level(std::string level, std::string subject, int rc, std::string reason);
  void set_tracing_flag(const bool* flag) { tracing_ = flag; }

 private:
  Kernel& kernel_;
  const LsmDescriptor& desc_;
  LsmBlobSizes offsets_;
  std::uint16_t index_ = 0;
  const bool* tracing_ = nullptr;  // the framework's tracing switch
};

}  // namespace lsmsim
