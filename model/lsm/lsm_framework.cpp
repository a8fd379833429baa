#include "model/lsm/lsm_framework.h"

#include <iterator>
#include <stdexcept>

namespace lsmsim {

const char* dispatch_strategy_name(DispatchStrategy s) {
  return s == DispatchStrategy::hook_list ? "hook_list" : "slot_table";
}

std::optional<DispatchStrategy> dispatch_strategy_from_name(std::string_view name) {
  if (name == "hook_list") return DispatchStrategy::hook_list;
  if (name == "slot_table") return DispatchStrategy::slot_table;
  return std::nullopt;
}

void LsmModule::explain_denial(std::string ns_level, std::string reason) {
  kernel_lsm(kernel_).set_pending_explanation(*this, std::move(ns_level), std::move(reason));
}

void LsmModule::note_level(std::string level, std::string subject, int rc, std::string reason) {
  if (!noting_levels()) return;
  kernel_lsm(kernel_).add_level_note(
      LevelNote{index(), std::move(level), std::move(subject), rc, std::move(reason)});
}

LsmFramework::LsmFramework(Kernel& kernel, const std::vector<LsmDescriptor>& catalog,
                           const LsmBootParams& params, DispatchStrategy strategy)
    : kernel_(kernel), strategy_(strategy) {
  LsmOrderResult order = lsm_order_parse(catalog, params);
  boot_messages_ = std::move(order.messages);
  if (order.active.size() > kMaxLsmCount)
    throw std::invalid_argument("more than " + std::to_string(kMaxLsmCount) + " active LSMs");

  // The stacking series keeps interface_lsm in the first word of the task blob, before any
  // LSM's part (lsm_blob_sizes starts with .lbs_task = sizeof(long)).
  interface_lsm_ = params.interface_lsm_enabled();
  if (interface_lsm_) {
    blob_totals_[BlobKind::task] = kInterfaceLsmBlobSize;
    boot_messages_.push_back("interface_lsm: per-task slot at task blob offset 0");
  }
  // Blob offsets are assigned in LSM order, before any LSM initialises.
  for (const LsmDescriptor* d : order.active) {
    if (d->create == nullptr) continue;  // ordering-only descriptor (tests)
    auto module = d->create(kernel_, *d);
    LsmBlobSizes offsets = d->blobs;
    lsm_set_blob_sizes(offsets, blob_totals_);
    auto exclusive = [&](bool asked, bool got, const char* what, std::string& owner) {
      if (!asked) return;
      if (got) {
        owner = d->name;
        boot_messages_.push_back(std::string(what) + ": granted to " + d->name);
      } else {
        boot_messages_.push_back(std::string(what) + ": refused to " + d->name + " (" + owner +
                                 " uses it)");
      }
    };
    exclusive(d->blobs.secmark, offsets.secmark, "secmark", secmark_owner_);
    exclusive(d->blobs.netlabel, offsets.netlabel, "netlabel", netlabel_owner_);
    module->set_blob_offsets(offsets);
    module->set_index(static_cast<std::uint16_t>(modules_.size()));
    module->set_tracing_flag(&tracing_);
    modules_.push_back(std::move(module));
  }
  for (auto& m : modules_) {
    HookRegistrar registrar(*this, *m);
    m->register_hooks(registrar);
  }
}

LsmFramework::~LsmFramework() = default;

void LsmFramework::add_hook(Hook h, HookEntry entry) {
  const auto i = static_cast<std::size_t>(h);
  // lsm_static_call_init: the first unused slot; running out is a panic in the kernel.
  if (slot_count_[i] >= kMaxLsmCount)
    throw std::logic_error("out of LSM static calls for " + std::string(hook_name(h)));
  slots_[i][slot_count_[i]++] = entry;

  auto node = std::make_unique<HookNode>();
  node->entry = entry;
  HookNode** tail = &heads_[i];
  while (*tail != nullptr) tail = &(*tail)->next;
  *tail = node.get();
  nodes_.push_back(std::move(node));
}

LsmModule* LsmFramework::find(std::string_view name) const {
  for (const auto& m : modules_)
    if (m->name() == name) return m.get();
  return nullptr;
}

LsmModule* LsmFramework::find_by_id(std::uint64_t id) const {
  for (const auto& m : modules_)
    if (m->id() == id) return m.get();
  return nullptr;
}

std::string LsmFramework::lsm_list() const {
  std::string s;
  for (const auto& m : modules_) {
    if (!s.empty()) s += ',';
    s += m->name();
  }
  return s;
}

Blob LsmFramework::alloc_blob(BlobKind kind) const {
  return Blob(static_cast<std::size_t>(blob_totals_[kind]));
}

std::vector<std::uint16_t> LsmFramework::hook_lsms(Hook h) const {
  std::vector<std::uint16_t> out;
  const auto i = static_cast<std::size_t>(h);
  for (unsigned s = 0; s < slot_count_[i]; ++s) out.push_back(slots_[i][s].self->index());
  return out;
}

void LsmFramework::push_trace(Hook h, const LsmModule& m, int rc, std::size_t mark) {
  HookTraceEvent ev{h, m.index(), rc, {}, {}, {}};
  if (rc < 0 && pending_.lsm == &m) {
    // Copied, not moved: record_decision still hands them to the syscall's Denial.
    ev.ns_level = pending_.level;
    ev.reason = pending_.reason;
  }
  std::size_t begin = mark;
  if (mark == kNoMark) {
    begin = notes_.size();
    while (begin > 0 && notes_[begin - 1].lsm == m.index()) --begin;
  }
  if (begin < notes_.size()) {
    ev.levels.assign(std::make_move_iterator(notes_.begin() + static_cast<std::ptrdiff_t>(begin)),
                     std::make_move_iterator(notes_.end()));
    notes_.resize(begin);
  }
  trace_.push_back(std::move(ev));
}

void LsmFramework::set_pending_explanation(const LsmModule& m, std::string level,
                                           std::string reason) {
  pending_ = Explanation{&m, std::move(level), std::move(reason)};
}

void LsmFramework::record_decision(Hook h, const LsmModule& m, int rc) {
  if (rc >= 0) {
    clear_pending_explanation();
    return;
  }
  Denial d;
  d.by = std::string(m.name());
  d.hook = std::string(hook_name(h));
  if (pending_.lsm == &m) {
    d.ns_level = std::move(pending_.level);
    d.reason = std::move(pending_.reason);
  }
  pending_ = Explanation{};
  last_denial_ = std::move(d);
}

void LsmFramework::record_refusal(const std::string& where, const LsmModule& m, int rc) {
  if (rc >= 0) {
    clear_pending_explanation();
    return;
  }
  Denial d;
  d.by = std::string(m.name());
  d.hook = where;
  if (pending_.lsm == &m) {
    d.ns_level = std::move(pending_.level);
    d.reason = std::move(pending_.reason);
  }
  pending_ = Explanation{};
  last_denial_ = std::move(d);
}

std::optional<Denial> LsmFramework::take_denial() {
  std::optional<Denial> d = std::move(last_denial_);
  last_denial_.reset();
  return d;
}

}  // namespace lsmsim
