// The NETLINK_AUDIT receive path (kernel/audit.c audit_netlink_ok, audit_receive_msg,
// audit_log_config_change, audit_log_common_recv_msg; kernel/auditfilter.c audit_rule_change,
// audit_log_rule_change), auditctl's requests, and libaudit's audit_log_user_message().
#include "model/audit/audit_netlink.h"

#include <algorithm>
#include <cerrno>

#include "model/audit/audit.h"
#include "model/audit/audit_contid.h"
#include "model/audit/audit_context.h"
#include "model/audit/audit_filter.h"
#include "model/audit/audit_syscall_records.h"
#include "model/audit/audit_task.h"
#include "model/audit/audit_types.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/ns/namespaces.h"
#include "model/syscalls/syscall_util.h"
#include "model/task.h"

namespace lsmsim {

namespace {

constexpr std::uint32_t kAuditOff = 0;
constexpr std::uint32_t kAuditLocked = 2;
constexpr std::uint32_t kAuditBacklogWaitTime = 60000;  // 60 * HZ in ms
constexpr std::size_t kAuditMessageTextMax = 8560;      // AUDIT_MESSAGE_TEXT_MAX

bool is_control(int type) {
  switch (type) {
    case AUDIT_GET: case AUDIT_SET: case AUDIT_GET_FEATURE: case AUDIT_SET_FEATURE:
    case AUDIT_LIST_RULES: case AUDIT_ADD_RULE: case AUDIT_DEL_RULE: case AUDIT_SIGNAL_INFO:
    case AUDIT_TTY_GET: case AUDIT_TTY_SET: case AUDIT_TRIM: case AUDIT_MAKE_EQUIV:
      return true;
    default:
      return false;
  }
}

bool is_init_user_ns(Kernel& k, const UserNamespace& ns) { return &ns == k.init_user_ns().get(); }

// The user namespace whose daemon answers `caller`: the initial one for a task there; with
// the per-userns model, a child namespace's own (control) or the innermost namespace at or
// above the caller's, below the initial one, with a live daemon (user messages).
std::shared_ptr<UserNamespace> own_ns(Task& caller) { return caller.cred->user_ns; }

AuditDaemon* live_daemon_below_init(Kernel& k, Task& caller) {
  AuditSubsystem& a = k.audit();
  for (UserNamespace* ns = own_ns(caller).get(); ns != nullptr && !is_init_user_ns(k, *ns);
       ns = ns->parent.get()) {
    AuditDaemon* d = a.daemon_of(*ns);
    if (d != nullptr && d->alive) return d;
  }
  return nullptr;
}

// audit_netlink_ok(), in the kernel's order; 0 or a positive errno.
int audit_netlink_ok(Task& caller, int type) {
  Kernel& k = caller.kernel;
  const bool nested_model = k.audit().config().userns_daemons;
  const bool in_init_userns = is_init_user_ns(k, caller.user_ns());
  if (!in_init_userns) {
    // Mainline: the deliberate lie so PAM believes audit is not built in.
    if (!nested_model) return ECONNREFUSED;
    if (type == AUDIT_LIST || type == AUDIT_ADD || type == AUDIT_DEL) return EOPNOTSUPP;
    if (is_control(type)) {
      // Proposal: a daemon of a child user namespace, CAP_AUDIT_CONTROL in its own namespace.
      if (!ns_capable(caller, caller.user_ns(), CAP_AUDIT_CONTROL)) return EPERM;
      return 0;
    }
    if (audit_is_user_message(type)) {
      // Weiss 2021: user messages from a namespace that has (or sits below) a daemon.
      if (live_daemon_below_init(k, caller) == nullptr) return ECONNREFUSED;
      if (!ns_capable(caller, caller.user_ns(), CAP_AUDIT_WRITE)) return EPERM;
      return 0;
    }
    return EINVAL;
  }
  if (type == AUDIT_LIST || type == AUDIT_ADD || type == AUDIT_DEL) return EOPNOTSUPP;
  if (is_control(type)) {
    if (&caller.active_pid_ns() != k.init_pid_ns().get()) return EPERM;
    if (!capable(caller, CAP_AUDIT_CONTROL)) return EPERM;
    return 0;
  }
  if (audit_is_user_message(type)) {
    if (!capable(caller, CAP_AUDIT_WRITE)) return EPERM;
    return 0;
  }
  return EINVAL;
}

// The namespace a control message from `caller` configures.
std::shared_ptr<UserNamespace> control_ns(Task& caller) {
  Kernel& k = caller.kernel;
  return is_init_user_ns(k, caller.user_ns()) ? k.init_user_ns() : own_ns(caller);
}

// "auid=%u ses=%u" (audit_log_session_info).
std::string session_info(Task& t) {
  const AuditTaskInfo& ai = t.audit;
  return "auid=" + std::to_string(ai.loginuid) + " ses=" + std::to_string(ai.sessionid);
}

// audit_log_common_recv_msg(): "pid=%d uid=%u auid=%u ses=%u" in init-ns terms (the subj=
// field follows).
std::string common_recv_msg(Task& t) {
  Kernel& k = t.kernel;
  const Uid uid = from_kuid(*k.init_user_ns(), t.cred->uid);
  return "pid=" + std::to_string(t.tgid) + " uid=" + std::to_string(uid) + " " +
         session_info(t);
}

// audit_log_config_change(): logged only while audit is not off.
void log_config_change(Task& t, std::uint32_t enabled, const char* name, std::uint32_t now,
                       std::uint32_t old, int allow) {
  if (enabled == kAuditOff) return;
  audit_log_with_subj(t, AUDIT_CONFIG_CHANGE,
                     std::string("op=set ") + name + "=" + std::to_string(now) +
                         " old=" + std::to_string(old) + " " + session_info(t),
                     " res=" + std::to_string(allow));
}

// audit_do_config_change(): the lock rule, the record, then the change.
int do_config_change(Task& t, std::uint32_t enabled, const char* name, std::uint32_t& field,
                     std::uint32_t now) {
  const int allow = enabled == kAuditLocked ? 0 : 1;
  log_config_change(t, enabled, name, now, field, allow);
  if (!allow) return EPERM;
  field = now;
  return 0;
}

int filter_list_number(AuditFilterList l) {
  switch (l) {
    case AuditFilterList::user: return 0;
    case AuditFilterList::task: return 1;
    case AuditFilterList::exit: return 4;
    case AuditFilterList::exclude: return 5;
    case AuditFilterList::fs: return 6;
  }
  return 4;
}

// audit_log_key(): key="..." or key=(null).
std::string key_text(const std::string& key) {
  if (key.empty()) return "(null)";
  for (const char c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || u < 0x21 || u > 0x7e) {  // audit_string_contains_control: hex
      static const char* hex = "0123456789ABCDEF";
      std::string h;
      for (const char x : key) {
        h += hex[static_cast<unsigned char>(x) >> 4];
        h += hex[static_cast<unsigned char>(x) & 0xf];
      }
      return h;
    }
  }
  return "\"" + key + "\"";
}

struct DaemonView {
  std::shared_ptr<UserNamespace> ns;
  AuditDaemon* daemon;  // null: nobody registered (yet) for ns
};

SysResult handle_get(Task& caller, const DaemonView& v, AuditReply* reply) {
  AuditSubsystem& a = caller.kernel.audit();
  AuditStatus s;
  const bool init = v.ns == caller.kernel.init_user_ns();
  s.enabled = init ? a.enabled() : (v.daemon ? v.daemon->enabled : 0);
  if (v.daemon != nullptr) {
    const AuditDaemon& d = *v.daemon;
    s.failure = static_cast<std::uint32_t>(d.failure);
    if (d.alive) {
      Task* leader = caller.kernel.find_task(d.pid);
      s.pid = leader ? static_cast<std::uint32_t>(leader->pid_in(caller.active_pid_ns())) : 0;
    }
    s.rate_limit = d.rate_limit;
    s.backlog_limit = d.backlog_limit;
    s.lost = static_cast<std::uint32_t>(d.lost);
    s.backlog = static_cast<std::uint32_t>(d.queue.size());
    s.backlog_wait_time = d.backlog_wait_time;
  } else {
    const AuditDaemon defaults;
    s.failure = static_cast<std::uint32_t>(defaults.failure);
    s.backlog_limit = defaults.backlog_limit;
    s.backlog_wait_time = defaults.backlog_wait_time;
  }
  if (reply) reply->status = s;
  return SysResult::success();
}

SysResult handle_set(Task& caller, const DaemonView& v, const AuditStatus& s) {
  Kernel& k = caller.kernel;
  AuditSubsystem& a = k.audit();
  const bool init = v.ns == k.init_user_ns();
  AuditDaemon* d = v.daemon;
  auto enabled_now = [&]() -> std::uint32_t {
    return init ? a.enabled() : (d ? d->enabled : 0);
  };
  // Settings other than enabled live with a daemon; none registered yet: EINVAL would lie,
  // so lsmsim needs the daemon first (documented divergence for pre-registration settings).
  if (s.mask & AUDIT_STATUS_ENABLED) {
    if (s.enabled > kAuditLocked) return SysResult::error(EINVAL);
    std::uint32_t cur = enabled_now();
    const int err = do_config_change(caller, cur, "audit_enabled", cur, s.enabled);
    if (err) return SysResult::error(err);
    if (init) a.set_enabled(cur);
    if (d) d->enabled = cur;
  }
  auto need_daemon = [&]() -> bool { return d != nullptr; };
  if (s.mask & AUDIT_STATUS_FAILURE) {
    if (s.failure > 2) return SysResult::error(EINVAL);
    if (!need_daemon()) return SysResult::error(ENOENT);
    auto f = static_cast<std::uint32_t>(d->failure);
    const int err = do_config_change(caller, enabled_now(), "audit_failure", f, s.failure);
    if (err) return SysResult::error(err);
    d->failure = static_cast<int>(f);
  }
  if (s.mask & AUDIT_STATUS_PID) {
    const PidNamespace& pns = caller.active_pid_ns();
    Task* leader = k.find_task(caller.tgid);
    const auto req_vnr = static_cast<std::uint32_t>(leader ? leader->pid_in(pns) : 0);
    if (s.pid != 0 && s.pid != req_vnr) return SysResult::error(EINVAL);
    std::uint32_t auditd_vnr = 0;
    if (d != nullptr && d->alive) {
      Task* dl = k.find_task(d->pid);
      auditd_vnr = dl ? static_cast<std::uint32_t>(dl->pid_in(pns)) : 0;
      if (auditd_vnr == 0 && dl) auditd_vnr = static_cast<std::uint32_t>(d->pid);
    }
    if (auditd_vnr != 0) {
      if (s.pid != 0) {
        log_config_change(caller, enabled_now(), "audit_pid", s.pid, auditd_vnr, 0);
        return SysResult::error(EEXIST);
      }
      if (req_vnr != auditd_vnr) {
        log_config_change(caller, enabled_now(), "audit_pid", s.pid, auditd_vnr, 0);
        return SysResult::error(EACCES);
      }
    }
    if (s.pid != 0) {
      const int err = a.register_daemon(caller, v.ns, init ? "host" : "userns");
      d = a.daemon_of(*v.ns);
      log_config_change(caller, enabled_now(), "audit_pid", s.pid, auditd_vnr, err ? 0 : 1);
      if (err) return SysResult::error(err);
    } else {
      log_config_change(caller, enabled_now(), "audit_pid", 0, auditd_vnr, 1);
      if (d != nullptr && d->alive) a.unregister_daemon(caller);
    }
  }
  if (s.mask & AUDIT_STATUS_RATE_LIMIT) {
    if (!need_daemon()) return SysResult::error(ENOENT);
    const int err =
        do_config_change(caller, enabled_now(), "audit_rate_limit", d->rate_limit, s.rate_limit);
    if (err) return SysResult::error(err);
  }
  if (s.mask & AUDIT_STATUS_BACKLOG_LIMIT) {
    if (!need_daemon()) return SysResult::error(ENOENT);
    const int err = do_config_change(caller, enabled_now(), "audit_backlog_limit",
                                     d->backlog_limit, s.backlog_limit);
    if (err) return SysResult::error(err);
  }
  if (s.mask & AUDIT_STATUS_BACKLOG_WAIT_TIME) {
    if (s.backlog_wait_time > 10 * kAuditBacklogWaitTime) return SysResult::error(EINVAL);
    if (!need_daemon()) return SysResult::error(ENOENT);
    const int err = do_config_change(caller, enabled_now(), "audit_backlog_wait_time",
                                     d->backlog_wait_time, s.backlog_wait_time);
    if (err) return SysResult::error(err);
  }
  if (s.mask == AUDIT_STATUS_LOST) {
    const auto lost = d ? static_cast<std::uint32_t>(d->lost) : 0u;
    if (d) d->lost = 0;
    // audit_log_config_change("lost", 0, lost, 1) is written whatever audit_enabled is.
    audit_log_with_subj(caller, AUDIT_CONFIG_CHANGE,
                        "op=set lost=0 old=" + std::to_string(lost) + " " + session_info(caller),
                        " res=1");
    return SysResult::success(static_cast<long>(lost));
  }
  return SysResult::success();
}

SysResult handle_rule(Task& caller, const DaemonView& v, const AuditRequest& req) {
  AuditSubsystem& a = caller.kernel.audit();
  const bool init = v.ns == caller.kernel.init_user_ns();
  AuditDaemon* d = v.daemon;
  const std::uint32_t enabled = init ? a.enabled() : (d ? d->enabled : 0);
  const bool add = req.type == AUDIT_ADD_RULE;
  if (enabled == kAuditLocked) {
    audit_log_with_subj(caller, AUDIT_CONFIG_CHANGE, common_recv_msg(caller),
                        std::string(" op=") + (add ? "add_rule" : "remove_rule") +
                            " audit_enabled=2 res=0");
    return SysResult::error(EPERM);
  }
  if (d == nullptr) return SysResult::error(ENOENT);
  int err = 0;
  auto& rules = d->rules;
  auto it = std::find(rules.begin(), rules.end(), req.rule);
  if (add) {
    if (it != rules.end()) {
      err = EEXIST;
    } else if (req.rule.text.rfind("-A", 0) == 0) {
      rules.insert(rules.begin(), req.rule);  // AUDIT_FILTER_PREPEND
    } else {
      rules.push_back(req.rule);
    }
  } else {
    if (it == rules.end()) {
      err = ENOENT;
    } else {
      rules.erase(it);
    }
  }
  // audit_log_rule_change(): only while audit is enabled.
  if (enabled != kAuditOff) {
    audit_log_with_subj(caller, AUDIT_CONFIG_CHANGE, session_info(caller),
                        std::string(" op=") + (add ? "add_rule" : "remove_rule") +
                            " key=" + key_text(req.rule.key) + " list=" +
                            std::to_string(filter_list_number(req.rule.list)) +
                            " res=" + (err ? "0" : "1"));
  }
  if (err) return SysResult::error(err);
  return SysResult::success();
}

SysResult handle_user(Task& caller, const AuditRequest& req) {
  Kernel& k = caller.kernel;
  AuditSubsystem& a = k.audit();
  AuditDaemon* d = is_init_user_ns(k, caller.user_ns())
                       ? a.daemon_of(*k.init_user_ns())
                       : live_daemon_below_init(k, caller);
  const std::uint32_t enabled = is_init_user_ns(k, caller.user_ns())
                                    ? a.enabled()
                                    : (d ? d->enabled : 0);
  if (enabled == kAuditOff && req.type != AUDIT_USER_AVC) return SysResult::success();
  // The kernel needs at least one character plus the NUL (data_len < 2 -> EINVAL).
  if (req.text.empty()) return SysResult::error(EINVAL);
  if (d != nullptr && !audit_filter_user(d->rules, caller, req.type)) {
    return SysResult::success();
  }
  std::string text = req.text;
  const auto nul = text.find('\0');
  if (nul != std::string::npos) text.resize(nul);
  if (text.size() > kAuditMessageTextMax) text.resize(kAuditMessageTextMax);
  if (auto chain = audit_contid_of(caller)) {
    // ghak90 v11 06/11: the user record gets a local context (audit_alloc_local) and
    // audit_log_container_id_ctx() adds "record=1 contid=..." after it, same stamp; the user
    // record itself carries no record= field.
    const AuditLsmField subj = audit_subj_field(k, caller);
    std::vector<std::pair<int, std::string>> recs{
        {req.type, common_recv_msg(caller) + subj.field + " msg='" + text + "'"}};
    if (!subj.aux.empty()) recs.emplace_back(AUDIT_MAC_TASK_CONTEXTS, subj.aux);
    recs.emplace_back(AUDIT_CONTAINER_ID, "record=1 contid=" + *chain);
    a.log_event(recs, &caller);
    return SysResult::success();
  }
  // audit_log_user_recv_msg() starts its record with no context: a standalone event, not
  // part of the sender's sendto() (no SYSCALL record joins it).
  audit_log_with_subj(caller, req.type, common_recv_msg(caller), " msg='" + text + "'",
                      /*standalone=*/true);
  return SysResult::success();
}

constexpr long kNlmsgHdrLen = 16;          // NLMSG_HDRLEN
constexpr long kAuditStatusSize = 44;      // sizeof(struct audit_status), 11 __u32
constexpr long kAuditRuleDataSize = 1040;  // sizeof(struct audit_rule_data) without buf[]

// NLMSG_SPACE(payload): what libaudit's audit_send() passes to sendto() and what sendto()
// returns (checked with strace: AUDIT_GET 16, AUDIT_SET 60, "-S openat -k kk" 1060).
long nlmsg_space(long payload) {
  return (kNlmsgHdrLen + payload + 3) & ~3L;
}

// The request's payload as user space builds it: audit_rule_data's buf[] holds the string
// fields (watch path, key, subj_* and other text values) without terminators.
long request_payload(const AuditRequest& r) {
  switch (r.type) {
    case AUDIT_SET:
      return kAuditStatusSize;
    case AUDIT_ADD_RULE:
    case AUDIT_DEL_RULE: {
      long buflen = static_cast<long>(r.rule.key.size() + r.rule.watch_path.size());
      for (const AuditFieldRule& f : r.rule.fields)
        if (f.is_text) buflen += static_cast<long>(f.text.size());
      return kAuditRuleDataSize + buflen;
    }
    default:
      // audit_log_user_message(): the text and its NUL; AUDIT_GET and the lists: nothing.
      return audit_is_user_message(r.type) ? static_cast<long>(r.text.size()) + 1 : 0;
  }
}

SysResult receive_msg(Task& caller, const AuditRequest& request, AuditReply* reply) {
  if (const int err = audit_netlink_ok(caller, request.type)) return SysResult::error(err);
  AuditSubsystem& a = caller.kernel.audit();
  DaemonView v;
  v.ns = control_ns(caller);
  v.daemon = a.daemon_of(*v.ns);
  switch (request.type) {
    case AUDIT_GET:
      return handle_get(caller, v, reply);
    case AUDIT_SET:
      return handle_set(caller, v, request.status);
    case AUDIT_ADD_RULE:
    case AUDIT_DEL_RULE:
      return handle_rule(caller, v, request);
    case AUDIT_LIST_RULES:
      if (reply) reply->rules = v.daemon ? v.daemon->rules : std::vector<AuditRule>{};
      return SysResult::success();
    case AUDIT_GET_FEATURE:
    case AUDIT_SET_FEATURE:
    case AUDIT_SIGNAL_INFO:
    case AUDIT_TTY_GET:
    case AUDIT_TTY_SET:
    case AUDIT_TRIM:
    case AUDIT_MAKE_EQUIV:
      // Accepted by the gate; lsmsim models no audit features, tty auditing or trees.
      return SysResult::success();
    default:
      if (audit_is_user_message(request.type)) return handle_user(caller, request);
      return SysResult::error(EINVAL);
  }
}

}  // namespace

