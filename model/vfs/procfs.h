// procfs (fs/proc): one instance per mount, bound to the pid namespace of the mounter.
// The root lists that namespace's processes, numbered as there; /proc/PID holds status,
// comm, the id maps, ns/ links, attr/ (LSM attributes), mounts and mountinfo.
#pragma once

#include <memory>

namespace lsmsim {

struct FsType;
struct PidNamespace;
struct SuperBlock;

// The per-instance state (sb->fs_info of a proc superblock; proc_fs_info in the kernel).
struct ProcFsInfo {
  std::shared_ptr<PidNamespace> pid_ns;
};

FsType proc_fs_type();
// The pid namespace a proc superblock shows.
PidNamespace& proc_pid_ns(const SuperBlock& sb);

}  // namespace lsmsim
