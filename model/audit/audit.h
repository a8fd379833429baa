// The audit subsystem of one Kernel (kernel/audit.c, auditsc.c): record stamps and serials,
// syscall contexts, routing of every record to the daemons of the task's user namespace and
// its ancestors, per-daemon filtering, backlog and failure handling, and kmsg when no daemon
// listens. Records are formatted once, in initial-namespace terms (pids and ids), as the
// kernel does.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/audit/audit_context.h"
#include "model/audit/audit_daemon.h"
#include "model/audit/audit_record.h"
#include "model/audit/audit_types.h"

namespace lsmsim {

class AuditContids;
class Kernel;
struct Inode;
struct SysResult;
struct Task;
struct UserNamespace;

// What the boot command line says about audit (audit=).
enum class AuditBoot { unset, off, on };  // unset: records still reach kmsg; no contexts

// Thrown out of the kernel when audit's failure mode is panic and a record cannot be kept:
// the machine stops. what() is the panic message ("audit: backlog limit exceeded").
class KernelPanic : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct AuditConfig {
  AuditBoot boot = AuditBoot::unset;
  // The proposed per-user-namespace daemons. Off: exactly mainline (every netlink message
  // from outside the initial user namespace gets ECONNREFUSED).
  bool userns_daemons = true;
};

class AuditSubsystem {
 public:
  AuditSubsystem(Kernel& kernel, AuditConfig config);
  ~AuditSubsystem();
  AuditSubsystem(const AuditSubsystem&) = delete;
  AuditSubsystem& operator=(const AuditSubsystem&) = delete;

  Kernel& kernel() { return kernel_; }
  const AuditConfig& config() const { return config_; }
  // audit_enabled of the initial namespace (AUDIT_SET enabled; -e). 2 = locked.
  std::uint32_t enabled() const { return enabled_; }
  void set_enabled(std::uint32_t v);
  bool ever_enabled() const { return ever_enabled_; }
  // Audit container IDs (the ghak90 series): their records go through log()/log_event().
  AuditContids& contids() { return *contids_; }

  // ---- records (audit_log_start/audit_log_format/audit_log_end) ----
  // Logs one record of `type` from the current context: inside a syscall it joins the
  // syscall's event (same stamp; the event's SYSCALL record is then written at exit);
  // outside one it is a standalone event with a new serial. Routed to every daemon that
  // takes records of the current task's user namespace (or the initial daemon only when no
  // task is current). May throw KernelPanic.
  void log(int type, const std::string& body);
  // Several records forming one standalone event (same stamp), e.g. NETFILTER_PKT plus its
  // CONTAINER_ID record.
  void log_event(const std::vector<std::pair<int, std::string>>& records, Task* task = nullptr);

  // ---- syscall contexts (audit_syscall_entry/exit) ----
  void syscall_entry(Task& t, int major, const std::array<unsigned long, 4>& args);
  // `result` null when the return is not valid (success/exit omitted).
  void syscall_exit(Task& t, const SysResult* result);
  // audit_inode()/audit_inode_child(): a name the current syscall resolved.
  void record_name(const std::string& name, const Inode& inode, const std::string& nametype);
  // A name the syscall passed that did not resolve: PATH with the name only, nametype=UNKNOWN.
  void record_unresolved(const std::string& name);
  // A signal or ptrace target (OBJ_PID).
  void record_target(Task& target);
  // audit_alloc() at fork: the child gets a context when audit was ever enabled.
  void task_alloc(Task& child, const Task& parent);
  // audit_free()/exit: drops the task's container reference (CONTAINER_OP op=drop).
  void task_exit(Task& t);

  // ---- daemons ----
  // Registers `t` as the daemon of `ns` (AUDIT_SET with AUDIT_STATUS_PID); EEXIST when a
  // live daemon is already registered there. Returns 0 or a positive errno.
  int register_daemon(Task& t, const std::shared_ptr<UserNamespace>& ns, const std::string& name);
  int unregister_daemon(Task& t);
  // The daemon registered for exactly `ns`, or null.
  AuditDaemon* daemon_of(const UserNamespace& ns);
  // The daemons that receive records of a task in `ns`: its own namespace's and each
  // ancestor's, innermost first.
  std::vector<AuditDaemon*> daemons_for(const UserNamespace& ns);
  const std::vector<std::unique_ptr<AuditDaemon>>& daemons() const { return daemons_; }
  // What the kernel printed (printk): records nobody received, lost-record notices.
  const std::vector<std::string>& kmsg() const { return kmsg_; }

  // The kernel-wide login session counter (auditsc.c session_id): 1, 2, ... skipping
  // AUDIT_SID_UNSET on wrap.
  unsigned next_sessionid() {
    if (++session_id_ == 4294967295u) ++session_id_;
    return session_id_;
  }

  // Every record sent so far, as formatted, whichever daemons took it (for traces/tests).
  const std::vector<AuditRecord>& history() const { return history_; }

 private:
  // The stamp a new standalone event would get; the serial is only taken (take_serial) once
  // a record of it passed audit_log_start() somewhere, as audit_get_stamp() runs after the
  // exclude filter and the backlog check.
  AuditStamp peek_stamp() const;
  void take_serial(AuditStamp& s);
  // To the daemons of `task`'s namespaces (or the initial one). Returns whether
  // audit_log_start() succeeded anywhere (or the record went to kmsg); `started` gets the
  // daemons for which it did.
  bool deliver(AuditRecord record, Task* task, std::vector<AuditDaemon*>* started = nullptr);
  // To exactly these daemons (a syscall event decided per daemon); kmsg when nobody took it.
  bool deliver_to(AuditRecord record, Task* task, const std::vector<AuditDaemon*>& targets,
                  std::vector<AuditDaemon*>* started = nullptr);
  // audit_log_lost(), audit_panic(), audit_rate_check() for one daemon's settings.
  void lost(AuditDaemon& d, const char* why);
  void panic_or_kill(AuditDaemon& d, const char* why);
  bool rate_check(AuditDaemon& d);
  // printk_ratelimit(): the kernel-wide printk_ratelimit_state (5 s, burst 10). `func` is
  // the calling kernel function, named in the "callbacks suppressed" line.
  bool printk_ratelimit(const char* func);

  Kernel& kernel_;
  AuditConfig config_;
  std::unique_ptr<AuditContids> contids_;
  std::uint32_t enabled_ = 0;
  bool ever_enabled_ = false;
  unsigned serial_ = 0;
  unsigned session_id_ = 0;
  std::vector<std::unique_ptr<AuditDaemon>> daemons_;
  std::vector<std::string> kmsg_;
  std::vector<AuditRecord> history_;
  std::uint64_t printk_rl_begin_ns_ = 0;  // 0: not started
  int printk_rl_printed_ = 0;
  int printk_rl_missed_ = 0;
};

}  // namespace lsmsim