void audit_log_with_subj(Task& t, int type, const std::string& before, const std::string& after,
                         bool standalone) {
  Kernel& k = t.kernel;
  const AuditLsmField subj = audit_subj_field(k, t);
  const std::string body = before + subj.field + after;
  const AuditContext* ctx = t.audit.context.get();
  if (!standalone && (subj.aux.empty() || (ctx != nullptr && ctx->in_syscall))) {
    k.audit().log(type, body);  // joins the current syscall's event, if any
    if (!subj.aux.empty()) k.audit().log(AUDIT_MAC_TASK_CONTEXTS, subj.aux);
    return;
  }
  std::vector<std::pair<int, std::string>> event{{type, body}};
  if (!subj.aux.empty()) event.emplace_back(AUDIT_MAC_TASK_CONTEXTS, subj.aux);
  k.audit().log_event(event, &t);
}

SysResult sys_audit_request(Task& caller, const AuditRequest& request, AuditReply* reply) {
  // sendto() on the audit socket (x86_64 nr 44): netlink_unicast() runs audit_receive() in
  // the sender's syscall, so the records it logs belong to that syscall (a SYSCALL record
  // joins them when the daemon's rules ask for one) and kauditd delivers them when sendto()
  // returns. The message is always sent: sendto() returns its length and the request's
  // verdict comes back in the NLMSG_ERROR ack, which is what this function returns.
  // a0..a3: lsmsim has no socket fd or user buffer, so fd and buffer are 0; a2 is the length.
  const long len = nlmsg_space(request_payload(request));
  SyscallScope scope(caller, 44, {0, 0, audit_arg(len), 0});
  const SysResult ack = receive_msg(caller, request, reply);
  scope.leave(SysResult::success(len));
  return ack;
}

