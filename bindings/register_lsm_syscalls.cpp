// The LSM syscalls from Python, shaped like the C calls so kernel-selftest-style tests read
// the same: a bytearray is user memory the call writes into (its length is what is mapped;
// anything past it faults), None is NULL, and `size` is an int (the u32 the pointer points
// at), None (a NULL pointer) or an lsmsim.UserWord (memory that may fault).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <limits>
#include <optional>

#include "bindings/handles.h"
#include "engine/symbols.h"
#include "model/errno_name.h"
#include "model/syscalls/lsm.h"

namespace py = pybind11;

namespace lsmsim::bindings {

namespace {

std::string type_name(const py::handle& o) {
  return py::str(py::type::handle_of(o).attr("__name__"));
}

bool is_int(const py::handle& o) {
  return py::isinstance<py::int_>(o) && !py::isinstance<py::bool_>(o);
}

// A Python buffer held for the duration of one call (PyObject_GetBuffer/PyBuffer_Release).
class HeldBuffer {
 public:
  HeldBuffer(const py::object& o, bool writable, const char* what) {
    if (o.is_none()) return;
    const int want = PyBUF_C_CONTIGUOUS | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(o.ptr(), &view_, want) != 0) {
      PyErr_Clear();
      throw py::type_error(std::string(what) +
                           (writable ? " must be a bytearray (the call writes into it) or None"
                                     : " must be bytes-like or None") +
                           ", not " + type_name(o));
    }
    held_ = true;
    // UserBuffer is mutable; a read-only buffer is only ever read (lsm_set_self_attr).
    buf_ = UserBuffer(static_cast<std::byte*>(view_.buf), static_cast<std::size_t>(view_.len));
  }
  ~HeldBuffer() {
    if (held_) PyBuffer_Release(&view_);
  }
  HeldBuffer(const HeldBuffer&) = delete;
  HeldBuffer& operator=(const HeldBuffer&) = delete;

  UserBuffer& buf() { return buf_; }

 private:
  Py_buffer view_{};
  bool held_ = false;
  UserBuffer buf_;
};

// The `u32 __user *size` argument: NULL, a fresh word holding an int, or the caller's UserWord.
struct SizeArg {
  std::optional<UserWord> local;
  UserWord* ptr = nullptr;

  explicit SizeArg(const py::object& o) {
    if (o.is_none()) return;
    if (py::isinstance<UserWord>(o)) {
      ptr = &o.cast<UserWord&>();
      return;
    }
    if (!is_int(o))
      throw py::type_error("size must be an int, None (NULL) or lsmsim.UserWord, not " +
                           type_name(o));
    local.emplace(u32(o, "size"));
    ptr = &*local;
  }
  // What userspace reads at *size afterwards (None: NULL, or memory it cannot read either).
  py::object after() const {
    if (ptr == nullptr || !ptr->readable()) return py::none();
    return py::int_(ptr->value());
  }

