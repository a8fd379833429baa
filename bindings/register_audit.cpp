// Kernel.audit: the audit subsystem from Python -- records as dicts (and a pandas DataFrame)
// per daemon, the daemons' state, kmsg, and the user-space entry points auditctl(8) and
// libaudit's audit_log_user_message(). Container IDs need no API: /proc/PID/audit_containerid
// is written and read through the file API like any proc file.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>

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

void raise_errno(int err, const std::string& what) {
  py::object exc =
      py::module_::import("builtins")
          .attr("OSError")(err, what + ": " + errno_name(err) + " (" + std::strerror(err) + ")");
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
  throw py::error_already_set();
}

Task& task_of(const AuditHandle& h, const TaskHandle& t) { return *task_of(h.owner, t, "task"); }

AuditDaemon& daemon_named(const AuditHandle& h, const std::string& name) {
  for (const auto& d : h.audit().daemons())
    if (d->name == name) return *d;
  throw py::key_error("no audit daemon named '" + name + "'");
}

// One record as a dict: type, type_number, time, serial, text, then every field (a field
// never replaces the five fixed keys).
py::dict record_dict(const AuditRecord& r) {
  py::dict d;
  d["type"] = audit_type_name(r.type);
  d["type_number"] = r.type;
  d["time"] = static_cast<double>(r.stamp.sec) + r.stamp.msec / 1000.0;
  d["serial"] = r.stamp.serial;
  d["text"] = audit_log_line(r);
  for (const auto& [k, v] : audit_record_fields(r.body))
    if (!d.contains(k)) d[py::str(k)] = v;
  return d;
}

