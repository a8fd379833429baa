// Kernel.audit: the audit subsystem from Python -- records as dicts (and a pandas DataFrame)
// per daemon, the daemons' state (auditctl -s), kmsg, auditd's raw log file, and the
// user-space entry points auditctl(8) and libaudit's audit_log_user_message(). Container IDs
// need no API: /proc/PID/audit_containerid is written and read through the file API like any
// proc file. Every misuse raises a Python exception naming what was wrong.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "bindings/handles.h"
#include "model/audit/audit.h"
#include "model/audit/audit_netlink.h"
#include "model/audit/audit_rule.h"
#include "model/audit/auditd_startup.h"
#include "model/errno_name.h"

namespace py = pybind11;

namespace lsmsim::bindings {

namespace {

struct AuditHandle {
  KernelRef owner;
  AuditSubsystem& audit() const { return owner->kernel->audit(); }
};

// The keys every record dict has; a field of the same name is only in r["fields"].
constexpr const char* kFixedKeys[] = {"type",   "type_number", "time",      "serial",
                                      "text",   "fields",      "field_list"};

// The kernel's names for the numbers auditd 3.0.9 writes as UNKNOWN[n] (include/uapi/linux/
// audit.h of v6.18 and the ghak90 series), accepted wherever a type name is.
constexpr std::pair<const char*, int> kKernelOnlyNames[] = {
    {"CONTAINER_OP", AUDIT_CONTAINER_OP},           {"SIGNAL_INFO2", AUDIT_SIGNAL_INFO2},
    {"SET_CAPCONTID", AUDIT_SET_CAPCONTID},         {"CONTAINER_ID", AUDIT_CONTAINER_ID},
    {"MAC_TASK_CONTEXTS", AUDIT_MAC_TASK_CONTEXTS}, {"MAC_OBJ_CONTEXTS", AUDIT_MAC_OBJ_CONTEXTS},
};

[[noreturn]] void raise_errno(int err, const std::string& what) {
  // builtins.OSError(errno, msg) returns the errno's subclass (PermissionError, ...).
  py::object exc =
      py::module_::import("builtins")
          .attr("OSError")(err, what + ": " + errno_name(err) + " (" + std::strerror(err) + ")");
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
  throw py::error_already_set();
}

std::string repr_of(const py::handle& o) {
  return py::repr(o).cast<std::string>();
}

Task& task_of(const AuditHandle& h, const TaskHandle& t) {
  return *caller_of(h.owner, t, "task");
}

// An exact Python int (bool refused) within [lo, hi].
long long int_in(const py::handle& v, const char* what, long long lo, long long hi) {
  if (!PyLong_Check(v.ptr()) || py::isinstance<py::bool_>(v))
    throw py::type_error(std::string(what) + " must be an int, not " +
                         py::str(py::type::handle_of(v).attr("__name__")).cast<std::string>());
  int overflow = 0;
  const long long n = PyLong_AsLongLongAndOverflow(v.ptr(), &overflow);
  if (overflow != 0 || n < lo || n > hi)
    throw py::value_error(std::string(what) + " " + repr_of(v) + " is out of range " +
                          std::to_string(lo) + ".." + std::to_string(hi));
  return n;
}

// A message type given as a name (as auditd writes it after type=, "UNKNOWN[n]", or the
// kernel's name for those) or a number (nlmsg_type is 16 bits).
int type_number_of(const py::handle& v) {
  if (py::isinstance<py::str>(v)) {
    const std::string name = v.cast<std::string>();
    int nr = audit_type_number(name);
    for (const auto& [n, number] : kKernelOnlyNames)
      if (name == n) nr = number;
    if (nr < 0)
      throw py::value_error(
          "unknown audit message type " + repr_of(v) +
          "; valid: a name auditd writes after type= (SYSCALL, AVC, USER_LOGIN, ...), "
          "UNKNOWN[n], CONTAINER_OP, CONTAINER_ID, SET_CAPCONTID, MAC_TASK_CONTEXTS, "
          "MAC_OBJ_CONTEXTS, or a number 0..65535");
    return nr;
  }
  return static_cast<int>(int_in(v, "audit message type", 0, 65535));
}

// records(type=...): None, one type, or an iterable of types.
std::optional<std::set<int>> type_filter(const py::object& type) {
  if (type.is_none()) return std::nullopt;
  std::set<int> out;
  if (py::isinstance<py::str>(type) || PyLong_Check(type.ptr())) {
    out.insert(type_number_of(type));
  } else if (py::isinstance<py::iterable>(type) && !py::isinstance<py::bytes>(type)) {
    for (auto t : type.cast<py::iterable>()) out.insert(type_number_of(t));
  } else {
    throw py::type_error("type= must be a type name, a number or an iterable of them, not " +
                         repr_of(type));
  }
  return out;
}

std::string daemon_names(const AuditSubsystem& a) {
  std::string names;
  for (const auto& d : a.daemons())
    names += (names.empty() ? "" : ", ") + d->name + (d->alive ? "" : " (dead)");
  return names.empty() ? "none registered" : names;
}

// The live daemon of this name, else the last dead one (its records stay readable).
AuditDaemon& daemon_named(const AuditHandle& h, const std::string& name) {
  AuditDaemon* found = nullptr;
  for (const auto& d : h.audit().daemons()) {
    if (d->name != name) continue;
    if (d->alive) return *d;
    found = d.get();
  }
  if (found != nullptr) return *found;
  throw py::key_error("no audit daemon named '" + name + "'; daemons: " + daemon_names(h.audit()));
}

// One record as a dict: the fixed keys, then every field; all fields also under "fields".
// A field named like a fixed key, or repeated in one record, keeps its first value there;
// "field_list" has every field in order, repeats included (key= split at \x01 gives several).
py::dict record_dict(const AuditRecord& r) {
  py::dict d;
  d["type"] = audit_type_name(r.type);
  d["type_number"] = r.type;
  d["time"] = static_cast<double>(r.stamp.sec) + r.stamp.msec / 1000.0;
  d["serial"] = r.stamp.serial;
  d["text"] = audit_log_line(r);
  py::dict fields;
  py::list field_list;
  for (const auto& [k, v] : audit_record_fields(r.type, r.body)) {
    py::str key(k);
    if (!fields.contains(key)) fields[key] = v;
    if (!d.contains(key)) d[key] = v;
    field_list.append(py::make_tuple(k, v));
  }
  d["fields"] = fields;
  d["field_list"] = field_list;
  return d;
}

std::vector<AuditRecord> records_of(const AuditHandle& h, const std::optional<std::string>& daemon,
                                    const py::object& type) {
  const auto types = type_filter(type);
  std::vector<AuditRecord> all = daemon ? daemon_named(h, *daemon).received() : h.audit().history();
  if (!types) return all;
  std::vector<AuditRecord> out;
  for (AuditRecord& r : all)
    if (types->count(r.type) != 0) out.push_back(std::move(r));
  return out;
}

py::list record_dicts(const std::vector<AuditRecord>& records) {
  py::list out;
  for (const AuditRecord& r : records) out.append(record_dict(r));
  return out;
}

// What AUDIT_GET reports for this daemon (as handle_get fills struct audit_status), seen from
// the host: pid is the global tgid. Plus lsmsim's bookkeeping.
py::dict status_dict(const AuditHandle& h, const AuditDaemon& d) {
  const AuditSubsystem& a = h.audit();
  const bool init = d.user_ns == h.owner->kernel->init_user_ns();
  py::dict s;
  s["name"] = d.name;
  s["user_ns"] = d.user_ns ? py::cast(NsHandle{h.owner, d.user_ns}) : py::object(py::none());
  s["alive"] = d.alive;
  s["stalled"] = d.stalled;
  s["enabled"] = init ? a.enabled() : d.enabled;
  s["failure"] = d.failure;
  s["pid"] = d.alive ? d.pid : 0;
  s["rate_limit"] = d.rate_limit;
  s["backlog_limit"] = d.backlog_limit;
  s["lost"] = d.lost;
  s["backlog"] = d.queue.size();
  s["backlog_wait_time"] = d.backlog_wait_time;
  std::vector<std::string> rules;
  for (const AuditRule& r : d.rules) rules.push_back(format_audit_rule(r));
  s["rules"] = rules;
  return s;
}

// What auditctl prints for -s (the order audit-userspace prints struct audit_status in).
std::vector<std::string> status_lines(const AuditStatus& s) {
  return {"enabled " + std::to_string(s.enabled),
          "failure " + std::to_string(s.failure),
          "pid " + std::to_string(s.pid),
          "rate_limit " + std::to_string(s.rate_limit),
          "backlog_limit " + std::to_string(s.backlog_limit),
          "lost " + std::to_string(s.lost),
          "backlog " + std::to_string(s.backlog),
          "backlog_wait_time " + std::to_string(s.backlog_wait_time)};
}

[[noreturn]] void raise_rule_error(const py::handle& rule_error, const AuditRuleError& e) {
  py::object err = py::reinterpret_borrow<py::object>(rule_error)(e.what());
  err.attr("file") = e.file();
  err.attr("line") = e.line();
  err.attr("column") = e.column();
  err.attr("message") = e.message();
  PyErr_SetObject(rule_error.ptr(), err.ptr());
  throw py::error_already_set();
}

// Runs one parsed command as auditctl does and returns what it prints.
std::vector<std::string> run_command(Task& task, const AuditctlCommand& cmd,
                                     const std::string& what) {
  AuditReply reply;
  SysResult r = run_auditctl(task, cmd, &reply);
  if (!r.ok()) raise_errno(r.err, what);
  std::vector<std::string> out;
  if (cmd.kind == AuditctlCommand::Kind::list_rules) {
    for (const AuditRule& rule : reply.rules) out.push_back(format_audit_rule(rule));
  } else if (cmd.kind == AuditctlCommand::Kind::status) {
    out = status_lines(reply.status);
  }
  return out;
}

std::optional<std::uint32_t> optional_u32(const py::object& v, const char* what) {
  if (v.is_none()) return std::nullopt;
  return static_cast<std::uint32_t>(int_in(v, what, 0, UINT32_MAX));
}

}  // namespace

void register_audit(py::module_& m) {
  using namespace pybind11::literals;

  // lsmsim.AuditRuleError(ValueError): a rule auditctl would refuse, with its position.
  static py::handle rule_error = PyErr_NewExceptionWithDoc(
      "lsmsim._core.AuditRuleError",
      "An auditctl rule that auditctl refuses; str() is 'file:line:col: message', with "
      ".file .line .column .message.",
      PyExc_ValueError, nullptr);
  m.add_object("AuditRuleError", rule_error);
  // The audit failure mode panic (-f 2) stopping the machine: audit_panic().
  py::register_exception<KernelPanic>(m, "KernelPanic", PyExc_RuntimeError).doc() =
      "audit_panic() in failure mode 2: the simulated machine stopped; str() is the "
      "panic message ('audit: backlog limit exceeded').";

  py::class_<AuditHandle>(m, "Audit", R"doc(
The audit subsystem of one Kernel (Kernel.audit).

Records are dicts {type, type_number, time, serial, text, fields, <field>: value, ...}: type as
auditd writes it after type= (UNKNOWN[n] for numbers auditd lacks), time the stamp's seconds,
serial the event serial, text auditd's raw log line, fields every name=value of the body
(split as auparse does, quotes removed, values as str). Each field is also a top-level key,
unless its name is one of the fixed keys or repeats in the record; fields always has it.
Daemons are named when started (start_daemon); the kernel's own view (every record sent,
whichever daemon took it) is records() without a daemon.)doc")
      .def(
          "records",
          [](const AuditHandle& h, const std::optional<std::string>& daemon,
             const py::object& type) { return record_dicts(records_of(h, daemon, type)); },
          "daemon"_a = py::none(), py::kw_only(), "type"_a = py::none(),
          "Records as dicts: every record the kernel sent (daemon=None), or those the named "
          "daemon received (its log, then its queue). type= keeps only records of a type "
          "name/number or an iterable of them. Unknown daemon: KeyError.")
      .def(
          "events",
          [](const AuditHandle& h, const std::optional<std::string>& daemon,
             const py::object& type) {
            // Records share a stamp per event (one syscall, or one standalone record); group
            // them by serial in order of first record, as ausearch prints events.
            const std::vector<AuditRecord> all = records_of(h, daemon, py::none());
            const auto types = type_filter(type);
            std::vector<unsigned> order;
            std::map<unsigned, std::vector<const AuditRecord*>> by_serial;
            for (const AuditRecord& r : all) {
              auto& group = by_serial[r.stamp.serial];
              if (group.empty()) order.push_back(r.stamp.serial);
              group.push_back(&r);
            }
            py::list out;
            for (unsigned serial : order) {
              const auto& group = by_serial[serial];
              bool keep = !types;
              for (const AuditRecord* r : group) keep = keep || types->count(r->type) != 0;
              if (!keep) continue;
              py::list ev;
              for (const AuditRecord* r : group) ev.append(record_dict(*r));
              out.append(ev);
            }
            return out;
          },
          "daemon"_a = py::none(), py::kw_only(), "type"_a = py::none(),
          "records(daemon) grouped into events (lists of records sharing a serial), in order; "
          "type= keeps the events that hold a record of that type (or any of several).")
      .def(
          "dataframe",
          [](const AuditHandle& h, const std::optional<std::string>& daemon,
             const py::object& type) {
            py::list rows = record_dicts(records_of(h, daemon, type));
            py::module_ pd;
            try {
              pd = py::module_::import("pandas");
            } catch (py::error_already_set&) {
              throw py::import_error(
                  "Kernel.audit.dataframe() needs pandas (pip install pandas); "
                  "Kernel.audit.records() gives the same data as dicts");
            }
            // The fixed keys first, then each field in order of first appearance.
            py::list columns;
            py::dict seen;
            for (const char* k : kFixedKeys) {
              columns.append(k);
              seen[k] = true;
            }
            for (auto row : rows)
              for (auto [k, v] : row.cast<py::dict>())
                if (!seen.contains(k)) {
                  columns.append(k);
                  seen[k] = true;
                }
            return pd.attr("DataFrame")(rows, "columns"_a = columns);
          },
          "daemon"_a = py::none(), py::kw_only(), "type"_a = py::none(),
          "records(daemon, type=...) as a pandas.DataFrame, one row per record: columns type, "
          "type_number, time, serial, text, fields, then every field (NaN where a record lacks "
          "it). pandas is imported on first use.")
      .def(
          "daemons",
          [](const AuditHandle& h) {
            py::list out;
            for (const auto& d : h.audit().daemons()) out.append(status_dict(h, *d));
            return out;
          },
          "Every daemon ever registered, in registration order, as status() dicts (alive "
          "False once it unregistered or its user namespace was killed).")
      .def(
          "status",
          [](const AuditHandle& h, const std::string& daemon) {
            return status_dict(h, daemon_named(h, daemon));
          },
          "daemon"_a,
          "auditctl -s for one daemon, seen from the host: enabled, failure, pid (global; 0 "
          "when dead), rate_limit, backlog_limit, lost, backlog (records queued now), "
          "backlog_wait_time; plus name, user_ns, alive, stalled and rules (as auditctl -l).")
      .def(
          "kmsg", [](const AuditHandle& h) { return h.audit().kmsg(); },
          "What audit printed to the kernel log (records nobody received, lost notices).")
      .def(
          "auditctl",
          [](const AuditHandle& h, const TaskHandle& task, const std::string& command,
             const std::string& file) {
            Task& t = task_of(h, task);
            AuditctlCommand cmd;
            try {
              cmd = parse_auditctl(command, file);
            } catch (const AuditRuleError& e) {
              raise_rule_error(rule_error, e);
            }
            return run_command(t, cmd, "auditctl " + command);
          },
          "task"_a, "command"_a, py::kw_only(), "file"_a = "<auditctl>",
          "Run auditctl COMMAND as `task` (e.g. '-a always,exit -S openat -k k'). Returns what "
          "auditctl prints: the rules for -l, the status lines for -s ('enabled 1', ...), "
          "nothing otherwise. A rule auditctl refuses raises AuditRuleError (file: names it); "
          "a request the kernel refuses raises OSError with its errno.")
      .def(
          "load_rules",
          [](const AuditHandle& h, const TaskHandle& task, const std::string& text,
             const std::string& file) {
            Task& t = task_of(h, task);
            // auditctl -R: every line parsed first, so a bad rule anywhere loads nothing; then
            // run in order, stopping at a refusal.
            std::vector<AuditctlCommand> cmds;
            try {
              cmds = parse_audit_rules(text, file);
            } catch (const AuditRuleError& e) {
              raise_rule_error(rule_error, e);
            }
            for (const AuditctlCommand& cmd : cmds)
              run_command(t, cmd, "auditctl -R " + file + ":" + std::to_string(cmd.line));
            return cmds.size();
          },
          "task"_a, "text"_a, py::kw_only(), "file"_a = "audit.rules",
          "auditctl -R: run every command of an audit.rules text as `task`, in order (blank "
          "lines and # comments skipped). Every line is parsed first (AuditRuleError at its "
          "file:line:col); the first kernel refusal raises OSError naming file:line and stops. "
          "Returns the number of commands run.")
      .def(
          "user_message",
          [](const AuditHandle& h, const TaskHandle& task, const py::object& type,
             const std::string& text) {
            Task& t = task_of(h, task);
            const int nr = type_number_of(type);
            SysResult r = audit_log_user_message(t, nr, text);
            if (!r.ok()) raise_errno(r.err, "audit_log_user_message");
          },
          "task"_a, "type"_a, "text"_a,
          "libaudit audit_log_user_message() as `task`: type is a number or a name "
          "('USER_LOGIN'). ECONNREFUSED counts as success, as in libaudit (nothing is "
          "logged); other refusals raise OSError (EPERM without CAP_AUDIT_WRITE, EINVAL for "
          "a type that is not a user message or an empty text).")
      .def(
          "start_daemon",
          [](const AuditHandle& h, const TaskHandle& task, const std::string& name,
             const py::object& backlog_limit, const py::object& failure, bool stalled) {
            Task& t = task_of(h, task);
            if (name.empty()) throw py::value_error("start_daemon(name=) must not be empty");
            AuditdOptions opt;
            opt.name = name;
            opt.backlog_limit = optional_u32(backlog_limit, "backlog_limit");
            opt.failure = optional_u32(failure, "failure");
            opt.stalled = stalled;
            // Names identify daemons here: refuse a second live one (unless the kernel
            // would refuse the registration itself, EEXIST in the same namespace).
            if (h.audit().daemon_of(t.user_ns()) == nullptr)
              for (const auto& d : h.audit().daemons())
                if (d->alive && d->name == name)
                  throw py::value_error("an audit daemon named '" + name +
                                        "' is already running (pid " + std::to_string(d->pid) +
                                        "); daemons: " + daemon_names(h.audit()));
            SysResult r = start_auditd(t, opt);
            if (!r.ok()) raise_errno(r.err, "auditd start-up");
          },
          "task"_a, py::kw_only(), "name"_a = "host", "backlog_limit"_a = py::none(),
          "failure"_a = py::none(), "stalled"_a = false,
          "Start auditd as `task`: it registers as the daemon of task's user namespace "
          "(AUDIT_SET pid), turns audit on if it is off, then sets backlog_limit (-b) and "
          "failure (-f: 0 silent, 1 printk, 2 panic). A stalled daemon never reads its queue. "
          "A refusal raises OSError with the kernel's errno (EEXIST: a daemon is registered "
          "there; ECONNREFUSED: a child user namespace with userns_daemons off; EPERM: no "
          "CAP_AUDIT_CONTROL). A name another live daemon has: ValueError.")
      .def(
          "set_stalled",
          [](const AuditHandle& h, const std::string& daemon, bool stalled) {
            daemon_named(h, daemon).stalled = stalled;
          },
          "daemon"_a, "stalled"_a,
          "A stalled daemon stops reading its queue, which can then overflow (lost records).")
      .def(
          "drain",
          [](const AuditHandle& h, const std::string& daemon) { daemon_named(h, daemon).drain(); },
          "daemon"_a, "The daemon reads everything queued now (its backlog becomes 0).")
      .def(
          "log_lines",
          [](const AuditHandle& h, const std::string& daemon) {
            std::vector<std::string> out;
            for (const AuditRecord& r : daemon_named(h, daemon).received())
              out.push_back(audit_log_line(r));
            return out;
          },
          "daemon"_a, "The daemon's records as auditd's raw log lines (its log, then its queue).")
      .def(
          "write_log",
          [](const AuditHandle& h, const std::string& daemon, const py::object& path) {
            const std::string p = py::str(py::module_::import("os").attr("fspath")(path));
            const std::vector<AuditRecord> records = daemon_named(h, daemon).received();
            errno = 0;
            std::ofstream out(p, std::ios::binary | std::ios::trunc);
            if (!out) raise_errno(errno != 0 ? errno : EIO, "write_log " + p);
            for (const AuditRecord& r : records) out << audit_log_line(r) << '\n';
            out.close();
            if (!out) raise_errno(EIO, "write_log " + p);
            return records.size();
          },
          "daemon"_a, "path"_a,
          "Write the daemon's records to `path` as auditd's log file (log_format = RAW, one "
          "line per record), which ausearch -if / aureport -if / auparse read. Returns the "
          "number of records written.")
      .def("__repr__", [](const AuditHandle& h) {
        const AuditSubsystem& a = h.audit();
        const AuditBoot b = a.config().boot;
        std::string live;
        for (const auto& d : a.daemons())
          if (d->alive) live += (live.empty() ? "" : ",") + d->name;
        return std::string("<lsmsim.Audit boot=") +
               (b == AuditBoot::on    ? "on"
                : b == AuditBoot::off ? "off"
                                      : "unset") +
               " userns_daemons=" + (a.config().userns_daemons ? "True" : "False") +
               " enabled=" + std::to_string(a.enabled()) + " daemons=[" + live +
               "] records=" + std::to_string(a.history().size()) + ">";
      });

  auto kernel_cls = py::reinterpret_borrow<py::class_<KernelHandle, KernelRef>>(m.attr("Kernel"));
  kernel_cls.def_property_readonly(
      "audit", [](const KernelRef& k) { return AuditHandle{k}; }, "The audit API of this kernel.");
}

}  // namespace lsmsim::bindings
