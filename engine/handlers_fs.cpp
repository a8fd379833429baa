// Steps that call the filesystem and exec syscalls (model/syscalls/fs.h, exec.h).
#include <fcntl.h>
#include <sys/sysmacros.h>

#include <cstdio>

#include "engine/call.h"
#include "engine/symbols.h"
#include "model/syscalls/exec.h"
#include "model/syscalls/fs.h"

namespace lsmsim::engine {

namespace {

constexpr std::size_t kShownData = 48;  // bytes of written data shown in the call line

SysResult do_open(Call& c) {
  const std::string path = c.text("path");
  const auto flags = static_cast<int>(c.flags("flags", O_RDONLY));
  const auto mode = static_cast<unsigned>(c.number("mode", 0644));
  c.rendered = "open(" + quote(path) + ", " + open_flags().render(static_cast<unsigned long>(flags));
  if ((flags & O_CREAT) != 0) c.rendered += ", " + octal(mode);
  c.rendered += ")";
  return sys_open(c.caller, path, flags, mode);
}

SysResult do_close(Call& c) {
  const int fd = c.fd("fd");
  c.rendered = "close(" + std::to_string(fd) + ")";
  return sys_close(c.caller, fd);
}

SysResult do_read(Call& c) {
  c.show_data = true;
  if (c.has("path")) {
    const std::string path = c.text("path");
    c.rendered = "read(" + quote(path) + ")";
    return read_file(c.caller, path);
  }
  const int fd = c.fd("fd");
  const auto count = static_cast<std::size_t>(c.number("count", 4096));
  c.rendered = "read(" + std::to_string(fd) + ", buf, " + std::to_string(count) + ")";
  return sys_read(c.caller, fd, count);
}

SysResult do_write(Call& c) {
  const std::string data = c.text("data");
  if (c.has("path")) {
    const std::string path = c.text("path");
    c.rendered = "write(" + quote(path) + ", " + quote(data, kShownData) + ")";
    return write_file(c.caller, path, data);
  }
  const int fd = c.fd("fd");
  c.rendered = "write(" + std::to_string(fd) + ", " + quote(data, kShownData) + ", " +
               std::to_string(data.size()) + ")";
  return sys_write(c.caller, fd, data);
}

SysResult do_mkdir(Call& c) {
  const std::string path = c.text("path");
  const auto mode = static_cast<unsigned>(c.number("mode", 0755));
  c.rendered = "mkdir(" + quote(path) + ", " + octal(mode) + ")";
  return sys_mkdir(c.caller, path, mode);
}

SysResult do_rmdir(Call& c) {
  const std::string path = c.text("path");
  c.rendered = "rmdir(" + quote(path) + ")";
  return sys_rmdir(c.caller, path);
}

SysResult do_unlink(Call& c) {
  const std::string path = c.text("path");
  c.rendered = "unlink(" + quote(path) + ")";
  return sys_unlink(c.caller, path);
}

SysResult do_symlink(Call& c) {
  const std::string target = c.text("target"), linkpath = c.text("linkpath");
  c.rendered = "symlink(" + quote(target) + ", " + quote(linkpath) + ")";
  return sys_symlink(c.caller, target, linkpath);
}

SysResult do_readlink(Call& c) {
  const std::string path = c.text("path");
  c.rendered = "readlink(" + quote(path) + ")";
  c.show_data = true;
  return sys_readlink(c.caller, path);
}

// The fields of struct stat that lsmsim models, as `key=value` words.
std::string stat_text(const StatBuf& st) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "dev=%u:%u ino=%llu mode=0%o nlink=%u uid=%u gid=%u size=%llu",
                gnu_dev_major(st.dev), gnu_dev_minor(st.dev),
                static_cast<unsigned long long>(st.ino), st.mode, st.nlink, st.uid, st.gid,
                static_cast<unsigned long long>(st.size));
  return buf;
}

SysResult do_stat(Call& c) {
  const std::string path = c.text("path");
  c.rendered = "stat(" + quote(path) + ", &st)";
  StatBuf st;
  SysResult r = sys_stat(c.caller, path, st);
  if (r.ok()) r.data = stat_text(st);
  c.show_data = true;
  return r;
}

SysResult do_fstat(Call& c) {
  const int fd = c.fd("fd");
  c.rendered = "fstat(" + std::to_string(fd) + ", &st)";
  StatBuf st;
  SysResult r = sys_fstat(c.caller, fd, st);
  if (r.ok()) r.data = stat_text(st);
  c.show_data = true;
  return r;
}

