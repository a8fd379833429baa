// The login uid and session id of a task (kernel/auditsc.c audit_set_loginuid; fs/proc/base.c
// proc_loginuid_read/write, proc_sessionid_read): /proc/PID/loginuid and /proc/PID/sessionid.
#pragma once

#include <string>

namespace lsmsim {

struct Task;
struct UserNamespace;

// proc_loginuid_read(): "%u" of the loginuid as the opener's user namespace sees it
// (4294967295 when unset or unmapped).
std::string audit_loginuid_show(Task& task, const UserNamespace& opener_ns);
// proc_sessionid_read(): "%u".
std::string audit_sessionid_show(Task& task);
// proc_loginuid_write() by `writer` on `target`'s file opened with credentials of
// `opener_ns`: the byte count or a negative errno. Logs the LOGIN record.
long audit_loginuid_write(Task& writer, Task& target, const UserNamespace& opener_ns,
                          const std::string& data);
// audit_set_loginuid() for current: 0 or a negative errno.
int audit_set_loginuid(Task& current, unsigned kloginuid);

}  // namespace lsmsim