std::vector<AuditRecord> records_of(const AuditHandle& h,
                                    const std::optional<std::string>& daemon) {
  if (!daemon) return h.audit().history();
  return daemon_named(h, *daemon).received();
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

  py::class_<AuditHandle>(m, "Audit", "The audit subsystem of one Kernel (Kernel.audit).")
      .def(
          "records",
          [](const AuditHandle& h, const std::optional<std::string>& daemon) {
            py::list out;
            for (const AuditRecord& r : records_of(h, daemon)) out.append(record_dict(r));
            return out;
          },
          "daemon"_a = py::none(),
          "Records as dicts {type, type_number, time, serial, text, <fields>}: every record the "
          "kernel sent, or those the named daemon received (its log, then its queue).")
      .def(
          "dataframe",
          [](const AuditHandle& h, const std::optional<std::string>& daemon) {
            py::module_ pd;
            try {
              pd = py::module_::import("pandas");
            } catch (py::error_already_set&) {
              throw py::import_error(
                  "Kernel.audit.dataframe() needs pandas (pip install pandas); "
                  "Kernel.audit.records() gives the same data as dicts");
            }
            py::list rows;
            for (const AuditRecord& r : records_of(h, daemon)) rows.append(record_dict(r));
            return pd.attr("DataFrame")(rows);
          },
          "daemon"_a = py::none(),
          "The records as a pandas.DataFrame, one row per record (columns type, serial, time, "
          "... and every field). pandas is imported on first use.")
      .def(
          "daemons",
          [](const AuditHandle& h) {
            py::list out;
            for (const auto& d : h.audit().daemons()) {
              if (!d->alive) continue;
              py::dict x;
              x["name"] = d->name;
              x["user_ns"] =
                  d->user_ns ? py::cast(NsHandle{h.owner, d->user_ns}) : py::object(py::none());
              x["pid"] = d->pid;
              x["lost"] = d->lost;
              x["backlog_limit"] = d->backlog_limit;
              x["failure"] = d->failure;
              x["queued"] = d->queue.size();
              out.append(x);
            }
            return out;
          },
          "The registered daemons: name, user_ns, pid, lost, backlog_limit, failure, queued.")
      .def(
          "kmsg", [](const AuditHandle& h) { return h.audit().kmsg(); },
          "What audit printed to the kernel log (records nobody received, lost notices).")
      .def(
          "auditctl",
          [](const AuditHandle& h, const TaskHandle& task, const std::string& text,
             const std::string& file) {
            AuditctlCommand cmd;
            try {
              cmd = parse_auditctl(text, file);
            } catch (const AuditRuleError& e) {
              py::object err = py::reinterpret_borrow<py::object>(rule_error)(e.what());
              err.attr("file") = e.file();
              err.attr("line") = e.line();
              err.attr("column") = e.column();
              err.attr("message") = e.message();
              PyErr_SetObject(rule_error.ptr(), err.ptr());
              throw py::error_already_set();
            }
            AuditReply reply;
            SysResult r = run_auditctl(task_of(h, task), cmd, &reply);
            if (!r.ok()) raise_errno(r.err, "auditctl " + text);
            std::vector<std::string> listed;
            for (const AuditRule& rule : reply.rules) listed.push_back(format_audit_rule(rule));
            return listed;
          },
          "task"_a, "command"_a, py::kw_only(), "file"_a = "<auditctl>",
          "Run auditctl COMMAND as `task` (e.g. '-a always,exit -S openat -k k'). A rule "
          "auditctl refuses raises AuditRuleError; a request the kernel refuses raises OSError "
          "with its errno. Returns the rules -l lists (empty for other commands).")
      .def(
          "user_message",
          [](const AuditHandle& h, const TaskHandle& task, const py::object& type,
             const std::string& text) {
            int nr = py::isinstance<py::str>(type) ? audit_type_number(type.cast<std::string>())
                                                   : type.cast<int>();
            if (nr < 0)
              throw py::value_error("unknown audit message type " +
                                    py::str(type).cast<std::string>());
            SysResult r = audit_log_user_message(task_of(h, task), nr, text);
            if (!r.ok()) raise_errno(r.err, "audit_log_user_message");
          },
          "task"_a, "type"_a, "text"_a,
          "libaudit audit_log_user_message(): type is a number or a name ('USER_LOGIN'); "
          "ECONNREFUSED counts as success as in libaudit; other refusals raise OSError.")
      .def(
          "start_daemon",
          [](const AuditHandle& h, const TaskHandle& task, const std::string& name,
             std::optional<std::uint32_t> backlog_limit, std::optional<std::uint32_t> failure,
             bool stalled) {
            AuditdOptions opt;
            opt.name = name;
            opt.backlog_limit = backlog_limit;
            opt.failure = failure;
            opt.stalled = stalled;
            SysResult r = start_auditd(task_of(h, task), opt);
            if (!r.ok()) raise_errno(r.err, "auditd start-up");
          },
          "task"_a, py::kw_only(), "name"_a = "host", "backlog_limit"_a = py::none(),
          "failure"_a = py::none(), "stalled"_a = false,
          "Start auditd as `task`: it registers as the daemon of task's user namespace "
          "(AUDIT_SET pid), turns audit on if it is off, then sets backlog_limit (-b) and "
          "failure (-f: 0 silent, 1 printk, 2 panic). A stalled daemon never reads its queue. "
          "A refusal raises OSError with the kernel's errno.")
      .def(
          "set_stalled",
          [](const AuditHandle& h, const std::string& name, bool stalled) {
            daemon_named(h, name).stalled = stalled;
          },
          "name"_a, "stalled"_a, "A stalled daemon stops reading its queue (it can overflow).")
      .def(
          "drain",
          [](const AuditHandle& h, const std::string& name) { daemon_named(h, name).drain(); },
          "name"_a, "The daemon reads everything queued.")
      .def(
          "log_lines",
          [](const AuditHandle& h, const std::string& name) {
            std::vector<std::string> out;
            for (const AuditRecord& r : daemon_named(h, name).received())
              out.push_back(audit_log_line(r));
            return out;
          },
          "daemon"_a, "The daemon's records as auditd's raw log lines (for a log file).");

  auto kernel_cls = py::reinterpret_borrow<py::class_<KernelHandle, KernelRef>>(m.attr("Kernel"));
  kernel_cls.def_property_readonly(
      "audit", [](const KernelRef& k) { return AuditHandle{k}; }, "The audit API of this kernel.");
}

}  // namespace lsmsim::bindings
