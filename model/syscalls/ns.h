// Namespace syscalls: unshare and setns with the kernel's permission rules
// (kernel/fork.c ksys_unshare, kernel/nsproxy.c, kernel/user_namespace.c).
#pragma once

#include <memory>
#include <string>

#include "model/ns/namespaces.h"
#include "model/sys_result.h"

namespace lsmsim {

struct Task;

// unshare(flags).
SysResult sys_unshare(Task& caller, unsigned long flags);
// setns(fd, nstype) once the fd has been resolved to a namespace: `nstype` 0 accepts any
// type, otherwise it must match (EINVAL). The fd-taking form is sys_setns in fs.h.
SysResult setns_to(Task& caller, const std::shared_ptr<Namespace>& ns, int nstype);
// setns(pidfd, flags): joins several of `target`'s namespaces at once (flags = CLONE_NEW*).
SysResult setns_pidfd_to(Task& caller, Task& target, unsigned long flags);
// Creates a user namespace for `caller` as unshare(CLONE_NEWUSER) does, exposed for
// clone(); fills `out`. (create_user_ns)
SysResult create_user_ns(Task& caller, std::shared_ptr<UserNamespace>& out);

// Writing /proc/PID/{uid_map,gid_map,setgroups} (kernel/user_namespace.c map_write):
// `writer` writes `text` into `target`'s user namespace's map. ret = bytes consumed.
enum class IdMapKind { uid, gid, projid };
SysResult write_id_map(Task& writer, Task& target, IdMapKind kind, const std::string& text);
// What reading the map file shows `reader`: ids translated to the reader's user namespace
// if it is the target namespace's parent-or-self view ("%10u %10u %10u\n" lines).
std::string read_id_map(Task& reader, Task& target, IdMapKind kind);
SysResult write_setgroups(Task& writer, Task& target, const std::string& text);
std::string read_setgroups(Task& target);

}  // namespace lsmsim
