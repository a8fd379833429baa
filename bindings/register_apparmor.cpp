// Kernel.apparmor: AppArmor policy from Python — load profile text into a policy namespace,
// list and remove profiles, ask what a label may do to a path, read labels as a given task
// sees them, and read the denial records. `task=` is the task doing it (its namespace and
// its right to manage policy); the kernel itself when omitted.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cerrno>

#include "bindings/handles.h"
#include "lsms/apparmor/apparmor.h"
#include "lsms/apparmor/policy/profile_parser.h"

namespace py = pybind11;

namespace lsmsim::bindings {

namespace {

struct ApparmorHandle {
  KernelRef owner;
};

// How apparmor.d(5) spells an x mode: "ix", "Px", "pix", "Cx -> child", "" for none.
std::string exec_mode_text(const aa::ExecMode& m) {
  auto letter = [](aa::ExecType t, bool upper) -> std::string {
    switch (t) {
      case aa::ExecType::inherit: return "i";
      case aa::ExecType::profile: return upper ? "P" : "p";
      case aa::ExecType::child: return upper ? "C" : "c";
      case aa::ExecType::unconfined: return upper ? "U" : "u";
      case aa::ExecType::none: break;
    }
    return "";
  };
  if (m.type == aa::ExecType::none) return "";
  std::string s = letter(m.type, m.scrub);
  if (m.fallback == aa::ExecType::inherit) s += "i";
  if (m.fallback == aa::ExecType::unconfined) s += m.scrub ? "U" : "u";
  s += "x";
  if (!m.target.empty()) s += " -> " + m.target;
  return s;
}

// The Python face of one path's permissions.
struct PathPerms {
  std::string allow, deny, audit, quiet, effective, exec;
};

PathPerms path_perms(const aa::FilePerms& p) {
  return {aa::file_perms_letters(p.allow),   aa::file_perms_letters(p.deny),
          aa::file_perms_letters(p.audit),   aa::file_perms_letters(p.quiet),
          aa::file_perms_letters(p.effective()),
          (p.effective() & aa::kMayExec) != 0 ? exec_mode_text(p.exec) : ""};
}

}  // namespace

void register_apparmor(py::module_& m) {
  using namespace pybind11::literals;

  // lsmsim.ProfileError(ValueError): profile text that does not parse, with its position.
  static py::handle profile_error = PyErr_NewExceptionWithDoc(
      "lsmsim._core.ProfileError",
      "AppArmor profile text that does not load; str() is 'file:line:col: message', with "
      ".file .line .column .message (inside an included file: that file's position).",
      PyExc_ValueError, nullptr);
  m.add_object("ProfileError", profile_error);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const aa::ProfileError& e) {
      py::object err = py::reinterpret_borrow<py::object>(profile_error)(e.what());
      err.attr("file") = e.file();
      err.attr("line") = e.line();
      err.attr("column") = e.column();
      err.attr("message") = e.message();
      PyErr_SetObject(profile_error.ptr(), err.ptr());
    } catch (const ApparmorError& e) {
      // OSError(errno, text) picks the subclass: PermissionError, FileNotFoundError, ...
      py::object err = py::reinterpret_borrow<py::object>(PyExc_OSError)(e.err(), e.what());
      PyErr_SetObject(PyExc_OSError, err.ptr());
    }
  });

  py::class_<PathPerms>(m, "PathPerms",
                        "What a label may do to one path: permission letters as AppArmor "
                        "audit records spell them (r w a x m l k).")
      .def_readonly("allow", &PathPerms::allow, "Letters the matching allow rules grant.")
      .def_readonly("deny", &PathPerms::deny, "Letters the matching deny rules take away.")
      .def_readonly("audit", &PathPerms::audit, "Allowed letters logged anyway (audit rules).")
      .def_readonly("quiet", &PathPerms::quiet, "Denied letters not logged (deny rules).")
      .def_readonly("effective", &PathPerms::effective, "allow minus deny.")
      .def_readonly("exec", &PathPerms::exec,
                    "The exec mode when x is effective ('ix', 'Px', 'Cx -> child', ...), "
                    "else ''.")
      .def("allows",
           [](const PathPerms& p, const std::string& letters) {
             for (char c : letters)
               if (p.effective.find(c) == std::string::npos) return false;
             return true;
           },
           "letters"_a, "True if every letter (e.g. 'rw') is effective.")
      .def("__repr__", [](const PathPerms& p) {
        return "<lsmsim.PathPerms effective='" + p.effective + "'" +
               (p.deny.empty() ? "" : " deny='" + p.deny + "'") +
               (p.exec.empty() ? "" : " exec='" + p.exec + "'") + ">";
      });

  py::class_<ApparmorHandle>(m, "Apparmor",
                             "AppArmor of one Kernel (Kernel.apparmor). task= is the task "
                             "acting: its policy namespace and its right to manage policy "
                             "(root in its user namespace with CAP_MAC_ADMIN); default: the "
                             "kernel itself, unchecked.")
      .def(
          "load",
          [](const ApparmorHandle& h, const std::string& text, const std::string& filename,
             const std::string& ns, const std::optional<std::vector<std::string>>& include_dirs,
             bool replace, const std::optional<TaskHandle>& task) {
            aa::ProfileParseOptions opt;
            opt.filename = filename;
            opt.ns = ns;
            if (include_dirs) opt.include_dirs = *include_dirs;
            apparmor_load_profiles(*h.owner->kernel, text, opt, caller_of(h.owner, task, "task"),
                                   replace);
          },
          "text"_a, "filename"_a = "profile", py::kw_only(), "ns"_a = "",
          "include_dirs"_a = py::none(), "replace"_a = true, "task"_a = py::none(),
          "Parse profile text (apparmor.d(5)) and load it, as apparmor_parser -r [-n ns] "
          "does. ns: a policy namespace below the acting task's (created if missing); "
          "include_dirs: where <...> includes are searched (default /etc/apparmor.d). "
          "Raises ProfileError (with line and column) for bad text, PermissionError when "
          "task= may not manage that namespace's policy, FileExistsError for replace=False "
          "on an existing profile.")
      .def(
          "remove",
          [](const ApparmorHandle& h, const std::string& name,
             const std::optional<TaskHandle>& task) {
            apparmor_remove_profile(*h.owner->kernel, name, caller_of(h.owner, task, "task"));
          },
          "name"_a, py::kw_only(), "task"_a = py::none(),
          "Remove a profile ('name', ':ns:name') or a whole namespace (':ns:'); its tasks "
          "become unconfined.")
      .def(
          "create_namespace",
          [](const ApparmorHandle& h, const std::string& name,
             const std::optional<TaskHandle>& task) {
            apparmor_create_ns(*h.owner->kernel, name, caller_of(h.owner, task, "task"));
          },
          "name"_a, py::kw_only(), "task"_a = py::none(),
          "mkdir policy/namespaces/NAME below the acting task's namespace.")
      .def(
          "profiles",
          [](const ApparmorHandle& h, const std::optional<TaskHandle>& viewer) {
            return apparmor_profile_list(*h.owner->kernel, task_of(h.owner, viewer, "viewer"));
          },
          py::kw_only(), "viewer"_a = py::none(),
          "The 'profiles' file as viewer reads it: 'name (mode)' lines in the kernel's list "
          "order (newest first, children after their parent), then sub-namespaces' profiles "
          "as ':ns:name'.")
      .def(
          "file_perms",
          [](const ApparmorHandle& h, const std::string& label, const std::string& path,
             bool owner) {
            return path_perms(apparmor_label_file_perms(*h.owner->kernel, label, path, owner));
          },
          "label"_a, "path"_a, py::kw_only(), "owner"_a = false,
          "What label (a profile, a stack 'A//&B', ':ns:name') may do to path: the "
          "intersection over its confined profiles. owner: the task owns the file.")
      .def(
          "label",
          [](const ApparmorHandle& h, const TaskHandle& task,
             const std::optional<TaskHandle>& viewer) {
            if (task.owner.get() != h.owner.get())
              throw std::invalid_argument("task belongs to another Kernel");
            return apparmor_task_label(*h.owner->kernel, task.get(), task_of(h.owner, viewer, "viewer"));
          },
          "task"_a, py::kw_only(), "viewer"_a = py::none(),
          "task's label as viewer reads /proc/PID/attr/apparmor/current (no newline); "
          "'<errno N>' when viewer may not see it.")
      .def(
          "audit_records",
          [](const ApparmorHandle& h) { return apparmor_audit_records(*h.owner->kernel); },
          "Every AppArmor audit record so far, as the kernel writes its text.")
      .def(
          "set_unprivileged_userns_policy",
          [](const ApparmorHandle& h, int value) {
            if (value != 0 && value != 1)
              throw std::invalid_argument("unprivileged_userns_apparmor_policy is 0 or 1");
            apparmor_set_unprivileged_userns_policy(*h.owner->kernel, value);
          },
          "value"_a, "sysctl kernel.unprivileged_userns_apparmor_policy (default 1).");

  auto kernel_cls = py::reinterpret_borrow<py::class_<KernelHandle, KernelRef>>(m.attr("Kernel"));
  kernel_cls.def_property_readonly(
      "apparmor",
      [](const KernelRef& k) {
        if (apparmor_lsm(*k->kernel) == nullptr)
          throw std::runtime_error("AppArmor is not active in this kernel (lsm list: " +
                                   k->kernel->lsm().lsm_list() + ")");
        return ApparmorHandle{k};
      },
      "The AppArmor API of this kernel (RuntimeError if AppArmor is not active).");
}

}  // namespace lsmsim::bindings
