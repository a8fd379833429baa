// What execve() builds while it runs (struct linux_binprm).
#pragma once

#include <memory>
#include <string>

#include "model/cred.h"

namespace lsmsim {

struct File;
struct Inode;

struct LinuxBinprm {
  std::string filename;                 // the path the caller passed
  std::shared_ptr<Inode> inode;         // the executable
  File* file = nullptr;                 // the opened executable
  std::shared_ptr<Cred> cred;           // the credentials being prepared for the new image
  bool secureexec = false;              // AT_SECURE for the new image
  bool cap_elevated = false;            // commoncap raised privileges
  bool point_of_no_return = false;
};

}  // namespace lsmsim