  static std::uint32_t u32(const py::handle& o, const char* what) {
    const long long v = o.cast<long long>();
    if (v < 0 || v > std::numeric_limits<std::uint32_t>::max())
      throw std::invalid_argument(std::string(what) + " must be in 0..4294967295, got " +
                                  std::to_string(v));
    return static_cast<std::uint32_t>(v);
  }
};

// An int, or a name from `table` in any case, with or without its prefix.
unsigned long constant(const py::handle& o, const engine::SymbolTable& table,
                       const std::string& prefix, const char* what) {
  if (is_int(o)) {
    const long long v = o.cast<long long>();
    if (v < 0 || v > std::numeric_limits<std::uint32_t>::max())
      throw std::invalid_argument(std::string(what) + " must be in 0..4294967295, got " +
                                  std::to_string(v));
    return static_cast<unsigned long>(v);
  }
  if (!py::isinstance<py::str>(o))
    throw py::type_error(std::string(what) + " must be an int or a name, not " + type_name(o));
  std::string s = o.cast<std::string>();
  if (auto v = table.lookup(s)) return *v;
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (auto v = table.lookup(s)) return *v;
  if (auto v = table.lookup(prefix + s)) return *v;
  throw std::invalid_argument("unknown " + std::string(table.what) + " '" + o.cast<std::string>() +
                              "'; valid: " + table.spellings());
}

std::uint32_t flags_arg(const py::handle& o) {
  return static_cast<std::uint32_t>(constant(o, engine::lsm_flags(), "LSM_FLAG_", "flags"));
}

// What an LSM syscall returned, and the user memory it was given.
struct LsmResult {
  std::string call;
  SysResult r;
  py::object size;    // *size after the call, or None
  py::object buffer;  // the ctx or ids object passed (None for NULL)
};

py::object denial_field(const LsmResult& r, std::string Denial::* field) {
  if (!r.r.denial) return py::none();
  const std::string& v = (*r.r.denial).*field;
  if (v.empty()) return py::none();
  return py::str(v);
}

std::string repr(const LsmResult& r) {
  std::string s = "<LsmResult " + r.call + ": " + describe(r.r);
  if (!r.size.is_none()) s += " size=" + std::string(py::str(r.size));
  return s + ">";
}

LsmResult get_self_attr(Task& t, const py::object& attr, const py::object& ctx,
                        const py::object& size, const py::object& flags) {
  const auto a = static_cast<unsigned>(constant(attr, engine::lsm_attrs(), "LSM_ATTR_", "attr"));
  const std::uint32_t f = flags_arg(flags);
  HeldBuffer buf(ctx, true, "ctx");
  SizeArg sz(size);
  SysResult r = sys_lsm_get_self_attr(t, a, buf.buf(), sz.ptr, f);
  return LsmResult{"lsm_get_self_attr", std::move(r), sz.after(), ctx};
}

LsmResult set_self_attr(Task& t, const py::object& attr, const py::object& ctx,
                        const py::object& size, const py::object& flags) {
  const auto a = static_cast<unsigned>(constant(attr, engine::lsm_attrs(), "LSM_ATTR_", "attr"));
  const std::uint32_t f = flags_arg(flags);
  HeldBuffer buf(ctx, false, "ctx");
  std::uint32_t n = 0;
  if (size.is_none()) {
    n = static_cast<std::uint32_t>(buf.buf().size());  // the whole buffer, as len(ctx)
  } else if (is_int(size)) {
    n = SizeArg::u32(size, "size");
  } else {
    throw py::type_error("size must be an int or None (len(ctx)), not " + type_name(size));
  }
  SysResult r = sys_lsm_set_self_attr(t, a, buf.buf(), n, f);
  return LsmResult{"lsm_set_self_attr", std::move(r), py::int_(n), ctx};
}

LsmResult list_modules(Task& t, const py::object& ids, const py::object& size,
                       const py::object& flags) {
  const std::uint32_t f = flags_arg(flags);
  HeldBuffer buf(ids, true, "ids");
  SizeArg sz(size);
  SysResult r = sys_lsm_list_modules(t, buf.buf(), sz.ptr, f);
  return LsmResult{"lsm_list_modules", std::move(r), sz.after(), ids};
}

void add_constants(py::module_& m, const engine::SymbolTable& t) {
  for (const engine::Symbol& s : t.names) m.attr(std::string(s.name).c_str()) = s.value;
}

}  // namespace

