// A task's open files (struct files_struct): descriptors to open file descriptions.
#pragma once

#include <map>
#include <memory>

namespace lsmsim {

struct File;

struct FdTable {
  std::map<int, std::shared_ptr<File>> fds;
  int max_fds = 1024;  // RLIMIT_NOFILE

  // The lowest free descriptor (as the kernel's get_unused_fd), or -EMFILE.
  int install(std::shared_ptr<File> file) {
    int fd = 0;
    for (const auto& [n, f] : fds) {
      if (n != fd) break;
      ++fd;
    }
    if (fd >= max_fds) return -24;  // EMFILE
    fds[fd] = std::move(file);
    return fd;
  }
  File* get(int fd) const {
    auto it = fds.find(fd);
    return it == fds.end() ? nullptr : it->second.get();
  }
};

}  // namespace lsmsim
