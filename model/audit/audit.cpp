#include "model/audit/audit.h"

#include <algorithm>
#include <csignal>

#include "model/audit/audit_contid.h"
#include "model/audit/audit_filter.h"
#include "model/audit/audit_syscall_records.h"
#include "model/kernel.h"
#include "model/process/exit.h"
#include "model/sys_result.h"
#include "model/vfs/inode.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

AuditSubsystem::AuditSubsystem(Kernel& kernel, AuditConfig config)
    : kernel_(kernel), config_(config), contids_(std::make_unique<AuditContids>(kernel)) {
  // ghak90 records go through this subsystem (they join the current syscall's event).
  contids_->set_disabled(config_.boot == AuditBoot::off);
  contids_->set_sink({[this](int type, const std::string& body) { log(type, body); },
                      [this](const std::vector<std::pair<int, std::string>>& r, Task* t) {
                        log_event(r, t);
                      }});
  // audit=1: audit_enabled and audit_ever_enabled from boot (audit_enable()).
  if (config_.boot == AuditBoot::on) {
    enabled_ = 1;
    ever_enabled_ = true;
  }
}

AuditSubsystem::~AuditSubsystem() = default;

void AuditSubsystem::set_enabled(std::uint32_t v) {
  enabled_ = v;
  if (v != 0) ever_enabled_ = true;  // audit_ever_enabled |= !!state
  if (AuditDaemon* d = daemon_of(*kernel_.init_user_ns())) d->enabled = v;
}

AuditStamp AuditSubsystem::peek_stamp() const {
  // audit_get_stamp(): ktime_get_coarse_real_ts64 and audit_serial(), which starts at 1.
  const std::uint64_t ns = kernel_.now_ns();
  AuditStamp s;
  s.sec = ns / 1000000000ULL;
  s.msec = static_cast<unsigned>((ns % 1000000000ULL) / 1000000ULL);
  s.serial = serial_ + 1;
  return s;
}

void AuditSubsystem::take_serial(AuditStamp& s) { s.serial = ++serial_; }

namespace {

AuditContext* syscall_context(Task* t) {
  if (t == nullptr || t->audit.context == nullptr || !t->audit.context->in_syscall)
    return nullptr;
  return t->audit.context.get();
}

}  // namespace

void AuditSubsystem::log(int type, const std::string& body) {
  if (config_.boot == AuditBoot::off) return;  // audit=0: audit_initialized = DISABLED
  Task* cur = kernel_.has_current() ? &kernel_.current() : nullptr;
  AuditRecord r;
  r.type = type;
  r.body = body;
  if (AuditContext* ctx = syscall_context(cur)) {
    // auditsc_get_stamp(): the syscall's entry time, its serial given at the first record
    // that passes audit_log_start(), and from then on the event is written at exit.
    r.stamp = ctx->stamp;
    if (!ctx->serial_assigned) r.stamp.serial = serial_ + 1;
    std::vector<AuditDaemon*> started;
    if (!deliver(std::move(r), cur, &started)) return;
    if (!ctx->serial_assigned) {
      take_serial(ctx->stamp);
      ctx->serial_assigned = true;
    }
    ctx->record = true;
    for (AuditDaemon* d : started)
      if (std::find(ctx->recorded_for.begin(), ctx->recorded_for.end(), d) ==
          ctx->recorded_for.end())
        ctx->recorded_for.push_back(d);
    return;
  }
  r.stamp = peek_stamp();
  AuditStamp st = r.stamp;
  if (deliver(std::move(r), cur)) take_serial(st);
  // No syscall to return from: kauditd runs now.
  if (cur == nullptr)
    for (auto& d : daemons_)
      if (d->alive && !d->stalled) d->drain();
}

void AuditSubsystem::log_event(const std::vector<std::pair<int, std::string>>& records,
                               Task* task) {
  if (config_.boot == AuditBoot::off || records.empty()) return;
  // One local context (audit_alloc_local): one stamp, its serial taken at the first record
  // that passes audit_log_start().
  AuditStamp s = peek_stamp();
  bool taken = false;
  for (const auto& [type, body] : records) {
    if (deliver(AuditRecord{type, s, body}, task) && !taken) {
      take_serial(s);
      taken = true;
    }
  }
  for (auto& d : daemons_)
    if (d->alive && !d->stalled) d->drain();
}

std::vector<AuditDaemon*> AuditSubsystem::daemons_for(const UserNamespace& ns) {
  std::vector<AuditDaemon*> out;
  for (const UserNamespace* u = &ns; u != nullptr; u = u->parent.get())
    if (AuditDaemon* d = daemon_of(*u)) out.push_back(d);
  return out;
}

AuditDaemon* AuditSubsystem::daemon_of(const UserNamespace& ns) {
  for (auto& d : daemons_)
    if (d->alive && d->user_ns.get() == &ns) return d.get();
  return nullptr;
}

