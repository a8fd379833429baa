// Behaviour of pseudo-filesystem inodes (the parts of struct inode_operations and
// struct file_operations lsmsim needs): dynamic directories, magic links and generated files.
#pragma once

#include <cerrno>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace lsmsim {

struct File;
struct Inode;
struct Mount;
struct Task;

// Where a symlink leads. Plain links give `text`; magic links (/proc/PID/ns/*) also give the
// object itself (`jump_*`), which the walk enters directly, as nd_jump_link() does.
struct LinkTarget {
  std::string text;
  std::shared_ptr<Mount> jump_mnt;
  std::shared_ptr<Inode> jump_inode;
};

struct InodeOps {
  virtual ~InodeOps() = default;
  // simple_transaction files (selinuxfs access, create, context): a write leaves f_pos at 0
  // and its answer is read back from the start of the same open file.
  bool simple_transaction = false;
  // Directories: the child `name` (created on demand), or null for ENOENT.
  virtual std::shared_ptr<Inode> lookup(Inode& /*dir*/, const std::string& /*name*/,
                                        Task& /*reader*/) {
    return nullptr;
  }
  // Directories: the names of the dynamic children, for listings.
  virtual std::vector<std::string> list(Inode& /*dir*/, Task& /*reader*/) { return {}; }
  // Directories with inode_operations.mkdir/.rmdir (apparmorfs policy/namespaces/): vfs_mkdir()
  // and vfs_rmdir() refuse with EPERM when the method is missing (has_mkdir false), else call
  // it after the DAC and LSM checks. 0 or -errno.
  virtual bool has_mkdir() const { return false; }
  virtual int mkdir(Inode& /*dir*/, const std::string& /*name*/, unsigned /*mode*/,
                    Task& /*caller*/) {
    return -EPERM;
  }
  virtual int rmdir(Inode& /*dir*/, const std::string& /*name*/, Inode& /*victim*/,
                    Task& /*caller*/) {
    return -EPERM;
  }
  // Symlinks: the target as `reader` sees it; 0 or -errno.
  virtual int get_link(Inode& /*link*/, Task& /*reader*/, LinkTarget& /*out*/) { return -EINVAL; }
  // Regular pseudo files: 0 or -errno when opened (after the permission checks).
  virtual int open(File& /*file*/, Task& /*opener*/) { return 0; }
  // The whole content, generated for `reader` (seq_file's show); 0 or -errno.
  virtual int read(File& /*file*/, Task& /*reader*/, std::string& /*out*/) { return -EINVAL; }
  // Bytes consumed, or -errno.
  virtual long write(File& /*file*/, Task& /*writer*/, const std::string& /*data*/) {
    return -EINVAL;
  }
};

// A generated file: `show` produces the content at the first read, `store` takes writes.
// Later issues add files to proc, securityfs, selinuxfs and smackfs with one of these.
struct SeqFileOps : InodeOps {
  using Show = std::function<int(File& file, Task& reader, std::string& out)>;
  using Store = std::function<long(File& file, Task& writer, const std::string& data)>;
  Show show;
  Store store;
  SeqFileOps(Show s, Store w = nullptr) : show(std::move(s)), store(std::move(w)) {}
  int read(File& file, Task& reader, std::string& out) override {
    return show ? show(file, reader, out) : -EINVAL;
  }
  long write(File& file, Task& writer, const std::string& data) override {
    return store ? store(file, writer, data) : -EINVAL;  // EINVAL: no write method
  }
};

}  // namespace lsmsim
