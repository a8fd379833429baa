// Kernel.ps(): the task list as one task sees it (engine/ps_view.h), as `lsmsim ps` prints it.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <stdexcept>

#include "bindings/handles.h"
#include "engine/ps_view.h"
#include "model/errno_name.h"

namespace py = pybind11;

namespace lsmsim::bindings {

namespace {

py::object label_or_none(const engine::PsLabel& l) {
  if (l.err != 0 || l.text == "-") return py::none();
  return py::str(l.text);
}

py::object error_or_none(const engine::PsLabel& l) {
  if (l.err == 0) return py::none();
  return py::str(errno_name(l.err));
}

}  // namespace

void register_inspect(py::module_& m) {
  using namespace pybind11::literals;
  auto kernel_cls = py::reinterpret_borrow<py::class_<KernelHandle, KernelRef>>(m.attr("Kernel"));
  kernel_cls.def(
      "ps",
      [](const KernelRef& k, const TaskHandle& viewer, const std::optional<std::string>& lsm) {
        if (viewer.owner.get() != k.get())
          throw std::invalid_argument("viewer belongs to another Kernel");
        engine::PsOptions opts;
        opts.lsm = lsm.value_or("");
        std::vector<engine::PsRow> rows;
        try {
          rows = engine::ps_rows(*k->kernel, viewer.caller(), opts);
        } catch (const std::invalid_argument& e) {
          throw py::value_error(e.what());
        }
        py::list out;
        for (const engine::PsRow& r : rows) {
          py::dict labels;
          for (const engine::PsLabel& l : r.lsm_labels)
            labels[py::str(l.lsm)] =
                py::dict("label"_a = label_or_none(l), "error"_a = error_or_none(l));
          out.append(py::dict("pid"_a = r.pid, "ppid"_a = r.ppid, "global_pid"_a = r.global_pid,
                              "uid"_a = r.uid, "state"_a = std::string(1, r.state),
                              "comm"_a = r.comm, "label"_a = label_or_none(r.label),
                              "label_error"_a = error_or_none(r.label), "labels"_a = labels));
        }
        return out;
      },
      "viewer"_a, "lsm"_a = py::none(),
      "The tasks as `viewer` sees them with `ps -eZ` (lsmsim ps): those of its pid namespace, "
      "by pid there. Each a dict: pid, ppid (numbers in the viewer's pid namespace; ppid 0 when "
      "the parent is not visible), global_pid, uid (euid in the viewer's user namespace, 65534 "
      "when unmapped), state ('R' the viewer, 'S', 'Z'), comm, label (what the viewer reads "
      "from /proc/PID/attr/current, up to its first unprintable byte; None when the read fails "
      "or is empty), label_error (the errno name, or None) and labels: with lsm='all' or an "
      "LSM name, {lsm: {'label': ..., 'error': ...}} from that LSM's own attribute file. "
      "ValueError for an lsm that is not active. The viewer makes the reads (SELinux may log "
      "AVC denials for them).");
}

}  // namespace lsmsim::bindings
