// Syscalls as methods of lsmsim.Task, each returning an lsmsim.Result. Flags, signals and
// capabilities may be given as numbers or by their C names; unknown names raise ValueError
// listing the valid ones, wrong types raise TypeError.
#include <fcntl.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <csignal>
#include <iterator>
#include <limits>

#include "bindings/handles.h"
#include "engine/symbols.h"
#include "model/errno_name.h"
#include "model/kernel.h"
#include "model/syscalls/exec.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/net.h"
#include "model/syscalls/ns.h"
#include "model/syscalls/process.h"

namespace py = pybind11;

namespace lsmsim::bindings {

namespace {

// What a Task method returns: the SysResult plus the objects a Python caller wants next.
struct Result {
  SysResult r;
  std::string call;
  std::optional<TaskHandle> task;  // fork/clone: the child
  py::dict info;                   // structured extras (stat fields, fds, wait status, ...)
};

Result result(std::string call, SysResult r) {
  return Result{std::move(r), std::move(call), {}, {}};
}

std::string type_name(const py::handle& o) {
  return py::str(py::type::handle_of(o).attr("__name__"));
}

bool is_int(const py::handle& o) {
  return py::isinstance<py::int_>(o) && !py::isinstance<py::bool_>(o);
}

// ---- names of flags and constants ----
// The tables are the scenario engine's (engine/symbols.h), so scripts and scenario files
// accept the same spellings. On top of them: any case, and the prefix may be left off.

using engine::SymbolTable;

struct Shorthand {
  const char* name;
  unsigned long value;
};
// fopen()-style open modes, for notebooks.
constexpr Shorthand kOpenModes[] = {
    {"r", O_RDONLY},
    {"r+", O_RDWR},
    {"w", O_WRONLY | O_CREAT | O_TRUNC},
    {"w+", O_RDWR | O_CREAT | O_TRUNC},
    {"a", O_WRONLY | O_CREAT | O_APPEND},
    {"a+", O_RDWR | O_CREAT | O_APPEND},
};

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

// One name: as the table spells it, in any case, or without the prefix ("bind" = MS_BIND).
unsigned long lookup(const SymbolTable& table, const std::string& name, const std::string& prefix) {
  if (auto v = table.lookup(name)) return *v;
  const std::string u = upper(name);
  if (auto v = table.lookup(u)) return *v;
  if (auto v = table.lookup(prefix + u)) return *v;
  throw std::invalid_argument("unknown " + std::string(table.what) + " '" + name +
                              "'; valid: " + table.spellings());
}

// An int, a name, "A|B" or a list of those, OR-ed together.
unsigned long parse_flags(const py::handle& o, const SymbolTable& table,
                          const std::string& prefix) {
  if (is_int(o)) return o.cast<unsigned long>();
  if (py::isinstance<py::str>(o)) {
    const std::string s = o.cast<std::string>();
    unsigned long v = 0;
    std::size_t start = 0;
    while (true) {
      const auto bar = s.find('|', start);
      const std::string part = trim(s.substr(start, bar - start));
      if (!part.empty()) v |= lookup(table, part, prefix);
      if (bar == std::string::npos) break;
      start = bar + 1;
    }
    return v;
  }
  if (py::isinstance<py::iterable>(o) && !py::isinstance<py::bytes>(o)) {
    unsigned long v = 0;
    for (auto item : o.cast<py::iterable>()) v |= parse_flags(item, table, prefix);
    return v;
  }
  throw py::type_error(std::string(table.what) +
                       " must be an int, a name or a list of names, not " + type_name(o));
}

int parse_int_const(const py::handle& o, const SymbolTable& table, const std::string& prefix) {
  if (is_int(o)) return o.cast<int>();
  if (py::isinstance<py::str>(o))
    return static_cast<int>(lookup(table, o.cast<std::string>(), prefix));
  throw py::type_error(std::string(table.what) + " must be an int or a name, not " + type_name(o));
}

unsigned long varargs_flags(const py::args& args) {
  unsigned long v = 0;
  for (auto a : args) v |= parse_flags(a, engine::clone_flags(), "CLONE_");
  return v;
}

// A uid/gid argument; -1 means "unchanged" as in C.
std::uint32_t id_arg(long long v, const char* what) {
  if (v == -1) return kInvalidUid;
  if (v < 0 || v > std::numeric_limits<std::uint32_t>::max())
    throw std::invalid_argument(std::string(what) + " must be -1 or in 0..4294967295, got " +
                                std::to_string(v));
  return static_cast<std::uint32_t>(v);
}

// A pid argument: a number in the caller's pid namespace, or a Task (translated for it).
Pid pid_arg(const Task& caller, const py::handle& o) {
  if (py::isinstance<TaskHandle>(o)) {
    const Task& t = o.cast<const TaskHandle&>().get();
    const Pid nr = t.pid_in(caller.active_pid_ns());
    if (nr == 0)
      throw std::invalid_argument("task " + std::to_string(t.pid) +
                                  " is not visible in the caller's pid namespace");
    return nr;
  }
  if (is_int(o)) return o.cast<Pid>();
  throw py::type_error("pid must be an int or an lsmsim.Task, not " + type_name(o));
}

std::string path_arg(const py::handle& o) {
  if (py::isinstance<py::str>(o)) return o.cast<std::string>();
  if (py::hasattr(o, "__fspath__")) return py::str(o.attr("__fspath__")());
  throw py::type_error("path must be a str or os.PathLike, not " + type_name(o));
}

CapSet caps_arg(const py::handle& o, const char* what) {
  if (py::isinstance<py::str>(o) || !py::isinstance<py::iterable>(o))
    throw py::type_error(std::string(what) + " must be a set of capability names or numbers");
  CapSet s;
  for (auto c : o.cast<py::iterable>()) {
    int cap = -1;
    if (py::isinstance<py::str>(c)) {
      cap = capability_by_name(c.cast<std::string>());
    } else if (is_int(c)) {
      cap = c.cast<int>();
      if (cap < 0 || cap > CAP_LAST_CAP)
        throw std::invalid_argument(std::string(what) + ": no capability number " +
                                    std::to_string(cap));
    } else {
      throw py::type_error(std::string(what) + " items must be str or int, not " + type_name(c));
    }
    s.raise(cap);
  }
  return s;
}

// prctl arguments: numbers, capability names (PR_CAPBSET_DROP) or PR_CAP_AMBIENT_* names.
unsigned long prctl_arg(const py::handle& o) {
  if (py::isinstance<py::str>(o)) {
    const std::string s = o.cast<std::string>();
    if (auto f = engine::prctl_options().lookup(upper(s))) return *f;
    return static_cast<unsigned long>(capability_by_name(s));
  }
  if (is_int(o)) return o.cast<unsigned long>();
  throw py::type_error("prctl arguments must be int or str, not " + type_name(o));
}

py::dict stat_dict(const StatBuf& st) {
  using namespace pybind11::literals;
  return py::dict("dev"_a = st.dev, "ino"_a = st.ino, "mode"_a = st.mode, "nlink"_a = st.nlink,
                  "uid"_a = st.uid, "gid"_a = st.gid, "size"_a = st.size);
}

// ---- Result presentation ----

py::object denial_field(const Result& r, std::string Denial::* field) {
  if (!r.r.denial) return py::none();
  const std::string& v = (*r.r.denial).*field;
  if (v.empty()) return py::none();
  return py::str(v);
}

std::string result_repr(const Result& r) {
  std::string s = "<Result " + r.call + ": " + describe(r.r);
  if (r.task) s += " task=" + std::to_string(r.task->pid);
  return s + ">";
}

void raise_oserror(const Result& r) {
  const std::string msg = r.call + ": " + describe(r.r);
  py::object exc = py::module_::import("builtins").attr("OSError")(r.r.err, py::str(msg));
  PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
  throw py::error_already_set();
}

}  // namespace

void register_syscalls(py::module_& m) {
  using namespace pybind11::literals;

  py::class_<Result>(m, "Result", R"doc(
What a syscall returned. Truthy when it succeeded. On failure errno/errno_name say what
userspace sees and denied_by/hook/ns_level/reason say who refused and why.)doc")
      .def_property_readonly("ok", [](const Result& r) { return r.r.ok(); })
      .def_property_readonly(
          "value", [](const Result& r) { return r.r.ret; },
          "The syscall's return value (-1 on failure).")
      .def_property_readonly("errno", [](const Result& r) { return r.r.err; })
      .def_property_readonly("errno_name",
                             [](const Result& r) -> py::object {
                               if (r.r.ok()) return py::none();
                               return py::str(errno_name(r.r.err));
                             })
      .def_property_readonly("denied_by",
                             [](const Result& r) { return denial_field(r, &Denial::by); })
      .def_property_readonly("hook", [](const Result& r) { return denial_field(r, &Denial::hook); })
      .def_property_readonly("ns_level",
                             [](const Result& r) { return denial_field(r, &Denial::ns_level); })
      .def_property_readonly("reason",
                             [](const Result& r) { return denial_field(r, &Denial::reason); })
      .def_property_readonly(
          "data", [](const Result& r) { return py::bytes(r.r.data); },
          "Bytes returned by read-like syscalls.")
      .def_property_readonly(
          "text",
          [](const Result& r) { return py::bytes(r.r.data).attr("decode")("utf-8", "replace"); },
          "data decoded as UTF-8.")
      .def_property_readonly(
          "task",
          [](const Result& r) -> py::object {
            if (!r.task) return py::none();
            return py::cast(*r.task);
          },
          "fork()/clone(): the child task.")
      .def_property_readonly(
          "info", [](const Result& r) { return r.info; },
          "Structured extras: stat fields, socketpair fds, wait status, ...")
      .def_property_readonly("call", [](const Result& r) { return r.call; })
      .def(
          "check",
          [](const Result& r) -> const Result& {
            if (!r.r.ok()) raise_oserror(r);
            return r;
          },
          py::return_value_policy::reference_internal,
          "Returns self if ok, else raises OSError(errno, description).")
      .def("__bool__", [](const Result& r) { return r.r.ok(); })
      .def("__repr__", &result_repr);

  auto task = py::reinterpret_borrow<py::class_<TaskHandle>>(m.attr("Task"));

  // ---- process.h ----
  auto child_result = [](const TaskHandle& h, Task& caller, std::string call, SysResult r) {
    Result res = result(std::move(call), std::move(r));
    if (res.r.ok())
      if (Task* c =
              h.owner->kernel->find_task_in(caller.active_pid_ns(), static_cast<Pid>(res.r.ret)))
        res.task = TaskHandle::of(h.owner, *c);
    return res;
  };
  task.def(
      "fork",
      [child_result](const TaskHandle& h) {
        Task& t = h.caller();
        return child_result(h, t, "fork", sys_fork(t));
      },
      "fork(): Result.value is the child's pid as the caller sees it, Result.task the child.");
  task.def(
      "clone",
      [child_result](const TaskHandle& h, const py::args& flags) {
        Task& t = h.caller();
        return child_result(h, t, "clone", sys_clone(t, varargs_flags(flags)));
      },
      "clone(*flags): flags as names ('user', 'net', 'CLONE_THREAD', ...) or ints.");
  task.def(
      "exit",
      [](const TaskHandle& h, int code) { return result("exit", sys_exit(h.caller(), code)); },
      "code"_a = 0);
  task.def(
      "wait",
      [](const TaskHandle& h, const py::object& pid) {
        Task& t = h.caller();
        int status = 0;
        Result r = result("wait4", sys_wait4(t, pid.is_none() ? -1 : pid_arg(t, pid), &status));
        if (r.r.ok()) {
          r.info["status"] = status;
          // WEXITSTATUS and WTERMSIG: exactly one of them is meaningful.
          r.info["exit_code"] = (status >> 8) & 0xff;
          r.info["signal"] = status & 0x7f;
        }
        return r;
      },
      "pid"_a = py::none(),
      "wait4(pid or -1): reaps a zombie child; info has status, exit_code, signal.");
  task.def(
      "kill",
      [](const TaskHandle& h, const py::object& pid, const py::object& sig) {
        Task& t = h.caller();
        return result("kill",
                      sys_kill(t, pid_arg(t, pid), parse_int_const(sig, engine::signals(), "SIG")));
      },
      "pid"_a, "sig"_a = SIGTERM, "kill(pid or Task, sig): sig as a number or 'SIGKILL'.");
  task.def(
      "ptrace_attach",
      [](const TaskHandle& h, const py::object& pid) {
        Task& t = h.caller();
        return result("ptrace_attach", sys_ptrace_attach(t, pid_arg(t, pid)));
      },
      "pid"_a);
  task.def("ptrace_traceme", [](const TaskHandle& h) {
    return result("ptrace_traceme", sys_ptrace_traceme(h.caller()));
  });
  task.def("getpid", [](const TaskHandle& h) { return result("getpid", sys_getpid(h.caller())); });
  task.def("getppid",
           [](const TaskHandle& h) { return result("getppid", sys_getppid(h.caller())); });
  task.def("getuid", [](const TaskHandle& h) { return result("getuid", sys_getuid(h.caller())); });
  task.def("geteuid",
           [](const TaskHandle& h) { return result("geteuid", sys_geteuid(h.caller())); });
  task.def(
      "setuid",
      [](const TaskHandle& h, long long uid) {
        return result("setuid", sys_setuid(h.caller(), id_arg(uid, "uid")));
      },
      "uid"_a);
  task.def(
      "setgid",
      [](const TaskHandle& h, long long gid) {
        return result("setgid", sys_setgid(h.caller(), id_arg(gid, "gid")));
      },
      "gid"_a);
  task.def(
      "setreuid",
      [](const TaskHandle& h, long long r, long long e) {
        return result("setreuid", sys_setreuid(h.caller(), id_arg(r, "ruid"), id_arg(e, "euid")));
      },
      "ruid"_a, "euid"_a);
  task.def(
      "setresuid",
      [](const TaskHandle& h, long long r, long long e, long long s) {
        return result("setresuid", sys_setresuid(h.caller(), id_arg(r, "ruid"), id_arg(e, "euid"),
                                                 id_arg(s, "suid")));
      },
      "ruid"_a, "euid"_a, "suid"_a);
  task.def(
      "setresgid",
      [](const TaskHandle& h, long long r, long long e, long long s) {
        return result("setresgid", sys_setresgid(h.caller(), id_arg(r, "rgid"), id_arg(e, "egid"),
                                                 id_arg(s, "sgid")));
      },
      "rgid"_a, "egid"_a, "sgid"_a);
  task.def(
      "setfsuid",
      [](const TaskHandle& h, long long uid) {
        return result("setfsuid", sys_setfsuid(h.caller(), id_arg(uid, "fsuid")));
      },
      "fsuid"_a);
  task.def(
      "setgroups",
      [](const TaskHandle& h, const std::vector<long long>& groups) {
        std::vector<Gid> g;
        for (long long v : groups) g.push_back(id_arg(v, "group"));
        return result("setgroups", sys_setgroups(h.caller(), g));
      },
      "groups"_a);
  task.def(
      "capget",
      [](const TaskHandle& h, const py::object& pid) {
        Task& t = h.caller();
        CapSet e, i, p;
        Result r = result("capget", sys_capget(t, pid_arg(t, pid), e, i, p));
        if (r.r.ok()) {
          r.info["effective"] = capset_names(e);
          r.info["inheritable"] = capset_names(i);
          r.info["permitted"] = capset_names(p);
        }
        return r;
      },
      "pid"_a = 0, "capget(pid=0): info has effective, inheritable, permitted.");
  task.def(
      "capset",
      [](const TaskHandle& h, const py::object& e, const py::object& p, const py::object& i) {
        return result("capset", sys_capset(h.caller(), caps_arg(e, "effective"),
                                           caps_arg(i, "inheritable"), caps_arg(p, "permitted")));
      },
      py::kw_only(), "effective"_a, "permitted"_a, "inheritable"_a = py::tuple(),
      "capset(effective=..., permitted=..., inheritable=()): sets of capability names.");
  task.def(
      "prctl",
      [](const TaskHandle& h, const py::object& option, const py::object& a2, const py::object& a3,
         const py::object& a4, const py::object& a5) {
        return result("prctl",
                      sys_prctl(h.caller(), parse_int_const(option, engine::prctl_options(), "PR_"),
                                prctl_arg(a2), prctl_arg(a3), prctl_arg(a4), prctl_arg(a5)));
      },
      "option"_a, "arg2"_a = 0, "arg3"_a = 0, "arg4"_a = 0, "arg5"_a = 0,
      "prctl(option, ...): option like 'PR_SET_NO_NEW_PRIVS'; args may name capabilities.");

  // ---- ns.h ----
  task.def(
      "unshare",
      [](const TaskHandle& h, const py::args& types) {
        return result("unshare", sys_unshare(h.caller(), varargs_flags(types)));
      },
      "unshare(*types): types as names ('user', 'net', 'CLONE_NEWNS', ...) or ints.");
  task.def(
      "setns",
      [](const TaskHandle& h, const py::object& target, const py::args& types) {
        Task& t = h.caller();
        const unsigned long flags = varargs_flags(types);
        if (py::isinstance<TaskHandle>(target))
          return result("setns", setns_pidfd_to(t, target.cast<const TaskHandle&>().get(), flags));
        if (py::isinstance<NsHandle>(target))
          return result("setns",
                        setns_to(t, target.cast<const NsHandle&>().ns, static_cast<int>(flags)));
        const std::string path = path_arg(target);
        SysResult fd = sys_open(t, path, O_RDONLY);
        if (!fd.ok()) return result("setns", std::move(fd));
        SysResult r = sys_setns(t, static_cast<int>(fd.ret), static_cast<int>(flags));
        sys_close(t, static_cast<int>(fd.ret));
        return result("setns", std::move(r));
      },
      "target"_a,
      "setns(target, *types): target is a /proc/PID/ns/* path, a Namespace, or a Task (pidfd, "
      "with the namespace types to join).");
  auto id_kind = [](const std::string& kind) {
    if (kind == "uid") return IdMapKind::uid;
    if (kind == "gid") return IdMapKind::gid;
    if (kind == "projid") return IdMapKind::projid;
    throw std::invalid_argument("unknown id map '" + kind + "'; valid: uid, gid, projid");
  };
  task.def(
      "write_id_map",
      [id_kind](const TaskHandle& h, const TaskHandle& target, const std::string& kind,
                const std::string& text) {
        return result("write_id_map", write_id_map(h.caller(), target.get(), id_kind(kind), text));
      },
      "target"_a, "kind"_a, "text"_a,
      "Writes /proc/<target>/{uid,gid,projid}_map, e.g. write_id_map(child, 'uid', '0 1000 1').");
  task.def(
      "read_id_map",
      [id_kind](const TaskHandle& h, const TaskHandle& target, const std::string& kind) {
        return read_id_map(h.caller(), target.get(), id_kind(kind));
      },
      "target"_a, "kind"_a, "What reading /proc/<target>/<kind>_map shows this task (a str).");
  task.def(
      "write_setgroups",
      [](const TaskHandle& h, const TaskHandle& target, const std::string& text) {
        return result("write_setgroups", write_setgroups(h.caller(), target.get(), text));
      },
      "target"_a, "text"_a);
  task.def("read_setgroups", [](const TaskHandle& h) { return read_setgroups(h.caller()); });

  // ---- fs.h ----
  task.def(
      "open",
      [](const TaskHandle& h, const py::object& path, const py::object& flags, unsigned mode) {
        unsigned long f = 0;
        if (py::isinstance<py::str>(flags)) {
          const std::string s = flags.cast<std::string>();
          const auto* mode_it = std::find_if(std::begin(kOpenModes), std::end(kOpenModes),
                                             [&](const Shorthand& o) { return s == o.name; });
          f = mode_it != std::end(kOpenModes) ? mode_it->value
                                              : parse_flags(flags, engine::open_flags(), "O_");
        } else {
          f = parse_flags(flags, engine::open_flags(), "O_");
        }
        return result("open", sys_open(h.caller(), path_arg(path), static_cast<int>(f), mode));
      },
      "path"_a, "flags"_a = "r", "mode"_a = 0644,
      "open(path, flags='r', mode=0o644): flags 'r'/'w'/'a'/'r+'..., 'O_RDWR|O_CREAT' or an int. "
      "Result.value is the fd.");
  task.def(
      "close",
      [](const TaskHandle& h, int fd) { return result("close", sys_close(h.caller(), fd)); },
      "fd"_a);
  // read/write take a descriptor, or a path for the whole open + read/write + close.
  task.def(
      "read",
      [](const TaskHandle& h, const py::object& fd, std::size_t count) {
    if (is_int(fd)) return result("read", sys_read(h.caller(), fd.cast<int>(), count));
    return result("read_file", read_file(h.caller(), path_arg(fd)));
      },
      "fd"_a, "count"_a = 65536,
      "read(fd, count=65536), or read(path): the whole file, like read_file(path).");
  task.def(
      "write",
      [](const TaskHandle& h, const py::object& fd, const std::string& data) {
        if (is_int(fd)) return result("write", sys_write(h.caller(), fd.cast<int>(), data));
        return result("write_file", write_file(h.caller(), path_arg(fd), data));
      },
      "fd"_a, "data"_a, "write(fd, data), or write(path, data): like write_file(path, data).");
  task.def(
      "mkdir",
      [](const TaskHandle& h, const py::object& path, unsigned mode) {
        return result("mkdir", sys_mkdir(h.caller(), path_arg(path), mode));
      },
      "path"_a, "mode"_a = 0755);
  task.def(
      "rmdir",
      [](const TaskHandle& h, const py::object& path) {
        return result("rmdir", sys_rmdir(h.caller(), path_arg(path)));
      },
      "path"_a);
  task.def(
      "unlink",
      [](const TaskHandle& h, const py::object& path) {
        return result("unlink", sys_unlink(h.caller(), path_arg(path)));
      },
      "path"_a);
  task.def(
      "symlink",
      [](const TaskHandle& h, const std::string& target, const py::object& linkpath) {
        return result("symlink", sys_symlink(h.caller(), target, path_arg(linkpath)));
      },
      "target"_a, "linkpath"_a);
  task.def(
      "readlink",
      [](const TaskHandle& h, const py::object& path) {
        return result("readlink", sys_readlink(h.caller(), path_arg(path)));
      },
      "path"_a);
  task.def(
      "stat",
      [](const TaskHandle& h, const py::object& path) {
        StatBuf st;
        Result r = result("stat", sys_stat(h.caller(), path_arg(path), st));
        if (r.r.ok()) r.info = stat_dict(st);
        return r;
      },
      "path"_a, "stat(path): info has dev, ino, mode, nlink, uid, gid, size.");
  task.def(
      "fstat",
      [](const TaskHandle& h, int fd) {
        StatBuf st;
        Result r = result("fstat", sys_fstat(h.caller(), fd, st));
        if (r.r.ok()) r.info = stat_dict(st);
        return r;
      },
      "fd"_a);
  task.def(
      "chmod",
      [](const TaskHandle& h, const py::object& path, unsigned mode) {
        return result("chmod", sys_chmod(h.caller(), path_arg(path), mode));
      },
      "path"_a, "mode"_a);
  task.def(
      "chown",
      [](const TaskHandle& h, const py::object& path, long long uid, long long gid) {
        return result(
            "chown", sys_chown(h.caller(), path_arg(path), id_arg(uid, "uid"), id_arg(gid, "gid")));
      },
      "path"_a, "uid"_a, "gid"_a);
  task.def(
      "chdir",
      [](const TaskHandle& h, const py::object& path) {
        return result("chdir", sys_chdir(h.caller(), path_arg(path)));
      },
      "path"_a);
  task.def(
      "chroot",
      [](const TaskHandle& h, const py::object& path) {
        return result("chroot", sys_chroot(h.caller(), path_arg(path)));
      },
      "path"_a);
  task.def(
      "setxattr",
      [](const TaskHandle& h, const py::object& path, const std::string& name,
         const std::string& value, int flags) {
        return result("setxattr", sys_setxattr(h.caller(), path_arg(path), name, value, flags));
      },
      "path"_a, "name"_a, "value"_a, "flags"_a = 0);
  task.def(
      "getxattr",
      [](const TaskHandle& h, const py::object& path, const std::string& name) {
        return result("getxattr", sys_getxattr(h.caller(), path_arg(path), name));
      },
      "path"_a, "name"_a);
  task.def(
      "listxattr",
      [](const TaskHandle& h, const py::object& path) {
        Result r = result("listxattr", sys_listxattr(h.caller(), path_arg(path)));
        if (r.r.ok()) {
          py::list names;
          std::size_t start = 0;
          const std::string& d = r.r.data;
          while (start < d.size()) {
            auto nul = d.find('\0', start);
            if (nul == std::string::npos) nul = d.size();
            names.append(py::str(d.substr(start, nul - start)));
            start = nul + 1;
          }
          r.info["names"] = names;
        }
        return r;
      },
      "path"_a, "listxattr(path): info['names'] lists the attribute names.");
  task.def(
      "removexattr",
      [](const TaskHandle& h, const py::object& path, const std::string& name) {
        return result("removexattr", sys_removexattr(h.caller(), path_arg(path), name));
      },
      "path"_a, "name"_a);
  task.def(
      "mount",
      [](const TaskHandle& h, const std::string& source, const py::object& target,
         const std::string& fstype, const py::object& flags, const std::string& data) {
        return result("mount", sys_mount(h.caller(), source, path_arg(target), fstype,
                                         parse_flags(flags, engine::mount_flags(), "MS_"), data));
      },
      "source"_a, "target"_a, "fstype"_a = "", "flags"_a = 0, "data"_a = "",
      "mount(source, target, fstype='', flags=0, data=''): flags like 'MS_BIND|MS_REC'.");
  task.def(
      "umount",
      [](const TaskHandle& h, const py::object& target, const py::object& flags) {
        return result(
            "umount",
            sys_umount(h.caller(), path_arg(target),
                       static_cast<int>(parse_flags(flags, engine::umount_flags(), "MNT_"))));
      },
      "target"_a, "flags"_a = 0);
  task.def(
      "read_file",
      [](const TaskHandle& h, const py::object& path) {
        return result("read_file", read_file(h.caller(), path_arg(path)));
      },
      "path"_a, "open + read everything + close; Result.data/.text hold the contents.");
  task.def(
      "write_file",
      [](const TaskHandle& h, const py::object& path, const std::string& data) {
        return result("write_file", write_file(h.caller(), path_arg(path), data));
      },
      "path"_a, "data"_a, "open + write + close.");

  // ---- exec.h ----
  task.def(
      "execve",
      [](const TaskHandle& h, const py::object& path, const std::vector<std::string>& argv) {
        return result("execve", sys_execve(h.caller(), path_arg(path), argv));
      },
      "path"_a, "argv"_a = std::vector<std::string>{});

  // ---- net.h ----
  task.def(
      "socket",
      [](const TaskHandle& h, const py::object& family, const py::object& type, int protocol) {
        return result(
            "socket",
            sys_socket(h.caller(), parse_int_const(family, engine::socket_families(), "AF_"),
                       parse_int_const(type, engine::socket_types(), "SOCK_"), protocol));
      },
      "family"_a = "AF_UNIX", "type"_a = "SOCK_STREAM", "protocol"_a = 0);
  task.def(
      "socketpair",
      [](const TaskHandle& h, const py::object& family, const py::object& type, int protocol) {
        int fds[2] = {-1, -1};
        Result r = result(
            "socketpair",
            sys_socketpair(h.caller(), parse_int_const(family, engine::socket_families(), "AF_"),
                           parse_int_const(type, engine::socket_types(), "SOCK_"), protocol, fds));
        if (r.r.ok()) r.info["fds"] = py::make_tuple(fds[0], fds[1]);
        return r;
      },
      "family"_a = "AF_UNIX", "type"_a = "SOCK_STREAM", "protocol"_a = 0,
      "socketpair(): info['fds'] is the pair of descriptors.");
  task.def(
      "bind",
      [](const TaskHandle& h, int fd, const std::string& address) {
        return result("bind", sys_bind(h.caller(), fd, address));
      },
      "fd"_a, "address"_a, "bind(fd, address): a path, or '@name' for an abstract address.");
  task.def(
      "listen",
      [](const TaskHandle& h, int fd, int backlog) {
        return result("listen", sys_listen(h.caller(), fd, backlog));
      },
      "fd"_a, "backlog"_a = 128);
  task.def(
      "connect",
      [](const TaskHandle& h, int fd, const std::string& address) {
        return result("connect", sys_connect(h.caller(), fd, address));
      },
      "fd"_a, "address"_a);
  task.def(
      "accept",
      [](const TaskHandle& h, int fd) { return result("accept", sys_accept(h.caller(), fd)); },
      "fd"_a);
  task.def(
      "getpeercred",
      [](const TaskHandle& h, int fd) {
        UCred uc;
        Result r = result("getsockopt(SO_PEERCRED)", sys_getsockopt_peercred(h.caller(), fd, uc));
        if (r.r.ok()) {
          r.info["pid"] = uc.pid;
          r.info["uid"] = uc.uid;
          r.info["gid"] = uc.gid;
        }
        return r;
      },
      "fd"_a, "SO_PEERCRED: info has pid, uid, gid as the caller's namespaces see them.");
  task.def(
      "getpeersec",
      [](const TaskHandle& h, int fd, std::uint32_t optlen) {
        return result("getsockopt(SO_PEERSEC)", sys_getsockopt_peersec(h.caller(), fd, optlen));
      },
      "fd"_a, "optlen"_a = 4096, "SO_PEERSEC: Result.text is the peer's label.");
}

}  // namespace lsmsim::bindings