void register_lsm_syscalls(py::module_& m) {
  using namespace pybind11::literals;
  add_constants(m, engine::lsm_ids());
  add_constants(m, engine::lsm_attrs());
  add_constants(m, engine::lsm_flags());

  py::class_<UserWord>(m, "UserWord", R"doc(
One u32 of user memory for a `u32 *size` argument that may fault: readable=False makes
get_user fail (EFAULT), writable=False makes put_user fail (a read-only page).
UserWord.unmapped() is a non-NULL pointer to nothing. The call updates .value in place.)doc")
      .def(py::init([](std::uint32_t value, bool readable, bool writable) {
             return UserWord(value, readable, writable);
           }),
           "value"_a = 0, py::kw_only(), "readable"_a = true, "writable"_a = true)
      .def_static("unmapped", &UserWord::unmapped)
      .def_property_readonly("value", &UserWord::value)
      .def_property_readonly("readable", &UserWord::readable)
      .def_property_readonly("writable", &UserWord::writable)
      .def("__repr__", [](const UserWord& w) {
        return "<UserWord value=" + std::to_string(w.value()) +
               (w.readable() ? "" : " unreadable") + (w.writable() ? "" : " unwritable") + ">";
      });

  py::class_<LsmResult>(m, "LsmResult", R"doc(
What an LSM syscall returned: ret (-1 on error, else the count), errno and errno_name,
size (what *size holds after the call, None for NULL), and the buffer passed (ctx or ids),
which the call wrote into. denied_by/hook/reason say who refused, as on lsmsim.Result.)doc")
      .def_property_readonly("ret", [](const LsmResult& r) { return r.r.ret; })
      .def_property_readonly("value", [](const LsmResult& r) { return r.r.ret; })
      .def_property_readonly("ok", [](const LsmResult& r) { return r.r.ok(); })
      .def_property_readonly("errno", [](const LsmResult& r) { return r.r.err; })
      .def_property_readonly("errno_name",
                             [](const LsmResult& r) -> py::object {
                               if (r.r.ok()) return py::none();
                               return py::str(errno_name(r.r.err));
                             })
      .def_property_readonly("size", [](const LsmResult& r) { return r.size; })
      .def_property_readonly("ctx",
                             [](const LsmResult& r) -> py::object {
                               return r.call == "lsm_list_modules" ? py::none() : r.buffer;
                             })
      .def_property_readonly("ids",
                             [](const LsmResult& r) -> py::object {
                               return r.call == "lsm_list_modules" ? r.buffer : py::none();
                             })
      .def_property_readonly("denied_by",
                             [](const LsmResult& r) { return denial_field(r, &Denial::by); })
      .def_property_readonly("hook",
                             [](const LsmResult& r) { return denial_field(r, &Denial::hook); })
      .def_property_readonly("reason",
                             [](const LsmResult& r) { return denial_field(r, &Denial::reason); })
      .def_property_readonly("call", [](const LsmResult& r) { return r.call; })
      .def(
          "check",
          [](const LsmResult& r) -> const LsmResult& {
            if (!r.r.ok()) {
              py::object exc =
                  py::module_::import("builtins")
                      .attr("OSError")(r.r.err, py::str(r.call + ": " + describe(r.r)));
              PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exc.ptr())), exc.ptr());
              throw py::error_already_set();
            }
            return r;
          },
          py::return_value_policy::reference_internal,
          "Returns self if ok, else raises OSError(errno, description).")
      .def("__bool__", [](const LsmResult& r) { return r.r.ok(); })
      .def("__repr__", &repr);

  auto task = py::reinterpret_borrow<py::class_<TaskHandle>>(m.attr("Task"));
  task.def(
      "lsm_get_self_attr",
      [](const TaskHandle& h, const py::object& attr, const py::object& ctx, const py::object& size,
         const py::object& flags) { return get_self_attr(h.caller(), attr, ctx, size, flags); },
      "attr"_a, "ctx"_a, "size"_a, "flags"_a = 0,
      "lsm_get_self_attr(attr, ctx, size, flags=0): ctx a bytearray or None, size an int, None "
      "or UserWord. ret is the number of lsm_ctx entries written.");
  task.def(
      "lsm_set_self_attr",
      [](const TaskHandle& h, const py::object& attr, const py::object& ctx, const py::object& size,
         const py::object& flags) { return set_self_attr(h.caller(), attr, ctx, size, flags); },
      "attr"_a, "ctx"_a, "size"_a = py::none(), "flags"_a = 0,
      "lsm_set_self_attr(attr, ctx, size=len(ctx), flags=0): ctx bytes-like or None.");
  task.def(
      "lsm_list_modules",
      [](const TaskHandle& h, const py::object& ids, const py::object& size,
         const py::object& flags) { return list_modules(h.caller(), ids, size, flags); },
      "ids"_a, "size"_a, "flags"_a = 0,
      "lsm_list_modules(ids, size, flags=0): ids a bytearray or None; ret is the LSM count.");

  auto kernel = py::reinterpret_borrow<py::class_<KernelHandle, KernelRef>>(m.attr("Kernel"));
  kernel.def(
      "lsm_list_modules",
      [](const KernelRef& k, const py::object& ids, const py::object& size, const py::object& flags,
         const std::optional<TaskHandle>& task_arg) {
        Task& t = task_arg ? task_arg->get() : k->kernel->init_task();
        return list_modules(t, ids, size, flags);
      },
      "ids"_a, "size"_a, "flags"_a = 0, py::kw_only(), "task"_a = py::none(),
      "lsm_list_modules(ids, size, flags=0, *, task=None): called by `task` (default: init).");
}

}  // namespace lsmsim::bindings
