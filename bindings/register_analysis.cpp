// lsmsim.reach(): reachability in a scenario's combined transition graph (analysis/reach.h).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "analysis/reach.h"
#include "bindings/handles.h"
#include "model/parse_error.h"

namespace py = pybind11;

namespace lsmsim::bindings {

namespace {

py::dict labels_dict(const analysis::AnalysisState& s) {
  py::dict d;
  for (const analysis::LsmLabel& l : s.labels) d[py::str(l.lsm)] = l.label;
  return d;
}

py::list path_list(const analysis::TransitionGraph& g, const analysis::ReachAnswer& a) {
  py::list out;
  for (std::size_t e : a.path) {
    const analysis::TransitionEdge& t = g.edges[e];
    py::dict step;
    step["from"] = labels_dict(g.states[t.from]);
    step["via"] = t.via;
    step["file_context"] = t.file_context;
    step["to"] = labels_dict(g.states[t.to]);
    out.append(step);
  }
  return out;
}

py::list states_list(const analysis::TransitionGraph& g) {
  py::list out;
  for (const analysis::AnalysisState& s : g.states) {
    py::dict d;
    d["labels"] = labels_dict(s);
    d["container"] = s.container;
    d["euid"] = s.euid;
    d["access_allowed"] = s.access_allowed ? py::object(py::bool_(*s.access_allowed)) : py::none();
    d["access_denied_by"] = s.access_denial ? py::object(py::str(s.access_denial->by)) : py::none();
    out.append(d);
  }
  return out;
}

std::string path_of(const py::object& p) {
  if (py::isinstance<py::str>(p)) return p.cast<std::string>();
  if (py::hasattr(p, "__fspath__")) return py::str(p.attr("__fspath__")());
  throw py::type_error("reach() path must be a str or os.PathLike");
}

// `to`: "selinux=update_t,apparmor=x" or {"selinux": "update_t", ...}.
analysis::LabelPattern pattern_of(const py::object& to) {
  if (to.is_none()) return {};
  if (py::isinstance<py::str>(to)) return analysis::parse_label_pattern(to.cast<std::string>());
  if (py::isinstance<py::dict>(to)) {
    analysis::LabelPattern p;
    for (auto [k, v] : to.cast<py::dict>()) p.per_lsm[py::str(k)] = py::str(v);
    return p;
  }
  throw py::type_error("reach() to= must be a str ('selinux=update_t') or a dict");
}

// `access`: "open /etc/shadow O_WRONLY" or {"open": "/etc/shadow", "flags": "O_WRONLY"}.
std::optional<analysis::AccessProbe> access_of(const py::object& a) {
  if (a.is_none()) return std::nullopt;
  if (py::isinstance<py::str>(a)) return analysis::parse_access(a.cast<std::string>());
  if (py::isinstance<py::dict>(a)) {
    const py::dict d = a.cast<py::dict>();
    if (!d.contains("open")) throw py::value_error("reach() access= dict needs 'open': PATH");
    std::string text = "open " + py::str(d["open"]).cast<std::string>();
    if (d.contains("flags")) {
      const py::object f = d["flags"];
      if (py::isinstance<py::str>(f)) {
        text += " " + f.cast<std::string>();
      } else {
        for (const py::handle& x : f) text += " " + py::str(x).cast<std::string>();
      }
    }
    return analysis::parse_access(text);
  }
  throw py::type_error("reach() access= must be a str ('open /etc/shadow O_WRONLY') or a dict");
}

}  // namespace

void register_analysis(py::module_& m) {
  using namespace pybind11::literals;
  py::register_exception<analysis::LimitExceeded>(m, "AnalysisLimitExceeded", PyExc_RuntimeError)
      .doc() = "The exploration reached max_states or max_candidates (the message names it).";

  py::class_<analysis::ReachReport>(m, "ReachResult",
                                    "The answer of lsmsim.reach(): a path or a proof of absence.")
      .def_property_readonly("reachable",
                             [](const analysis::ReachReport& r) { return r.answer.reachable; })
      .def_property_readonly(
          "path", [](const analysis::ReachReport& r) { return path_list(r.graph, r.answer); },
          "The shortest path: a list of {'from': labels, 'via': 'exec PATH', 'file_context', "
          "'to': labels}; [] if unreachable or the start matches.")
      .def_property_readonly(
          "states", [](const analysis::ReachReport& r) { return states_list(r.graph); },
          "Every explored state: {'labels', 'container', 'euid', 'access_allowed', "
          "'access_denied_by'}; states[0] is the start.")
      .def_property_readonly("transitions",
                             [](const analysis::ReachReport& r) { return r.graph.edges.size(); })
      .def_property_readonly("refused",
                             [](const analysis::ReachReport& r) { return r.graph.refused.size(); })
      .def_property_readonly(
          "per_lsm",
          [](const analysis::ReachReport& r) {
            py::dict d;
            for (const analysis::LsmReach& l : r.per_lsm)
              d[py::str(l.lsm)] = py::dict("reachable"_a = l.answer.reachable,
                                           "path"_a = path_list(l.graph, l.answer),
                                           "states"_a = states_list(l.graph));
            return d;
          },
          "With per_lsm=True: per LSM booted alone, {'reachable', 'path', 'states'}.")
      .def_property_readonly("text", &analysis::ReachReport::text, "What `lsmsim reach` prints.")
      .def("to_dot", &analysis::ReachReport::dot,
           "The combined transition graph as Graphviz DOT, the path in red.")
      .def("__bool__", [](const analysis::ReachReport& r) { return r.answer.reachable; })
      .def("__repr__", [](const analysis::ReachReport& r) {
        return "<ReachResult " + std::string(r.answer.reachable ? "reachable" : "unreachable") +
               " in " + std::to_string(r.answer.path.size()) + " steps, " +
               std::to_string(r.graph.states.size()) + " states>";
      });

  m.def(
      "reach",
      [](const py::object& path, const std::string& from_task, std::optional<int> after_step,
         const py::object& to, const py::object& access, bool per_lsm, bool self_changes,
         std::size_t max_states, std::size_t max_candidates) {
        analysis::ReachQuery q;
        q.from_task = from_task;
        q.to = pattern_of(to);
        q.access = access_of(access);
        q.per_lsm = per_lsm;
        q.self_changes = self_changes;
        q.limits.max_states = max_states;
        q.limits.max_candidates = max_candidates;
        try {
          return analysis::reach_file(path_of(path), after_step, q);
        } catch (const ParseError& e) {
          throw py::value_error(e.what());
        }
      },
      "path"_a, py::kw_only(), "from_task"_a, "after_step"_a = py::none(), "to"_a = py::none(),
      "access"_a = py::none(), "per_lsm"_a = false, "self_changes"_a = false, "max_states"_a = 256,
      "max_candidates"_a = 20000,
      "Replays the scenario (steps 1..after_step, default all) in a scratch kernel and explores "
      "every exec from the task: can it reach labels `to` and/or an allowed `access`?");
}

}  // namespace lsmsim::bindings
