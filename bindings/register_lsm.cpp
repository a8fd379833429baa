// LSM-level objects: probe LSM specs, the hook list, name lookups with helpful errors, and
// hook tracing sessions.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cerrno>
#include <type_traits>

#include "bindings/handles.h"
#include "lsms/probe/probe_lsm.h"
#include "model/capability.h"
#include "model/errno_name.h"
#include "model/lsm/hooks.h"
#include "model/lsm/lsm_framework.h"

namespace py = pybind11;

namespace lsmsim::bindings {

namespace {

std::string join(const std::vector<std::string>& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + n;
  return s;
}

// Whether each hook is a void hook (its answers are ignored).
constexpr std::array<bool, kHookCount> kHookIsVoid = {
#define LSMSIM_HOOK(RET, DEFAULT, NAME, ...) std::is_void_v<RET>,
#define LSMSIM_SPECIAL_HOOK LSMSIM_HOOK
#include "model/lsm/hook_list.def"
#undef LSMSIM_HOOK
#undef LSMSIM_SPECIAL_HOOK
};

std::vector<std::string> all_hook_names() {
  return {kHookNames.begin(), kHookNames.end()};
}

// Every errno the C library names (the kernel's numbers on Linux).
std::vector<std::string> all_errno_names() {
  std::vector<std::string> out;
  for (int e = 1; e < 134; ++e) {
    std::string n = errno_name(e);
    if (n.size() > 1 && (n[1] < '0' || n[1] > '9')) out.push_back(n);
  }
  return out;
}

std::vector<std::string> all_capability_names() {
  std::vector<std::string> out;
  for (int c = 0; c <= CAP_LAST_CAP; ++c) out.push_back(capability_name(c));
  return out;
}

// An errno given as a name ("EACCES") or a positive number.
int errno_value(const py::handle& v, const std::string& what) {
  if (py::isinstance<py::str>(v)) return errno_by_name(v.cast<std::string>());
  if (py::isinstance<py::int_>(v) && !py::isinstance<py::bool_>(v)) {
    const long e = v.cast<long>();
    if (e <= 0 || e > 4095)
      throw std::invalid_argument(what + ": errno must be a positive number below 4096, got " +
                                  std::to_string(e));
    return static_cast<int>(e);
  }
  throw py::type_error(what + ": errno must be a name like 'EACCES' or a positive int, not " +
                       std::string(py::str(py::type::handle_of(v).attr("__name__"))));
}

std::string hook_key(const py::handle& k, const std::string& what) {
  if (!py::isinstance<py::str>(k))
    throw py::type_error(what + ": hook names must be str, not " +
                         std::string(py::str(py::type::handle_of(k).attr("__name__"))));
  return k.cast<std::string>();
}

LsmOrder order_from_name(const std::string& s) {
  if (s == "first") return LsmOrder::first;
  if (s == "mutable") return LsmOrder::mutable_order;
  if (s == "last") return LsmOrder::last;
  throw std::invalid_argument("unknown LSM order '" + s + "'; valid: first, mutable, last");
}

const char* order_name(LsmOrder o) {
  switch (o) {
    case LsmOrder::first:
      return "first";
    case LsmOrder::last:
      return "last";
    default:
      return "mutable";
  }
}

ProbeSpec make_probe(const std::string& name, const py::object& deny, const py::object& allow,
                     const py::object& answers, const std::string& attr_value,
                     const std::string& order, bool exclusive) {
  if (name.empty() || name.find_first_of(", \t\n=") != std::string::npos)
    throw std::invalid_argument("probe name '" + name +
                                "' must be non-empty without commas, spaces or '='");
  ProbeSpec s;
  s.name = name;
  s.order = order_from_name(order);
  s.exclusive = exclusive;
  s.attr_value = attr_value;
  auto put = [&](Hook h, int rc, const std::string& key) {
    if (!s.answers.emplace(h, rc).second)
      throw std::invalid_argument("probe '" + name + "': hook '" + key +
                                  "' is given more than once (deny/allow/answers)");
  };
  if (!deny.is_none()) {
    if (!py::isinstance<py::dict>(deny))
      throw py::type_error("Probe deny= must be a dict {hook: errno}");
    for (auto [k, v] : deny.cast<py::dict>()) {
      const std::string key = hook_key(k, "Probe deny=");
      const Hook h = hook_by_name(key);
      if (kHookIsVoid[static_cast<std::size_t>(h)])
        throw std::invalid_argument("probe '" + name + "': hook '" + key +
                                    "' returns nothing and cannot deny; use allow=");
      put(h, -errno_value(v, "Probe deny=['" + key + "']"), key);
    }
  }
  if (!allow.is_none()) {
    if (py::isinstance<py::str>(allow))
      throw py::type_error("Probe allow= must be a list of hook names, not a str");
    for (auto k : allow.cast<py::iterable>()) {
      const std::string key = hook_key(k, "Probe allow=");
      const Hook h = hook_by_name(key);
      put(h, kHookDefaults[static_cast<std::size_t>(h)], key);
    }
  }
  if (!answers.is_none()) {
    if (!py::isinstance<py::dict>(answers))
      throw py::type_error("Probe answers= must be a dict {hook: int}");
    for (auto [k, v] : answers.cast<py::dict>()) {
      const std::string key = hook_key(k, "Probe answers=");
      if (!py::isinstance<py::int_>(v) || py::isinstance<py::bool_>(v))
        throw py::type_error("Probe answers=['" + key + "'] must be an int");
      put(hook_by_name(key), v.cast<int>(), key);
    }
  }
  return s;
}

std::string probe_repr(const ProbeSpec& s) {
  std::string r = "Probe('" + s.name + "'";
  for (const auto& [h, rc] : s.answers) {
    r += ", " + std::string(hook_name(h)) + "=";
    r += rc < 0 ? errno_name(-rc) : std::to_string(rc);
  }
  if (s.exclusive) r += ", exclusive=True";
  if (s.order != LsmOrder::mutable_order) r += ", order='" + std::string(order_name(s.order)) + "'";
  return r + ")";
}

std::string trace_record_repr(const TraceRecord& r) {
  return "TraceEvent(hook='" + r.hook + "', lsm='" + r.lsm + "', rc=" + std::to_string(r.rc) + ")";
}

}  // namespace

Hook hook_by_name(const std::string& name) {
  Hook h{};
  if (!hook_from_name(name, h))
    throw std::invalid_argument("unknown hook '" + name +
                                "'; valid hooks: " + join(all_hook_names()));
  return h;
}

int errno_by_name(const std::string& name) {
  const int e = errno_from_name(name);
  if (e <= 0)
    throw std::invalid_argument("unknown errno name '" + name +
                                "'; valid names: " + join(all_errno_names()));
  return e;
}

int capability_by_name(const std::string& name) {
  auto c = capability_from_name(name);
  if (!c)
    throw std::invalid_argument("unknown capability '" + name +
                                "'; valid names: " + join(all_capability_names()));
  return *c;
}

std::set<std::string> capset_names(CapSet s) {
  std::set<std::string> out;
  for (int c = 0; c <= CAP_LAST_CAP; ++c)
    if (s.has(c)) out.insert(capability_name(c));
  return out;
}

std::vector<TraceRecord> convert_trace(const LsmFramework& fw) {
  std::vector<TraceRecord> out;
  out.reserve(fw.trace().size());
  for (const HookTraceEvent& e : fw.trace())
    out.push_back(TraceRecord{std::string(hook_name(e.hook)),
                              std::string(fw.active().at(e.lsm)->name()), e.rc});
  return out;
}

void register_lsm(py::module_& m) {
  using namespace pybind11::literals;

  py::class_<ProbeSpec>(m, "Probe", R"doc(
A probe LSM: a test device that registers the hooks it is given and answers each with a
fixed value. deny={hook: errno} answers -errno; allow=[hook, ...] registers the hook with its
default answer (so it is called and traced, but decides nothing); answers={hook: int} sets raw
return values. order is 'first', 'mutable' or 'last'.)doc")
      .def(py::init(&make_probe), "name"_a, py::kw_only(), "deny"_a = py::none(),
           "allow"_a = py::none(), "answers"_a = py::none(), "attr_value"_a = "",
           "order"_a = "mutable", "exclusive"_a = false)
      .def_property_readonly("name", [](const ProbeSpec& s) { return s.name; })
      .def_property_readonly("answers",
                             [](const ProbeSpec& s) {
                               py::dict d;
                               for (const auto& [h, rc] : s.answers)
                                 d[py::str(std::string(hook_name(h)))] = rc;
                               return d;
                             })
      .def_property_readonly("exclusive", [](const ProbeSpec& s) { return s.exclusive; })
      .def_property_readonly("order", [](const ProbeSpec& s) { return order_name(s.order); })
      .def_property_readonly("attr_value", [](const ProbeSpec& s) { return s.attr_value; })
      .def("__repr__", &probe_repr);

  m.def("hooks", &all_hook_names, "The LSM hook names lsmsim models, in hook-list order.");
  m.def(
      "hook_default",
      [](const std::string& name) -> py::object {
        const Hook h = hook_by_name(name);
        return py::int_(kHookDefaults[static_cast<std::size_t>(h)]);
      },
      "name"_a, "The value a hook returns when no LSM decides (0 for void hooks).");
  m.def("errno_names", &all_errno_names, "Every errno name known to lsmsim.");
  m.def("errno_value", &errno_by_name, "name"_a, "13 for 'EACCES'; ValueError if unknown.");
  m.def("errno_name", &errno_name, "value"_a, "'EACCES' for 13.");
  m.def("capabilities", &all_capability_names, "Capability names, 'cap_chown' first.");

  py::class_<TraceRecord>(m, "TraceEvent",
                          "One LSM hook call: which hook, which LSM, what it returned.")
      .def(py::init([](std::string hook, std::string lsm, int rc) {
             return TraceRecord{std::move(hook), std::move(lsm), rc};
           }),
           "hook"_a, "lsm"_a, "rc"_a)
      .def_readonly("hook", &TraceRecord::hook)
      .def_readonly("lsm", &TraceRecord::lsm)
      .def_readonly("rc", &TraceRecord::rc)
      .def("as_tuple", [](const TraceRecord& r) { return py::make_tuple(r.hook, r.lsm, r.rc); })
      .def("__eq__",
           [](const TraceRecord& a, const TraceRecord& b) {
             return a.hook == b.hook && a.lsm == b.lsm && a.rc == b.rc;
           })
      .def("__hash__",
           [](const TraceRecord& r) { return py::hash(py::make_tuple(r.hook, r.lsm, r.rc)); })
      .def("__repr__", &trace_record_repr);

  py::class_<TraceSession>(m, "Trace", R"doc(
Hook calls recorded on one kernel. Use as a context manager: `with k.trace() as tr:`;
tr.events holds the calls made inside the block (live while the block runs).)doc")
      .def(
          "__enter__",
          [](TraceSession& s) -> TraceSession& {
            if (s.active || s.finished)
              throw std::runtime_error("a Trace can be entered only once; call k.trace() again");
            LsmFramework& fw = s.owner->kernel->lsm();
            if (fw.tracing()) throw std::runtime_error("this kernel is already being traced");
            fw.clear_trace();
            fw.set_tracing(true);
            s.active = true;
            return s;
          },
          py::return_value_policy::reference)
      .def("__exit__",
           [](TraceSession& s, const py::object&, const py::object&, const py::object&) {
             LsmFramework& fw = s.owner->kernel->lsm();
             s.records = convert_trace(fw);
             fw.set_tracing(false);
             fw.clear_trace();
             s.active = false;
             s.finished = true;
             return false;
           })
      .def_property_readonly("events",
                             [](const TraceSession& s) {
                               return s.active ? convert_trace(s.owner->kernel->lsm()) : s.records;
                             })
      .def_property_readonly("active", [](const TraceSession& s) { return s.active; })
      .def(
          "count",
          [](const TraceSession& s, const std::optional<std::string>& hook,
             const std::optional<std::string>& lsm) {
            if (hook) hook_by_name(*hook);
            const auto events = s.active ? convert_trace(s.owner->kernel->lsm()) : s.records;
            std::size_t n = 0;
            for (const auto& e : events)
              if ((!hook || e.hook == *hook) && (!lsm || e.lsm == *lsm)) ++n;
            return n;
          },
          "hook"_a = py::none(), "lsm"_a = py::none(),
          "How many recorded calls match hook and/or lsm.")
      .def(
          "to_records",
          [](const TraceSession& s) {
            py::list out;
            const auto events = s.active ? convert_trace(s.owner->kernel->lsm()) : s.records;
            for (const auto& e : events)
              out.append(py::dict("hook"_a = e.hook, "lsm"_a = e.lsm, "rc"_a = e.rc));
            return out;
          },
          "The events as dicts (pandas.DataFrame(tr.to_records()) makes a frame).")
      .def("__len__",
           [](const TraceSession& s) {
             return s.active ? s.owner->kernel->lsm().trace().size() : s.records.size();
           })
      .def("__iter__",
           [](const TraceSession& s) {
             const auto events = s.active ? convert_trace(s.owner->kernel->lsm()) : s.records;
             return py::iter(py::cast(events));
           })
      .def("__repr__", [](const TraceSession& s) {
        return "<Trace " + std::string(s.active ? "active" : "finished") + ", " +
               std::to_string(s.active ? s.owner->kernel->lsm().trace().size() : s.records.size()) +
               " events>";
      });
}

}  // namespace lsmsim::bindings
