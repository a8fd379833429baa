// Kernel.smack: Smack policy from Python, the way libsmack and smackload reach the kernel —
// rules through smackfs load2, questions through access2, onlycap, the labels tasks show, and
// the Smack namespace prototype's /proc/PID/attr/label_map. `task=`/`writer=` is the task
// doing the write (its capabilities and namespace decide); the init task when omitted.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <map>
#include <optional>
#include <stdexcept>
#include <tuple>

#include "bindings/handles.h"
#include "engine/smack_rules_file.h"
#include "lsms/smack/smack.h"
#include "model/errno_name.h"

namespace py = pybind11;

namespace lsmsim::bindings {

namespace {

struct SmackHandle {
  KernelRef owner;
};

// errno -> OSError(errno, "what: EPERM (Operation not permitted)"): Python picks the
// subclass (PermissionError, FileExistsError, ...).
void raise_if(int err, const std::string& what) {
  if (err == 0) return;
  py::object exc =
      py::module_::import("builtins")
          .attr("OSError")(err, what + ": " + errno_name(err) + " (" + std::strerror(err) + ")");
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
  throw py::error_already_set();
}

// Calls f(line) for each line of t (without its newline).
template <typename F>
void for_each_line(const std::string& t, F f) {
  std::size_t pos = 0;
  while (pos < t.size()) {
    std::size_t end = t.find('\n', pos);
    if (end == std::string::npos) end = t.size();
    f(t.substr(pos, end - pos));
    pos = end + 1;
  }
}

// "subject object access" lines of load2 as (subject, object, access) tuples.
std::vector<std::tuple<std::string, std::string, std::string>> parse_rules(const std::string& t) {
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for_each_line(t, [&out](const std::string& line) {
    const std::size_t a = line.find(' ');
    const std::size_t b = a == std::string::npos ? a : line.find(' ', a + 1);
    if (b != std::string::npos)
      out.emplace_back(line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1));
  });
  return out;
}

// "unmapped -> mapped" lines of label_map as a dict.
std::map<std::string, std::string> parse_label_map(const std::string& t) {
  std::map<std::string, std::string> out;
  for_each_line(t, [&out](const std::string& line) {
    const std::size_t arrow = line.find(" -> ");
    if (arrow != std::string::npos) out[line.substr(0, arrow)] = line.substr(arrow + 4);
  });
  return out;
}

}  // namespace

