#include "engine/ops.h"

namespace lsmsim::engine {

const ArgSpec* OpSpec::arg(std::string_view n) const {
  for (const ArgSpec& a : args)
    if (a.name == n) return &a;
  return nullptr;
}

const std::vector<OpSpec>& op_specs() {
  using T = ArgType;
  static const std::vector<OpSpec> ops = {
      // ---- process.h ----
      {"fork", "fork: CHILD  (names the new task)",
       {{"child", T::text, true, nullptr, true}}, "child"},
      {"clone", "clone: FLAGS, child: CHILD",
       {{"flags", T::flags, false, &clone_flags}, {"child", T::text, true, nullptr, true}},
       "flags"},
      {"exit", "exit: CODE", {{"code", T::integer}}, "code", false, true},
      {"wait", "wait: PID  (task name, number, or -1 for any child)", {{"pid", T::task}}, "pid",
       false, true},
      {"kill", "kill: PID, signal: SIG",
       {{"pid", T::task, true}, {"signal", T::choice, false, &signals}}, "pid", true},
      {"ptrace", "ptrace: {request: PTRACE_ATTACH|PTRACE_TRACEME, pid: PID}",
       {{"request", T::choice, true, &ptrace_requests}, {"pid", T::task}}, "request", true},
      {"getpid", "getpid:", {}, "", false, true},
      {"getppid", "getppid:", {}, "", false, true},
      {"getuid", "getuid:", {}, "", false, true},
      {"geteuid", "geteuid:", {}, "", false, true},
      {"setuid", "setuid: UID", {{"uid", T::id, true}}, "uid"},
      {"setgid", "setgid: GID", {{"gid", T::id, true}}, "gid"},
      {"setreuid", "setreuid: [RUID, EUID]", {{"ruid", T::id, true}, {"euid", T::id, true}},
       "", true},
      {"setresuid", "setresuid: [RUID, EUID, SUID]",
       {{"ruid", T::id, true}, {"euid", T::id, true}, {"suid", T::id, true}}, "", true},
      {"setresgid", "setresgid: [RGID, EGID, SGID]",
       {{"rgid", T::id, true}, {"egid", T::id, true}, {"sgid", T::id, true}}, "", true},
      {"setfsuid", "setfsuid: FSUID", {{"fsuid", T::id, true}}, "fsuid"},
      {"setgroups", "setgroups: [GID, ...]", {{"groups", T::ids, true}}, "groups"},
      {"capget", "capget: PID  (0 or absent: the caller)", {{"pid", T::task}}, "pid", false,
       true},
      {"capset", "capset: {effective: CAPS, permitted: CAPS, inheritable: CAPS}",
       {{"effective", T::caps}, {"permitted", T::caps}, {"inheritable", T::caps}}, ""},
      {"prctl", "prctl: [OPTION, ARG2, ...]",
       {{"option", T::choice, true, &prctl_options},
        {"arg2", T::prctl_arg},
        {"arg3", T::prctl_arg},
        {"arg4", T::prctl_arg},
        {"arg5", T::prctl_arg}},
       "option", true},
      // ---- ns.h ----
      {"unshare", "unshare: FLAGS", {{"flags", T::flags, true, &clone_flags}}, "flags"},
      {"setns", "setns: PATH, nstype: TYPE  |  setns: {pidfd: TASK, flags: FLAGS}",
       {{"path", T::text},
        {"nstype", T::choice, false, &ns_types},
        {"pidfd", T::task},
        {"flags", T::flags, false, &clone_flags}},
       "path"},
      // ---- fs.h ----
      {"open", "open: PATH, flags: FLAGS, mode: MODE",
       {{"path", T::text, true}, {"flags", T::flags, false, &open_flags}, {"mode", T::mode}},
       "path", true},
      {"close", "close: FD", {{"fd", T::fd, true}}, "fd"},
      {"read", "read: PATH  |  read: {fd: FD, count: N}",
       {{"path", T::text}, {"fd", T::fd}, {"count", T::integer}}, "path"},
      {"write", "write: PATH, data: TEXT  |  write: {fd: FD, data: TEXT}",
       {{"path", T::text}, {"fd", T::fd}, {"data", T::text, true}}, "path"},
      {"mkdir", "mkdir: PATH, mode: MODE", {{"path", T::text, true}, {"mode", T::mode}}, "path",
       true},
      {"rmdir", "rmdir: PATH", {{"path", T::text, true}}, "path"},
      {"unlink", "unlink: PATH", {{"path", T::text, true}}, "path"},
      {"symlink", "symlink: [TARGET, LINKPATH]",
       {{"target", T::text, true}, {"linkpath", T::text, true}}, "", true},
      {"readlink", "readlink: PATH", {{"path", T::text, true}}, "path"},
      {"stat", "stat: PATH", {{"path", T::text, true}}, "path"},
      {"fstat", "fstat: FD", {{"fd", T::fd, true}}, "fd"},
      {"chmod", "chmod: PATH, mode: MODE", {{"path", T::text, true}, {"mode", T::mode, true}},
       "path", true},
      {"chown", "chown: PATH, uid: UID, gid: GID",
       {{"path", T::text, true}, {"uid", T::id}, {"gid", T::id}}, "path", true},
      {"chdir", "chdir: PATH", {{"path", T::text, true}}, "path"},
      {"chroot", "chroot: PATH", {{"path", T::text, true}}, "path"},
      {"setxattr", "setxattr: {path: PATH, name: NAME, value: VALUE, flags: FLAGS}",
       {{"path", T::text, true},
        {"name", T::text, true},
        {"value", T::text},
        {"flags", T::flags, false, &xattr_flags}},
       "path", true},
      {"getxattr", "getxattr: {path: PATH, name: NAME}",
       {{"path", T::text, true}, {"name", T::text, true}}, "path", true},
      {"listxattr", "listxattr: PATH", {{"path", T::text, true}}, "path"},
      {"removexattr", "removexattr: {path: PATH, name: NAME}",
       {{"path", T::text, true}, {"name", T::text, true}}, "path", true},
      {"mount", "mount: {source: SRC, target: DIR, type: FSTYPE, flags: FLAGS, data: OPTS}",
       {{"source", T::text},
        {"target", T::text, true},
        {"type", T::text},
        {"flags", T::flags, false, &mount_flags},
        {"data", T::text}},
       "target"},
      {"umount", "umount: TARGET, flags: FLAGS",
       {{"target", T::text, true}, {"flags", T::flags, false, &umount_flags}}, "target"},
      // ---- exec.h ----
      {"exec", "exec: PATH, argv: [ARG0, ...]", {{"path", T::text, true}, {"argv", T::texts}},
       "path"},
      // ---- net.h ----
      {"socket", "socket: FAMILY, type: TYPE",
       {{"family", T::choice, false, &socket_families},
        {"type", T::choice, false, &socket_types},
        {"protocol", T::integer}},
       "family", true, true},
      {"socketpair", "socketpair: FAMILY, type: TYPE  (save: [A, B] names both fds)",
       {{"family", T::choice, false, &socket_families},
        {"type", T::choice, false, &socket_types},
        {"protocol", T::integer}},
       "family", true, true},
      {"bind", "bind: {fd: FD, address: PATH or @ABSTRACT}",
       {{"fd", T::fd, true}, {"address", T::text, true}}, "fd", true},
      {"listen", "listen: FD, backlog: N", {{"fd", T::fd, true}, {"backlog", T::integer}}, "fd",
       true},
      {"connect", "connect: {fd: FD, address: PATH or @ABSTRACT}",
       {{"fd", T::fd, true}, {"address", T::text, true}}, "fd", true},
      {"accept", "accept: FD", {{"fd", T::fd, true}}, "fd"},
      {"getsockopt", "getsockopt: {fd: FD, option: SO_PEERCRED|SO_PEERSEC, optlen: N}",
       {{"fd", T::fd, true},
        {"option", T::choice, true, &socket_options},
        {"optlen", T::integer}},
       "fd", true},
      // ---- lsm.h ----
      {"lsm_get_self_attr",
       "lsm_get_self_attr: {attr: ATTR, size: N|NULL, ctx: N|NULL, flags: FLAGS, id: LSM}",
       {{"attr", T::choice, true, &lsm_attrs},
        {"size", T::user_size},
        {"ctx", T::user_size},
        {"flags", T::flags, false, &lsm_flags},
        {"id", T::lsm}},
       "attr"},
      {"lsm_set_self_attr",
       "lsm_set_self_attr: {attr: ATTR, id: LSM, ctx: TEXT, size: N, flags: FLAGS}",
       {{"attr", T::choice, true, &lsm_attrs},
        {"id", T::lsm, true},
        {"ctx", T::text},
        {"size", T::integer},
        {"flags", T::flags, false, &lsm_flags},
        {"lsm_flags", T::integer},
        {"len", T::integer},
        {"ctx_len", T::integer}},
       "attr"},
      {"lsm_list_modules", "lsm_list_modules: {size: N|NULL, ids: N|NULL, flags: FLAGS}",
       {{"size", T::user_size}, {"ids", T::user_size}, {"flags", T::integer}},
       "",
       false,
       true},
      // ---- SELinux userspace, through selinuxfs (handlers_selinux.cpp) ----
      {"load_policy", "load_policy: FILE  (policy.conf, relative to the scenario)",
       {{"file", T::policy_file, true}}, "file"},
      {"setenforce", "setenforce: 0|1", {{"mode", T::integer, true}}, "mode"},
      {"compute_av", "compute_av: {scontext: CTX, tcontext: CTX, tclass: CLASS}",
       {{"scontext", T::text, true}, {"tcontext", T::text, true}, {"tclass", T::text, true}},
       ""},
      {"compute_create",
       "compute_create: {scontext: CTX, tcontext: CTX, tclass: CLASS, name: NAME}",
       {{"scontext", T::text, true},
        {"tcontext", T::text, true},
        {"tclass", T::text, true},
        {"name", T::text}},
       ""},
      // ---- AppArmor userspace (handlers_apparmor.cpp) ----
      {"apparmor_parser",
       "apparmor_parser: {file: FILE, ns: NAMESPACE, replace: true|false}  (apparmor_parser -r/-a -n NS)",
       {{"file", T::profile_file, true}, {"ns", T::text}, {"replace", T::boolean}},
       "file"},
      {"aa_exec",
       "aa_exec: {profile: LABEL, ns: NAMESPACE, stack: true|false, path: PROGRAM, argv: [ARG0, ...]}",
       {{"profile", T::text, true},
        {"ns", T::text},
        {"stack", T::boolean},
        {"path", T::text, true},
        {"argv", T::texts}},
       ""},
      // ---- audit user space (handlers_audit.cpp) ----
      {"auditd", "auditd: {name: NAME, backlog_limit: N, failure: 0|1|2, stalled: true|false}",
       {{"name", T::text}, {"backlog_limit", T::integer}, {"failure", T::integer},
        {"stalled", T::boolean}},
       "name", false, true},
      {"auditctl", "auditctl: COMMAND  |  auditctl: [COMMAND, ...]  (auditctl(8) arguments)",
       {{"command", T::texts, true}}, "command"},
      {"audit_user_msg", "audit_user_msg: {type: USER_LOGIN, text: TEXT, libaudit: true|false}",
       {{"type", T::text, true}, {"text", T::text, true}, {"libaudit", T::boolean}}, "type"},
      {"audit_drain", "audit_drain: DAEMON, stalled: true|false",
       {{"daemon", T::text, true}, {"stalled", T::boolean}}, "daemon"},
      {"audit_records", "audit_records: {daemon: NAME, type: TYPE, fields: [NAME=VALUE, ...]}",
       {{"daemon", T::text}, {"type", T::text}, {"fields", T::texts}}, "daemon", false, true},
      {"audit_status", "audit_status: DAEMON", {{"daemon", T::text}}, "daemon", false, true},
      {"audit_kmsg", "audit_kmsg:", {}, "", false, true},
      // ---- inspection (handlers_inspect.cpp) ----
      {"ps", "ps: {lsm: NAME|all}  (the task list as the caller sees it, like ps -eZ)",
       {{"lsm", T::text}}, "lsm", false, true},
  };
  return ops;
}

const OpSpec* find_op(std::string_view name) {
  for (const OpSpec& op : op_specs())
    if (op.name == name) return &op;
  return nullptr;
}

std::string op_names() {
  std::string out;
  for (const OpSpec& op : op_specs()) {
    if (!out.empty()) out += ", ";
    out += op.name;
  }
  return out;
}

}  // namespace lsmsim::engine
