// A secid allocator: the u32 handles an LSM gives its labels so they fit in an lsm_prop
// slot (SELinux's sidtab, Smack's smack_known list, AppArmor's label secids). 0 is "none".
#pragma once

#include <cerrno>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lsmsim {

class SecidTable {
 public:
  // The secid of `label`, allocating the next one the first time it is seen.
  std::uint32_t intern(std::string_view label) {
    auto it = ids_.find(label);
    if (it != ids_.end()) return it->second;
    labels_.emplace_back(label);
    const auto id = static_cast<std::uint32_t>(labels_.size());
    ids_.emplace(labels_.back(), id);
    return id;
  }
  // The label of `secid`; null for 0 or an unknown secid.
  const std::string* find(std::uint32_t secid) const {
    if (secid == 0 || secid > labels_.size()) return nullptr;
    return &labels_[secid - 1];
  }
  // The secid of `label` if it was ever interned, else 0.
  std::uint32_t lookup(std::string_view label) const {
    auto it = ids_.find(label);
    return it == ids_.end() ? 0 : it->second;
  }

 private:
  std::vector<std::string> labels_;
  std::map<std::string, std::uint32_t, std::less<>> ids_;
};

// The tail every LSM's socket_getpeersec_stream shares: report the label's length in
// optlen and copy it only if it fits in len, else -ERANGE.
inline int lsm_copy_peersec(const std::string& label, std::string& optval, std::uint32_t& optlen,
                            std::uint32_t len) {
  optlen = static_cast<std::uint32_t>(label.size());
  if (label.size() > len) return -ERANGE;
  optval = label;
  return 0;
}

}  // namespace lsmsim