void register_smack(py::module_& m) {
  using namespace pybind11::literals;

  // lsmsim.SmackRuleError(ValueError): rule text smackload would refuse, with its position.
  static py::handle rule_error = PyErr_NewExceptionWithDoc(
      "lsmsim._core.SmackRuleError",
      "Smack rule text that smackload (libsmack smack_accesses_add_from_file) refuses; str() "
      "is 'file:line:col: message', with .file .line .column .message.",
      PyExc_ValueError, nullptr);
  m.add_object("SmackRuleError", rule_error);

  py::class_<SmackHandle>(m, "Smack",
                          "Smack of one Kernel (Kernel.smack). Writes go through smackfs and "
                          "/proc as the acting task (task=/writer=, default init), so the "
                          "kernel's checks apply: CAP_MAC_ADMIN, onlycap, the namespace rules.")
      .def(
          "load",
          [](const SmackHandle& h, const std::string& rules, const std::string& file,
             const std::optional<TaskHandle>& task) {
            // smackload: the whole text is parsed first (libsmack's syntax), then written.
            std::vector<engine::SmackRuleLine> parsed;
            try {
              parsed = engine::parse_smack_rules(rules, file);
            } catch (const engine::BadInput& e) {
              const std::string prefix = file + ":" + std::to_string(e.pos.line) + ":" +
                                         std::to_string(e.pos.column) + ": ";
              py::object err = py::reinterpret_borrow<py::object>(rule_error)(e.message);
              err.attr("file") = file;
              err.attr("line") = e.pos.line;
              err.attr("column") = e.pos.column;
              err.attr("message") = e.message.rfind(prefix, 0) == 0
                                        ? e.message.substr(prefix.size())
                                        : e.message;
              PyErr_SetObject(rule_error.ptr(), err.ptr());
              throw py::error_already_set();
            }
            Task* w = caller_of(h.owner, task, "task");
            for (const engine::SmackRuleLine& r : parsed)
              raise_if(smack_write_rule(*h.owner->kernel, r.subject, r.object, r.access, r.deny, w),
                       file + ":" + std::to_string(r.line) + ":" + std::to_string(r.column) +
                           ": write /sys/fs/smackfs/" + (r.deny.empty() ? "load2" : "change-rule"));
          },
          "rules"_a, py::kw_only(), "file"_a = "<rules>", "task"_a = py::none(),
          "Load rule text as smackload does: 'subject object access' lines go to load2, "
          "'subject object allow deny' lines to change-rule (access: rwxatl in either case, or "
          "'-'); only empty lines are skipped. The whole text is parsed first with libsmack's "
          "rules: a bad line raises SmackRuleError (file:line:col, file= names the text) and "
          "nothing is loaded. A later rule for the same pair replaces the earlier one. Raises "
          "PermissionError without CAP_MAC_ADMIN (or off the onlycap list); a rule the kernel "
          "refuses stops the load, the rules before it stay loaded.")
      .def(
          "have_access",
          [](const SmackHandle& h, const std::string& subject, const std::string& object,
             const std::string& access) {
            return smack_have_access(*h.owner->kernel, subject, object, access);
          },
          "subject"_a, "object"_a, "access"_a,
          "The kernel's answer to 'subject object access' on smackfs access2 "
          "(smack_have_access(3)): the global rules and the special labels, no capability. "
          "Raises ValueError for a question access2 refuses.")
      .def(
          "rules",
          [](const SmackHandle& h) { return parse_rules(smack_rules_text(*h.owner->kernel)); },
          "The loaded rules as load2 reads back: (subject, object, access) tuples.")
      .def(
          "set_onlycap",
          [](const SmackHandle& h, const std::vector<std::string>& labels,
             const std::optional<TaskHandle>& task) {
            raise_if(smack_set_onlycap(*h.owner->kernel, labels, caller_of(h.owner, task, "task")),
                     "write /sys/fs/smackfs/onlycap");
          },
          "labels"_a, py::kw_only(), "task"_a = py::none(),
          "Only tasks with one of these labels may use CAP_MAC_ADMIN/CAP_MAC_OVERRIDE; an "
          "empty list clears it.")
      .def(
          "label",
          [](const SmackHandle& h, const TaskHandle& task,
             const std::optional<TaskHandle>& viewer) {
            if (task.owner.get() != h.owner.get())
              throw std::invalid_argument("task belongs to another Kernel");
            const Task* v = task_of(h.owner, viewer, "viewer");
            return smack_task_label(*h.owner->kernel, task.get(), v != nullptr ? *v : task.get());
          },
          "task"_a, py::kw_only(), "viewer"_a = py::none(),
          "task's Smack label as viewer (default: the task itself) reads it: inside a Smack "
          "namespace the mapped name, '?' for a label the viewer's namespace does not map.")
      .def(
          "label_map",
          [](const SmackHandle& h, const TaskHandle& task) {
            if (task.owner.get() != h.owner.get())
              throw std::invalid_argument("task belongs to another Kernel");
            return parse_label_map(smack_label_map(*h.owner->kernel, task.get()));
          },
          "task"_a,
          "The label map of task's user namespace (/proc/PID/attr/label_map): {unmapped: "
          "mapped}. Smack namespaces are an unmerged 2015 prototype.")
      .def(
          "write_label_map",
          [](const SmackHandle& h, const TaskHandle& target, const py::object& mapping,
             const TaskHandle& writer) {
            if (target.owner.get() != h.owner.get() || writer.owner.get() != h.owner.get())
              throw std::invalid_argument("tasks belong to another Kernel");
            std::string lines;
            if (py::isinstance<py::str>(mapping)) {
              lines = mapping.cast<std::string>();
            } else if (py::isinstance<py::dict>(mapping)) {
              for (auto [k, v] : mapping.cast<py::dict>())
                lines +=
                    py::str(k).cast<std::string>() + " " + py::str(v).cast<std::string>() + "\n";
            } else {
              throw py::type_error("mapping must be a dict {unmapped: mapped} or 'a b' lines");
            }
            raise_if(smack_write_label_map(*h.owner->kernel, target.get(), lines, writer.caller()),
                     "write /proc/" + std::to_string(target.get().pid) + "/attr/label_map");
          },
          "target"_a, "mapping"_a, py::kw_only(), "writer"_a,
          "Map labels for target's user namespace, as writer (a task in the parent user "
          "namespace with CAP_MAC_ADMIN there and in the initial one). Raises OSError with "
          "EBADR (the initial namespace, or wrong namespace), FileExistsError (a label or name "
          "already mapped), PermissionError, OSError(EINVAL).")
      .def(
          "audit_records",
          [](const SmackHandle& h) { return smack_audit_records(*h.owner->kernel); },
          "Every Smack denial record so far ('lsm=SMACK fn=... action=denied ...').");

  auto kernel_cls = py::reinterpret_borrow<py::class_<KernelHandle, KernelRef>>(m.attr("Kernel"));
  kernel_cls.def_property_readonly(
      "smack",
      [](const KernelRef& k) {
        if (smack_lsm(*k->kernel) == nullptr)
          throw std::runtime_error(
              "Smack is not active in this kernel (lsm list: " + k->kernel->lsm().lsm_list() + ")");
        return SmackHandle{k};
      },
      "The Smack API of this kernel (RuntimeError if Smack is not active).");
}

}  // namespace lsmsim::bindings
