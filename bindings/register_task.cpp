// lsmsim.Task and lsmsim.Namespace: read-only views of a task's identity, credentials and
// namespaces. Syscalls are added to Task by register_syscalls.cpp.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings/handles.h"
#include "model/capable.h"
#include "model/kernel.h"

namespace py = pybind11;

namespace lsmsim::bindings {

namespace {

std::shared_ptr<Namespace> task_ns(const Task& t, NsType type) {
  switch (type) {
    case NsType::mnt:
      return t.nsproxy.mnt;
    case NsType::uts:
      return t.nsproxy.uts;
    case NsType::ipc:
      return t.nsproxy.ipc;
    case NsType::net:
      return t.nsproxy.net;
    case NsType::pid:
      return t.pids.empty() ? nullptr : t.pids.back().ns;
    case NsType::user:
      return t.cred ? t.cred->user_ns : nullptr;
    case NsType::cgroup:
      return t.nsproxy.cgroup;
    case NsType::time:
      return t.nsproxy.time;
  }
  return nullptr;
}

constexpr NsType kAllNsTypes[] = {NsType::cgroup, NsType::ipc,  NsType::mnt,  NsType::net,
                                  NsType::pid,    NsType::time, NsType::user, NsType::uts};

NsType ns_type_arg(const std::string& name) {
  NsType t{};
  if (!ns_type_from_name(name, t))
    throw std::invalid_argument("unknown namespace type '" + name +
                                "'; valid: cgroup, ipc, mnt, net, pid, time, user, uts");
  return t;
}

const char* state_name(TaskState s) {
  switch (s) {
    case TaskState::running:
      return "running";
    case TaskState::zombie:
      return "zombie";
    default:
      return "dead";
  }
}

py::object ns_object(const KernelRef& k, std::shared_ptr<Namespace> ns) {
  if (!ns) return py::none();
  return py::cast(NsHandle{k, std::move(ns)});
}

// The pid namespace a pid_in()/find() argument designates: a pid Namespace or a Task's.
const PidNamespace& pid_ns_arg(const py::object& o) {
  if (py::isinstance<TaskHandle>(o)) return o.cast<const TaskHandle&>().get().active_pid_ns();
  if (py::isinstance<NsHandle>(o)) {
    const auto& h = o.cast<const NsHandle&>();
    if (auto* p = dynamic_cast<const PidNamespace*>(h.ns.get())) return *p;
    throw std::invalid_argument("expected a pid namespace, got a " +
                                std::string(ns_type_name(h.ns->type)) + " namespace");
  }
  throw py::type_error("expected an lsmsim.Namespace (pid) or an lsmsim.Task");
}

template <class F>
auto cred_id(F f) {
  return [f](const TaskHandle& h) {
    const Task& t = h.get();
    return f(*t.cred, *t.cred->user_ns);
  };
}

}  // namespace

void register_task(py::module_& m) {
  using namespace pybind11::literals;

  py::class_<NsHandle>(m, "Namespace", "A namespace as nsfs shows it (type, inode number).")
      .def_property_readonly("type", [](const NsHandle& n) { return ns_type_name(n.ns->type); })
      .def_property_readonly("name", [](const NsHandle& n) { return n.ns->display_name(); })
      .def_property_readonly("inum", [](const NsHandle& n) { return n.ns->inum; })
      .def_property_readonly(
          "link_text", [](const NsHandle& n) { return n.ns->link_text(); },
          "What readlink(/proc/PID/ns/<type>) prints, e.g. 'net:[4026531833]'.")
      .def_property_readonly(
          "owner", [](const NsHandle& n) { return ns_object(n.owner, n.ns->owner); },
          "The owning user namespace (None for the initial user namespace).")
      .def_property_readonly(
          "level",
          [](const NsHandle& n) -> py::object {
            if (auto* u = dynamic_cast<UserNamespace*>(n.ns.get())) return py::int_(u->level);
            if (auto* p = dynamic_cast<PidNamespace*>(n.ns.get())) return py::int_(p->level);
            return py::none();
          },
          "Nesting depth of a user or pid namespace (0 = initial); else None.")
      .def_property_readonly("parent",
                             [](const NsHandle& n) -> py::object {
                               if (auto* u = dynamic_cast<UserNamespace*>(n.ns.get()))
                                 return ns_object(n.owner, u->parent);
                               if (auto* p = dynamic_cast<PidNamespace*>(n.ns.get()))
                                 return ns_object(n.owner, p->parent);
                               return py::none();
                             })
      .def("__eq__", [](const NsHandle& a, const NsHandle& b) { return a.ns == b.ns; })
      .def("__hash__", [](const NsHandle& n) { return std::hash<const void*>()(n.ns.get()); })
      .def("__repr__", [](const NsHandle& n) {
        return "<lsmsim.Namespace " + n.ns->link_text() + " '" + n.ns->display_name() + "'>";
      });

  py::class_<TaskHandle>(m, "Task", R"doc(
A simulated task. Ids are shown in the task's own user namespace; pids passed to syscalls
are numbers in the caller's pid namespace. A Task of a reaped process raises
ProcessLookupError on use.)doc")
      .def_property_readonly(
          "pid", [](const TaskHandle& h) { return h.pid; },
          "The pid in the initial pid namespace (the kernel-wide identity); "
          "still readable after the task is reaped.")
      .def_property_readonly("tgid", [](const TaskHandle& h) { return h.get().tgid; })
      .def_property_readonly("comm", [](const TaskHandle& h) { return h.get().comm; })
      .def_property_readonly("exe", [](const TaskHandle& h) { return h.get().exe; })
      .def_property_readonly("state", [](const TaskHandle& h) { return state_name(h.get().state); })
      .def_property_readonly("alive", [](const TaskHandle& h) { return h.get().alive(); })
      .def_property_readonly("exit_code", [](const TaskHandle& h) { return h.get().exit_code; })
      .def_property_readonly("parent",
                             [](const TaskHandle& h) -> py::object {
                               Task* p = h.get().parent;
                               if (p == nullptr) return py::none();
                               return py::cast(TaskHandle::of(h.owner, *p));
                             })
      .def_property_readonly("children",
                             [](const TaskHandle& h) {
                               std::vector<TaskHandle> out;
                               for (Task* c : h.get().children)
                                 out.push_back(TaskHandle::of(h.owner, *c));
                               return out;
                             })
      .def_property_readonly("ptracer",
                             [](const TaskHandle& h) -> py::object {
                               Task* p = h.get().ptracer;
                               if (p == nullptr) return py::none();
                               return py::cast(TaskHandle::of(h.owner, *p));
                             })
      .def_property_readonly("uid", cred_id([](const Cred& c, const UserNamespace& ns) {
                               return from_kuid_munged(ns, c.uid);
                             }))
      .def_property_readonly("euid", cred_id([](const Cred& c, const UserNamespace& ns) {
                               return from_kuid_munged(ns, c.euid);
                             }))
      .def_property_readonly("suid", cred_id([](const Cred& c, const UserNamespace& ns) {
                               return from_kuid_munged(ns, c.suid);
                             }))
      .def_property_readonly("fsuid", cred_id([](const Cred& c, const UserNamespace& ns) {
                               return from_kuid_munged(ns, c.fsuid);
                             }))
      .def_property_readonly("gid", cred_id([](const Cred& c, const UserNamespace& ns) {
                               return from_kgid_munged(ns, c.gid);
                             }))
      .def_property_readonly("egid", cred_id([](const Cred& c, const UserNamespace& ns) {
                               return from_kgid_munged(ns, c.egid);
                             }))
      .def_property_readonly("sgid", cred_id([](const Cred& c, const UserNamespace& ns) {
                               return from_kgid_munged(ns, c.sgid);
                             }))
      .def_property_readonly("fsgid", cred_id([](const Cred& c, const UserNamespace& ns) {
                               return from_kgid_munged(ns, c.fsgid);
                             }))
      .def_property_readonly(
          "kuid", [](const TaskHandle& h) { return h.get().cred->uid; },
          "The real uid as a kernel id (initial user namespace).")
      .def_property_readonly("groups",
                             [](const TaskHandle& h) {
                               const Task& t = h.get();
                               std::vector<Gid> out;
                               for (Gid g : t.cred->groups)
                                 out.push_back(from_kgid_munged(*t.cred->user_ns, g));
                               return out;
                             })
      .def_property_readonly(
          "cap_effective",
          [](const TaskHandle& h) { return capset_names(h.get().cred->cap_effective); })
      .def_property_readonly(
          "cap_permitted",
          [](const TaskHandle& h) { return capset_names(h.get().cred->cap_permitted); })
      .def_property_readonly(
          "cap_inheritable",
          [](const TaskHandle& h) { return capset_names(h.get().cred->cap_inheritable); })
      .def_property_readonly(
          "cap_bset", [](const TaskHandle& h) { return capset_names(h.get().cred->cap_bset); })
      .def_property_readonly(
          "cap_ambient",
          [](const TaskHandle& h) { return capset_names(h.get().cred->cap_ambient); })
      .def_property_readonly("securebits",
                             [](const TaskHandle& h) { return h.get().cred->securebits; })
      .def_property_readonly("no_new_privs",
                             [](const TaskHandle& h) { return h.get().cred->no_new_privs; })
      .def_property_readonly("cwd", [](const TaskHandle& h) { return h.get().cwd; })
      .def_property_readonly("root", [](const TaskHandle& h) { return h.get().root; })
      .def_property_readonly("umask", [](const TaskHandle& h) { return h.get().umask; })
      .def_property_readonly(
          "namespaces",
          [](const TaskHandle& h) {
            const Task& t = h.get();
            py::dict d;
            for (NsType type : kAllNsTypes)
              if (auto ns = task_ns(t, type))
                d[py::str(ns_type_name(type))] = py::make_tuple(ns->display_name(), ns->inum);
            return d;
          },
          "{type: (name, inum)} for the namespaces the task is in.")
      .def(
          "ns",
          [](const TaskHandle& h, const std::string& type) -> py::object {
            const Task& t = h.get();
            if (type == "pid_for_children") return ns_object(h.owner, t.nsproxy.pid_for_children);
            if (type == "time_for_children") return ns_object(h.owner, t.nsproxy.time_for_children);
            return ns_object(h.owner, task_ns(t, ns_type_arg(type)));
          },
          "type"_a,
          "The task's namespace of this type ('net', ..., 'pid_for_children'); None if gone.")
      .def(
          "pid_in",
          [](const TaskHandle& h, const py::object& ns) { return h.get().pid_in(pid_ns_arg(ns)); },
          "ns"_a, "The task's pid as seen from a pid namespace (or from a Task's); 0 if invisible.")
      .def_property_readonly(
          "nspid",
          [](const TaskHandle& h) {
            std::vector<Pid> out;
            for (const PidLink& l : h.get().pids) out.push_back(l.nr);
            return out;
          },
          "The pid in each pid namespace from the initial one down (NSpid in /proc/PID/status).")
      .def("__eq__",
           [](const TaskHandle& a, const py::object& b) {
             if (!py::isinstance<TaskHandle>(b)) return false;
             const auto& o = b.cast<const TaskHandle&>();
             return a.owner == o.owner && a.pid == o.pid && a.ptr == o.ptr;
           })
      .def("__hash__", [](const TaskHandle& h) { return std::hash<const void*>()(h.ptr); })
      .def("__repr__", [](const TaskHandle& h) {
        Task* t = h.owner->kernel->find_task(h.pid);
        if (t != h.ptr || t == nullptr)
          return "<lsmsim.Task pid=" + std::to_string(h.pid) + " (reaped)>";
        return "<lsmsim.Task pid=" + std::to_string(t->pid) + " comm='" + t->comm + "' " +
               state_name(t->state) + ">";
      });
}

}  // namespace lsmsim::bindings
