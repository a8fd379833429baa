// The LSM framework of one simulated kernel: the active LSMs in order, their hook tables,
// blob layout, and the dispatch rules of security/security.c (call_int_hook, call_void_hook).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "model/lsm/blob.h"
#include "model/lsm/hooks.h"
#include "model/lsm/lsm_module.h"
#include "model/lsm/lsm_order.h"
#include "model/sys_result.h"

namespace lsmsim {

// How hook callbacks are found and called. Both give identical results; bench/ compares them.
enum class DispatchStrategy {
  hook_list,   // pre-6.12: one linked list of callbacks per hook (hlist), walked node by node
  slot_table,  // 6.12+: a fixed array of slots per hook, filled in LSM order (static calls)
};
const char* dispatch_strategy_name(DispatchStrategy s);
std::optional<DispatchStrategy> dispatch_strategy_from_name(std::string_view name);

// One registered callback: the type-erased function and the module it belongs to.
struct HookEntry {
  void (*fn)() = nullptr;
  LsmModule* self = nullptr;
};

// One namespace level's verdict inside one hook call (LsmModule::note_level).
struct LevelNote {
  std::uint16_t lsm = 0;  // index into LsmFramework::active()
  std::string level;      // "init", a child SELinux namespace, an AppArmor namespace, ...
  std::string subject;    // the label checked at that level
  int rc = 0;             // that level's verdict (0 allowed, -errno denied)
  std::string reason;     // why, in the LSM's words (its audit record when it logged one)
};

// One hook call as a trace records it.
struct HookTraceEvent {
  Hook hook;
  std::uint16_t lsm;  // index into LsmFramework::active()
  int rc;             // what the LSM returned (0 for void hooks)
  // For a denial: the level and reason the LSM gave (explain_denial), as Denial has them.
  std::string ns_level{};
  std::string reason{};
  // The per-level verdicts the LSM noted during this call, in the order it checked them.
  std::vector<LevelNote> levels{};
};

class LsmFramework;

// Bytes the framework keeps at the start of every task blob for interface_lsm.
inline constexpr int kInterfaceLsmBlobSize = 8;

// Handed to LsmModule::register_hooks: the typed way to add a callback.
class HookRegistrar {
 public:
  HookRegistrar(LsmFramework& fw, LsmModule& self) : fw_(fw), self_(self) {}
  template <Hook H>
  void add(typename HookTraits<H>::Fn fn);

 private:
  LsmFramework& fw_;
  LsmModule& self_;
};

class LsmFramework {
 public:
  LsmFramework(Kernel& kernel, const std::vector<LsmDescriptor>& catalog,
               const LsmBootParams& params, DispatchStrategy strategy);
  ~LsmFramework();
  LsmFramework(const LsmFramework&) = delete;
  LsmFramework& operator=(const LsmFramework&) = delete;

  Kernel& kernel() const { return kernel_; }

  // ---- boot results ----
  const std::vector<std::unique_ptr<LsmModule>>& active() const { return modules_; }
  LsmModule* find(std::string_view name) const;
  LsmModule* find_by_id(std::uint64_t id) const;
  const std::vector<std::string>& boot_messages() const { return boot_messages_; }
  // Contents of /sys/kernel/security/lsm: active names, comma-separated, no newline.
  std::string lsm_list() const;
  DispatchStrategy strategy() const { return strategy_; }
  // Whether tasks carry an interface_lsm (stacking series; see model/lsm/interface_lsm.h).
  bool interface_lsm_enabled() const { return interface_lsm_; }
  // The LSM granted secmark / NetLabel at boot ("" if nobody asked).
  const std::string& secmark_owner() const { return secmark_owner_; }
  const std::string& netlabel_owner() const { return netlabel_owner_; }
  const LsmBlobSizes& blob_totals() const { return blob_totals_; }
  // The framework's half of security_X_alloc(): a zeroed composite blob of the right size.
  Blob alloc_blob(BlobKind kind) const;
  // How many callbacks are registered for a hook.
  std::size_t hook_count(Hook h) const { return slot_count_[static_cast<std::size_t>(h)]; }

  // ---- dispatch (the kernel's generic macros) ----
  // call_int_hook: start at the hook's default; stop at the first LSM returning anything else.
  template <Hook H, class... A>
  int call_int(A&&... args);
  // call_void_hook: every LSM, in order.
  template <Hook H, class... A>
  void call_void(A&&... args);
  // lsm_for_each_hook: visits the callbacks of H in order while `f(entry)` returns true.
  // Used by the special cases, which decide themselves what to do with each result.
  template <Hook H, class F>
  void for_each_hook(F&& f) const;
  template <Hook H, class... A>
  static int invoke(const HookEntry& e, A&&... args) {
    return reinterpret_cast<typename HookTraits<H>::Fn>(e.fn)(*e.self, args...);
  }

