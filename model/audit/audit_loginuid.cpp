// loginuid/sessionid (kernel/auditsc.c audit_set_loginuid_perm, audit_set_loginuid,
// audit_log_set_loginuid; fs/proc/base.c proc_loginuid_write). Mainline rules: the first
// write needs no privilege; changing a set loginuid needs capable(CAP_AUDIT_CONTROL) (the
// initial user namespace, so root in a container gets EPERM) and is refused outright once
// the loginuid is immutable.
#include "model/audit/audit_loginuid.h"

#include <cerrno>
#include <limits>

#include "model/audit/audit.h"
#include "model/audit/audit_syscall_records.h"
#include "model/audit/audit_netlink.h"
#include "model/audit/audit_task.h"
#include "model/audit/audit_types.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/task.h"

namespace lsmsim {

std::string audit_loginuid_show(Task& task, const UserNamespace& opener_ns) {
  const Uid kuid = task.audit.loginuid;
  const Uid shown = kuid == kInvalidUid ? kInvalidUid : from_kuid(opener_ns, kuid);
  return std::to_string(static_cast<std::uint32_t>(shown));
}

std::string audit_sessionid_show(Task& task) {
  return std::to_string(task.audit.sessionid);
}

int audit_set_loginuid(Task& current, unsigned kloginuid) {
  Kernel& k = current.kernel;
  AuditTaskInfo& ai = current.audit;
  const Uid old_auid = ai.loginuid;
  const unsigned old_ses = ai.sessionid;
  unsigned ses = kAuditSessionUnset;
  int rc = 0;
  // audit_set_loginuid_perm()
  if (ai.loginuid != kInvalidUid) {
    if (ai.loginuid_immutable || !capable(current, CAP_AUDIT_CONTROL)) rc = -EPERM;
  }
  if (rc == 0) {
    if (kloginuid != kInvalidUid) {
      AuditSubsystem& a = k.audit();
      ses = a.next_sessionid();
    }
    ai.sessionid = ses;
    ai.loginuid = static_cast<Uid>(kloginuid);
  }
  // audit_log_set_loginuid(): only while audit is enabled.
  AuditSubsystem& a = k.audit();
  if (a.enabled() != 0) {
    const UserNamespace& init = *k.init_user_ns();
    auto init_uid = [&init](Uid u) -> std::uint32_t {
      return u == kInvalidUid ? 4294967295u : static_cast<std::uint32_t>(from_kuid(init, u));
    };
    audit_log_with_subj(current, AUDIT_LOGIN,
                        "pid=" + std::to_string(current.tgid) +
                            " uid=" + std::to_string(init_uid(current.real_cred->uid)),
                        " old-auid=" + std::to_string(init_uid(old_auid)) +
                            " auid=" + std::to_string(init_uid(static_cast<Uid>(kloginuid))) +
                            " tty=(none) old-ses=" + std::to_string(old_ses) +
                            " ses=" + std::to_string(ses) + " res=" + (rc == 0 ? "1" : "0"));
  }
  return rc;
}

long audit_loginuid_write(Task& writer, Task& target, const UserNamespace& opener_ns,
                          const std::string& data) {
  if (&writer != &target) return -EPERM;  // only the task itself (pid_task(PIDTYPE_PID))
  // kstrtou32_from_user: decimal, one optional trailing newline.
  std::string s = data;
  if (!s.empty() && s.back() == '\n') s.pop_back();
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos) return -EINVAL;
  std::uint64_t v = 0;
  for (const char c : s) {
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (v > std::numeric_limits<std::uint32_t>::max()) return -ERANGE;
  }
  const auto loginuid = static_cast<std::uint32_t>(v);
  unsigned kloginuid;
  if (loginuid == 4294967295u) {  // explicitly unsetting
    kloginuid = kInvalidUid;
  } else {
    const Uid ku = make_kuid(opener_ns, static_cast<Uid>(loginuid));
    if (ku == kInvalidUid) return -EINVAL;
    kloginuid = static_cast<unsigned>(ku);
  }
  Kernel::CurrentScope scope(writer.kernel, writer);
  const int rc = audit_set_loginuid(writer, kloginuid);
  if (rc < 0) return rc;
  return static_cast<long>(data.size());
}

}  // namespace lsmsim
