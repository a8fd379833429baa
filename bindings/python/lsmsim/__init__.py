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
    LSM_ATTR_CURRENT,
    LSM_ATTR_EXEC,
    LSM_ATTR_FSCREATE,
    LSM_ATTR_KEYCREATE,
    LSM_ATTR_PREV,
    LSM_ATTR_SOCKCREATE,
    LSM_ATTR_UNDEF,
    LSM_FLAG_SINGLE,
    LSM_ID_APPARMOR,
    LSM_ID_BPF,
    LSM_ID_CAPABILITY,
    LSM_ID_EVM,
    LSM_ID_IMA,
    LSM_ID_IPE,
    LSM_ID_LANDLOCK,
    LSM_ID_LOADPIN,
    LSM_ID_LOCKDOWN,
    LSM_ID_SAFESETID,
    LSM_ID_SELINUX,
    LSM_ID_SMACK,
    LSM_ID_TOMOYO,
    LSM_ID_UNDEF,
    LSM_ID_YAMA,
    AccessDecision,
    AnalysisLimitExceeded,
    Apparmor,
    Audit,
    AuditRuleError,
    Kernel,
    KernelPanic,
    LsmResult,
    Namespace,
    PathPerms,
    PolicyError,
    Probe,
    ProfileError,
    ReachResult,
    Result,
    ScenarioReport,
    Selinux,
    Smack,
    SmackRuleError,
    Task,
    TaskGone,
    Trace,
    TraceEvent,
    UserWord,
    capabilities,
    errno_name,
    errno_names,
    errno_value,
    hook_default,
    hooks,
    reach,
    run_scenario,
    run_scenario_text,
)
from lsmsim.lsm_ctx import (
    LsmCtx,
    lsm_ctx_entry_size,
    lsm_ctx_pack,
    lsm_ctx_unpack,
    lsm_ids_unpack,
)

__all__ = [
    "LSM_ATTR_CURRENT",
    "LSM_ATTR_EXEC",
    "LSM_ATTR_FSCREATE",
    "LSM_ATTR_KEYCREATE",
    "LSM_ATTR_PREV",
    "LSM_ATTR_SOCKCREATE",
    "LSM_ATTR_UNDEF",
    "LSM_FLAG_SINGLE",
    "LSM_ID_APPARMOR",
    "LSM_ID_BPF",
    "LSM_ID_CAPABILITY",
    "LSM_ID_EVM",
    "LSM_ID_IMA",
    "LSM_ID_IPE",
    "LSM_ID_LANDLOCK",
    "LSM_ID_LOADPIN",
    "LSM_ID_LOCKDOWN",
    "LSM_ID_SAFESETID",
    "LSM_ID_SELINUX",
    "LSM_ID_SMACK",
    "LSM_ID_TOMOYO",
    "LSM_ID_UNDEF",
    "LSM_ID_YAMA",
    "AccessDecision",
    "AnalysisLimitExceeded",
    "Apparmor",
    "Audit",
    "AuditRuleError",
    "Kernel",
    "KernelPanic",
    "LsmCtx",
    "LsmResult",
    "Namespace",
    "PathPerms",
    "PolicyError",
    "Probe",
    "ProfileError",
    "ReachResult",
    "Result",
    "ScenarioReport",
    "Selinux",
    "Smack",
    "SmackRuleError",
    "Task",
    "TaskGone",
    "Trace",
    "TraceEvent",
    "UserWord",
    "__version__",
    "capabilities",
    "errno_name",
    "errno_names",
    "errno_value",
    "hook_default",
    "hooks",
    "lsm_ctx_entry_size",
    "lsm_ctx_pack",
    "lsm_ctx_unpack",
    "lsm_ids_unpack",
    "reach",
    "run_scenario",
    "run_scenario_text",
]

try:
    from importlib.metadata import PackageNotFoundError, version

    __version__: str = version("lsmsim")
except PackageNotFoundError:  # a dev build on PYTHONPATH, not an installed distribution
    __version__ = "0.1.0"