SysResult audit_set_status(Task& caller, std::uint32_t mask, std::uint32_t AuditStatus::* field,
                           std::uint32_t value, AuditReply* reply) {
  AuditRequest req;
  req.type = AUDIT_SET;
  req.status.mask = mask;
  req.status.*field = value;
  return sys_audit_request(caller, req, reply);
}

SysResult run_auditctl(Task& caller, const AuditctlCommand& command, AuditReply* reply) {
  using Kind = AuditctlCommand::Kind;
  AuditRequest req;
  switch (command.kind) {
    case Kind::append_rule:
    case Kind::prepend_rule:
      req.type = AUDIT_ADD_RULE;
      req.rule = command.rule;
      if (command.kind == Kind::prepend_rule && req.rule.text.rfind("-A", 0) != 0) {
        req.rule.text = "-A " + req.rule.text;
      }
      return sys_audit_request(caller, req, reply);
    case Kind::delete_rule:
      req.type = AUDIT_DEL_RULE;
      req.rule = command.rule;
      return sys_audit_request(caller, req, reply);
    case Kind::delete_all: {
      // auditctl -D: list the rules, then delete each (delete_all_rules in auditctl).
      AuditReply list;
      req.type = AUDIT_LIST_RULES;
      SysResult r = sys_audit_request(caller, req, &list);
      if (!r.ok()) return r;
      for (const AuditRule& rule : list.rules) {
        AuditRequest del;
        del.type = AUDIT_DEL_RULE;
        del.rule = rule;
        r = sys_audit_request(caller, del, nullptr);
        if (!r.ok()) return r;
      }
      if (reply) reply->rules.clear();
      return SysResult::success();
    }
    case Kind::list_rules:
      req.type = AUDIT_LIST_RULES;
      return sys_audit_request(caller, req, reply);
    case Kind::status:
      req.type = AUDIT_GET;
      return sys_audit_request(caller, req, reply);
    case Kind::set_enabled:
      return audit_set_status(caller, AUDIT_STATUS_ENABLED, &AuditStatus::enabled, command.value,
                              reply);
    case Kind::set_failure:
      return audit_set_status(caller, AUDIT_STATUS_FAILURE, &AuditStatus::failure, command.value,
                              reply);
    case Kind::set_backlog_limit:
      return audit_set_status(caller, AUDIT_STATUS_BACKLOG_LIMIT, &AuditStatus::backlog_limit,
                              command.value, reply);
    case Kind::set_backlog_wait_time:
      return audit_set_status(caller, AUDIT_STATUS_BACKLOG_WAIT_TIME,
                              &AuditStatus::backlog_wait_time, command.value, reply);
    case Kind::set_rate_limit:
      return audit_set_status(caller, AUDIT_STATUS_RATE_LIMIT, &AuditStatus::rate_limit,
                              command.value, reply);
  }
  return SysResult::error(EINVAL);  // not reached: every kind is handled above
}

SysResult audit_log_user_message(Task& caller, int type, const std::string& message) {
  AuditRequest req;
  req.type = type;
  req.text = message;
  SysResult r = sys_audit_request(caller, req, nullptr);
  // libaudit: ECONNREFUSED means audit is not in the kernel; report success (PAM relies on it).
  if (r.err == ECONNREFUSED) return SysResult::success();
  return r;
}

}  // namespace lsmsim
