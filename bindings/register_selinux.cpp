// Kernel.selinux: the SELinux security server from Python — load a policy.conf, ask access
// decisions and new-object labels, flip enforcing and booleans, label files from a
// file_contexts. `task=` picks the SELinux namespace (the init task's by default).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <set>

#include "bindings/handles.h"
#include "lsms/selinux/policy/policy_parser.h"
#include "lsms/selinux/policy/services.h"
#include "lsms/selinux/selinux.h"

namespace py = pybind11;

namespace lsmsim::bindings {

namespace {

// The Python face of one compute_av answer.
struct AccessDecision {
  std::set<std::string> allowed, auditallow, auditdeny;
  bool permissive = false;
  std::vector<std::string> reasons;
  std::string explanation;
};

struct SelinuxHandle {
  KernelRef owner;
};

const sepolicy::SecurityServer& policy_of(const SelinuxHandle& h, Task* t) {
  const sepolicy::SecurityServer* ss = selinux_policy(*h.owner->kernel, t);
  if (ss == nullptr)
    throw std::runtime_error(
        "no SELinux policy is loaded in this SELinux namespace (call load_policy first)");
  return *ss;
}

sepolicy::Context context_of(const sepolicy::SecurityServer& ss, const std::string& text,
                             const char* arg) {
  sepolicy::Context c;
  std::string why;
  if (ss.context_from_string(text, c, &why) != 0)
    throw std::invalid_argument(std::string(arg) + " '" + text + "' is not valid in this policy" +
                                (why.empty() ? "" : ": " + why));
  return c;
}

std::uint16_t class_of(const sepolicy::SecurityServer& ss, const std::string& name) {
  const std::uint16_t v = ss.class_value(name);
  if (v == 0) throw std::invalid_argument("unknown security class '" + name + "' in this policy");
  return v;
}

std::set<std::string> perm_names(const sepolicy::SecurityServer& ss, std::uint16_t tclass,
                                 sepolicy::AccessVector av) {
  std::set<std::string> out;
  const sepolicy::SecurityClass* cls = ss.policy().tclass(tclass);
  for (std::size_t i = 0; cls != nullptr && i < cls->perms.size(); ++i)
    if ((av >> i) & 1u) out.insert(cls->perms[i]);
  return out;
}

std::string set_repr(const std::set<std::string>& s) {
  std::string out = "{";
  for (const auto& p : s) out += (out.size() > 1 ? ", '" : "'") + p + "'";
  return out + "}";
}

}  // namespace

void register_selinux(py::module_& m) {
  using namespace pybind11::literals;

  // lsmsim.PolicyError(ValueError): a policy that does not load, with its position.
  static py::handle policy_error =
      PyErr_NewExceptionWithDoc("lsmsim._core.PolicyError",
                                "A policy.conf that does not load; str() is "
                                "'file:line:col: message', with .file .line .column .message.",
                                PyExc_ValueError, nullptr);
  m.add_object("PolicyError", policy_error);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const sepolicy::PolicyError& e) {
      py::object err = py::reinterpret_borrow<py::object>(policy_error)(e.what());
      err.attr("file") = e.file();
      err.attr("line") = e.line();
      err.attr("column") = e.column();
      err.attr("message") = e.message();
      PyErr_SetObject(policy_error.ptr(), err.ptr());
    }
  });

  py::class_<AccessDecision>(m, "AccessDecision",
                             "One compute_av answer: permission names allowed, audited on "
                             "allow (auditallow), audited on deny (auditdeny), and why "
                             "requested permissions were left out.")
      .def_readonly("allowed", &AccessDecision::allowed)
      .def_readonly("auditallow", &AccessDecision::auditallow)
      .def_readonly("auditdeny", &AccessDecision::auditdeny)
      .def_readonly("permissive", &AccessDecision::permissive,
                    "The source type is a permissive domain.")
      .def_readonly("reasons", &AccessDecision::reasons,
                    "Which stages removed permissions: 'te', 'constraint', 'rbac', 'bounds'.")
      .def_readonly("explanation", &AccessDecision::explanation)
      .def("__repr__", [](const AccessDecision& d) {
        return "<lsmsim.AccessDecision allowed=" + set_repr(d.allowed) +
               (d.reasons.empty() ? "" : " reasons=" + [&] {
                 std::string r;
                 for (const auto& x : d.reasons) r += (r.empty() ? "" : ",") + x;
                 return r;
               }()) + ">";
      });

  py::class_<SelinuxHandle>(m, "Selinux",
                            "SELinux of one Kernel (Kernel.selinux). Methods take task= to "
                            "choose the SELinux namespace; default: the init task's.")
      .def(
          "load_policy",
          [](const SelinuxHandle& h, const std::string& text, const std::string& filename,
             const std::optional<TaskHandle>& task) {
            selinux_load_policy(*h.owner->kernel, text, filename, caller_of(h.owner, task, "task"));
          },
          "text"_a, "filename"_a = "policy.conf", py::kw_only(), "task"_a = py::none(),
          "Load policy.conf text (checkpolicy's grammar, MLS); raises PolicyError with the "
          "line and column of the first problem.")
      .def_property_readonly(
          "policy_loaded",
          [](const SelinuxHandle& h) { return selinux_policy(*h.owner->kernel) != nullptr; })
      .def_property(
          "enforcing", [](const SelinuxHandle& h) { return selinux_enforcing(*h.owner->kernel); },
          [](const SelinuxHandle& h, bool v) { selinux_set_enforcing(*h.owner->kernel, v); },
          "Enforcing mode of the initial SELinux namespace.")
      .def(
          "set_enforcing",
          [](const SelinuxHandle& h, bool v, const std::optional<TaskHandle>& task) {
            selinux_set_enforcing(*h.owner->kernel, v, caller_of(h.owner, task, "task"));
          },
          "enforcing"_a, py::kw_only(), "task"_a = py::none())
      .def(
          "set_boolean",
          [](const SelinuxHandle& h, const std::string& name, bool v,
             const std::optional<TaskHandle>& task) {
            Task* t = caller_of(h.owner, task, "task");
            policy_of(h, t);
            if (!selinux_set_boolean(*h.owner->kernel, name, v, t))
              throw std::invalid_argument("no boolean '" + name + "' in this policy");
          },
          "name"_a, "value"_a, py::kw_only(), "task"_a = py::none())
      .def(
          "booleans",
          [](const SelinuxHandle& h, const std::optional<TaskHandle>& task) {
            std::map<std::string, bool> out;
            for (const auto& b : policy_of(h, task_of(h.owner, task, "task")).policy().booleans)
              out[b.name] = b.state;
            return out;
          },
          py::kw_only(), "task"_a = py::none(), "Every boolean and its current value.")
      .def(
          "compute_av",
          [](const SelinuxHandle& h, const std::string& scon, const std::string& tcon,
             const std::string& tclass, const std::optional<std::vector<std::string>>& perms,
             const std::optional<TaskHandle>& task) {
            const sepolicy::SecurityServer& ss = policy_of(h, task_of(h.owner, task, "task"));
            const std::uint16_t cls = class_of(ss, tclass);
            // Default: every permission the class defines.
            const std::size_t nperms = ss.policy().tclass(cls)->perms.size();
            sepolicy::AccessVector requested =
                nperms >= 32 ? 0xffffffffu : (sepolicy::AccessVector{1} << nperms) - 1;
            if (perms) {
              requested = 0;
              for (const std::string& p : *perms) {
                const sepolicy::AccessVector bit = ss.perm_bit(cls, p);
                if (bit == 0)
                  throw std::invalid_argument("class '" + tclass + "' has no permission '" + p +
                                              "'");
                requested |= bit;
              }
            }
            const sepolicy::AvDecision d =
                ss.compute_av(context_of(ss, scon, "scontext"), context_of(ss, tcon, "tcontext"),
                              cls, requested);
            AccessDecision out;
            out.allowed = perm_names(ss, cls, d.allowed);
            out.auditallow = perm_names(ss, cls, d.auditallow);
            out.auditdeny = perm_names(ss, cls, d.auditdeny);
            out.permissive = d.permissive;
            if (d.reason & sepolicy::kReasonTe) out.reasons.emplace_back("te");
            if (d.reason & sepolicy::kReasonConstraint) out.reasons.emplace_back("constraint");
            if (d.reason & sepolicy::kReasonRbac) out.reasons.emplace_back("rbac");
            if (d.reason & sepolicy::kReasonBounds) out.reasons.emplace_back("bounds");
            out.explanation = d.explanation;
            return out;
          },
          "scontext"_a, "tcontext"_a, "tclass"_a, "perms"_a = py::none(), py::kw_only(),
          "task"_a = py::none(),
          "security_compute_av(): what scontext may do to tcontext of class tclass (no AVC). "
          "perms: the permissions asked for; reasons and explanation are about those "
          "(default: every permission of the class).")
      .def(
          "compute_create",
          [](const SelinuxHandle& h, const std::string& scon, const std::string& tcon,
             const std::string& tclass, const std::string& name,
             const std::optional<TaskHandle>& task) {
            const sepolicy::SecurityServer& ss = policy_of(h, task_of(h.owner, task, "task"));
            sepolicy::Context out;
            const int rc = ss.compute_create(context_of(ss, scon, "scontext"),
                                             context_of(ss, tcon, "tcontext"),
                                             class_of(ss, tclass), name, out);
            if (rc != 0)
              throw std::invalid_argument("no valid label for a new " + tclass +
                                          " (computed context is invalid in this policy)");
            return ss.context_to_string(out);
          },
          "scontext"_a, "tcontext"_a, "tclass"_a, "name"_a = "", py::kw_only(),
          "task"_a = py::none(),
          "security_compute_create(): the label of a new tclass object (name: for named "
          "type_transition rules).")
      .def(
          "setfiles",
          [](const SelinuxHandle& h, const std::string& file_contexts, const std::string& root) {
            return selinux_setfiles(*h.owner->kernel, file_contexts, root);
          },
          "file_contexts"_a, "root"_a = "/",
          "Label the files under root from a file_contexts file (libselinux selabel); "
          "returns how many inodes were labelled.")
      .def(
          "avc_cache_stats",
          [](const SelinuxHandle& h, const std::optional<TaskHandle>& task) {
            return selinux_avc_cache_stats(*h.owner->kernel, task_of(h.owner, task, "task"));
          },
          py::kw_only(), "task"_a = py::none(), "/sys/fs/selinux/avc/cache_stats.");

  auto kernel_cls = py::reinterpret_borrow<py::class_<KernelHandle, KernelRef>>(m.attr("Kernel"));
  kernel_cls.def_property_readonly(
      "selinux",
      [](const KernelRef& k) {
        if (selinux_lsm(*k->kernel) == nullptr)
          throw std::runtime_error("SELinux is not active in this kernel (lsm list: " +
                                   k->kernel->lsm().lsm_list() + ")");
        return SelinuxHandle{k};
      },
      "The SELinux API of this kernel (RuntimeError if SELinux is not active).");
}

}  // namespace lsmsim::bindings
