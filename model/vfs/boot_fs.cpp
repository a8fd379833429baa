// The boot filesystem of the initial mount namespace (see docs/vfs.md).
#include <stdexcept>

#include "model/kernel.h"
#include "model/vfs/fs_context.h"
#include "model/vfs/inode.h"
#include "model/vfs/mount.h"
#include "model/vfs/namei.h"
#include "model/vfs/pnode.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

namespace {

std::string elf(const std::string& name) { return std::string("\x7f" "ELF lsmsim ") + name; }

void populate_root(Vfs& vfs, Inode& root) {
  auto bin = vfs.add_dir(root, "bin", 0755);
  for (const char* n : {"sh", "bash", "cat", "ls", "mount", "umount", "true", "false"})
    vfs.add_file(*bin, n, 0755, elf(n));
  auto sbin = vfs.add_dir(root, "sbin", 0755);
  vfs.add_file(*sbin, "init", 0755, elf("init"));
  vfs.add_file(*sbin, "load_policy", 0755, elf("load_policy"));
  auto usr = vfs.add_dir(root, "usr", 0755);
  auto usr_bin = vfs.add_dir(*usr, "bin", 0755);
  for (const char* n : {"id", "env", "unshare", "nsenter", "runcon", "newuidmap", "newgidmap"})
    vfs.add_file(*usr_bin, n, 0755, elf(n));
  vfs.add_file(*usr_bin, "passwd", 04755, elf("passwd"));
  vfs.add_file(*usr_bin, "su", 04755, elf("su"));
  vfs.add_file(*usr_bin, "hello.sh", 0755, "#!/bin/sh\necho hello\n");
  vfs.add_dir(*usr, "sbin", 0755);
  auto etc = vfs.add_dir(root, "etc", 0755);
  vfs.add_file(*etc, "passwd", 0644,
               "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\n");
  vfs.add_file(*etc, "group", 0644, "root:x:0:\nuser:x:1000:\n");
  vfs.add_file(*etc, "shadow", 0600, "root:*:19000:0:99999:7:::\nuser:*:19000:0:99999:7:::\n");
  vfs.add_file(*etc, "hostname", 0644, vfs.kernel().config().hostname + "\n");
  auto home = vfs.add_dir(root, "home", 0755);
  vfs.add_dir(*home, "user", 0755, 1000, 1000);
  vfs.add_dir(root, "root", 0700);
  vfs.add_dir(root, "tmp", 01777);
  vfs.add_dir(root, "proc", 0555);
  vfs.add_dir(root, "sys", 0555);
  vfs.add_dir(root, "dev", 0755);
  vfs.add_dir(root, "mnt", 0755);
  vfs.add_dir(root, "run", 0755);
  auto var = vfs.add_dir(root, "var", 0755);
  vfs.add_dir(*var, "tmp", 01777);
}

// Mounts a new instance of `fs` on `path` of init's namespace, as early userspace does.
void boot_mount(Vfs& vfs, Task& init, const std::string& fs, const std::string& path,
                unsigned flags, const std::string& devname) {
  int err = 0;
  const FsType* type = vfs.find_fs_type(fs);
  auto sb = type == nullptr ? nullptr : vfs_get_tree(vfs, *type, init, "", err);
  if (sb == nullptr) throw std::logic_error("boot: cannot create " + fs);
  PathStack st;
  if (!path_lookup(init, path, LOOKUP_FOLLOW | LOOKUP_NOPERM, st).ok())
    throw std::logic_error("boot: no mount point " + path);
  auto m = vfs.new_mount(sb, sb->root, "/", devname);
  m->flags = flags | MNT_RELATIME;
  attach_recursive_mnt(vfs, MountTree{m}, *st.back().mnt, st.back().inode, path_in_mount(st));
}

}  // namespace

void Vfs::boot(Task& init) {
  int err = 0;
  // The root filesystem: an "ext4" on 8:1 (/dev/sda1); it cannot be mounted again.
  auto sb = alloc_super("ext4", kernel_.init_user_ns(), err, make_dev(8, 1));
  if (sb == nullptr) throw std::logic_error("boot: root superblock refused");
  sb->source = "/dev/sda1";
  sb->root = new_inode(*sb, S_IFDIR_ | 0755);
  populate_root(*this, *sb->root);
  auto root = new_mount(sb, sb->root, "/", "/dev/sda1");
  // systemd makes the whole tree shared at boot (the kernel's default would be private).
  root->group_id = alloc_group_id();
  MountTree tree{root};
  install_tree(*init.nsproxy.mnt, tree);
  const unsigned nsuid_nodev = MNT_NOSUID | MNT_NODEV;
  boot_mount(*this, init, "proc", "/proc", nsuid_nodev | MNT_NOEXEC, "proc");
  boot_mount(*this, init, "sysfs", "/sys", nsuid_nodev | MNT_NOEXEC, "sysfs");
  boot_mount(*this, init, "securityfs", "/sys/kernel/security", nsuid_nodev | MNT_NOEXEC,
             "securityfs");
  boot_mount(*this, init, "tmpfs", "/tmp", nsuid_nodev, "tmpfs");
  // systemd's mount_setup() mounts smackfs when Smack is active (init_smk_fs() registers it).
  if (kernel_.lsm().find("smack") != nullptr)
    boot_mount(*this, init, "smackfs", "/sys/fs/smackfs", nsuid_nodev | MNT_NOEXEC, "smackfs");
}

}  // namespace lsmsim
