// The Smack namespace prototype's label maps (Havner/smack-namespace security/smack/smack_ns.c).
#include "lsms/smack/smack_ns.h"

#include <cerrno>

#include "lsms/smack/smack_access.h"
#include "lsms/smack/smack_label.h"
#include "lsms/smack/smack_lsm.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/ns/namespaces.h"
#include "model/vfs/inode.h"
#include "model/vfs/inode_ops.h"

namespace lsmsim {

namespace {

constexpr std::size_t kPageSize = 4096;

// The kernel's isspace() (lib/ctype.c): also byte 0xA0.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' ||
         static_cast<unsigned char>(c) == 0xA0;
}

}  // namespace

const SmackNsMap* SmackNamespaces::own(const UserNamespace& ns) const {
  auto it = maps_.find(&ns);
  if (it == maps_.end() || it->second.mapped.empty()) return nullptr;
  // A map left by a freed namespace whose address was reused belongs to nobody.
  if (it->second.ns.lock().get() != &ns) return nullptr;
  return &it->second;
}

const SmackNsMap* SmackNamespaces::find_mapped_ns(const UserNamespace& ns) const {
  for (const UserNamespace* n = &ns; n != nullptr; n = n->parent.get())
    if (const SmackNsMap* m = own(*n)) return m;
  return nullptr;
}

void SmackNamespaces::add(const std::shared_ptr<const UserNamespace>& ns, std::uint32_t unmapped,
                          const std::string& name) {
  SmackNsMap& m = maps_[ns.get()];
  if (m.ns.lock() != ns) m = SmackNsMap{ns, {}, {}};
  m.mapped[unmapped] = name;
  m.unmapped[name] = unmapped;
}

const std::string* smk_find_mapped(const SmackNsMap& map, std::uint32_t secid) {
  auto it = map.mapped.find(secid);
  return it == map.mapped.end() ? nullptr : &it->second;
}

bool smk_labels_valid(const SmackLsm& me, std::uint32_t subject, std::uint32_t object,
                      const UserNamespace& ns) {
  const SmackNsMap* map = me.namespaces.find_mapped_ns(ns);
  if (map == nullptr) return true;
  return smk_find_mapped(*map, subject) != nullptr && smk_find_mapped(*map, object) != nullptr;
}

std::string smack_label_map_show(const SmackLsm& me, const UserNamespace& ns) {
  const SmackNsMap* map = me.namespaces.find_mapped_ns(ns);
  if (map == nullptr) return {};
  // smack_known_list order: the newest label first.
  std::string out;
  for (auto it = map->mapped.rbegin(); it != map->mapped.rend(); ++it)
    out += *me.known.find(it->first) + " -> " + it->second + "\n";
  return out;
}

long smack_label_map_write(SmackLsm& me, const std::shared_ptr<UserNamespace>& ns, const File& file,
                           Task& writer, std::string_view data) {
  const UserNamespace& init = *me.kernel().init_user_ns();
  if (ns.get() == &init) {
    me.explain_denial("", "the init user namespace has no Smack label map");
    return -EBADR;
  }
  const UserNamespace* seq_ns = file.f_cred->user_ns.get();
  if (seq_ns != ns.get() && seq_ns != ns->parent.get()) {
    me.explain_denial("", "the label map can only be written from the namespace or its parent");
    return -EPERM;
  }
  // mapping_permitted(): CAP_MAC_ADMIN over the target namespace and in the init one (only
  // the init namespace may fill maps: the prototype is not hierarchical yet).
  Kernel& k = me.kernel();
  const bool permitted =
      security_capable(k, *file.f_cred, *ns, CAP_MAC_ADMIN, CAP_OPT_NOAUDIT) == 0 &&
      smack_ns_privileged_cred(me, init, CAP_MAC_ADMIN, *writer.cred) &&
      security_capable(k, *file.f_cred, init, CAP_MAC_ADMIN, CAP_OPT_NOAUDIT) == 0;
  if (!permitted) {
    me.explain_denial("",
                      "writing a label map needs CAP_MAC_ADMIN in the target user namespace "
                      "and in the init user namespace");
    return -EPERM;
  }
  if (file.pos != 0 || data.size() >= kPageSize) return -EINVAL;
  const std::size_t size = data.size();
  // The kernel's copy ends at the first NUL.
  data = data.substr(0, std::min(data.size(), data.find('\0')));
  std::size_t pos = 0;
  while (pos < data.size() || pos == 0) {
    std::size_t eol = data.find('\n', pos);
    std::string_view line = data.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
    std::size_t next = eol == std::string_view::npos ? data.size() : eol + 1;
    std::string_view tok[2];
    std::size_t p = 0;
    for (auto& t : tok) {
      while (p < line.size() && is_space(line[p])) ++p;
      if (p >= line.size()) return -EINVAL;  // unexpected end of line
      const std::size_t start = p;
      while (p < line.size() && !is_space(line[p])) ++p;
      t = line.substr(start, p - start);
    }
    while (p < line.size() && is_space(line[p])) ++p;
    if (p != line.size()) return -EINVAL;  // trailing data
    // One name for one label: the mapped name must be new, and so must the label.
    std::string name;
    if (!smk_parse_smack(tok[1], name)) return -EINVAL;
    const SmackNsMap* own = me.namespaces.own(*ns);
    if (own != nullptr && own->unmapped.count(name) != 0) {
      me.explain_denial("", "\"" + name + "\" is mapped already");
      return -EEXIST;
    }
    std::uint32_t skp = 0;
    if (const int rc = smk_import_label(me, tok[0], skp); rc < 0) return rc;
    if (own != nullptr && own->mapped.count(skp) != 0) {
      me.explain_denial("", "\"" + *me.known.find(skp) + "\" is mapped already");
      return -EEXIST;
    }
    me.namespaces.add(ns, skp, name);
    if (next >= data.size()) break;
    pos = next;
  }
  return static_cast<long>(size);
}

namespace {

// proc_smack_map_operations (the prototype's fs/proc/base.c): the namespace is the target's
// when the file is opened.
struct LabelMapOps : InodeOps {
  SmackLsm* me = nullptr;
  std::int32_t gpid = 0;
  int open(File& f, Task&) override {
    Task* t = me->kernel().find_task(gpid);
    if (t == nullptr) return -ESRCH;
    f.private_data = t->cred->user_ns;
    return 0;
  }
  static std::shared_ptr<UserNamespace> ns_of(const File& f) {
    return std::static_pointer_cast<UserNamespace>(std::const_pointer_cast<void>(f.private_data));
  }
  int read(File& f, Task&, std::string& out) override {
    out = smack_label_map_show(*me, *ns_of(f));
    return 0;
  }
  long write(File& f, Task& writer, const std::string& data) override {
    const long rc = smack_label_map_write(*me, ns_of(f), f, writer, data);
    if (rc < 0) me->kernel().lsm().record_refusal("label_map", *me, static_cast<int>(rc));
    return rc;
  }
};

}  // namespace

std::vector<LsmModule::ProcAttrFile> SmackLsm::proc_attr_files() const {
  return {{"label_map", 0666}};  // the prototype's fs/proc/base.c: S_IRUGO|S_IWUGO
}

std::shared_ptr<InodeOps> SmackLsm::proc_attr_ops(const std::string& name, std::int32_t gpid) {
  if (name != "label_map") return nullptr;
  auto ops = std::make_shared<LabelMapOps>();
  ops->me = this;
  ops->gpid = gpid;
  return ops;
}

}  // namespace lsmsim
