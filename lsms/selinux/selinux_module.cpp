// SELinux's descriptor and the life of its labels: creds, namespaces' views of SIDs, inode
// and superblock labels (security/selinux/hooks.c, v6.12, with the Smalley namespace series).
#include <cerrno>
#include <memory>

#include "lsms/selinux/selinux_lsm.h"
#include "model/kernel.h"
#include "model/lsm/lsm_uapi.h"
#include "model/net/socket.h"
#include "model/vfs/inode.h"

namespace lsmsim {

SelinuxLsm::SelinuxLsm(Kernel& kernel, const LsmDescriptor& desc) : LsmModule(kernel, desc) {
  kernel_sid = sids.intern(kSelinuxKernelContext);
  unlabeled_sid = sids.intern(kSelinuxUnlabeledContext);
  init_ns = std::make_shared<SelinuxNamespace>(*this, nullptr, ns_counter);
}

SelinuxLsm::~SelinuxLsm() = default;

SelinuxSockSecurity& SelinuxLsm::sock_sec(Socket& s) {
  return s.security.at<SelinuxSockSecurity>(blob_offset(BlobKind::sock));
}

SelinuxNamespace& SelinuxLsm::ns_of(const Cred& c) const {
  if (c.security.empty()) return *init_ns;
  const SelinuxCredSecurity& t = cred_sec(c);
  return t.ns != nullptr ? *t.ns : *init_ns;
}

std::uint32_t SelinuxLsm::sid_at(const Cred& c, const SelinuxNamespace& ns) const {
  const SelinuxCredSecurity& t = cred_sec(c);
  if (&ns_of(c) == &ns) return t.sid;
  for (const SelinuxCredLevel* l = t.parent_cred.get(); l != nullptr; l = l->parent.get())
    if (l->ns.get() == &ns) return l->sid;
  return unlabeled_sid;
}

std::vector<SelinuxLevel> SelinuxLsm::levels(const Cred& c) const {
  std::vector<SelinuxLevel> out;
  const SelinuxCredSecurity& t = cred_sec(c);
  out.push_back(SelinuxLevel{&ns_of(c), t.sid});
  for (const SelinuxCredLevel* l = t.parent_cred.get(); l != nullptr; l = l->parent.get())
    out.push_back(SelinuxLevel{l->ns.get(), l->sid});
  return out;
}

SelinuxNamespace* SelinuxLsm::nearest_initialized(SelinuxNamespace& ns) const {
  for (SelinuxNamespace* n = &ns; n != nullptr; n = n->parent.get())
    if (n->initialized()) return n;
  return nullptr;
}

std::string SelinuxLsm::context_in(std::uint32_t sid, const SelinuxNamespace& ns) const {
  const std::string* raw = sids.find(sid);
  if (raw == nullptr) return {};
  if (ns.initialized()) {
    const sepolicy::Context* c = const_cast<SelinuxNamespace&>(ns).lookup(*this, sid);
    // Invalid under this policy: the raw string, as security_sid_to_context() gives it.
    return c != nullptr ? ns.ss->context_to_string(*c) : *raw;
  }
  // No policy: initial SIDs show by name in a child namespace ("kernel", Smalley README);
  // the init namespace keeps lsmsim's policy-less labels.
  if (ns.depth > 0 && sid == kernel_sid) return "kernel";
  if (ns.depth > 0 && sid == unlabeled_sid) return "unlabeled";
  return *raw;
}

std::string SelinuxLsm::context(std::uint32_t sid, const Task& viewer) const {
  return context_in(sid, ns_of(*viewer.cred));
}

std::string SelinuxLsm::render_label(std::string_view label, const Task& viewer) const {
  const std::uint32_t sid = sids.lookup(label);
  return sid == 0 ? std::string(label) : context(sid, viewer);
}

namespace {

std::string strip_nul(std::string s) {
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

// The path of `inode` inside its filesystem (for genfscon), found by walking from the root.
bool find_path(const Inode& dir, const Inode& target, std::string& path) {
  for (const auto& [n, child] : dir.entries) {
    if (child.get() == &target) {
      path += "/" + n;
      return true;
    }
    if (child->is_dir()) {
      const std::size_t keep = path.size();
      path += "/" + n;
      if (find_path(*child, target, path)) return true;
      path.resize(keep);
    }
  }
  return false;
}

// genfs_sid(): the longest genfscon prefix for the fs type (and file type, if given).
const sepolicy::Genfscon* genfs_match(const sepolicy::Policydb& db, const std::string& fstype,
                                      const std::string& path, unsigned mode) {
  const sepolicy::Genfscon* best = nullptr;
  for (const auto& g : db.genfscon) {
    if (g.fstype != fstype || path.rfind(g.path, 0) != 0) continue;
    if (g.file_type != 0) {
      const char ft = (mode & 0170000) == 0040000   ? 'd'
                      : (mode & 0170000) == 0120000 ? 'l'
                      : (mode & 0170000) == 0140000 ? 's'
                                                    : '-';
      if (g.file_type != ft) continue;
    }
    if (best == nullptr || g.path.size() > best->path.size()) best = &g;
  }
  return best;
}

}  // namespace

namespace {

// The cached default label (SelinuxDefaultLabel): computed by the nearest initialized
// namespace of the first task to touch the object, recomputed by that namespace only after it
// loads a new policy; unlabeled, and not cached, while no namespace has a policy.
template <typename F>
std::uint32_t default_label(SelinuxLsm& me, SelinuxDefaultLabel* cache, F&& compute) {
  if (cache != nullptr) {
    if (std::shared_ptr<SelinuxNamespace> ns = cache->ns.lock(); ns && ns->initialized()) {
      if (ns->seqno != cache->seqno) {
        cache->sid = compute(*ns);
        cache->seqno = ns->seqno;
      }
      return cache->sid;
    }
  }
  Kernel& k = me.kernel();
  SelinuxNamespace& cur = k.has_current() ? me.ns_of(*k.current().cred) : *me.init_ns;
  SelinuxNamespace* first = me.nearest_initialized(cur);
  if (first == nullptr) return me.unlabeled_sid;
  const std::uint32_t sid = compute(*first);
  if (cache != nullptr) *cache = SelinuxDefaultLabel{first->weak_from_this(), first->seqno, sid};
  return sid;
}

}  // namespace

std::uint32_t SelinuxLsm::sb_sid(SuperBlock& sb) {
  return default_label(*this, sb_sec(sb), [&](SelinuxNamespace& ns) {
    const sepolicy::Policydb& db = ns.ss->policy();
    // security_fs_use(): fs_use_* first, then genfscon for "/".
    for (const auto& u : db.fs_use)
      if (u.fstype == sb.fs_type) return sids.intern(ns.ss->context_to_string(u.context));
    if (const auto* g = genfs_match(db, sb.fs_type, "/", 0040000))
      return sids.intern(ns.ss->context_to_string(g->context));
    return unlabeled_sid;
  });
}

SelinuxDefaultLabel* SelinuxLsm::sb_sec(SuperBlock& sb) {
  if (sb.security.empty()) return nullptr;
  return &sb.security.at<SelinuxDefaultLabel>(blob_offset(BlobKind::superblock));
}

SelinuxInodeSecurity* SelinuxLsm::inode_sec(Inode& inode) {
  if (inode.security.empty()) return nullptr;
  return &inode.security.at<SelinuxInodeSecurity>(blob_offset(BlobKind::inode));
}

std::uint32_t SelinuxLsm::inode_sid_at(Inode& inode, const SelinuxNamespace& ns) {
  const SelinuxInodeSecurity* isec = inode_sec(inode);
  if (isec != nullptr && isec->task_cred != nullptr) return sid_at(*isec->task_cred, ns);
  return inode_sid(inode);
}

std::uint32_t SelinuxLsm::default_inode_sid(Inode& inode, SelinuxNamespace& ns) {
  const sepolicy::Policydb& db = ns.ss->policy();
  for (const auto& u : db.fs_use) {
    if (u.fstype != inode.sb->fs_type) continue;
    // inode_doinit_use_xattr(): no xattr -> the superblock's def_sid, SECINITSID_FILE.
    if (u.kind == sepolicy::FsUseKind::xattr) return ns.initial_sid(*this, "file");
    return sids.intern(ns.ss->context_to_string(u.context));  // task/trans: the fs SID
  }
  std::string path;
  if (inode.sb->root.get() != &inode && inode.sb->root != nullptr)
    find_path(*inode.sb->root, inode, path);
  if (path.empty()) path = "/";
  if (const auto* g = genfs_match(db, inode.sb->fs_type, path, inode.mode))
    return sids.intern(ns.ss->context_to_string(g->context));
  return unlabeled_sid;  // SECURITY_FS_USE_NONE: the superblock SID, unlabeled
}

std::uint32_t SelinuxLsm::inode_sid(Inode& inode) {
  if (const SelinuxInodeSecurity* isec = inode_sec(inode);
      isec != nullptr && isec->task_cred != nullptr) {
    const Cred* viewer = kernel().has_current() ? kernel().current().cred.get() : nullptr;
    return sid_at(*isec->task_cred, viewer != nullptr ? ns_of(*viewer) : *init_ns);
  }
  auto it = inode.xattrs.find("security.selinux");
  if (it != inode.xattrs.end()) {
    const std::string ctx = strip_nul(it->second);
    return ctx.empty() ? unlabeled_sid : sids.intern(ctx);
  }
  SelinuxInodeSecurity* isec = inode_sec(inode);
  return default_label(*this, isec != nullptr ? &isec->fs_label : nullptr,
                       [&](SelinuxNamespace& ns) { return default_inode_sid(inode, ns); });
}

// selinux_init(): the boot cred runs as the kernel SID in the init namespace.
void SelinuxLsm::init_boot_cred(Cred& cred) {
  construct_in_blob<SelinuxCredSecurity>(cred.security, blob_offset(BlobKind::cred));
  cred_sec(cred).osid = cred_sec(cred).sid = kernel_sid;
  cred_sec(cred).ns = init_ns;
}

// The Vfs exists by now: selinuxfs instances become bound to SELinux namespaces.
void SelinuxLsm::init_boot_task(Task&) {
  selinux_register_selinuxfs(*this);
}

namespace {

int cred_alloc_blank(LsmModule& self, Cred& cred) {
  construct_in_blob<SelinuxCredSecurity>(cred.security, self.blob_offset(BlobKind::cred));
  return 0;
}

// selinux_cred_prepare(): the new cred carries every SID of the old one and its namespace
// chain (fork inherits).
int cred_prepare(LsmModule& self, Cred& next, const Cred& old) {
  auto& me = selinux(self);
  construct_in_blob<SelinuxCredSecurity>(next.security, self.blob_offset(BlobKind::cred),
                                         me.cred_sec(old));
  return 0;
}

void cred_free(LsmModule& self, Cred& cred) {
  if (cred.security.empty()) return;
  destroy_in_blob<SelinuxCredSecurity>(cred.security, self.blob_offset(BlobKind::cred));
}

// selinux_task_getlsmprop_obj(): the task's objective SID in SELinux's slot.
void task_getlsmprop_obj(LsmModule& self, Task& p, LsmProp& prop) {
  prop.secid[self.index()] = selinux(self).cred_sec(*p.real_cred).sid;
}

// selinux_sb_alloc_security(): the superblock's label, initialized at first use.
int sb_alloc_security(LsmModule& self, SuperBlock& sb) {
  if (!sb.security.empty())
    construct_in_blob<SelinuxDefaultLabel>(sb.security, self.blob_offset(BlobKind::superblock));
  return 0;
}

void sb_free_security(LsmModule& self, SuperBlock& sb) {
  if (!sb.security.empty())
    destroy_in_blob<SelinuxDefaultLabel>(sb.security, self.blob_offset(BlobKind::superblock));
}

int inode_alloc_security(LsmModule& self, Inode& inode) {
  if (!inode.security.empty())
    construct_in_blob<SelinuxInodeSecurity>(inode.security, self.blob_offset(BlobKind::inode));
  return 0;
}

void inode_free_security(LsmModule& self, Inode& inode) {
  if (!inode.security.empty())
    destroy_in_blob<SelinuxInodeSecurity>(inode.security, self.blob_offset(BlobKind::inode));
}

// selinux_task_to_inode(): a /proc/PID inode takes the task's objective SID (task_sid_obj),
// so access to another task's proc files is decided against the target task's context.
void task_to_inode(LsmModule& self, Task& p, Inode& inode) {
  if (SelinuxInodeSecurity* isec = selinux(self).inode_sec(inode)) isec->task_cred = p.real_cred;
}

}  // namespace

void SelinuxLsm::register_hooks(HookRegistrar& r) {
  r.add<Hook::cred_alloc_blank>(&cred_alloc_blank);
  r.add<Hook::cred_prepare>(&cred_prepare);
  r.add<Hook::cred_free>(&cred_free);
  r.add<Hook::task_getlsmprop_obj>(&task_getlsmprop_obj);
  r.add<Hook::sb_alloc_security>(&sb_alloc_security);
  r.add<Hook::sb_free_security>(&sb_free_security);
  r.add<Hook::inode_alloc_security>(&inode_alloc_security);
  r.add<Hook::inode_free_security>(&inode_free_security);
  r.add<Hook::task_to_inode>(&task_to_inode);
  selinux_register_task_hooks(r);
  selinux_register_inode_hooks(r);
  selinux_register_net_hooks(r);
  selinux_register_attr_hooks(r);
}

LsmDescriptor selinux_descriptor() {
  LsmDescriptor d;
  d.name = "selinux";
  d.id = LSM_ID_SELINUX;
  d.flags = LSM_FLAG_LEGACY_MAJOR | LSM_FLAG_EXCLUSIVE;
  d.blobs[BlobKind::cred] = static_cast<int>(sizeof(SelinuxCredSecurity));
  d.blobs[BlobKind::sock] = static_cast<int>(sizeof(SelinuxSockSecurity));
  d.blobs[BlobKind::inode] = static_cast<int>(sizeof(SelinuxInodeSecurity));
  d.blobs[BlobKind::superblock] = static_cast<int>(sizeof(SelinuxDefaultLabel));
  d.blobs.secmark = true;   // SELinux labels packets with secmarks ...
  d.blobs.netlabel = true;  // ... and with NetLabel (CIPSO/CALIPSO)
  d.create = [](Kernel& kernel, const LsmDescriptor& desc) -> std::unique_ptr<LsmModule> {
    return std::make_unique<SelinuxLsm>(kernel, desc);
  };
  return d;
}

}  // namespace lsmsim
