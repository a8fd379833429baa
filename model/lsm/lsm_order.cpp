#include "model/lsm/lsm_order.h"

#include <algorithm>
#include <sstream>

namespace lsmsim {
namespace {

class OrderBuilder {
 public:
  OrderBuilder(const std::vector<LsmDescriptor>& catalog, const LsmBootParams& params)
      : catalog_(catalog), params_(params) {
    for (const LsmDescriptor& d : catalog_) {
      auto it = params_.enabled.find(d.name);
      enabled_[&d] = it != params_.enabled.end() ? it->second : d.enabled_by_default;
    }
  }

  bool contains(const LsmDescriptor* d) const {
    return std::find(ordered_.begin(), ordered_.end(), d) != ordered_.end();
  }

  void append(const LsmDescriptor* d, const char* origin) {
    if (contains(d)) {
      note(std::string(origin) + " duplicate ignored: " + d->name);
      return;
    }
    ordered_.push_back(d);
  }

  void disable(const LsmDescriptor* d) { enabled_[d] = false; }
  bool is_enabled(const LsmDescriptor* d) const { return enabled_.at(d); }
  void note(std::string msg) { messages_.push_back(std::move(msg)); }

  std::vector<const LsmDescriptor*>& ordered() { return ordered_; }
  std::vector<std::string>& messages() { return messages_; }

 private:
  const std::vector<LsmDescriptor>& catalog_;
  const LsmBootParams& params_;
  std::map<const LsmDescriptor*, bool> enabled_;
  std::vector<const LsmDescriptor*> ordered_;
  std::vector<std::string> messages_;
};

std::vector<std::string> split_commas(const std::string& s) {
  // strsep semantics: "a,,b" yields an empty name in the middle, which matches nothing.
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(item);
  if (!s.empty() && s.back() == ',') out.emplace_back();
  return out;
}

}  // namespace

LsmOrderResult lsm_order_parse(const std::vector<LsmDescriptor>& catalog,
                               const LsmBootParams& params) {
  OrderBuilder b(catalog, params);

  std::optional<std::string> chosen_major = params.security;
  std::string order = params.config_lsm;
  const char* origin = "builtin";
  if (params.lsm) {
    if (chosen_major) {
      b.note("security=" + *chosen_major + " is ignored because it is superseded by lsm=" +
             *params.lsm);
      chosen_major.reset();
    }
    order = *params.lsm;
    origin = "cmdline";
  }

  // LSM_ORDER_FIRST (capability) always comes first.
  for (const LsmDescriptor& d : catalog)
    if (d.order == LsmOrder::first) b.append(&d, "first");

  // security=X disables every other legacy major LSM (no fallback if X itself is disabled).
  if (chosen_major) {
    for (const LsmDescriptor& d : catalog) {
      if ((d.flags & LSM_FLAG_LEGACY_MAJOR) && d.name != *chosen_major) {
        b.disable(&d);
        b.note("security=" + *chosen_major + " disabled: " + d.name +
               " (only one legacy major LSM)");
      }
    }
  }

  for (const std::string& name : split_commas(order)) {
    bool found = false;
    for (const LsmDescriptor& d : catalog) {
      if (d.name != name) continue;
      found = true;
      // Naming a FIRST or LAST LSM here has no effect: order places them.
      if (d.order == LsmOrder::mutable_order) b.append(&d, origin);
    }
    if (!found) b.note(std::string(origin) + " ignored: " + name + " (not built into kernel)");
  }

  if (chosen_major) {
    for (const LsmDescriptor& d : catalog)
      if (!b.contains(&d) && d.name == *chosen_major) b.append(&d, "security=");
  }

  for (const LsmDescriptor& d : catalog)
    if (d.order == LsmOrder::last) b.append(&d, "last");

  for (const LsmDescriptor& d : catalog) {
    if (!b.contains(&d)) {
      b.disable(&d);
      b.note(std::string(origin) + " skipped: " + d.name + " (not in requested order)");
    }
  }

  // prepare_lsm: the first enabled exclusive LSM wins; later exclusive ones are disabled.
  LsmOrderResult result;
  const LsmDescriptor* exclusive = nullptr;
  for (const LsmDescriptor* d : b.ordered()) {
    if (!b.is_enabled(d)) {
      b.note("disabled: " + d->name);
      continue;
    }
    if ((d->flags & LSM_FLAG_EXCLUSIVE) && !params.stacking) {
      if (exclusive) {
        b.note("exclusive disabled: " + d->name + " (" + exclusive->name + " was chosen first)");
        continue;
      }
      exclusive = d;
      b.note("exclusive chosen: " + d->name);
    }
    result.active.push_back(d);
  }
  result.messages = std::move(b.messages());
  return result;
}

}  // namespace lsmsim
