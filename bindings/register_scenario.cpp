// Scenario files and the command line, through the engine's public entry points only.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <iostream>

#include "bindings/handles.h"
#include "cli/cli_main.h"
#include "engine/run.h"

namespace py = pybind11;

namespace lsmsim::bindings {

void register_scenario(py::module_& m) {
  using namespace pybind11::literals;

  py::class_<ScenarioReport>(m, "ScenarioReport", "The outcome of one scenario file.")
      .def_readonly("file", &ScenarioReport::file)
      .def_property_readonly("passed", &ScenarioReport::passed,
                             "True when the file was valid and every expectation held.")
      .def_readonly("bad_input", &ScenarioReport::bad_input)
      .def_property_readonly(
          "error",
          [](const ScenarioReport& r) -> py::object {
            if (r.error.empty()) return py::none();
            return py::str(r.error);
          },
          "'file:line:col: message' when the file was refused; else None.")
      .def_readonly("text", &ScenarioReport::text, "What `lsmsim run` prints for this file.")
      .def_property_readonly("counts",
                             [](const ScenarioReport& r) {
                               return py::dict("steps"_a = r.steps_run,
                                               "passed"_a = r.expectations_passed,
                                               "failed"_a = r.expectations_failed);
                             })
      .def_property_readonly(
          "exit_code", [](const ScenarioReport& r) { return r.bad_input  ? 2
                                                            : r.passed() ? 0
                                                                         : 1; },
          "What `lsmsim run` would exit with for this file alone.")
      .def("__bool__", &ScenarioReport::passed)
      .def("__repr__", [](const ScenarioReport& r) {
        return "<ScenarioReport " + r.file + ": " +
               (r.bad_input  ? "bad input"
                : r.passed() ? "passed"
                             : "FAILED") +
               ", " + std::to_string(r.expectations_passed) + " passed, " +
               std::to_string(r.expectations_failed) + " failed>";
      });

  m.def(
      "run_scenario",
      [](const py::object& path, bool trace, bool verbose) {
        std::string p;
        if (py::isinstance<py::str>(path)) {
          p = path.cast<std::string>();
        } else if (py::hasattr(path, "__fspath__")) {
          p = py::str(path.attr("__fspath__")());
        } else {
          throw py::type_error("run_scenario() path must be a str or os.PathLike");
        }
        return run_scenario_file(p, RunOptions{trace, verbose});
      },
      "path"_a, py::kw_only(), "trace"_a = false, "verbose"_a = false,
      "Runs one scenario file and returns its ScenarioReport.");
  m.def(
      "run_scenario_text",
      [](const std::string& text, const std::string& name, bool trace, bool verbose) {
        return run_scenario_text(text, name, RunOptions{trace, verbose});
      },
      "text"_a, "name"_a = "<string>", py::kw_only(), "trace"_a = false, "verbose"_a = false,
      "Runs scenario YAML given as a string.");
  m.def(
      "cli_main",
      [](const std::vector<std::string>& argv) {
        // The CLI prints with C++ streams: flush Python's buffers first so output interleaves.
        py::module_::import("sys").attr("stdout").attr("flush")();
        py::module_::import("sys").attr("stderr").attr("flush")();
        std::vector<const char*> args;
        for (const auto& a : argv) args.push_back(a.c_str());
        args.push_back(nullptr);
        const int status = cli_main(static_cast<int>(argv.size()), args.data());
        std::cout.flush();
        std::cerr.flush();
        return status;
      },
      "argv"_a,
      "Runs the lsmsim command line with argv (argv[0] = program name); returns the exit status.");
}

}  // namespace lsmsim::bindings
