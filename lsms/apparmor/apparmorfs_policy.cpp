// apparmorfs's policy tree (security/apparmor/apparmorfs.c, v6.12): an internal filesystem
// (kern_mount "apparmorfs") holding one directory per policy namespace, reached through the
// magic symlink securityfs apparmor/policy, which jumps to the reader's own namespace
// directory (policy_get_link -> nd_jump_link), so every task sees its namespace as the root.
// A namespace directory (__aafs_ns_mkdir_entries) holds .load/.replace/.remove (0640, loading
// into THAT namespace), revision, raw_data/ (empty: lsmsim keeps no binary policy),
// profiles/ and namespaces/ (mkdir/rmdir create and remove child namespaces: ns_mkdir_op,
// ns_rmdir_op). A profile directory `<mangled base name>.<uniq_id>` (__aafs_profile_mkdir)
// holds name, mode, attach and, when it has children, profiles/. Directories are built on
// lookup and cached, so an inode stands for one namespace or profile directory while it lives.
#include <cerrno>
#include <map>
#include <utility>

#include "lsms/apparmor/apparmor_lsm.h"
#include "lsms/apparmor/apparmor_policy_ops.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/inode_ops.h"
#include "model/vfs/mount.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

namespace {

std::string_view base_name(std::string_view hname) {
  const std::size_t split = hname.rfind("//");
  return split == std::string_view::npos ? hname : hname.substr(split + 2);
}

std::string_view parent_hname(std::string_view hname) {
  const std::size_t split = hname.rfind("//");
  return split == std::string_view::npos ? std::string_view{} : hname.substr(0, split);
}

struct AafsState {
  ApparmorLsm* me = nullptr;
  std::weak_ptr<Mount> mnt;  // the mount owns sb, sb->fs_info owns this
  SuperBlock* sb = nullptr;
  std::map<const AaNs*, std::shared_ptr<Inode>> ns_dirs;
  std::map<std::pair<const AaNs*, std::string>, std::shared_ptr<Inode>> prof_dirs;   // dirname
  std::map<std::pair<const AaNs*, std::string>, std::shared_ptr<Inode>> child_dirs;  // hname

