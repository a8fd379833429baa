// The Smack namespace prototype (Havner/smack-namespace, security/smack/smack_ns.c; Lukasz
// Pawelczyk, 2015, never merged): a map of label names per user namespace. A namespace
// without a map of its own uses its nearest ancestor's; without any map labels are the init
// names. Written through /proc/PID/attr/label_map.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lsmsim {

class SmackLsm;
struct File;
struct Task;
struct UserNamespace;

// struct smack_ns: the labels mapped in one user namespace (unmapped secid -> mapped name).
struct SmackNsMap {
  std::weak_ptr<const UserNamespace> ns;
  std::map<std::uint32_t, std::string> mapped;
  std::map<std::string, std::uint32_t, std::less<>> unmapped;  // mapped name -> secid
};

class SmackNamespaces {
 public:
  // The map `ns` holds itself (null if none or empty).
  const SmackNsMap* own(const UserNamespace& ns) const;
  // smk_find_mapped_ns(): the first map from `ns` up through its parents; null if none (the
  // namespace is not mapped: init names apply).
  const SmackNsMap* find_mapped_ns(const UserNamespace& ns) const;
  // smk_import_mapped(): adds unmapped -> name to ns's map.
  void add(const std::shared_ptr<const UserNamespace>& ns, std::uint32_t unmapped,
           const std::string& name);

 private:
  std::map<const UserNamespace*, SmackNsMap> maps_;
};

// smk_find_mapped(): the name `secid` has in `map`; null if it is not mapped there.
const std::string* smk_find_mapped(const SmackNsMap& map, std::uint32_t secid);
// smk_labels_valid(): both labels usable from `ns` (always, when it is not mapped).
bool smk_labels_valid(const SmackLsm& me, std::uint32_t subject, std::uint32_t object,
                      const UserNamespace& ns);

// proc_smack_map_seq_show(): "unmapped -> mapped\n" for each label mapped in the effective map
// of `ns` (the target task's user namespace when the file was opened), in smack_known_list
// order; empty when it is not mapped.
std::string smack_label_map_show(const SmackLsm& me, const UserNamespace& ns);
// proc_smack_map_write(): `data` holds "unmapped mapped" lines for the user namespace `ns`,
// written by `writer` through a file opened as `file` (its f_cred is the opener's). Returns
// the size, or EBADR (the init namespace), EPERM (writer's namespace neither the target's nor
// its parent, or CAP_MAC_ADMIN missing in the target namespace or the init namespace), EINVAL
// (offset, a page or more, a bad line or label), EEXIST (a name or a label mapped already).
// Lines before a bad one stay mapped.
long smack_label_map_write(SmackLsm& me, const std::shared_ptr<UserNamespace>& ns, const File& file,
                           Task& writer, std::string_view data);

}  // namespace lsmsim