int AuditSubsystem::register_daemon(Task& t, const std::shared_ptr<UserNamespace>& ns,
                                    const std::string& name) {
  if (daemon_of(*ns) != nullptr) return EEXIST;
  auto d = std::make_unique<AuditDaemon>();
  d->user_ns = ns;
  d->pid = t.tgid;
  d->name = name;
  if (ns.get() == kernel_.init_user_ns().get()) d->enabled = enabled_ != 0 ? enabled_ : 1;
  daemons_.push_back(std::move(d));
  return 0;
}

int AuditSubsystem::unregister_daemon(Task& t) {
  for (auto& d : daemons_)
    if (d->alive && d->pid == t.tgid) {
      d->drain();
      d->alive = false;
      return 0;
    }
  return EACCES;  // only the registered daemon may unregister
}

bool AuditSubsystem::deliver(AuditRecord record, Task* task,
                             std::vector<AuditDaemon*>* started) {
  std::vector<AuditDaemon*> targets;
  if (task != nullptr) {
    targets = daemons_for(task->user_ns());
  } else if (AuditDaemon* d = daemon_of(*kernel_.init_user_ns())) {
    targets.push_back(d);
  }
  return deliver_to(std::move(record), task, targets, started);
}

bool AuditSubsystem::deliver_to(AuditRecord record, Task* task,
                                const std::vector<AuditDaemon*>& targets,
                                std::vector<AuditDaemon*>* started) {
  if (config_.boot == AuditBoot::off) return false;
  bool received = false;
  bool any_started = false;
  for (AuditDaemon* d : targets) {
    if (!d->alive || d->enabled == 0) continue;
    if (audit_filter_type(d->rules, record.type)) continue;  // the exclude list
    // audit_log_start(): auditd's own records never wait or get dropped (auditd_test_task).
    const bool own = task != nullptr && task->tgid == d->pid;
    if (!own && d->backlog_limit != 0 && d->queue.size() > d->backlog_limit) {
      // The kernel would first sleep up to backlog_wait_time for kauditd; nothing drains a
      // stalled lsmsim daemon meanwhile, so the outcome is the same loss without the wait.
      // audit_rate_check() is evaluated first and counts against the rate limit.
      if (rate_check(*d) && printk_ratelimit("audit_log_start"))
        kmsg_.push_back("audit: audit_backlog=" + std::to_string(d->queue.size()) +
                        " > audit_backlog_limit=" + std::to_string(d->backlog_limit));
      lost(*d, "backlog limit exceeded");
      continue;
    }
    any_started = true;  // audit_log_start() succeeded: the stamp is taken
    if (started != nullptr) started->push_back(d);
    // audit_log_end(): a record over the rate limit is dropped.
    if (!rate_check(*d)) {
      lost(*d, "rate limit exceeded");
      continue;
    }
    d->queue.push_back(record);
    received = true;
  }
  // kauditd_printk_skb(): with no auditd in the initial namespace the record goes to kmsg,
  // unless a (proposed) namespace daemon took it. Its printk_ratelimit() is not applied
  // (docs/audit.md): every record stays visible in kmsg.
  if (!received && daemon_of(*kernel_.init_user_ns()) == nullptr) {
    if (record.type != AUDIT_EOE) kmsg_.push_back(audit_kmsg_line(record));  // EOE never printed
    any_started = true;
  }
  if (any_started) history_.push_back(std::move(record));
  return any_started;
}

bool AuditSubsystem::printk_ratelimit(const char* func) {
  // ___ratelimit() on printk_ratelimit_state (kernel/printk/printk.c: 5 * HZ, burst 10).
  constexpr std::uint64_t kInterval = 5ULL * 1000000000ULL;
  constexpr int kBurst = 10;
  const std::uint64_t now = kernel_.now_ns();
  if (printk_rl_begin_ns_ == 0) printk_rl_begin_ns_ = now;
  if (now > printk_rl_begin_ns_ + kInterval) {
    if (printk_rl_missed_ != 0) {
      kmsg_.push_back(std::string(func) + ": " + std::to_string(printk_rl_missed_) +
                      " callbacks suppressed");
      printk_rl_missed_ = 0;
    }
    printk_rl_begin_ns_ = now;
    printk_rl_printed_ = 0;
  }
  if (printk_rl_printed_ < kBurst) {
    ++printk_rl_printed_;
    return true;
  }
  ++printk_rl_missed_;
  return false;
}

bool AuditSubsystem::rate_check(AuditDaemon& d) {
  // audit_rate_check(): at most rate_limit - 1 records, then one more per second.
  if (d.rate_limit == 0) return true;
  if (++d.rate_messages < static_cast<int>(d.rate_limit)) return true;
  const std::uint64_t now = kernel_.now_ns();
  if (now - d.rate_last_check_ns > 1000000000ULL) {  // elapsed > HZ
    d.rate_last_check_ns = now;
    d.rate_messages = 0;
    return true;
  }
  return false;
}

