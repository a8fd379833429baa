// lsmsim.Kernel: booting a simulated machine from Python arguments, each one validated so a
// typo fails at construction with the valid choices listed, not later as a silent default.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <set>

#include "bindings/handles.h"
#include "lsms/probe/probe_lsm.h"
#include "model/kernel.h"

namespace py = pybind11;

namespace lsmsim::bindings {

namespace {

std::string type_name(const py::handle& o) {
  return py::str(py::type::handle_of(o).attr("__name__"));
}

std::optional<std::string> optional_str(const py::object& o, const char* arg) {
  if (o.is_none()) return std::nullopt;
  if (!py::isinstance<py::str>(o))
    throw py::type_error(std::string("Kernel ") + arg + "= must be a str or None, not " +
                         type_name(o));
  return o.cast<std::string>();
}

// audit= on the command line: 'on'/'off' (also 1/0/true/false as the scenario parser takes
// them, or a Python bool); None leaves it off the command line.
AuditBoot audit_boot_of(const py::handle& v) {
  if (v.is_none()) return AuditBoot::unset;
  if (py::isinstance<py::bool_>(v)) return v.cast<bool>() ? AuditBoot::on : AuditBoot::off;
  if (py::isinstance<py::str>(v)) {
    const std::string s = v.cast<std::string>();
    if (s == "on" || s == "1" || s == "true") return AuditBoot::on;
    if (s == "off" || s == "0" || s == "false") return AuditBoot::off;
  }
  throw std::invalid_argument("Kernel audit boot= " + py::repr(v).cast<std::string>() +
                              " is not valid; valid: 'on', 'off' (or True, False), None");
}

// Kernel(audit=...): the boot `audit:` of scenarios, {boot, userns_daemons}; a bare value is
// the boot setting alone.
AuditConfig audit_config_of(const py::object& audit) {
  AuditConfig c;
  if (!py::isinstance<py::dict>(audit)) {
    c.boot = audit_boot_of(audit);
    return c;
  }
  for (auto [k, v] : audit.cast<py::dict>()) {
    const std::string key = py::isinstance<py::str>(k) ? k.cast<std::string>() : "";
    if (key == "boot") {
      c.boot = audit_boot_of(v);
    } else if (key == "userns_daemons") {
      if (!py::isinstance<py::bool_>(v))
        throw std::invalid_argument(
            "Kernel audit userns_daemons= " + py::repr(v).cast<std::string>() +
            " is not valid; valid: True, False");
      c.userns_daemons = v.cast<bool>();
    } else {
      throw std::invalid_argument("Kernel audit= has no setting " +
                                  py::repr(k).cast<std::string>() +
                                  "; valid: 'boot', 'userns_daemons'");
    }
  }
  return c;
}

KernelRef make_kernel(const py::object& lsm, const py::object& security, const py::object& stacking,
                      const py::object& dispatch, const py::object& probes,
                      const py::object& hostname, const py::object& enabled,
                      const py::object& interface_lsm, const py::object& audit) {
  KernelConfig cfg;
  cfg.audit = audit_config_of(audit);
  cfg.lsm.lsm = optional_str(lsm, "lsm");
  cfg.lsm.security = optional_str(security, "security");
  if (!py::isinstance<py::bool_>(stacking))
    throw py::type_error("Kernel stacking= must be a bool, not " + type_name(stacking));
  cfg.lsm.stacking = stacking.cast<bool>();
  if (!interface_lsm.is_none()) {
    if (!py::isinstance<py::bool_>(interface_lsm))
      throw py::type_error("Kernel interface_lsm= must be a bool or None, not " +
                           type_name(interface_lsm));
    cfg.lsm.interface_lsm = interface_lsm.cast<bool>();
  }
  if (!py::isinstance<py::str>(dispatch))
    throw py::type_error("Kernel dispatch= must be a str, not " + type_name(dispatch));
  const auto strategy = dispatch_strategy_from_name(dispatch.cast<std::string>());
  if (!strategy)
    throw std::invalid_argument("unknown dispatch strategy '" + dispatch.cast<std::string>() +
                                "'; valid: hook_list, slot_table");
  cfg.dispatch = *strategy;
  if (!py::isinstance<py::str>(hostname))
    throw py::type_error("Kernel hostname= must be a str, not " + type_name(hostname));
  cfg.hostname = hostname.cast<std::string>();

  if (!enabled.is_none()) {
    if (!py::isinstance<py::dict>(enabled))
      throw py::type_error("Kernel enabled= must be a dict {lsm name: bool}");
    for (auto [k, v] : enabled.cast<py::dict>()) {
      if (!py::isinstance<py::str>(k) || !py::isinstance<py::bool_>(v))
        throw py::type_error("Kernel enabled= must map LSM names (str) to bool");
      cfg.lsm.enabled[k.cast<std::string>()] = v.cast<bool>();
    }
  }

  cfg.catalog = builtin_lsm_catalog();
  std::set<std::string> names;
  for (const auto& d : cfg.catalog) names.insert(d.name);
  std::string probe_order;
  if (!probes.is_none()) {
    if (py::isinstance<py::str>(probes) || !py::isinstance<py::iterable>(probes))
      throw py::type_error("Kernel probes= must be a list of lsmsim.Probe, not " +
                           type_name(probes));
    std::uint64_t next_id = 1000;
    for (auto item : probes.cast<py::iterable>()) {
      if (!py::isinstance<ProbeSpec>(item))
        throw py::type_error("Kernel probes= items must be lsmsim.Probe, not " + type_name(item));
      ProbeSpec spec = item.cast<ProbeSpec>();
      if (!names.insert(spec.name).second)
        throw std::invalid_argument("probe name '" + spec.name +
                                    "' is already used by another LSM in this kernel");
      spec.id = next_id++;
      cfg.catalog.push_back(make_probe_descriptor(spec));
      probe_order += (probe_order.empty() ? "" : ",") + spec.name;
    }
  }
  // Without an explicit lsm=, the probes are enabled in the order given (after capability,
  // which the kernel always puts first).
  if (!cfg.lsm.lsm && !probe_order.empty()) cfg.lsm.lsm = probe_order;

  auto h = std::make_shared<KernelHandle>();
  h->kernel = std::make_unique<Kernel>(std::move(cfg));
  return h;
}

std::vector<std::string> active_names(const KernelRef& k) {
  std::vector<std::string> out;
  for (const auto& m : k->kernel->lsm().active()) out.emplace_back(m->name());
  return out;
}

}  // namespace

void register_kernel(py::module_& m) {
  using namespace pybind11::literals;

  py::class_<KernelHandle, KernelRef>(m, "Kernel", R"doc(
One simulated machine, booted with the kernel's lsm=/security= rules.

lsm: the lsm= boot parameter (None: CONFIG_LSM's default, or the probes in the order given).
security: the legacy security= parameter. stacking: lift LSM_FLAG_EXCLUSIVE.
dispatch: 'slot_table' (6.12 static calls) or 'hook_list' (pre-6.12 hlist).
probes: lsmsim.Probe test LSMs added to the catalog. enabled: {lsm: bool} like selinux=0.
interface_lsm: per-task default LSM of the (unmerged) stacking series; None follows stacking.
audit: the boot `audit:` of scenarios, {'boot': 'on'|'off'|None, 'userns_daemons': bool}, or
the boot value alone. boot is audit=1/audit=0 (None: not on the command line);
userns_daemons=False is exactly mainline (no daemons in child user namespaces; default True).

Not thread-safe: use a Kernel (and its tasks) from one thread.)doc")
      .def(py::init(&make_kernel), py::kw_only(), "lsm"_a = py::none(), "security"_a = py::none(),
           "stacking"_a = false, "dispatch"_a = "slot_table", "probes"_a = py::none(),
           "hostname"_a = "(none)", "enabled"_a = py::none(), "interface_lsm"_a = py::none(),
           "audit"_a = py::none())
      .def_property_readonly(
          "init", [](const KernelRef& k) { return TaskHandle::of(k, k->kernel->init_task()); },
          "The boot task (pid 1).")
      .def_property_readonly(
          "lsm_list", [](const KernelRef& k) { return k->kernel->lsm().lsm_list(); },
          "Contents of /sys/kernel/security/lsm.")
      .def_property_readonly("boot_messages",
                             [](const KernelRef& k) { return k->kernel->lsm().boot_messages(); })
      .def_property_readonly("active_lsms", &active_names, "Active LSM names in call order.")
      .def_property_readonly(
          "dispatch",
          [](const KernelRef& k) { return dispatch_strategy_name(k->kernel->lsm().strategy()); })
      .def_property_readonly(
          "tasks",
          [](const KernelRef& k) {
            std::vector<TaskHandle> out;
            for (Task* t : k->kernel->tasks()) out.push_back(TaskHandle::of(k, *t));
            return out;
          },
          "Every task in global pid order, zombies included.")
      .def(
          "find",
          [](const KernelRef& k, Pid pid, const std::optional<NsHandle>& ns) -> py::object {
            Task* t = nullptr;
            if (ns) {
              auto pidns = std::dynamic_pointer_cast<PidNamespace>(ns->ns);
              if (!pidns) throw std::invalid_argument("find(ns=...) needs a pid namespace");
              t = k->kernel->find_task_in(*pidns, pid);
            } else {
              t = k->kernel->find_task(pid);
            }
            if (t == nullptr) return py::none();
            return py::cast(TaskHandle::of(k, *t));
          },
          "pid"_a, "ns"_a = py::none(),
          "The task with this pid (global, or as numbered in pid namespace ns); None if none.")
      .def(
          "hook_count",
          [](const KernelRef& k, const std::string& hook) {
            return k->kernel->lsm().hook_count(hook_by_name(hook));
          },
          "hook"_a, "How many LSM callbacks are registered for a hook.")
      .def(
          "probe_calls",
          [](const KernelRef& k, const std::string& name) {
            LsmModule* mod = k->kernel->lsm().find(name);
            if (mod == nullptr || !is_probe(*mod)) {
              std::vector<std::string> probes;
              for (const auto& a : k->kernel->lsm().active())
                if (is_probe(*a)) probes.emplace_back(a->name());
              std::string list;
              for (const auto& p : probes) list += (list.empty() ? "" : ", ") + p;
              throw std::invalid_argument("no active probe LSM '" + name +
                                          "'; active probes: " + (list.empty() ? "none" : list));
            }
            py::dict d;
            for (const auto& [h, n] : probe_call_counts(*mod))
              d[py::str(std::string(hook_name(h)))] = n;
            return d;
          },
          "name"_a, "How many times each hook reached the probe LSM `name`.")
      .def(
          "trace", [](const KernelRef& k) { return TraceSession{k, false, false, {}}; },
          "A Trace recording hook calls; use `with k.trace() as tr:`.")
      .def_property_readonly("now_ns", [](const KernelRef& k) { return k->kernel->now_ns(); })
      .def(
          "advance_clock",
          [](const KernelRef& k, std::uint64_t ns) { k->kernel->advance_clock(ns); }, "ns"_a)
      .def("__repr__", [](const KernelRef& k) {
        return "<lsmsim.Kernel lsm=" + k->kernel->lsm().lsm_list() +
               " dispatch=" + dispatch_strategy_name(k->kernel->lsm().strategy()) +
               " tasks=" + std::to_string(k->kernel->tasks().size()) + ">";
      });
}

}  // namespace lsmsim::bindings