  // ---- denials and tracing ----
  // Set by LsmModule::explain_denial just before a hook denies.
  void set_pending_explanation(const LsmModule& m, std::string level, std::string reason);
  // Drops the explanation of a check whose refusal the LSM then ignored (an allowed or silent
  // outcome must not lend its reason to a later, unrelated refusal). Hook calls that end in the
  // default (allowed) answer clear it too.
  void clear_pending_explanation() { pending_ = Explanation{}; }
  // The denial recorded by the last hook call that returned an error (then forgotten).
  std::optional<Denial> take_denial();
  // Records that `m` answered hook `h` with `rc` (used by the special cases too).
  void record_decision(Hook h, const LsmModule& m, int rc);
  // The same for a refusal outside any hook (an LSM's own filesystem, e.g. a selinuxfs
  // write): `where` names it in Denial::hook.
  void record_refusal(const std::string& where, const LsmModule& m, int rc);

  void set_tracing(bool on) { tracing_ = on; }
  bool tracing() const { return tracing_; }
  const std::vector<HookTraceEvent>& trace() const { return trace_; }
  void clear_trace() {
    trace_.clear();
    notes_.clear();
  }
  // Where the level notes of a callback about to be invoked will start (see record_trace).
  std::size_t trace_mark() const { return notes_.size(); }
  // Records one hook call. The level notes made since `mark` (the callback's own: a nested
  // hook call made from the callback took its notes already) join the event; without a mark,
  // the trailing notes of `m`. A no-op unless tracing.
  void record_trace(Hook h, const LsmModule& m, int rc, std::size_t mark = kNoMark) {
    if (tracing_) push_trace(h, m, rc, mark);
  }
  // LsmModule::note_level's way in (only called while tracing).
  void add_level_note(LevelNote note) { notes_.push_back(std::move(note)); }
  // The LSMs that registered hook `h`, as indexes into active(), in dispatch order.
  std::vector<std::uint16_t> hook_lsms(Hook h) const;
  static constexpr std::size_t kNoMark = static_cast<std::size_t>(-1);

 private:
  friend class HookRegistrar;
  void add_hook(Hook h, HookEntry entry);

  struct HookNode {
    HookNode* next = nullptr;
    HookEntry entry;
  };

  Kernel& kernel_;
  DispatchStrategy strategy_;
  bool interface_lsm_ = false;
  std::string secmark_owner_;
  std::string netlabel_owner_;
  std::vector<std::unique_ptr<LsmModule>> modules_;
  std::vector<std::string> boot_messages_;
  LsmBlobSizes blob_totals_;

  // slot_table strategy: contiguous slots filled from 0 in registration (= LSM) order.
  std::array<std::array<HookEntry, kMaxLsmCount>, kHookCount> slots_{};
  std::array<std::uint8_t, kHookCount> slot_count_{};
  // hook_list strategy: separately allocated nodes, like hlist_add_tail_rcu().
  std::array<HookNode*, kHookCount> heads_{};
  std::vector<std::unique_ptr<HookNode>> nodes_;

  struct Explanation {
    const LsmModule* lsm = nullptr;
    std::string level;
    std::string reason;
  };
  Explanation pending_;
  std::optional<Denial> last_denial_;

  void push_trace(Hook h, const LsmModule& m, int rc, std::size_t mark);

  bool tracing_ = false;
  std::vector<HookTraceEvent> trace_;
  std::vector<LevelNote> notes_;  // made by callbacks still running (or outside any hook)
};

// ---------------------------------------------------------------------------------------
// Template definitions: small and inlined, because they are the hot path of every syscall.

template <Hook H>
void HookRegistrar::add(typename HookTraits<H>::Fn fn) {
  fw_.add_hook(H, HookEntry{reinterpret_cast<void (*)()>(fn), &self_});
}

template <Hook H, class F>
void LsmFramework::for_each_hook(F&& f) const {
  constexpr auto h = static_cast<std::size_t>(H);
  if (strategy_ == DispatchStrategy::slot_table) {
    const HookEntry* slots = slots_[h].data();
    const unsigned n = slot_count_[h];
    for (unsigned i = 0; i < n; ++i)
      if (!f(slots[i])) return;
  } else {
    for (const HookNode* node = heads_[h]; node != nullptr; node = node->next)
      if (!f(node->entry)) return;
  }
}

template <Hook H, class... A>
int LsmFramework::call_int(A&&... args) {
  using T = HookTraits<H>;
  static_assert(std::is_same_v<typename T::Ret, int>, "call_int on a void hook");
  int rc = T::kDefault;
  for_each_hook<H>([&](const HookEntry& e) {
    const std::size_t mark = tracing_ ? notes_.size() : 0;
    rc = invoke<H>(e, args...);
    if (tracing_) push_trace(H, *e.self, rc, mark);
    if (rc != T::kDefault) {
      record_decision(H, *e.self, rc);
      return false;
    }
    if (pending_.lsm != nullptr) clear_pending_explanation();
    return true;
  });
  return rc;
}

template <Hook H, class... A>
void LsmFramework::call_void(A&&... args) {
  using T = HookTraits<H>;
  static_assert(std::is_void_v<typename T::Ret>, "call_void on an int hook");
  for_each_hook<H>([&](const HookEntry& e) {
    const std::size_t mark = tracing_ ? notes_.size() : 0;
    reinterpret_cast<typename T::Fn>(e.fn)(*e.self, args...);
    if (tracing_) push_trace(H, *e.self, 0, mark);
    if (pending_.lsm != nullptr) clear_pending_explanation();
    return true;
  });
}

}  // namespace lsmsim
