// The virtual filesystem of one kernel. (Walking-skeleton placeholder: filled in by the VFS work.)
#pragma once

namespace lsmsim {

class Kernel;

class Vfs {
 public:
  explicit Vfs(Kernel& kernel) : kernel_(kernel) {}
  Kernel& kernel() { return kernel_; }

 private:
  Kernel& kernel_;
};

}  // namespace lsmsim
