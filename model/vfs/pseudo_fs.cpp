#include "model/vfs/pseudo_fs.h"

#include <cerrno>

#include "model/capable.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/inode_ops.h"
#include "model/vfs/procfs.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

namespace {

std::shared_ptr<InodeOps> seq(SeqFileOps::Show show, SeqFileOps::Store store = nullptr) {
  return std::make_shared<SeqFileOps>(std::move(show), std::move(store));
}

// tmpfs: an empty directory owned by the mounter (shmem_fill_super); "mode=" is honoured.
int tmpfs_fill(Vfs& vfs, SuperBlock& sb, Task& mounter, const std::string& data) {
  unsigned mode = 01777;
  std::size_t at = data.find("mode=");
  if (at != std::string::npos) {
    try {
      mode = static_cast<unsigned>(std::stoul(data.substr(at + 5), nullptr, 8)) & 07777;
    } catch (...) {
      return -EINVAL;
    }
  }
  sb.root = vfs.new_inode(sb, S_IFDIR_ | mode, mounter.cred->fsuid, mounter.cred->fsgid);
  return 0;
}

// sysfs: the directories LSM filesystems are mounted on.
int sysfs_fill(Vfs& vfs, SuperBlock& sb, Task&, const std::string&) {
  sb.pseudo = true;
  sb.root = vfs.new_inode(sb, S_IFDIR_ | 0555);
  auto kernel = vfs.add_dir(*sb.root, "kernel", 0755);
  vfs.add_dir(*kernel, "security", 0755);
  auto fs = vfs.add_dir(*sb.root, "fs", 0755);
  vfs.add_dir(*fs, "selinux", 0755);
  vfs.add_dir(*fs, "smackfs", 0755);
  vfs.add_dir(*fs, "cgroup", 0755);
  return 0;
}

// securityfs: /lsm lists the active LSMs (no trailing newline, as the kernel prints it).
int securityfs_fill(Vfs& vfs, SuperBlock& sb, Task&, const std::string&) {
  sb.pseudo = true;
  sb.root = vfs.new_inode(sb, S_IFDIR_ | 0755);
  vfs.add_seq_file(*sb.root, "lsm", 0444, seq([](File& f, Task&, std::string& out) {
                     out = f.kernel.lsm().lsm_list();
                     return 0;
                   }));
  return 0;
}

// selinuxfs: each mount its own instance (as with SELinux namespaces); "enforce" prints
// "0"/"1" without a newline and stores writes, "policyvers" the newest policy version.
int selinuxfs_fill(Vfs& vfs, SuperBlock& sb, Task&, const std::string&) {
  sb.pseudo = true;
  auto info = std::make_shared<SelinuxfsInfo>();
  sb.fs_info = info;
  sb.root = vfs.new_inode(sb, S_IFDIR_ | 0755);
  SelinuxfsInfo* st = info.get();
  vfs.add_seq_file(*sb.root, "enforce", 0644,
                   seq(
                       [st](File&, Task&, std::string& out) {
                         out = st->enforcing ? "1" : "0";
                         return 0;
                       },
                       [st](File&, Task&, const std::string& data) -> long {
                         if (data.empty() || (data[0] != '0' && data[0] != '1')) return -EINVAL;
                         st->enforcing = data[0] == '1';
                         return static_cast<long>(data.size());
                       }));
  vfs.add_seq_file(*sb.root, "policyvers", 0444, seq([](File&, Task&, std::string& out) {
                     out = "33";
                     return 0;
                   }));
  return 0;
}

// smackfs: each mount its own instance; load2 and onlycap keep what is written.
int smackfs_fill(Vfs& vfs, SuperBlock& sb, Task&, const std::string&) {
  sb.pseudo = true;
  auto info = std::make_shared<SmackfsInfo>();
  sb.fs_info = info;
  sb.root = vfs.new_inode(sb, S_IFDIR_ | 0755);
  SmackfsInfo* st = info.get();
  vfs.add_seq_file(*sb.root, "load2", 0666,
                   seq(
                       [st](File&, Task&, std::string& out) {
                         out = st->load2;
                         return 0;
                       },
                       [st](File&, Task&, const std::string& data) -> long {
                         st->load2 += data;
                         return static_cast<long>(data.size());
                       }));
  vfs.add_seq_file(*sb.root, "onlycap", 0644,
                   seq(
                       [st](File&, Task&, std::string& out) {
                         out = st->onlycap;
                         return 0;
                       },
                       [st](File&, Task&, const std::string& data) -> long {
                         st->onlycap = data;
                         return static_cast<long>(data.size());
                       }));
  return 0;
}

}  // namespace

void register_pseudo_fs_types(Vfs& vfs) {
  FsType ext4;
  ext4.name = "ext4";
  ext4.user_mountable = false;
  vfs.register_fs_type(ext4);

  FsType tmpfs;
  tmpfs.name = "tmpfs";
  tmpfs.userns_mount = true;
  tmpfs.fill = tmpfs_fill;
  vfs.register_fs_type(tmpfs);

  vfs.register_fs_type(proc_fs_type());

  // sysfs is FS_USERNS_MOUNT, but only for the owner of the current network namespace
  // (sysfs_init_fs_context -> kobj_ns_current_may_mount), whose user ns is fc->user_ns.
  FsType sysfs;
  sysfs.name = "sysfs";
  sysfs.userns_mount = true;
  sysfs.userns_visible = true;
  sysfs.init_fs_context = [](Task& t) {
    const bool ok = ns_capable(t, *t.nsproxy.net->owner, CAP_SYS_ADMIN);
    (void)t.kernel.lsm().take_denial();
    return ok ? 0 : -EPERM;
  };
  sysfs.context_user_ns = [](Task& t) { return t.nsproxy.net->owner; };
  sysfs.fill = sysfs_fill;
  vfs.register_fs_type(sysfs);

  FsType securityfs;
  securityfs.name = "securityfs";
  securityfs.single = true;
  securityfs.fill = securityfs_fill;
  vfs.register_fs_type(securityfs);

  FsType selinuxfs;
  selinuxfs.name = "selinuxfs";
  selinuxfs.fill = selinuxfs_fill;
  vfs.register_fs_type(selinuxfs);

  FsType smackfs;
  smackfs.name = "smackfs";
  smackfs.fill = smackfs_fill;
  vfs.register_fs_type(smackfs);
}

}  // namespace lsmsim