SysResult do_chmod(Call& c) {
  const std::string path = c.text("path");
  const auto mode = static_cast<unsigned>(c.number("mode"));
  c.rendered = "chmod(" + quote(path) + ", " + octal(mode) + ")";
  return sys_chmod(c.caller, path, mode);
}

SysResult do_chown(Call& c) {
  const std::string path = c.text("path");
  const long long uid = c.number("uid", -1), gid = c.number("gid", -1);
  c.rendered = "chown(" + quote(path) + ", " + std::to_string(uid) + ", " + std::to_string(gid) + ")";
  return sys_chown(c.caller, path, uid == -1 ? kInvalidUid : static_cast<Uid>(uid),
                   gid == -1 ? kInvalidGid : static_cast<Gid>(gid));
}

SysResult do_chdir(Call& c) {
  const std::string path = c.text("path");
  c.rendered = "chdir(" + quote(path) + ")";
  return sys_chdir(c.caller, path);
}

SysResult do_chroot(Call& c) {
  const std::string path = c.text("path");
  c.rendered = "chroot(" + quote(path) + ")";
  return sys_chroot(c.caller, path);
}

SysResult do_setxattr(Call& c) {
  const std::string path = c.text("path"), name = c.text("name"), value = c.text("value");
  const auto flags = static_cast<int>(c.flags("flags"));
  c.rendered = "setxattr(" + quote(path) + ", " + quote(name) + ", " + quote(value, kShownData) +
               ", " + std::to_string(value.size()) + ", " +
               xattr_flags().render(static_cast<unsigned long>(flags)) + ")";
  return sys_setxattr(c.caller, path, name, value, flags);
}

SysResult do_getxattr(Call& c) {
  const std::string path = c.text("path"), name = c.text("name");
  c.rendered = "getxattr(" + quote(path) + ", " + quote(name) + ")";
  c.show_data = true;
  return sys_getxattr(c.caller, path, name);
}

SysResult do_listxattr(Call& c) {
  const std::string path = c.text("path");
  c.rendered = "listxattr(" + quote(path) + ")";
  c.show_data = true;
  return sys_listxattr(c.caller, path);
}

SysResult do_removexattr(Call& c) {
  const std::string path = c.text("path"), name = c.text("name");
  c.rendered = "removexattr(" + quote(path) + ", " + quote(name) + ")";
  return sys_removexattr(c.caller, path, name);
}

SysResult do_mount(Call& c) {
  const std::string type = c.text("type");
  const std::string source = c.text("source", type.empty() ? "none" : type);
  const std::string target = c.text("target");
  const unsigned long flags = c.flags("flags");
  const std::string data = c.text("data");
  c.rendered = "mount(" + quote(source) + ", " + quote(target) + ", " +
               (type.empty() ? std::string("NULL") : quote(type)) + ", " +
               mount_flags().render(flags) + ", " + (data.empty() ? std::string("NULL") : quote(data)) +
               ")";
  return sys_mount(c.caller, source, target, type, flags, data);
}

SysResult do_umount(Call& c) {
  const std::string target = c.text("target");
  const auto flags = static_cast<int>(c.flags("flags"));
  c.rendered = "umount2(" + quote(target) + ", " +
               umount_flags().render(static_cast<unsigned long>(flags)) + ")";
  return sys_umount(c.caller, target, flags);
}

SysResult do_exec(Call& c) {
  const std::string path = c.text("path");
  std::vector<std::string> argv = c.texts("argv");
  if (!c.has("argv")) argv.push_back(path);
  std::string shown;
  for (const std::string& a : argv) shown += (shown.empty() ? "" : ", ") + quote(a, kShownData);
  c.rendered = "execve(" + quote(path) + ", [" + shown + "])";
  return sys_execve(c.caller, path, argv);
}

}  // namespace

void add_fs_handlers(std::map<std::string_view, Handler>& m) {
  m["open"] = &do_open;
  m["close"] = &do_close;
  m["read"] = &do_read;
  m["write"] = &do_write;
  m["mkdir"] = &do_mkdir;
  m["rmdir"] = &do_rmdir;
  m["unlink"] = &do_unlink;
  m["symlink"] = &do_symlink;
  m["readlink"] = &do_readlink;
  m["stat"] = &do_stat;
  m["fstat"] = &do_fstat;
  m["chmod"] = &do_chmod;
  m["chown"] = &do_chown;
  m["chdir"] = &do_chdir;
  m["chroot"] = &do_chroot;
  m["setxattr"] = &do_setxattr;
  m["getxattr"] = &do_getxattr;
  m["listxattr"] = &do_listxattr;
  m["removexattr"] = &do_removexattr;
  m["mount"] = &do_mount;
  m["umount"] = &do_umount;
  m["exec"] = &do_exec;
}

}  // namespace lsmsim::engine
