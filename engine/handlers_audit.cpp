// Steps that drive audit the way its user space does:
//   auditd          auditd starting up: AUDIT_SET pid (registers the daemon of the caller's
//                   user namespace), enabled=1, then -b / -f; stalled: it stops reading;
//   auditctl        auditctl(8) command lines, parsed when the scenario is (bad rules are bad
//                   input), sent as the tool sends them (kernel refusals are step results);
//   audit_user_msg  a user message (AUDIT_USER_*) sent on NETLINK_AUDIT, or through libaudit's
//                   audit_log_user_message() (libaudit: true) which takes ECONNREFUSED as
//                   "audit is not available" and returns success, as PAM relies on;
//   audit_drain     a daemon reads its queue; stalled: true reads it, then stops reading,
//                   false reads again;
//   audit_records   what a daemon received, filtered by type and fields: data = raw log lines
//                   (auditd's form), return value = how many matched;
//   audit_status    auditctl -s as that daemon's namespace sees it (lost=, backlog=, ...);
//   audit_kmsg      what the kernel printed (records nobody received, lost notices).
#include <cerrno>

#include "engine/call.h"
#include "model/audit/audit.h"
#include "model/audit/audit_netlink.h"
#include "model/audit/audit_record.h"
#include "model/audit/audit_rule.h"
#include "model/audit/audit_types.h"
#include "model/audit/auditd_startup.h"

