#include "engine/symbols.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include <csignal>
#include <cstdio>

#include "model/lsm/lsm_uapi.h"
#include "model/ns/namespaces.h"

namespace lsmsim::engine {

std::optional<unsigned long> SymbolTable::lookup(std::string_view name) const {
  for (const Symbol& s : names)
    if (s.name == name) return s.value;
  for (const Symbol& s : aliases)
    if (s.name == name) return s.value;
  return std::nullopt;
}

std::string SymbolTable::render(unsigned long value) const {
  if (!is_bitmask) {
    for (const Symbol& s : names)
      if (s.value == value) return std::string(s.name);
    return std::to_string(value);
  }
  std::string out;
  unsigned long left = value;
  for (const Symbol& s : names) {
    if (s.value == 0 || (left & s.value) != s.value) continue;
    if (!out.empty()) out += '|';
    out += s.name;
    left &= ~s.value;
  }
  if (left != 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%#lx", left);
    if (!out.empty()) out += '|';
    out += buf;
  }
  if (out.empty()) {
    for (const Symbol& s : names)
      if (s.value == 0) return std::string(s.name);  // O_RDONLY
    return "0";
  }
  return out;
}

std::string SymbolTable::spellings() const {
  std::string out;
  for (const auto* list : {&names, &aliases}) {
    for (const Symbol& s : *list) {
      if (!out.empty()) out += ", ";
      out += s.name;
    }
  }
  return out;
}

const SymbolTable& clone_flags() {
  static const SymbolTable t{
      "clone flag",
      {{"CLONE_NEWUSER", CLONE_NEWUSER},
       {"CLONE_NEWPID", CLONE_NEWPID},
       {"CLONE_NEWNS", CLONE_NEWNS},
       {"CLONE_NEWNET", CLONE_NEWNET},
       {"CLONE_NEWUTS", CLONE_NEWUTS},
       {"CLONE_NEWIPC", CLONE_NEWIPC},
       {"CLONE_NEWCGROUP", CLONE_NEWCGROUP},
       {"CLONE_NEWTIME", CLONE_NEWTIME},
       {"CLONE_THREAD", CLONE_THREAD},
       {"CLONE_SIGHAND", CLONE_SIGHAND},
       {"CLONE_VM", CLONE_VM},
       {"CLONE_FS", CLONE_FS},
       {"CLONE_FILES", CLONE_FILES},
       {"CLONE_SYSVSEM", CLONE_SYSVSEM},
       {"CLONE_PARENT", CLONE_PARENT}},
      // The names of /proc/PID/ns/* and unshare(1)'s long options.
      {{"user", CLONE_NEWUSER},
       {"pid", CLONE_NEWPID},
       {"mnt", CLONE_NEWNS},
       {"mount", CLONE_NEWNS},
       {"net", CLONE_NEWNET},
       {"uts", CLONE_NEWUTS},
       {"ipc", CLONE_NEWIPC},
       {"cgroup", CLONE_NEWCGROUP},
       {"time", CLONE_NEWTIME},
       {"thread", CLONE_THREAD},
       {"sighand", CLONE_SIGHAND},
       {"vm", CLONE_VM},
       {"fs", CLONE_FS},
       {"files", CLONE_FILES}},
      true};
  return t;
}

const SymbolTable& ns_types() {
  static const SymbolTable t{"namespace type",
                             {{"CLONE_NEWUSER", CLONE_NEWUSER},
                              {"CLONE_NEWPID", CLONE_NEWPID},
                              {"CLONE_NEWNS", CLONE_NEWNS},
                              {"CLONE_NEWNET", CLONE_NEWNET},
                              {"CLONE_NEWUTS", CLONE_NEWUTS},
                              {"CLONE_NEWIPC", CLONE_NEWIPC},
                              {"CLONE_NEWCGROUP", CLONE_NEWCGROUP},
                              {"CLONE_NEWTIME", CLONE_NEWTIME}},
                             {{"user", CLONE_NEWUSER},
                              {"pid", CLONE_NEWPID},
                              {"mnt", CLONE_NEWNS},
                              {"mount", CLONE_NEWNS},
                              {"net", CLONE_NEWNET},
                              {"uts", CLONE_NEWUTS},
                              {"ipc", CLONE_NEWIPC},
                              {"cgroup", CLONE_NEWCGROUP},
                              {"time", CLONE_NEWTIME},
                              {"any", 0}},
                             false};
  return t;
}

const SymbolTable& open_flags() {
  static const SymbolTable t{"open flag",
                             {{"O_RDONLY", O_RDONLY},
                              {"O_WRONLY", O_WRONLY},
                              {"O_RDWR", O_RDWR},
                              {"O_CREAT", O_CREAT},
                              {"O_EXCL", O_EXCL},
                              {"O_TRUNC", O_TRUNC},
                              {"O_APPEND", O_APPEND},
                              {"O_NONBLOCK", O_NONBLOCK},
                              {"O_DIRECTORY", O_DIRECTORY},
                              {"O_NOFOLLOW", O_NOFOLLOW},
                              {"O_CLOEXEC", O_CLOEXEC},
                              {"O_PATH", O_PATH}},
                             {},
                             true};
  return t;
}

const SymbolTable& mount_flags() {
  static const SymbolTable t{
      "mount flag",
      {{"MS_RDONLY", MS_RDONLY},
       {"MS_NOSUID", MS_NOSUID},
       {"MS_NODEV", MS_NODEV},
       {"MS_NOEXEC", MS_NOEXEC},
       {"MS_REMOUNT", MS_REMOUNT},
       {"MS_BIND", MS_BIND},
       {"MS_MOVE", MS_MOVE},
       {"MS_REC", MS_REC},
       {"MS_UNBINDABLE", MS_UNBINDABLE},
       {"MS_PRIVATE", MS_PRIVATE},
       {"MS_SLAVE", MS_SLAVE},
       {"MS_SHARED", MS_SHARED}},
      // mount(8)'s spellings.
      {{"ro", MS_RDONLY},
       {"nosuid", MS_NOSUID},
       {"nodev", MS_NODEV},
       {"noexec", MS_NOEXEC},
       {"remount", MS_REMOUNT},
       {"bind", MS_BIND},
       {"rbind", MS_BIND | MS_REC},
       {"move", MS_MOVE},
       {"make-shared", MS_SHARED},
       {"make-rshared", MS_SHARED | MS_REC},
       {"make-slave", MS_SLAVE},
       {"make-rslave", MS_SLAVE | MS_REC},
       {"make-private", MS_PRIVATE},
       {"make-rprivate", MS_PRIVATE | MS_REC},
       {"make-unbindable", MS_UNBINDABLE},
       {"make-runbindable", MS_UNBINDABLE | MS_REC}},
      true};
  return t;
}

const SymbolTable& umount_flags() {
  static const SymbolTable t{"umount flag",
                             {{"MNT_FORCE", MNT_FORCE},
                              {"MNT_DETACH", MNT_DETACH},
                              {"MNT_EXPIRE", MNT_EXPIRE},
                              {"UMOUNT_NOFOLLOW", UMOUNT_NOFOLLOW}},
                             {{"force", MNT_FORCE}, {"lazy", MNT_DETACH}, {"detach", MNT_DETACH}},
                             true};
  return t;
}

const SymbolTable& xattr_flags() {
  static const SymbolTable t{
      "xattr flag", {{"XATTR_CREATE", 1}, {"XATTR_REPLACE", 2}}, {}, true};
  return t;
}

const SymbolTable& signals() {
  static const SymbolTable t{"signal",
                             {{"SIGHUP", SIGHUP},   {"SIGINT", SIGINT},   {"SIGQUIT", SIGQUIT},
                              {"SIGILL", SIGILL},   {"SIGTRAP", SIGTRAP}, {"SIGABRT", SIGABRT},
                              {"SIGBUS", SIGBUS},   {"SIGFPE", SIGFPE},   {"SIGKILL", SIGKILL},
                              {"SIGUSR1", SIGUSR1}, {"SIGSEGV", SIGSEGV}, {"SIGUSR2", SIGUSR2},
                              {"SIGPIPE", SIGPIPE}, {"SIGALRM", SIGALRM}, {"SIGTERM", SIGTERM},
                              {"SIGCHLD", SIGCHLD}, {"SIGCONT", SIGCONT}, {"SIGSTOP", SIGSTOP},
                              {"SIGTSTP", SIGTSTP}, {"SIGTTIN", SIGTTIN}, {"SIGTTOU", SIGTTOU},
                              {"SIGURG", SIGURG},   {"SIGXCPU", SIGXCPU}, {"SIGXFSZ", SIGXFSZ},
                              {"SIGVTALRM", SIGVTALRM}, {"SIGPROF", SIGPROF},
                              {"SIGWINCH", SIGWINCH}, {"SIGIO", SIGIO}, {"SIGPWR", SIGPWR},
                              {"SIGSYS", SIGSYS}},
                             {},
                             false};
  return t;
}

std::string signal_name(int sig) {
  if (sig == 0) return "0";
  const std::string s = signals().render(static_cast<unsigned long>(sig));
  return s[0] == 'S' ? s : "SIG" + s;
}

const SymbolTable& prctl_options() {
  static const SymbolTable t{"prctl option",
                             {{"PR_GET_DUMPABLE", PR_GET_DUMPABLE},
                              {"PR_SET_DUMPABLE", PR_SET_DUMPABLE},
                              {"PR_GET_KEEPCAPS", PR_GET_KEEPCAPS},
                              {"PR_SET_KEEPCAPS", PR_SET_KEEPCAPS},
                              {"PR_CAPBSET_READ", PR_CAPBSET_READ},
                              {"PR_CAPBSET_DROP", PR_CAPBSET_DROP},
                              {"PR_GET_SECUREBITS", PR_GET_SECUREBITS},
                              {"PR_SET_SECUREBITS", PR_SET_SECUREBITS},
                              {"PR_SET_NO_NEW_PRIVS", PR_SET_NO_NEW_PRIVS},
                              {"PR_GET_NO_NEW_PRIVS", PR_GET_NO_NEW_PRIVS},
                              {"PR_CAP_AMBIENT", PR_CAP_AMBIENT},
                              {"PR_CAP_AMBIENT_IS_SET", PR_CAP_AMBIENT_IS_SET},
                              {"PR_CAP_AMBIENT_RAISE", PR_CAP_AMBIENT_RAISE},
                              {"PR_CAP_AMBIENT_LOWER", PR_CAP_AMBIENT_LOWER},
                              {"PR_CAP_AMBIENT_CLEAR_ALL", PR_CAP_AMBIENT_CLEAR_ALL}},
                             {},
                             false};
  return t;
}

const SymbolTable& ptrace_requests() {
  // PTRACE_TRACEME 0 and PTRACE_ATTACH 16 (include/uapi/linux/ptrace.h).
  static const SymbolTable t{
      "ptrace request", {{"PTRACE_TRACEME", 0}, {"PTRACE_ATTACH", 16}}, {{"traceme", 0}, {"attach", 16}},
      false};
  return t;
}

const SymbolTable& socket_families() {
  static const SymbolTable t{"socket family",
                             {{"AF_UNIX", AF_UNIX}, {"AF_INET", AF_INET}, {"AF_INET6", AF_INET6},
                              {"AF_NETLINK", AF_NETLINK}},
                             {{"AF_LOCAL", AF_UNIX}, {"unix", AF_UNIX}},
                             false};
  return t;
}

const SymbolTable& socket_types() {
  static const SymbolTable t{"socket type",
                             {{"SOCK_STREAM", SOCK_STREAM},
                              {"SOCK_DGRAM", SOCK_DGRAM},
                              {"SOCK_SEQPACKET", SOCK_SEQPACKET},
                              {"SOCK_RAW", SOCK_RAW}},
                             {{"stream", SOCK_STREAM}, {"dgram", SOCK_DGRAM}},
                             false};
  return t;
}

const SymbolTable& socket_options() {
  static const SymbolTable t{
      "socket option", {{"SO_PEERCRED", SO_PEERCRED}, {"SO_PEERSEC", SO_PEERSEC}}, {}, false};
  return t;
}

const SymbolTable& lsm_attrs() {
  static const SymbolTable t{"LSM attribute",
                             {{"LSM_ATTR_UNDEF", LSM_ATTR_UNDEF},
                              {"LSM_ATTR_CURRENT", LSM_ATTR_CURRENT},
                              {"LSM_ATTR_EXEC", LSM_ATTR_EXEC},
                              {"LSM_ATTR_FSCREATE", LSM_ATTR_FSCREATE},
                              {"LSM_ATTR_KEYCREATE", LSM_ATTR_KEYCREATE},
                              {"LSM_ATTR_PREV", LSM_ATTR_PREV},
                              {"LSM_ATTR_SOCKCREATE", LSM_ATTR_SOCKCREATE}},
                             {{"current", LSM_ATTR_CURRENT},
                              {"exec", LSM_ATTR_EXEC},
                              {"fscreate", LSM_ATTR_FSCREATE},
                              {"keycreate", LSM_ATTR_KEYCREATE},
                              {"prev", LSM_ATTR_PREV},
                              {"sockcreate", LSM_ATTR_SOCKCREATE}},
                             false};
  return t;
}

const SymbolTable& lsm_ids() {
  static const SymbolTable t{"LSM id",
                             {{"LSM_ID_UNDEF", LSM_ID_UNDEF},
                              {"LSM_ID_CAPABILITY", LSM_ID_CAPABILITY},
                              {"LSM_ID_SELINUX", LSM_ID_SELINUX},
                              {"LSM_ID_SMACK", LSM_ID_SMACK},
                              {"LSM_ID_TOMOYO", LSM_ID_TOMOYO},
                              {"LSM_ID_APPARMOR", LSM_ID_APPARMOR},
                              {"LSM_ID_YAMA", LSM_ID_YAMA},
                              {"LSM_ID_LOADPIN", LSM_ID_LOADPIN},
                              {"LSM_ID_SAFESETID", LSM_ID_SAFESETID},
                              {"LSM_ID_LOCKDOWN", LSM_ID_LOCKDOWN},
                              {"LSM_ID_BPF", LSM_ID_BPF},
                              {"LSM_ID_LANDLOCK", LSM_ID_LANDLOCK},
                              {"LSM_ID_IMA", LSM_ID_IMA},
                              {"LSM_ID_EVM", LSM_ID_EVM},
                              {"LSM_ID_IPE", LSM_ID_IPE}},
                             {},
                             false};
  return t;
}

const SymbolTable& lsm_flags() {
  static const SymbolTable t{"LSM syscall flag", {{"LSM_FLAG_SINGLE", LSM_FLAG_SINGLE}}, {}, true};
  return t;
}

}  // namespace lsmsim::engine
