"""lsmsim: a simulator of the Linux kernel's stacked LSM framework, scriptable from Python.

Build a :class:`Kernel` (choose the LSMs with ``lsm=`` and add :class:`Probe` test LSMs),
take its :attr:`Kernel.init` task, and call syscalls on tasks; every syscall returns a
:class:`Result` saying what userspace sees and, on denial, which LSM refused, in which hook,
at which namespace level and why.

    >>> import lsmsim
    >>> k = lsmsim.Kernel(probes=[lsmsim.Probe("p", deny={"file_open": "EACCES"})])
    >>> k.lsm_list
    'capability,p'

A Kernel and its tasks must be used from one thread: the simulated kernel is not
thread-safe (the GIL is held during every call, so threads are serialised per call but their
syscalls would interleave).
"""

from __future__ import annotations

from lsmsim._core import (
    Kernel,
    Namespace,
    Probe,
    Result,
    ScenarioReport,
    Task,
    TaskGone,
    Trace,
    TraceEvent,
    capabilities,
    errno_name,
    errno_names,
    errno_value,
    hook_default,
    hooks,
    run_scenario,
    run_scenario_text,
)

__all__ = [
    "Kernel",
    "Namespace",
    "Probe",
    "Result",
    "ScenarioReport",
    "Task",
    "TaskGone",
    "Trace",
    "TraceEvent",
    "__version__",
    "capabilities",
    "errno_name",
    "errno_names",
    "errno_value",
    "hook_default",
    "hooks",
    "run_scenario",
    "run_scenario_text",
]

try:
    from importlib.metadata import PackageNotFoundError, version

    __version__: str = version("lsmsim")
except PackageNotFoundError:  # a dev build on PYTHONPATH, not an installed distribution
    __version__ = "0.1.0"
