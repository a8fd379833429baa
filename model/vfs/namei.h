// Path resolution (fs/namei.c): from the task's root or cwd in its mount namespace, one
// component at a time, checking search permission, crossing mounts, following symlinks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "model/vfs/permission.h"

namespace lsmsim {

struct Inode;
struct Mount;
struct MountNamespace;
struct Task;

// One step of a resolved path: the mount and inode reached, under the name used to get there.
struct PathEntry {
  std::shared_ptr<Mount> mnt;
  std::shared_ptr<Inode> inode;
  std::string name;
};
// From the namespace root down to the resolved object; back() is the result. Popping an
// entry is "..", which is why the stack starts at the namespace root even for relative paths.
using PathStack = std::vector<PathEntry>;

inline constexpr unsigned LOOKUP_FOLLOW = 0x0001;     // follow a final symlink
inline constexpr unsigned LOOKUP_DIRECTORY = 0x0002;  // the result must be a directory
inline constexpr unsigned LOOKUP_NOPERM = 0x1000;     // lsmsim: internal walk, no checks

inline constexpr int MAXSYMLINKS = 40;
inline constexpr std::size_t PATH_MAX_ = 4096;
inline constexpr std::size_t NAME_MAX_ = 255;

// Resolves `path` for `t` (filename_lookup).
Verdict path_lookup(Task& t, const std::string& path, unsigned flags, PathStack& out);
// Resolves everything but the last component (filename_parentat); `last` is that component
// ("" for "/"), `trailing_slash` whether the path ended in '/'. Search permission on the
// parent is checked when there is a last component.
Verdict path_parent(Task& t, const std::string& path, PathStack& parent, std::string& last,
                    bool& trailing_slash);
// The directory entry `name` of `dir`: dynamic (pseudo filesystems) or stored.
std::shared_ptr<Inode> lookup_child(Inode& dir, const std::string& name, Task& t);
// Steps onto whatever is mounted on `e` (follow_mount), repeatedly.
void follow_mounts(PathEntry& e);
// The canonical path of a stack inside its namespace: "/", "/usr/bin", ...
std::string stack_path(const PathStack& st);
// The path of the stack's object relative to the root of its mount ("/" at a mount root).
std::string path_in_mount(const PathStack& st);
// The task's root and cwd as stacks (resolved without checks; the namespace root if gone).
PathStack task_root_stack(Task& t);
PathStack task_cwd_stack(Task& t);
PathStack ns_root_stack(MountNamespace& ns);

}  // namespace lsmsim
