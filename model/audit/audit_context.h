// The per-task syscall audit context (struct audit_context, kernel/auditsc.c): what the
// current syscall did that the SYSCALL, CWD, PATH, PROCTITLE and CONTAINER_ID records of its
// event will show.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/audit/audit_record.h"
#include "model/types.h"

namespace lsmsim {

struct AuditDaemon;
struct Inode;

// One name the syscall resolved (struct audit_names), for a PATH record.
struct AuditName {
  std::string name;      // as passed by user space ("(null)" when anonymous)
  std::uint64_t ino = 0;
  std::string dev;       // "08:01" form, as PATH prints it
  unsigned mode = 0;     // i_mode incl. file type bits
  Uid ouid = 0;
  Gid ogid = 0;
  std::string nametype = "NORMAL";  // NORMAL, PARENT, CREATE, DELETE, UNKNOWN
  const Inode* inode = nullptr;     // for obj= (the LSMs' object contexts) and watches
  // Captured when the name is recorded (the inode may be gone by syscall exit: unlink, rmdir):
  // read these rather than dereferencing `inode` after record_name().
  bool has_inode = false;
  std::string obj_field;  // " obj=ctx", " obj=?" or ""
  std::string obj_aux;    // MAC_OBJ_CONTEXTS body or ""
  std::vector<std::pair<std::string, std::string>> obj_contexts;  // (lsm name, context)
};

// A signal or ptrace target as __audit_signal_info/audit_ptrace capture it at the time of the
// call (the task may be gone by the syscall's exit): the OBJ_PID record's fields.
struct AuditTarget {
  Pid pid = 0;  // tgid in the initial pid namespace
  Uid auid = kInvalidUid;
  Uid uid = 0;
  unsigned ses = 4294967295u;
  std::string comm;
  std::string obj_field;  // " obj=ctx", " obj=?" or ""
  std::string obj_aux;    // MAC_OBJ_CONTEXTS body, "" for none
  std::string contid;     // ghak90 target_cid: the target's contid chain, "" when it has none
};

struct AuditContext {
  bool in_syscall = false;
  int major = 0;                           // syscall number (x86_64)
  std::array<unsigned long, 4> argv{};     // a0..a3
  AuditStamp stamp;                        // time set at entry; serial given lazily
  bool serial_assigned = false;
  // Set when a record was logged inside the syscall (auditsc_get_stamp's prio/RECORD state)
  // or an "always" rule matched: the event is written at exit.
  bool record = false;
  // The daemons whose audit_log_start() got past the exclude filter and the backlog for a
  // record of this syscall: for them the event is written at exit even without a rule
  // (per daemon, since each has its own filters and queue).
  std::vector<const AuditDaemon*> recorded_for;
  // The daemons that had counting rules when the syscall entered: __audit_syscall_entry()
  // decides "dummy" there (context->dummy = !audit_n_rules), so a rule added by this very
  // syscall (auditctl's sendto) does not make it write a SYSCALL record.
  std::vector<const AuditDaemon*> counting_at_entry;
  std::optional<long> return_code;  // the syscall's return; unset if not valid
  std::string cwd;                  // current working directory at entry
  std::vector<AuditName> names;
  std::vector<Pid> target_pids;     // OBJ_PID targets (signals, ptrace), init pid ns
  // The same targets with what OBJ_PID prints, in call order: [0] is context->target_pid,
  // the rest are the aux_pids blocks (audit_signal_info_syscall).
  std::vector<AuditTarget> targets;
};

}  // namespace lsmsim
