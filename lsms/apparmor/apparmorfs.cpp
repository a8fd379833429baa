// apparmorfs (security/apparmor/apparmorfs.c, v6.12), the part lsmsim models: the
// securityfs directory /sys/kernel/security/apparmor with .load, .replace, .remove (0666:
// the policy checks happen on write, aa_may_manage_policy) and `profiles` (0444; opening
// needs aa_policy_view_capable). Every file acts on the writer's/reader's own namespace, so
// a task sees its namespace as the root of policy (the kernel virtualizes policy/ the same
// way). Divergence: .load/.replace take profile text, not the parser's binary blob.
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

void fill_apparmor_dir(ApparmorLsm& me, Vfs& vfs, Inode& root) {
  auto dir = vfs.add_dir(root, "apparmor", 0755);
  ApparmorLsm* m = &me;
  auto load = [m](std::uint32_t mask) {
    return [m, mask](File&, Task& writer, const std::string& data) -> long {
      std::string info;
      const int rc = aa_load_text(*m, writer.cred.get(), data, mask, info);
      if (rc < 0) {
        m->kernel().lsm().record_refusal("apparmorfs", *m, rc);
        return rc;
      }
      return static_cast<long>(data.size());
    };
  };
  auto nothing = [](File&, Task&, std::string&) { return -EINVAL; };
  vfs.add_seq_file(*dir, ".load", 0666, seq(nothing, load(kAaMayLoadPolicy)));
  vfs.add_seq_file(*dir, ".replace", 0666,
                   seq(nothing, load(kAaMayLoadPolicy | kAaMayReplacePolicy)));
  vfs.add_seq_file(*dir, ".remove", 0666,
                   seq(nothing, [m](File&, Task& writer, const std::string& data) -> long {
                     std::string info;
                     const int rc = aa_remove_profiles(*m, writer.cred.get(), nullptr, data, info);
                     if (rc < 0) {
                       m->kernel().lsm().record_refusal("apparmorfs", *m, rc);
                       return rc;
                     }
                     return static_cast<long>(data.size());
                   }));
  vfs.add_seq_file(*dir, "profiles", 0444, std::make_shared<ProfilesOps>(m));
}

}  // namespace

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