  Vfs& vfs() { return me->kernel().vfs(); }
  std::shared_ptr<Inode> new_dir() { return vfs().new_inode(*sb, S_IFDIR_ | 0755); }
  std::shared_ptr<Inode> ns_dir(AaNs& ns);
  std::shared_ptr<Inode> profile_dir(AaNs& ns, const AaProfile& p);
  std::shared_ptr<Inode> profiles_dir(AaNs& ns, const std::string& parent);
  void fill_ns_dir(AaNs& ns, Inode& dir);
};

long refusal(ApparmorLsm& me, int rc) {
  me.kernel().lsm().record_refusal("apparmorfs", me, rc);
  return rc;
}

// A profile's name/mode/attach file (seq_profile_{name,mode,attach}_show).
struct ProfileFileOps : InodeOps {
  AaNs* ns;
  std::string hname;
  char which;  // 'n', 'm', 'a'
  ProfileFileOps(AaNs* n, std::string h, char w) : ns(n), hname(std::move(h)), which(w) {}
  int read(File&, Task&, std::string& out) override {
    const AaProfile* p = ns->removed ? nullptr : ns->find_profile(hname);
    if (p == nullptr || p->unconfined()) return -ENOENT;  // the directory went with it
    const std::string base(base_name(hname));
    if (which == 'n') {
      out = base + "\n";
    } else if (which == 'm') {
      out = std::string(aa::profile_mode_name(p->mode())) + "\n";
    } else {
      // profile->attach when the parser sent one; a glob-named profile has only its xmatch
      // ("<unknown>"); otherwise the name.
      const auto& att = p->rules->attachment;
      if (att && att->pattern() != p->rules->name)
        out = att->pattern() + "\n";
      else if (att && !att->is_literal())
        out = "<unknown>\n";
      else
        out = base + "\n";
    }
    return 0;
  }
};

bool has_children(const AaNs& ns, const std::string& hname) {
  for (const auto& [h, p] : ns.profiles)
    if (parent_hname(h) == hname && !p->dirname.empty()) return true;
  return false;
}

// A profile's directory: its files, and profiles/ while it has children.
struct ProfileDirOps : InodeOps {
  AafsState* st;
  AaNs* ns;
  std::string hname;
  ProfileDirOps(AafsState* s, AaNs* n, std::string h) : st(s), ns(n), hname(std::move(h)) {}
  std::shared_ptr<Inode> lookup(Inode&, const std::string& name, Task&) override {
    if (name == "profiles" && has_children(*ns, hname)) return st->profiles_dir(*ns, hname);
    return nullptr;
  }
  std::vector<std::string> list(Inode&, Task&) override {
    if (has_children(*ns, hname)) return {"profiles"};
    return {};
  }
};

// profiles/ of a namespace (parent "") or of a profile: one directory per direct child.
struct ProfilesDirOps : InodeOps {
  AafsState* st;
  AaNs* ns;
  std::string parent;
  ProfilesDirOps(AafsState* s, AaNs* n, std::string p) : st(s), ns(n), parent(std::move(p)) {}
  std::shared_ptr<Inode> lookup(Inode&, const std::string& name, Task&) override {
    if (ns->removed) return nullptr;
    for (const auto& [h, p] : ns->profiles)
      if (parent_hname(h) == parent && !p->dirname.empty() && p->dirname == name)
        return st->profile_dir(*ns, *p);
    return nullptr;
  }
  std::vector<std::string> list(Inode&, Task&) override {
    std::vector<std::string> out;
    for (const auto& [h, p] : ns->profiles)
      if (parent_hname(h) == parent && !p->dirname.empty()) out.push_back(p->dirname);
    return out;
  }
};

// namespaces/ (ns_dir_inode_operations): lookup, mkdir, rmdir.
struct NamespacesOps : InodeOps {
  AafsState* st;
  AaNs* ns;
  NamespacesOps(AafsState* s, AaNs* n) : st(s), ns(n) {}
  std::shared_ptr<Inode> lookup(Inode&, const std::string& name, Task&) override {
    AaNs* child = ns->removed ? nullptr : ns->find_ns(name);
    if (child == nullptr || name.find("//") != std::string::npos) return nullptr;
    return st->ns_dir(*child);
  }
  std::vector<std::string> list(Inode&, Task&) override {
    std::vector<std::string> out;
    for (const auto& [n, c] : ns->children)
      if (!c->removed) out.push_back(n);
    return out;
  }
  bool has_mkdir() const override { return true; }
  // ns_mkdir_op(): aa_may_manage_policy(label, NULL, AA_MAY_LOAD_POLICY) — the caller's own
  // namespace — then __aa_find_or_create_ns in the directory's namespace. An existing name
  // never gets here: the VFS finds its dentry first (EEXIST).
  int mkdir(Inode&, const std::string& name, unsigned, Task& caller) override {
    ApparmorLsm& me = *st->me;
    if (const int rc = aa_may_manage_policy(me, caller.cred.get(), nullptr, kAaMayLoadPolicy))
      return static_cast<int>(refusal(me, rc));
    if (ns->removed) return -ENOENT;
    return aa_mkdir_ns(me, nullptr, *ns, name);
  }
  // ns_rmdir_op(): the same check, then __aa_remove_ns (its tasks go unconfined).
  int rmdir(Inode&, const std::string& name, Inode&, Task& caller) override {
    ApparmorLsm& me = *st->me;
    if (const int rc = aa_may_manage_policy(me, caller.cred.get(), nullptr, kAaMayLoadPolicy))
      return static_cast<int>(refusal(me, rc));
    AaNs* child = ns->removed ? nullptr : ns->find_ns(name);
    if (child == nullptr) return -ENOENT;
    me.remove_ns(*child);
    return 0;
  }
};

// The policy magic link: the reader's namespace directory (policy_get_link).
struct PolicyLinkOps : InodeOps {
  AafsState* st;
  explicit PolicyLinkOps(AafsState* s) : st(s) {}
  int get_link(Inode&, Task& reader, LinkTarget& out) override {
    out.jump_mnt = st->mnt.lock();
    out.jump_inode = st->ns_dir(st->me->task_ns(reader));
    out.text = "apparmorfs:[" + std::to_string(out.jump_inode->ino) + "]";  // policy_readlink
    return 0;
  }
};

std::shared_ptr<Inode> AafsState::ns_dir(AaNs& ns) {
  if (ns.parent == nullptr) return sb->root;
  auto& slot = ns_dirs[&ns];
  if (slot == nullptr) {
    slot = new_dir();
    fill_ns_dir(ns, *slot);
  }
  return slot;
}

std::shared_ptr<Inode> AafsState::profiles_dir(AaNs& ns, const std::string& parent) {
  auto& slot = child_dirs[{&ns, parent}];
  if (slot == nullptr) {
    slot = new_dir();
    slot->ops = std::make_shared<ProfilesDirOps>(this, &ns, parent);
  }
  return slot;
}

std::shared_ptr<Inode> AafsState::profile_dir(AaNs& ns, const AaProfile& p) {
  auto& slot = prof_dirs[{&ns, p.dirname}];
  if (slot == nullptr) {
    slot = new_dir();
    slot->ops = std::make_shared<ProfileDirOps>(this, &ns, p.hname);
    for (const auto& [file, which] : {std::pair{"name", 'n'}, {"mode", 'm'}, {"attach", 'a'}})
      vfs().add_seq_file(*slot, file, 0444, std::make_shared<ProfileFileOps>(&ns, p.hname, which));
  }
  return slot;
}

void AafsState::fill_ns_dir(AaNs& ns, Inode& dir) {
  Vfs& v = vfs();
  v.add_seq_file(dir, ".load", 0640, aa_policy_file_ops(*me, kAaMayLoadPolicy, &ns));
  v.add_seq_file(dir, ".replace", 0640,
                 aa_policy_file_ops(*me, kAaMayLoadPolicy | kAaMayReplacePolicy, &ns));
  v.add_seq_file(dir, ".remove", 0640, aa_policy_file_ops(*me, kAaMayRemovePolicy, &ns));
  v.add_seq_file(dir, "revision", 0444, aa_revision_ops(*me, &ns));
  v.add_dir(dir, "raw_data", 0755);
  v.add_dir(dir, "profiles", 0755)->ops = std::make_shared<ProfilesDirOps>(this, &ns, "");
  v.add_dir(dir, "namespaces", 0755)->ops = std::make_shared<NamespacesOps>(this, &ns);
}

}  // namespace

std::shared_ptr<InodeOps> aa_policy_link_ops(ApparmorLsm& me) {
  Vfs& vfs = me.kernel().vfs();
  auto& mnt = vfs.kern_mounts["apparmorfs"];
  if (mnt == nullptr) {
    // aa_create_aafs(): kern_mount(&aafs_ops), the root namespace's directory at its root.
    int err = 0;
    auto sb = vfs.alloc_super("apparmorfs", me.kernel().init_user_ns(), err);
    if (sb == nullptr) return nullptr;
    sb->pseudo = true;
    sb->root = vfs.new_inode(*sb, S_IFDIR_ | 0755);
    auto st = std::make_shared<AafsState>();
    st->me = &me;
    st->sb = sb.get();
    sb->fs_info = st;
    mnt = vfs.new_mount(sb, sb->root, "/", "apparmorfs");
    st->mnt = mnt;
    st->fill_ns_dir(me.policy.root(), *sb->root);
  }
  auto* st = static_cast<AafsState*>(mnt->sb->fs_info.get());
  return std::make_shared<PolicyLinkOps>(st);
}

}  // namespace lsmsim