namespace lsmsim::engine {

namespace {

AuditDaemon* daemon_named(Call& c, const std::string& name) {
  for (const auto& d : c.state.kernel().audit().daemons())
    if (d->name == name) return d.get();
  return nullptr;
}

AuditDaemon& need_daemon(Call& c, const std::string& name) {
  AuditDaemon* d = daemon_named(c, name);
  if (d == nullptr) {
    std::string names;
    for (const auto& x : c.state.kernel().audit().daemons())
      names += (names.empty() ? "" : ", ") + x->name;
    throw StepError{"no audit daemon is named '" + name +
                    "' (registered: " + (names.empty() ? "none" : names) + ")"};
  }
  return *d;
}

// auditd's start-up (model/audit/auditd_startup.h), rendered as what it sent.
SysResult do_auditd(Call& c) {
  AuditdOptions opt;
  opt.name = c.text("name", "host");
  if (c.has("backlog_limit")) opt.backlog_limit = static_cast<std::uint32_t>(c.number("backlog_limit"));
  if (c.has("failure")) opt.failure = static_cast<std::uint32_t>(c.number("failure"));
  opt.stalled = c.number("stalled", 0) != 0;
  const Pid vnr = c.caller.pid_in(c.caller.active_pid_ns());
  c.rendered = "auditd " + quote(opt.name) + "  # AUDIT_SET pid=" + std::to_string(vnr);
  AuditdStarted started;
  SysResult r = start_auditd(c.caller, opt, &started);
  if (started.enabled_audit) c.rendered += ", enabled=1";
  if (opt.backlog_limit) c.rendered += ", backlog_limit=" + std::to_string(*opt.backlog_limit);
  if (opt.failure) c.rendered += ", failure=" + std::to_string(*opt.failure);
  if (opt.stalled) c.rendered += "  (stalled: reads nothing)";
  return r;
}

// Each line was parsed when the scenario was; it is parsed again here with the values
// substituted (the same text, so the same result) and sent.
SysResult do_auditctl(Call& c) {
  const std::vector<std::string> lines = c.texts("command");
  SysResult r = SysResult::success();
  std::string data;
  c.rendered.clear();
  for (const std::string& line : lines) {
    c.rendered += (c.rendered.empty() ? "" : "; ") + ("auditctl " + line);
    AuditctlCommand cmd;
    try {
      cmd = parse_auditctl(line, "<auditctl>");
    } catch (const AuditRuleError& e) {
      throw StepError{e.what()};
    }
    AuditReply reply;
    r = run_auditctl(c.caller, cmd, &reply);
    if (!r.ok()) return r;
    if (cmd.kind == AuditctlCommand::Kind::list_rules) {
      c.show_data = true;
      for (const AuditRule& rule : reply.rules) data += format_audit_rule(rule) + "\n";
      if (reply.rules.empty()) data += "No rules\n";
    } else if (cmd.kind == AuditctlCommand::Kind::status) {
      c.show_data = true;
      const AuditStatus& s = reply.status;
      data += "enabled " + std::to_string(s.enabled) + "\nfailure " + std::to_string(s.failure) +
              "\npid " + std::to_string(s.pid) + "\nbacklog_limit " +
              std::to_string(s.backlog_limit) + "\nlost " + std::to_string(s.lost) +
              "\nbacklog " + std::to_string(s.backlog) + "\n";
    }
  }
  r.data = data;
  return r;
}

SysResult do_audit_user_msg(Call& c) {
  const std::string type_name = c.text("type");
  const int type = audit_type_number(type_name);
  if (type < 0) throw StepError{"unknown audit record type '" + type_name + "'"};
  const std::string text = c.text("text");
  const bool lib = c.number("libaudit", 0) != 0;
  c.rendered = std::string(lib ? "audit_log_user_message(" : "sendto(NETLINK_AUDIT, ") +
               type_name + "(" + std::to_string(type) + "), " + quote(text) + ")";
  if (lib) return audit_log_user_message(c.caller, type, text);
  AuditRequest req;
  req.type = type;
  req.text = text;
  return sys_audit_request(c.caller, req);
}

SysResult do_audit_drain(Call& c) {
  AuditDaemon& d = need_daemon(c, c.text("daemon"));
  c.rendered = "auditd " + quote(d.name) + " reads its queue";
  // `stalled: true`: it reads what is queued, then stops; `false`: it reads again, from
  // what piled up. Without `stalled` a stalled daemon reads nothing.
  bool reads = !d.stalled;
  if (c.has("stalled")) {
    const bool stop = c.number("stalled") != 0;
    c.rendered = "auditd " + quote(d.name) + (stop ? " reads its queue, then stops reading"
                                                   : " reads again");
    reads = true;
    d.stalled = stop;
  }
  const auto n = static_cast<long>(d.queue.size());
  if (!reads) return SysResult::success(0);
  d.drain();
  return SysResult::success(n);
}

bool fields_match(const AuditRecord& rec, const std::vector<std::string>& want) {
  const auto fields = audit_record_fields(rec.type, rec.body);
  for (const std::string& w : want) {
    const std::size_t eq = w.find('=');
    const std::string k = w.substr(0, eq), v = eq == std::string::npos ? "" : w.substr(eq + 1);
    bool found = false;
    for (const auto& [fk, fv] : fields) found = found || (fk == k && (eq == std::string::npos || fv == v));
    if (!found) return false;
  }
  return true;
}

SysResult do_audit_records(Call& c) {
  const std::string daemon = c.text("daemon", "host");
  const std::string type = c.text("type");
  const std::vector<std::string> fields = c.texts("fields");
  c.rendered = "ausearch --daemon " + daemon + (type.empty() ? "" : " -m " + type);
  for (const std::string& f : fields) c.rendered += " " + f;
  c.show_data = true;
  c.show_block = true;  // the records are what a reader of the report wants to see
  std::vector<AuditRecord> recs;
  if (daemon == "kmsg") {
    throw StepError{"use audit_kmsg for what the kernel printed"};
  }
  recs = need_daemon(c, daemon).received();
  std::string data;
  long n = 0;
  for (const AuditRecord& r : recs) {
    if (!type.empty() && audit_type_name(r.type) != type) continue;
    if (!fields_match(r, fields)) continue;
    data += audit_log_line(r) + "\n";
    ++n;
  }
  SysResult out = SysResult::success(n);
  out.data = data;
  return out;
}

SysResult do_audit_status(Call& c) {
  AuditDaemon& d = need_daemon(c, c.text("daemon", "host"));
  c.rendered = "audit status of " + quote(d.name);
  c.show_data = true;
  SysResult r = SysResult::success(static_cast<long>(d.lost));
  r.data = "alive=" + std::to_string(d.alive ? 1 : 0) + " enabled=" + std::to_string(d.enabled) +
           " failure=" + std::to_string(d.failure) + " backlog_limit=" +
           std::to_string(d.backlog_limit) + " backlog=" + std::to_string(d.queue.size()) +
           " logged=" + std::to_string(d.log.size()) + " lost=" + std::to_string(d.lost) + "\n";
  return r;
}

SysResult do_audit_kmsg(Call& c) {
  c.rendered = "dmesg | grep audit";
  c.show_data = true;
  std::string data;
  for (const std::string& l : c.state.kernel().audit().kmsg()) data += l + "\n";
  SysResult r = SysResult::success(static_cast<long>(c.state.kernel().audit().kmsg().size()));
  r.data = data;
  return r;
}

}  // namespace

void add_audit_handlers(std::map<std::string_view, Handler>& m) {
  m["auditd"] = &do_auditd;
  m["auditctl"] = &do_auditctl;
  m["audit_user_msg"] = &do_audit_user_msg;
  m["audit_drain"] = &do_audit_drain;
  m["audit_records"] = &do_audit_records;
  m["audit_status"] = &do_audit_status;
  m["audit_kmsg"] = &do_audit_kmsg;
}

}  // namespace lsmsim::engine