void AuditSubsystem::lost(AuditDaemon& d, const char* why) {
  // audit_log_lost(): always count; print (and call audit_panic) in panic mode or without a
  // rate limit, otherwise at most once a second. The audit_lost= line is printed in every
  // failure mode, silent included; only audit_panic() looks at the mode.
  ++d.lost;
  bool print = d.failure == AUDIT_FAIL_PANIC || d.rate_limit == 0;
  if (!print) {
    const std::uint64_t now = kernel_.now_ns();
    if (now - d.lost_last_msg_ns > 1000000000ULL) {  // now - last_msg > HZ
      print = true;
      d.lost_last_msg_ns = now;
    }
  }
  if (!print) return;
  if (printk_ratelimit("audit_log_lost"))
    kmsg_.push_back("audit: audit_lost=" + std::to_string(d.lost) +
                    " audit_rate_limit=" + std::to_string(d.rate_limit) +
                    " audit_backlog_limit=" + std::to_string(d.backlog_limit));
  panic_or_kill(d, why);
}

void AuditSubsystem::panic_or_kill(AuditDaemon& d, const char* why) {
  // audit_panic(): silent says nothing; printk prints the reason (pr_err, rate limited);
  // panic stops the machine.
  switch (d.failure) {
    case AUDIT_FAIL_SILENT:
      return;
    case AUDIT_FAIL_PRINTK:
      if (printk_ratelimit("audit_panic")) kmsg_.push_back(std::string("audit: ") + why);
      return;
    default:
      break;
  }
  if (d.user_ns.get() == kernel_.init_user_ns().get())
    throw KernelPanic(std::string("audit: ") + why);
  // PROPOSAL (not mainline; reference §1.4/§5, UNVERIFIED): a daemon of a child user
  // namespace cannot stop the machine, so its namespace dies instead: every task whose
  // credentials live in that namespace or below is killed.
  d.alive = false;
  kmsg_.push_back("audit: " + std::string(why) + ": audit daemon " + std::to_string(d.pid) +
                  " of user namespace " + d.user_ns->name + " cannot log; killing the namespace");
  Task* cur = kernel_.has_current() ? &kernel_.current() : nullptr;
  std::vector<Pid> victims;
  for (Task* t : kernel_.tasks())
    if (t->alive() && d.user_ns->is_ancestor_of(t->user_ns())) victims.push_back(t->pid);
  for (Pid p : victims) {
    Task* t = kernel_.find_task(p);
    if (t == nullptr || !t->alive()) continue;
    if (t == cur || (cur != nullptr && t->tgid == cur->tgid)) {
      send_sig_info(SIGKILL, *t);  // current dies on its way back to user space
    } else {
      do_group_exit(*t, exit_status_signal(SIGKILL));
    }
  }
}

void AuditSubsystem::syscall_entry(Task& t, int major, const std::array<unsigned long, 4>& args) {
  AuditContext* ctx = t.audit.context.get();
  if (ctx == nullptr || config_.boot == AuditBoot::off) return;
  // __audit_syscall_entry(): nothing when audit is disabled for every daemon of the task.
  bool enabled = enabled_ != 0;
  for (AuditDaemon* d : daemons_for(t.user_ns())) enabled = enabled || d->enabled != 0;
  if (!enabled) return;
  ctx->in_syscall = true;
  ctx->major = major;
  ctx->argv = args;
  const std::uint64_t ns = kernel_.now_ns();
  ctx->stamp = AuditStamp{ns / 1000000000ULL,
                          static_cast<unsigned>((ns % 1000000000ULL) / 1000000ULL), 0};
  ctx->serial_assigned = false;
  ctx->record = false;
  ctx->recorded_for.clear();
  ctx->counting_at_entry.clear();
  for (AuditDaemon* d : daemons_for(t.user_ns()))
    if (audit_rules_count(d->rules)) ctx->counting_at_entry.push_back(d);
  ctx->return_code.reset();
  ctx->cwd = t.cwd;
  ctx->names.clear();
  ctx->target_pids.clear();
  ctx->targets.clear();
}

