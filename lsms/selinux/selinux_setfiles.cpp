// setfiles(8): labels a tree from a file_contexts file through libselinux's selabel
// (selabel_open(SELABEL_CTX_FILE), selabel_lookup), writing security.selinux as
// lsetfilecon() does (the context with its NUL). Pseudo filesystems are skipped (no
// seclabel). Contexts are checked against the init namespace's policy.
#include <selinux/label.h>
#include <selinux/selinux.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "lsms/selinux/selinux_lsm.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/namei.h"

namespace lsmsim {

namespace {

struct Labeler {
  selabel_handle* h = nullptr;
  const std::string& file;
  SelinuxLsm& me;
  std::size_t count = 0;

  void label(const PathEntry& e, const std::string& path) {
    Inode& inode = *e.inode;
    char* con = nullptr;
    if (selabel_lookup(h, &con, path.c_str(), static_cast<int>(inode.mode & 0170000)) == 0) {
      const std::string ctx = con;
      freecon(con);
      if (me.init_ns->initialized()) {
        sepolicy::Context c;
        std::string why;
        if (me.init_ns->ss->context_from_string(ctx, c, &why) != 0)
          throw std::runtime_error(file + ": invalid context " + ctx + " for " + path + ": " + why);
      }
      inode.xattrs["security.selinux"] = ctx + '\0';
      ++count;
    } else if (errno != ENOENT) {  // ENOENT: no entry or <<none>>
      throw std::runtime_error(file + ": selabel_lookup(" + path + "): " + std::strerror(errno));
    }
    if (!inode.is_dir() || inode.ops != nullptr) return;
    for (const auto& [name, child] : inode.entries) {
      PathEntry c{e.mnt, child, name};
      follow_mounts(c);
      if (c.inode->sb->pseudo) continue;
      label(c, (path == "/" ? "" : path) + "/" + name);
    }
  }
};

}  // namespace

std::size_t selinux_setfiles(Kernel& k, const std::string& file_contexts, const std::string& root) {
  SelinuxLsm* me = selinux_lsm(k);
  if (me == nullptr) throw std::runtime_error("SELinux is not active in this kernel");
  selinux_opt opt{SELABEL_OPT_PATH, file_contexts.c_str()};
  selabel_handle* h = selabel_open(SELABEL_CTX_FILE, &opt, 1);
  if (h == nullptr)
    throw std::runtime_error(file_contexts +
                             ": cannot be read as file_contexts: " + std::strerror(errno));
  Task& init = k.init_task();
  PathStack st;
  Kernel::CurrentScope scope(k, init);
  if (!path_lookup(init, root, LOOKUP_FOLLOW | LOOKUP_NOPERM, st).ok()) {
    selabel_close(h);
    throw std::runtime_error(file_contexts + ": no such path to label: " + root);
  }
  Labeler l{h, file_contexts, *me};
  try {
    l.label(st.back(), stack_path(st));
  } catch (...) {
    selabel_close(h);
    throw;
  }
  selabel_close(h);
  return l.count;
}

}  // namespace lsmsim
