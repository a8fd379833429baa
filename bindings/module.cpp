// The extension module lsmsim._core: only registration calls, one per concern.
#include <pybind11/pybind11.h>

#include "bindings/handles.h"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "lsmsim native core: simulated kernel, LSM framework, syscalls, scenarios.";
  py::register_exception<lsmsim::bindings::TaskGone>(m, "TaskGone", PyExc_ProcessLookupError);
  lsmsim::bindings::register_lsm(m);
  lsmsim::bindings::register_kernel(m);
  lsmsim::bindings::register_task(m);
  lsmsim::bindings::register_syscalls(m);
  lsmsim::bindings::register_lsm_syscalls(m);
  lsmsim::bindings::register_scenario(m);
  lsmsim::bindings::register_selinux(m);
  lsmsim::bindings::register_apparmor(m);
  lsmsim::bindings::register_smack(m);
  lsmsim::bindings::register_audit(m);
  lsmsim::bindings::register_inspect(m);
  lsmsim::bindings::register_analysis(m);
}