void AuditSubsystem::syscall_exit(Task& t, const SysResult* result) {
  AuditContext* ctx = t.audit.context.get();
  if (ctx != nullptr && ctx->in_syscall) {
    if (result != nullptr)
      ctx->return_code = result->ok() ? result->ret : -static_cast<long>(result->err);
    // __audit_syscall_exit() per daemon: a daemon without counting rules has a "dummy"
    // context (no SYSCALL); otherwise its exit list decides, and an event that logged records
    // is written unless a never rule matched. Every daemon's records are formatted before any
    // is delivered: one event, even if a delivery kills tasks (a nested panic daemon).
    std::vector<std::pair<AuditDaemon*, AuditRecordList>> events;
    for (AuditDaemon* d : daemons_for(t.user_ns())) {
      if (!d->alive || d->enabled == 0) continue;
      if (std::find(ctx->counting_at_entry.begin(), ctx->counting_at_entry.end(), d) ==
          ctx->counting_at_entry.end())
        continue;  // a dummy context for this daemon
      if (t.tgid == d->pid) continue;  // audit_filter_syscall skips auditd itself
      const AuditFilterResult fr = audit_filter_syscall(d->rules, t, *ctx);
      if (fr.matched && !fr.record) continue;
      const bool logged_for_d = std::find(ctx->recorded_for.begin(), ctx->recorded_for.end(),
                                          d) != ctx->recorded_for.end();
      if (!fr.record && !logged_for_d) continue;
      if (!ctx->serial_assigned) {
        take_serial(ctx->stamp);
        ctx->serial_assigned = true;
      }
      events.emplace_back(d, audit_syscall_event_records(kernel_, t, *ctx, fr.key));
    }
    for (auto& [d, records] : events)
      for (auto& [type, body] : records)
        deliver_to(AuditRecord{type, ctx->stamp, std::move(body)}, &t, {d});
    ctx->in_syscall = false;
    ctx->record = false;
    ctx->recorded_for.clear();
    ctx->counting_at_entry.clear();
    ctx->names.clear();
    ctx->target_pids.clear();
    ctx->targets.clear();
  }
  // Back to user space: kauditd gets to run.
  for (auto& d : daemons_)
    if (d->alive && !d->stalled) d->drain();
}

void AuditSubsystem::record_name(const std::string& name, const Inode& inode,
                                 const std::string& nametype) {
  if (!kernel_.has_current()) return;
  AuditContext* ctx = syscall_context(&kernel_.current());
  if (ctx == nullptr) return;
  for (const AuditName& o : ctx->names)
    if (o.has_inode && o.name == name && o.ino == inode.ino && o.nametype == nametype) return;
  AuditName n;
  n.name = name;
  n.ino = inode.ino;
  char dev[16];
  std::snprintf(dev, sizeof dev, "%02x:%02x", dev_major(inode.sb->dev), dev_minor(inode.sb->dev));
  n.dev = dev;
  n.mode = inode.mode;
  n.ouid = inode.uid;
  n.ogid = inode.gid;
  n.nametype = nametype;
  n.inode = &inode;
  n.has_inode = true;
  AuditLsmField obj = audit_inode_obj_field(kernel_, inode);
  n.obj_field = obj.field;
  n.obj_aux = obj.aux;
  n.obj_contexts = obj.contexts;
  ctx->names.push_back(std::move(n));
}

void AuditSubsystem::record_unresolved(const std::string& name) {
  if (!kernel_.has_current()) return;
  AuditContext* ctx = syscall_context(&kernel_.current());
  if (ctx == nullptr) return;
  for (const AuditName& o : ctx->names)
    if (o.name == name) return;
  AuditName n;
  n.name = name;
  n.nametype = "UNKNOWN";
  ctx->names.push_back(std::move(n));
}

void AuditSubsystem::record_target(Task& target) {
  if (!kernel_.has_current()) return;
  AuditContext* ctx = syscall_context(&kernel_.current());
  if (ctx == nullptr) return;
  AuditTarget tg;
  tg.pid = target.tgid;
  tg.auid = target.audit.loginuid;
  tg.uid = target.real_cred->uid;
  tg.ses = target.audit.sessionid;
  tg.comm = target.comm;
  AuditLsmField obj = audit_task_obj_field(kernel_, target);
  tg.obj_field = obj.field;
  tg.obj_aux = obj.aux;
  if (auto chain = audit_contid_of(target)) tg.contid = *chain;  // ghak90 target_cid
  ctx->target_pids.push_back(tg.pid);
  ctx->targets.push_back(std::move(tg));
}

void AuditSubsystem::task_alloc(Task& child, const Task& parent) {
  // audit_alloc(): a context only once audit was ever enabled; login uid and session are
  // inherited (copy_process copies task->audit), capcontid is not.
  if (ever_enabled_ && config_.boot != AuditBoot::off)
    child.audit.context = std::make_shared<AuditContext>();
  child.audit.loginuid = parent.audit.loginuid;
  child.audit.sessionid = parent.audit.sessionid;
  child.audit.loginuid_immutable = parent.audit.loginuid_immutable;
  child.audit.contid = parent.audit.contid;
  child.audit.capcontid = false;
}

void AuditSubsystem::task_exit(Task& t) { t.audit.context.reset(); }

}  // namespace lsmsim
