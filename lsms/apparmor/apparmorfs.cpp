// apparmorfs (security/apparmor/apparmorfs.c, v6.12), the part lsmsim models: the
// securityfs directory /sys/kernel/security/apparmor with .load, .replace, .remove (0666:
// the policy checks happen on write, aa_may_manage_policy), revision, `profiles` (0444;
// opening needs aa_policy_view_capable), .stacked, .ns_stacked, .ns_level, .ns_name and the
// `policy` magic link (apparmorfs_policy.cpp). Every file acts on the writer's/reader's own
// namespace. Divergence: .load/.replace take profile text, not the parser's binary blob.
#include <cerrno>

#include "lsms/apparmor/apparmor_lsm.h"
#include "lsms/apparmor/apparmor_policy_ops.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/inode_ops.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

namespace {

std::shared_ptr<InodeOps> seq(SeqFileOps::Show show, SeqFileOps::Store store = nullptr) {
  return std::make_shared<SeqFileOps>(std::move(show), std::move(store));
}

struct ProfilesOps : SeqFileOps {
  ApparmorLsm* me;
  explicit ProfilesOps(ApparmorLsm* m)
      : SeqFileOps([m](File&, Task& reader, std::string& out) {
          out.clear();
          for (const std::string& l : aa_profiles_lines(m->task_ns(reader))) out += l + "\n";
          return 0;
        }),
        me(m) {}
  // profiles_open(): aa_current_policy_view_capable(NULL).
  int open(File&, Task& opener) override {
    return aa_policy_view_capable(*me, *opener.cred, nullptr) ? 0 : -EACCES;
  }
};

// seq_ns_{stacked,nsstacked,level,name}_show: the reader's own label and namespace.
std::shared_ptr<InodeOps> ns_info(ApparmorLsm* m, char which) {
  return seq([m, which](File&, Task& reader, std::string& out) {
    const AaLabel& l = m->cred_aa_label(*reader.cred);
    const AaNs& ns = aa_labels_ns(l);
    bool yes = l.vec.size() > 1;
    if (which == 'N') {
      yes = false;
      for (const AaComponent& c : l.vec) yes = yes || c.ns != &ns;
    }
    if (which == 'l')
      out = std::to_string(ns.level) + "\n";
    else if (which == 'n')
      out = ns.name + "\n";
    else
      out = yes ? "yes\n" : "no\n";
    return 0;
  });
}

void fill_apparmor_dir(ApparmorLsm& me, Vfs& vfs, Inode& root) {
  auto dir = vfs.add_dir(root, "apparmor", 0755);
  ApparmorLsm* m = &me;
  vfs.add_seq_file(*dir, ".load", 0666, aa_policy_file_ops(me, kAaMayLoadPolicy, nullptr));
  vfs.add_seq_file(*dir, ".replace", 0666,
                   aa_policy_file_ops(me, kAaMayLoadPolicy | kAaMayReplacePolicy, nullptr));
  vfs.add_seq_file(*dir, ".remove", 0666, aa_policy_file_ops(me, kAaMayRemovePolicy, nullptr));
  vfs.add_seq_file(*dir, "revision", 0444, aa_revision_ops(me, nullptr));
  vfs.add_seq_file(*dir, "profiles", 0444, std::make_shared<ProfilesOps>(m));
  vfs.add_seq_file(*dir, ".stacked", 0444, ns_info(m, 's'));
  vfs.add_seq_file(*dir, ".ns_stacked", 0444, ns_info(m, 'N'));
  vfs.add_seq_file(*dir, ".ns_level", 0444, ns_info(m, 'l'));
  vfs.add_seq_file(*dir, ".ns_name", 0444, ns_info(m, 'n'));
  if (auto link = aa_policy_link_ops(me)) vfs.add_symlink(*dir, "policy", "")->ops = link;
}

}  // namespace

// profile_load/profile_replace/profile_remove: policy_update() on the file's namespace (the
// writer's own for the securityfs files, whose i_private is NULL).
std::shared_ptr<InodeOps> aa_policy_file_ops(ApparmorLsm& me, std::uint32_t mask, AaNs* ns) {
  ApparmorLsm* m = &me;
  auto nothing = [](File&, Task&, std::string&) { return -EINVAL; };
  return seq(nothing, [m, mask, ns](File& f, Task& writer, const std::string& data) -> long {
    if (f.pos != 0) return -ESPIPE;  // aa_simple_write_to_buffer: complete writes only
    std::string info;
    const int rc = (mask & kAaMayRemovePolicy) != 0
                       ? aa_remove_profiles(*m, writer.cred.get(), ns, data, info)
                       : aa_load_text(*m, writer.cred.get(), data, mask, info, ns);
    if (rc < 0) {
      m->kernel().lsm().record_refusal("apparmorfs", *m, rc);
      return rc;
    }
    return static_cast<long>(data.size());
  });
}

// ns_revision_read(): the namespace's revision. A read that would wait for a change (the
// revision equals the last one read: 0 for a new open file) cannot block in lsmsim: EAGAIN,
// as with O_NONBLOCK.
std::shared_ptr<InodeOps> aa_revision_ops(ApparmorLsm& me, AaNs* ns) {
  ApparmorLsm* m = &me;
  return seq([m, ns](File&, Task& reader, std::string& out) {
    const AaNs& n = ns != nullptr ? *ns : m->task_ns(reader);
    if (n.revision == 0) return -EAGAIN;
    out = std::to_string(n.revision) + "\n";
    return 0;
  });
}

void apparmor_register_apparmorfs(ApparmorLsm& me) {
  Vfs& vfs = me.kernel().vfs();
  const FsType* old = vfs.find_fs_type("securityfs");
  if (old == nullptr) return;
  FsType t = *old;
  auto base = old->fill;
  ApparmorLsm* m = &me;
  t.fill = [m, base](Vfs& v, SuperBlock& sb, Task& mounter, const std::string& data) {
    const int rc = base ? base(v, sb, mounter, data) : 0;
    if (rc == 0 && sb.root != nullptr) fill_apparmor_dir(*m, v, *sb.root);
    return rc;
  };
  vfs.register_fs_type(std::move(t));
}

}  // namespace lsmsim
