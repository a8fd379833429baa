// copy_mnt_ns(): the mount namespace a CLONE_NEWNS clone or unshare gets (fs/namespace.c).
#pragma once

#include <memory>

namespace lsmsim {

class Kernel;
struct MountNamespace;
struct UserNamespace;
struct Task;

// A copy of `old`'s mount tree owned by `user_ns`. Mounts propagate between the copies as
// the kernel's rules say (shared peers stay peers); when `user_ns` is less privileged than
// old's owner, mounts are locked together and shared mounts become slaves. `task` is the
// caller, whose cwd/root are rebased onto the copy.
std::shared_ptr<MountNamespace> copy_mnt_ns(Kernel& kernel, const MountNamespace& old,
                                            std::shared_ptr<UserNamespace> user_ns, Task& task);

}  // namespace lsmsim
