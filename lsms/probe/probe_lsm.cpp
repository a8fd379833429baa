#include "lsms/probe/probe_lsm.h"

#include <array>
#include <cerrno>
#include <memory>

#include "model/lsm/lsm_ctx.h"
#include "model/lsm/lsm_framework.h"
#include "model/user_memory.h"

namespace lsmsim {

class ProbeLsm final : public LsmModule {
 public:
  ProbeLsm(Kernel& kernel, const LsmDescriptor& desc, const ProbeSpec& spec)
      : LsmModule(kernel, desc), spec_(spec) {}

  void register_hooks(HookRegistrar& r) override;

  template <Hook H>
  static typename HookTraits<H>::Ret answer(LsmModule& self) {
    auto& me = static_cast<ProbeLsm&>(self);
    ++me.calls_[static_cast<std::size_t>(H)];
    if constexpr (!std::is_void_v<typename HookTraits<H>::Ret>) {
      const int rc = me.spec_.answers.at(H);
      if (rc < 0)
        me.explain_denial("", "probe '" + me.spec_.name + "' is set to answer " +
                                  std::string(HookTraits<H>::kName) + " with " +
                                  std::to_string(rc));
      return rc;
    }
  }

  const ProbeSpec& spec() const { return spec_; }
  // A flat array, not a map: benchmarks stack probes and time dispatch, not bookkeeping.
  std::array<std::uint64_t, kHookCount> calls_{};

 private:
  const ProbeSpec& spec_;
};

namespace {

// One callback per hook, generated from the hook list; arguments are ignored except where a
// probe has to produce data (the attribute hooks below).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#define LSMSIM_HOOK(RET, DEFAULT, NAME, ...)                     \
  RET probe_##NAME(LsmModule& self __VA_OPT__(, ) __VA_ARGS__) { \
    return ProbeLsm::answer<Hook::NAME>(self);                   \
  }
#define LSMSIM_SPECIAL_HOOK(RET, DEFAULT, NAME, ...)
#include "model/lsm/hook_list.def"
#undef LSMSIM_HOOK
#undef LSMSIM_SPECIAL_HOOK

#define PROBE_PLAIN(RET, NAME, ...)                              \
  RET probe_##NAME(LsmModule& self __VA_OPT__(, ) __VA_ARGS__) { \
    return ProbeLsm::answer<Hook::NAME>(self);                   \
  }
PROBE_PLAIN(int, vm_enough_memory, const Task& task, long pages)
PROBE_PLAIN(int, task_prctl, int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
            unsigned long arg5)
PROBE_PLAIN(int, fs_context_parse_param, const std::string& fs_type, const std::string& key,
            const std::string& value)
PROBE_PLAIN(int, sb_set_mnt_opts, SuperBlock& sb, const std::vector<std::string>* mnt_opts)
PROBE_PLAIN(int, inode_setxattr, Inode& inode, const std::string& name, const std::string& value,
            int flags)
PROBE_PLAIN(int, inode_removexattr, Inode& inode, const std::string& name)
PROBE_PLAIN(int, xfrm_state_pol_flow_match, int selector)
PROBE_PLAIN(int, setprocattr, const std::string& name, const std::string& value)
PROBE_PLAIN(int, setselfattr, unsigned attr, const LsmCtxHeader& ctx, const std::string& value,
            std::uint32_t flags)
PROBE_PLAIN(int, secid_to_secctx, std::uint32_t secid, std::string& secdata)
PROBE_PLAIN(int, lsmprop_to_secctx, const LsmProp& prop, std::string& secdata)
PROBE_PLAIN(int, secctx_to_secid, const std::string& secdata, std::uint32_t& secid)
#undef PROBE_PLAIN
#pragma GCC diagnostic pop

// A zero answer from inode_init_security means "here is my xattr".
int probe_inode_init_security(LsmModule& self, Inode&, Inode&, const std::string&,
                              XattrArray& xattrs) {
  const int rc = ProbeLsm::answer<Hook::inode_init_security>(self);
  if (rc == 0)
    xattrs.push_back(Xattr{"security." + std::string(self.name()),
                           static_cast<ProbeLsm&>(self).spec().attr_value});
  return rc;
}

int probe_getprocattr(LsmModule& self, Task&, const std::string&, std::string& value) {
  const int rc = ProbeLsm::answer<Hook::getprocattr>(self);
  if (rc < 0) return rc;
  value = static_cast<ProbeLsm&>(self).spec().attr_value + "\n";
  return static_cast<int>(value.size());
}

// An answer of 0 reports attr_value as the peer label, with the kernel's -ERANGE rule.
int probe_socket_getpeersec_stream(LsmModule& self, Socket&, std::string& optval,
                                   std::uint32_t& optlen, std::uint32_t len) {
  const int rc = ProbeLsm::answer<Hook::socket_getpeersec_stream>(self);
  if (rc != 0) return rc;
  const std::string& v = static_cast<ProbeLsm&>(self).spec().attr_value;
  optlen = static_cast<std::uint32_t>(v.size());
  if (v.size() > len) return -ERANGE;
  optval = v;
  return 0;
}

// A configured answer of 1 means "report attr_value as one entry"; anything else is returned.
int probe_getselfattr(LsmModule& self, unsigned, UserBuffer& ctx, std::uint32_t offset,
                      std::uint32_t& size, std::uint32_t) {
  const int rc = ProbeLsm::answer<Hook::getselfattr>(self);
  if (rc != 1) return rc;
  const std::string& v = static_cast<ProbeLsm&>(self).spec().attr_value;
  std::string with_nul = v + '\0';
  const int frc = lsm_fill_user_ctx(ctx, offset, size, with_nul, self.id(), 0);
  return frc < 0 ? frc : 1;
}

}  // namespace

void ProbeLsm::register_hooks(HookRegistrar& r) {
#define LSMSIM_HOOK(RET, DEFAULT, NAME, ...) \
  if (spec_.answers.count(Hook::NAME) != 0) r.add<Hook::NAME>(&probe_##NAME);
#define LSMSIM_SPECIAL_HOOK LSMSIM_HOOK
#include "model/lsm/hook_list.def"
#undef LSMSIM_HOOK
#undef LSMSIM_SPECIAL_HOOK
}

LsmDescriptor make_probe_descriptor(const ProbeSpec& spec) {
  LsmDescriptor d;
  d.name = spec.name;
  d.id = spec.id;
  d.order = spec.order;
  d.flags = spec.exclusive ? LSM_FLAG_EXCLUSIVE : 0u;
  d.blobs = spec.blobs;
  d.context = std::make_shared<const ProbeSpec>(spec);
  d.create = [](Kernel& kernel, const LsmDescriptor& desc) -> std::unique_ptr<LsmModule> {
    return std::make_unique<ProbeLsm>(kernel, desc,
                                      *static_cast<const ProbeSpec*>(desc.context.get()));
  };
  return d;
}

std::map<Hook, std::uint64_t> probe_call_counts(const LsmModule& probe) {
  std::map<Hook, std::uint64_t> counts;
  const auto& calls = static_cast<const ProbeLsm&>(probe).calls_;
  for (std::size_t i = 0; i < kHookCount; ++i)
    if (calls[i] != 0) counts[static_cast<Hook>(i)] = calls[i];
  return counts;
}

bool is_probe(const LsmModule& m) {
  return dynamic_cast<const ProbeLsm*>(&m) != nullptr;
}

}  // namespace lsmsim
