// Steps that call the process and namespace syscalls (model/syscalls/process.h, ns.h).
#include <fcntl.h>

#include <csignal>
#include <cstdio>

#include "engine/call.h"
#include "engine/symbols.h"
#include "model/syscalls/fs.h"
#include "model/syscalls/ns.h"
#include "model/syscalls/process.h"

namespace lsmsim::engine {

namespace {

std::string id_text(long long v) { return v == -1 ? "-1" : std::to_string(v); }
Uid id_arg(Call& c, std::string_view name) {
  const long long v = c.number(name, -1);
  return v == -1 ? kInvalidUid : static_cast<Uid>(v);
}

// fork and clone name the child after the step: the pid returned is the child's in the
// caller's pid namespace.
void adopt_child(Call& c, const SysResult& r) {
  if (!r.ok()) return;
  const std::string name = c.text("child");
  Task* child = c.state.kernel().find_task_in(c.caller.active_pid_ns(), static_cast<Pid>(r.ret));
  if (child == nullptr)
    throw StepError{"the kernel returned pid " + std::to_string(r.ret) +
                    " but no such task is visible to the caller"};
  child->comm = name;  // as if the child ran prctl(PR_SET_NAME): /proc/PID/status shows it
  c.state.add_task(name, *child);
  c.ret_suffix = "<" + name + ">";
}

SysResult do_fork(Call& c) {
  c.rendered = "fork()";
  SysResult r = sys_fork(c.caller);
  adopt_child(c, r);
  return r;
}

SysResult do_clone(Call& c) {
  const unsigned long flags = c.flags("flags");
  c.rendered = "clone(" + clone_flags().render(flags) + ")";
  SysResult r = sys_clone(c.caller, flags);
  adopt_child(c, r);
  return r;
}

SysResult do_exit(Call& c) {
  const auto code = static_cast<int>(c.number("code"));
  c.rendered = "exit_group(" + std::to_string(code) + ")";
  return sys_exit(c.caller, code);
}

SysResult do_wait(Call& c) {
  const PidArg p = c.pid("pid", -1);
  c.rendered = "wait4(" + p.shown + ", &status, 0)";
  int status = 0;
  SysResult r = sys_wait4(c.caller, p.pid, &status);
  if (r.ok()) {
    if (const std::string n = c.state.name_for_pid(c.caller, static_cast<Pid>(r.ret)); !n.empty())
      c.ret_suffix = "<" + n + ">";
    char buf[64];
    std::snprintf(buf, sizeof buf, "status=0x%04x exit_code=%d", status, (status >> 8) & 0xff);
    r.data = buf;
    c.show_data = true;
  }
  return r;
}

SysResult do_kill(Call& c) {
  const PidArg p = c.pid("pid");
  const auto sig = static_cast<int>(c.number("signal", SIGTERM));
  c.rendered = "kill(" + p.shown + ", " + signal_name(sig) + ")";
  return sys_kill(c.caller, p.pid, sig);
}

SysResult do_ptrace(Call& c) {
  if (c.number("request") == 0) {
    c.rendered = "ptrace(PTRACE_TRACEME)";
    return sys_ptrace_traceme(c.caller);
  }
  const PidArg p = c.pid("pid");
  c.rendered = "ptrace(PTRACE_ATTACH, " + p.shown + ")";
  return sys_ptrace_attach(c.caller, p.pid);
}

SysResult do_getpid(Call& c) {
  c.rendered = "getpid()";
  return sys_getpid(c.caller);
}
SysResult do_getppid(Call& c) {
  c.rendered = "getppid()";
  return sys_getppid(c.caller);
}
SysResult do_getuid(Call& c) {
  c.rendered = "getuid()";
  return sys_getuid(c.caller);
}
SysResult do_geteuid(Call& c) {
  c.rendered = "geteuid()";
  return sys_geteuid(c.caller);
}

SysResult do_setuid(Call& c) {
  c.rendered = "setuid(" + id_text(c.number("uid")) + ")";
  return sys_setuid(c.caller, id_arg(c, "uid"));
}
SysResult do_setgid(Call& c) {
  c.rendered = "setgid(" + id_text(c.number("gid")) + ")";
  return sys_setgid(c.caller, id_arg(c, "gid"));
}
SysResult do_setreuid(Call& c) {
  c.rendered = "setreuid(" + id_text(c.number("ruid")) + ", " + id_text(c.number("euid")) + ")";
  return sys_setreuid(c.caller, id_arg(c, "ruid"), id_arg(c, "euid"));
}
SysResult do_setresuid(Call& c) {
  c.rendered = "setresuid(" + id_text(c.number("ruid")) + ", " + id_text(c.number("euid")) +
               ", " + id_text(c.number("suid")) + ")";
  return sys_setresuid(c.caller, id_arg(c, "ruid"), id_arg(c, "euid"), id_arg(c, "suid"));
}
SysResult do_setresgid(Call& c) {
  c.rendered = "setresgid(" + id_text(c.number("rgid")) + ", " + id_text(c.number("egid")) +
               ", " + id_text(c.number("sgid")) + ")";
  return sys_setresgid(c.caller, id_arg(c, "rgid"), id_arg(c, "egid"), id_arg(c, "sgid"));
}
SysResult do_setfsuid(Call& c) {
  c.rendered = "setfsuid(" + id_text(c.number("fsuid")) + ")";
  return sys_setfsuid(c.caller, id_arg(c, "fsuid"));
}
SysResult do_setgroups(Call& c) {
  const std::vector<Gid> groups = c.ids("groups");
  std::string list;
  for (Gid g : groups) list += (list.empty() ? "" : ", ") + std::to_string(g);
  c.rendered = "setgroups(" + std::to_string(groups.size()) + ", [" + list + "])";
  return sys_setgroups(c.caller, groups);
}

std::string capsets_text(CapSet inh, CapSet prm, CapSet eff) {
  // The spelling of /proc/PID/status, so one expectation reads both.
  return "CapInh:\t" + capset_hex(inh) + "\nCapPrm:\t" + capset_hex(prm) + "\nCapEff:\t" +
         capset_hex(eff) + "\n";
}

SysResult do_capget(Call& c) {
  const PidArg p = c.pid("pid", 0);
  c.rendered = "capget({pid=" + p.shown + "}, &data)";
  CapSet eff, inh, prm;
  SysResult r = sys_capget(c.caller, p.pid, eff, inh, prm);
  if (r.ok()) {
    r.data = capsets_text(inh, prm, eff);
    c.show_data = true;
  }
  return r;
}

SysResult do_capset(Call& c) {
  // Sets not named stay as they are, so a step only spells out what it changes.
  const Cred& cur = *c.caller.cred;
  const CapSet eff = c.caps("effective", cur.cap_effective);
  const CapSet prm = c.caps("permitted", cur.cap_permitted);
  const CapSet inh = c.caps("inheritable", cur.cap_inheritable);
  c.rendered = "capset({effective=" + capset_hex(eff) + ", permitted=" + capset_hex(prm) +
               ", inheritable=" + capset_hex(inh) + "})";
  return sys_capset(c.caller, eff, inh, prm);
}

SysResult do_prctl(Call& c) {
  const auto option = static_cast<int>(c.number("option"));
  unsigned long a[4];
  std::string args = prctl_options().render(static_cast<unsigned long>(option));
  const char* names[4] = {"arg2", "arg3", "arg4", "arg5"};
  for (int i = 0; i < 4; ++i) {
    a[i] = static_cast<unsigned long>(c.number(names[i]));
    if (c.has(names[i])) args += ", " + std::to_string(static_cast<long>(a[i]));
  }
  c.rendered = "prctl(" + args + ")";
  return sys_prctl(c.caller, option, a[0], a[1], a[2], a[3]);
}

SysResult do_unshare(Call& c) {
  const unsigned long flags = c.flags("flags");
  c.rendered = "unshare(" + clone_flags().render(flags) + ")";
  return sys_unshare(c.caller, flags);
}

SysResult do_setns(Call& c) {
  if (c.has("pidfd")) {
    Task& target = c.task("pidfd");
    const unsigned long flags = c.flags("flags");
    c.rendered = "setns(pidfd_open(" + c.pid("pidfd").shown + "), " +
                 clone_flags().render(flags) + ")";
    return setns_pidfd_to(c.caller, target, flags);
  }
  const std::string path = c.text("path");
  const auto nstype = static_cast<int>(c.number("nstype"));
  c.rendered = "setns(open(" + quote(path) + "), " +
               (nstype == 0 ? std::string("0") : ns_types().render(static_cast<unsigned long>(nstype))) + ")";
  SysResult fd = sys_open(c.caller, path, O_RDONLY | O_CLOEXEC);
  if (!fd.ok()) return fd;
  SysResult r = sys_setns(c.caller, static_cast<int>(fd.ret), nstype);
  sys_close(c.caller, static_cast<int>(fd.ret));
  return r;
}

}  // namespace

void add_process_handlers(std::map<std::string_view, Handler>& m) {
  m["fork"] = &do_fork;
  m["clone"] = &do_clone;
  m["exit"] = &do_exit;
  m["wait"] = &do_wait;
  m["kill"] = &do_kill;
  m["ptrace"] = &do_ptrace;
  m["getpid"] = &do_getpid;
  m["getppid"] = &do_getppid;
  m["getuid"] = &do_getuid;
  m["geteuid"] = &do_geteuid;
  m["setuid"] = &do_setuid;
  m["setgid"] = &do_setgid;
  m["setreuid"] = &do_setreuid;
  m["setresuid"] = &do_setresuid;
  m["setresgid"] = &do_setresgid;
  m["setfsuid"] = &do_setfsuid;
  m["setgroups"] = &do_setgroups;
  m["capget"] = &do_capget;
  m["capset"] = &do_capset;
  m["prctl"] = &do_prctl;
  m["unshare"] = &do_unshare;
  m["setns"] = &do_setns;
}

}  // namespace lsmsim::engine
