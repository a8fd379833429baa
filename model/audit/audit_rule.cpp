// auditctl(8) rule syntax for the subset in audit_rule.h: the user-space half of audit rules
// (src/auditctl.c setopt(), lib/libaudit.c audit_rule_fieldpair_data()), turned into the
// AuditRule the kernel would receive. Error texts follow auditctl's (lib/errormsg.h) plus
// what was expected; every error names file:line:col of the offending token.
#include "model/audit/audit_rule.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <limits>
#include <optional>
#include <utility>

#include "model/audit/audit_types.h"
#include "model/errno_name.h"

namespace lsmsim {

namespace {

constexpr std::uint64_t kAuditArchX86_64 = 0xc000003e;  // AUDIT_ARCH_X86_64
constexpr std::uint32_t kUidUnset = 4294967295u;
constexpr std::size_t kAuditMaxKeyLen = 256;  // AUDIT_MAX_KEY_LEN
constexpr char kAuditKeySeparator = '\x01';   // AUDIT_KEY_SEPARATOR
constexpr int kAuditBitmaskSyscalls = 2048;   // AUDIT_BITMASK_SIZE * 32

struct SyscallName {
  const char* name;
  int nr;
};

// x86_64 numbers (arch/x86/entry/syscalls/syscall_64.tbl): every syscall lsmsim models and
// the ones audit rules commonly name.
constexpr SyscallName kSyscalls[] = {
    {"read", 0},           {"write", 1},           {"open", 2},
    {"close", 3},          {"stat", 4},            {"fstat", 5},
    {"lstat", 6},          {"poll", 7},            {"lseek", 8},
    {"mmap", 9},           {"mprotect", 10},       {"munmap", 11},
    {"brk", 12},           {"rt_sigaction", 13},   {"rt_sigprocmask", 14},
    {"ioctl", 16},         {"pread64", 17},        {"pwrite64", 18},
    {"readv", 19},         {"writev", 20},         {"access", 21},
    {"pipe", 22},          {"select", 23},         {"shmget", 29},
    {"shmat", 30},         {"shmctl", 31},         {"dup", 32},
    {"dup2", 33},          {"nanosleep", 35},      {"getpid", 39},
    {"sendfile", 40},      {"socket", 41},         {"connect", 42},
    {"accept", 43},        {"sendto", 44},         {"recvfrom", 45},
    {"sendmsg", 46},       {"recvmsg", 47},        {"shutdown", 48},
    {"bind", 49},          {"listen", 50},         {"getsockname", 51},
    {"getpeername", 52},   {"socketpair", 53},     {"setsockopt", 54},
    {"getsockopt", 55},    {"clone", 56},          {"fork", 57},
    {"vfork", 58},         {"execve", 59},         {"exit", 60},
    {"wait4", 61},         {"kill", 62},           {"uname", 63},
    {"semget", 64},        {"semop", 65},          {"semctl", 66},
    {"shmdt", 67},         {"msgget", 68},         {"fcntl", 72},
    {"flock", 73},         {"fsync", 74},          {"truncate", 76},
    {"ftruncate", 77},     {"getdents", 78},       {"getcwd", 79},
    {"chdir", 80},         {"fchdir", 81},         {"rename", 82},
    {"mkdir", 83},         {"rmdir", 84},          {"creat", 85},
    {"link", 86},          {"unlink", 87},         {"symlink", 88},
    {"readlink", 89},      {"chmod", 90},          {"fchmod", 91},
    {"chown", 92},         {"fchown", 93},         {"lchown", 94},
    {"umask", 95},         {"ptrace", 101},        {"getuid", 102},
    {"syslog", 103},       {"getgid", 104},        {"setuid", 105},
    {"setgid", 106},       {"geteuid", 107},       {"getegid", 108},
    {"setpgid", 109},      {"getppid", 110},       {"setsid", 112},
    {"setreuid", 113},     {"setregid", 114},      {"getgroups", 115},
    {"setgroups", 116},    {"setresuid", 117},     {"getresuid", 118},
    {"setresgid", 119},    {"getresgid", 120},     {"setfsuid", 122},
    {"setfsgid", 123},     {"capget", 125},        {"capset", 126},
    {"rt_sigqueueinfo", 129}, {"utime", 132},      {"mknod", 133},
    {"uselib", 134},       {"personality", 135},   {"pivot_root", 155},
    {"prctl", 157},        {"adjtimex", 159},      {"setrlimit", 160},
    {"chroot", 161},       {"acct", 163},          {"settimeofday", 164},
    {"mount", 165},        {"umount2", 166},       {"swapon", 167},
    {"swapoff", 168},      {"reboot", 169},        {"sethostname", 170},
    {"iopl", 172},         {"ioperm", 173},        {"init_module", 175},
    {"delete_module", 176}, {"quotactl", 179},     {"setxattr", 188},
    {"lsetxattr", 189},    {"fsetxattr", 190},     {"getxattr", 191},
    {"lgetxattr", 192},    {"fgetxattr", 193},     {"listxattr", 194},
    {"llistxattr", 195},   {"flistxattr", 196},    {"removexattr", 197},
    {"lremovexattr", 198}, {"fremovexattr", 199},  {"tkill", 200},
    {"clock_settime", 227}, {"exit_group", 231},   {"tgkill", 234},
    {"utimes", 235},       {"mq_open", 240},       {"kexec_load", 246},
    {"add_key", 248},      {"request_key", 249},   {"keyctl", 250},
    {"inotify_add_watch", 254}, {"openat", 257},   {"mkdirat", 258},
    {"mknodat", 259},      {"fchownat", 260},      {"futimesat", 261},
    {"newfstatat", 262},   {"unlinkat", 263},      {"renameat", 264},
    {"linkat", 265},       {"symlinkat", 266},     {"readlinkat", 267},
    {"fchmodat", 268},     {"faccessat", 269},     {"unshare", 272},
    {"splice", 275},       {"utimensat", 280},     {"accept4", 288},
    {"dup3", 292},         {"pipe2", 293},         {"perf_event_open", 298},
    {"fanotify_init", 300}, {"name_to_handle_at", 303}, {"open_by_handle_at", 304},
    {"clock_adjtime", 305}, {"setns", 308},        {"process_vm_writev", 311},
    {"finit_module", 313}, {"sched_setattr", 314}, {"renameat2", 316},
    {"seccomp", 317},      {"getrandom", 318},     {"memfd_create", 319},
    {"kexec_file_load", 320}, {"bpf", 321},        {"execveat", 322},
    {"statx", 332},        {"pidfd_send_signal", 424}, {"io_uring_setup", 425},
    {"open_tree", 428},    {"move_mount", 429},    {"fsopen", 430},
    {"fsmount", 432},      {"pidfd_open", 434},    {"clone3", 435},
    {"openat2", 437},      {"faccessat2", 439},    {"mount_setattr", 442},
    {"fchmodat2", 452},    {"lsm_get_self_attr", 459}, {"lsm_set_self_attr", 460},
    {"lsm_list_modules", 461},
};

enum class FieldKind {
  id,       // uid-like: number, -1 or "unset" (4294967295)
  number,   // pid, ppid, sessionid
  exit,     // number or errno name (-EACCES)
  success,  // 0/1
  subject,  // LSM label strings: = and != only
  path,     // path/dir: exit list, = and != only
  perm,     // rwxa letters: exit list, = only
  msgtype,  // name or number: exclude list
  contid,   // u64: = and != only (ghak90)
  arch,     // b64 (b32 unsupported): = and != only, before -S
  key,
};

struct FieldSpec {
  const char* name;
  FieldKind kind;
};

constexpr FieldSpec kFields[] = {
    {"uid", FieldKind::id},          {"euid", FieldKind::id},
    {"suid", FieldKind::id},         {"fsuid", FieldKind::id},
    {"gid", FieldKind::id},          {"egid", FieldKind::id},
    {"sgid", FieldKind::id},         {"fsgid", FieldKind::id},
    {"auid", FieldKind::id},         {"loginuid", FieldKind::id},
    {"pid", FieldKind::number},      {"ppid", FieldKind::number},
    {"sessionid", FieldKind::number}, {"exit", FieldKind::exit},
    {"success", FieldKind::success}, {"subj_user", FieldKind::subject},
    {"subj_role", FieldKind::subject}, {"subj_type", FieldKind::subject},
    {"subj_sen", FieldKind::subject}, {"subj_clr", FieldKind::subject},
    {"obj_user", FieldKind::subject}, {"obj_role", FieldKind::subject},
    {"obj_type", FieldKind::subject}, {"obj_lev_low", FieldKind::subject},
    {"obj_lev_high", FieldKind::subject}, {"path", FieldKind::path},
    {"dir", FieldKind::path},        {"perm", FieldKind::perm},
    {"msgtype", FieldKind::msgtype}, {"contid", FieldKind::contid},
    {"arch", FieldKind::arch},       {"key", FieldKind::key},
};

const FieldSpec* find_field(const std::string& name) {
  for (const auto& f : kFields) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

std::string field_names() {
  std::string s;
  for (const auto& f : kFields) {
    if (!s.empty()) s += ", ";
    s += f.name;
  }
  return s;
}

const char* op_text(AuditOp op) {
  switch (op) {
    case AuditOp::eq: return "=";
    case AuditOp::ne: return "!=";
    case AuditOp::lt: return "<";
    case AuditOp::le: return "<=";
    case AuditOp::gt: return ">";
    case AuditOp::ge: return ">=";
    case AuditOp::bitmask: return "&";
    case AuditOp::bittest: return "&=";
  }
  return "?";
}

const char* list_name(AuditFilterList l) {
  switch (l) {
    case AuditFilterList::user: return "user";
    case AuditFilterList::task: return "task";
    case AuditFilterList::exit: return "exit";
    case AuditFilterList::exclude: return "exclude";
    case AuditFilterList::fs: return "filesystem";
  }
  return "?";
}

std::optional<AuditFilterList> list_from(const std::string& s) {
  if (s == "user") return AuditFilterList::user;
  if (s == "task") return AuditFilterList::task;
  if (s == "exit") return AuditFilterList::exit;
  if (s == "exclude") return AuditFilterList::exclude;
  if (s == "filesystem") return AuditFilterList::fs;
  return std::nullopt;
}

// Unsigned decimal (or 0x hex, as strtoul with base 0) that fits `max`.
std::optional<std::uint64_t> parse_unsigned(const std::string& s, std::uint64_t max) {
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s[0]))) return std::nullopt;
  std::uint64_t v = 0;
  std::size_t i = 0;
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    i = 2;
  }
  for (; i < s.size(); ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (base == 16 && c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else {
      return std::nullopt;
    }
    const auto ud = static_cast<std::uint64_t>(d);
    const auto ub = static_cast<std::uint64_t>(base);
    if (v > (max - ud) / ub) return std::nullopt;
    v = v * ub + ud;
  }
  return v;
}

struct Token {
  std::string text;
  int column;  // 1-based within the command text, plus the caller's offset
};

std::vector<Token> tokenize(const std::string& text, int column_offset) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i >= text.size()) break;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    out.push_back({text.substr(start, i - start), static_cast<int>(start) + 1 + column_offset});
  }
  return out;
}

class Parser {
 public:
  Parser(const std::string& text, const std::string& file, int line, int column_offset)
      : text_(text), file_(file), line_(line), toks_(tokenize(text, column_offset)) {}

  AuditctlCommand parse();

 private:
  [[noreturn]] void fail(int column, const std::string& msg) const {
    throw AuditRuleError(file_, line_, column, msg);
  }
  const Token& arg(std::size_t& i, const char* what) {
    const Token& opt = toks_[i];
    if (i + 1 >= toks_.size()) fail(opt.column, "option " + opt.text + " requires " + what);
    return toks_[++i];
  }
  void set_list_action(const Token& opt, const Token& a, AuditctlCommand::Kind kind);
  void add_syscalls(const Token& t);
  void add_field(const Token& t);
  void add_key(const Token& t, const std::string& key);
  void set_perms(const Token& t);
  std::uint32_t status_value(const Token& opt, const Token& v);
  void finish_rule();

  const std::string& text_;
  const std::string& file_;
  int line_;
  std::vector<Token> toks_;
  AuditctlCommand cmd_;
  bool have_rule_ = false;     // -a/-A/-d given (or -w/-W)
  bool have_watch_ = false;    // -w/-W
  int first_syscall_col_ = 0;  // column of the first -S, 0 if none
  bool have_perm_ = false;
  const Token* list_token_ = nullptr;
};

void Parser::set_list_action(const Token& opt, const Token& a, AuditctlCommand::Kind kind) {
  if (have_rule_) fail(opt.column, "Multiple rule insert/delete operations are not allowed");
  const char* what = kind == AuditctlCommand::Kind::delete_rule   ? "Delete rule"
                     : kind == AuditctlCommand::Kind::prepend_rule ? "Add rule"
                                                                   : "Append rule";
  const std::size_t comma = a.text.find(',');
  if (comma == std::string::npos || a.text.find(',', comma + 1) != std::string::npos) {
    fail(a.column, std::string(what) + " - bad keyword " + a.text +
                       " (expected LIST,ACTION: list exit, task, user, exclude or filesystem;"
                       " action always or never)");
  }
  const std::string p0 = a.text.substr(0, comma), p1 = a.text.substr(comma + 1);
  // auditctl's audit_rule_setup() accepts both orders.
  std::string list_s = p0, action_s = p1;
  int list_col = a.column, action_col = a.column + static_cast<int>(comma) + 1;
  if (p0 == "always" || p0 == "never" || p0 == "possible") {
    std::swap(list_s, action_s);
    std::swap(list_col, action_col);
  }
  if (list_s == "entry") {
    fail(list_col, "Use of entry filter is deprecated (expected list exit)");
  }
  const auto list = list_from(list_s);
  if (!list) {
    fail(list_col, std::string(what) + " - bad keyword " + a.text + " (unknown list '" + list_s +
                       "'; expected exit, task, user, exclude or filesystem)");
  }
  if (action_s == "possible") fail(action_col, std::string(what) + " - possible is deprecated");
  if (action_s != "always" && action_s != "never") {
    fail(action_col, std::string(what) + " - bad keyword " + a.text + " (unknown action '" +
                         action_s + "'; expected always or never)");
  }
  have_rule_ = true;
  list_token_ = &a;
  cmd_.kind = kind;
  cmd_.rule.list = *list;
  cmd_.rule.action = action_s == "always" ? AuditAction::always : AuditAction::never;
}

void Parser::add_syscalls(const Token& t) {
  if (first_syscall_col_ == 0) first_syscall_col_ = t.column;
  std::size_t pos = 0;
  while (pos <= t.text.size()) {
    std::size_t end = t.text.find(',', pos);
    if (end == std::string::npos) end = t.text.size();
    const std::string name = t.text.substr(pos, end - pos);
    const int col = t.column + static_cast<int>(pos);
    if (name.empty()) fail(col, "Syscall name unknown: '' (expected a syscall name or number)");
    if (name == "all") {
      cmd_.rule.all_syscalls = true;
    } else {
      int nr = audit_syscall_number(name);
      if (nr < 0) {
        const auto v = parse_unsigned(name, kAuditBitmaskSyscalls - 1);
        if (!v) {
          fail(col, "Syscall name unknown: " + name +
                        " (expected an x86_64 syscall name, a number below 2048, or all)");
        }
        nr = static_cast<int>(*v);
      }
      if (std::find(cmd_.rule.syscalls.begin(), cmd_.rule.syscalls.end(), nr) ==
          cmd_.rule.syscalls.end()) {
        cmd_.rule.syscalls.push_back(nr);
      }
    }
    pos = end + 1;
  }
}

void Parser::add_key(const Token& t, const std::string& key) {
  if (key.find(kAuditKeySeparator) != std::string::npos) {
    fail(t.column, "key " + key + " has illegal character");
  }
  std::string& k = cmd_.rule.key;
  const std::size_t total = k.size() + (k.empty() ? 0 : 1) + key.size();
  if (total > kAuditMaxKeyLen) {
    fail(t.column, "key option exceeds size limit (at most 256 characters)");
  }
  if (!k.empty()) k += kAuditKeySeparator;
  k += key;
}

void Parser::add_field(const Token& t) {
  if (!have_rule_) fail(t.column, "List must be given before field (expected -a LIST,ACTION first)");
  const std::string& s = t.text;
  const std::size_t opos = s.find_first_of("=!<>&");
  if (opos == std::string::npos) {
    fail(t.column, "-F missing operation for " + s + " (expected field OP value, OP one of "
                       "=, !=, <, <=, >, >=, &, &=)");
  }
  if (opos == 0) fail(t.column, "-F missing field name before operator for " + s);
  const std::string name = s.substr(0, opos);
  AuditOp op;
  std::size_t olen = 2;
  const std::string two = s.substr(opos, 2);
  if (two == "!=") {
    op = AuditOp::ne;
  } else if (two == "<=") {
    op = AuditOp::le;
  } else if (two == ">=") {
    op = AuditOp::ge;
  } else if (two == "&=") {
    op = AuditOp::bittest;
  } else {
    olen = 1;
    switch (s[opos]) {
      case '=': op = AuditOp::eq; break;
      case '<': op = AuditOp::lt; break;
      case '>': op = AuditOp::gt; break;
      case '&': op = AuditOp::bitmask; break;
      default:
        fail(t.column + static_cast<int>(opos),
             "-F missing operation for " + s + " (expected =, !=, <, <=, >, >=, &, &=)");
    }
  }
  const std::string value = s.substr(opos + olen);
  const int vcol = t.column + static_cast<int>(opos + olen);
  const int ocol = t.column + static_cast<int>(opos);
  const FieldSpec* spec = find_field(name);
  if (!spec) fail(t.column, "-F unknown field: " + name + " (expected one of " + field_names() + ")");
  if (value.empty()) fail(vcol, "-F missing value after operation for " + s);
  if (value.find_first_of("=!<>&") == 0) {
    fail(ocol, "-F missing operation for " + s + " (expected =, !=, <, <=, >, >=, &, &=)");
  }
  const AuditFilterList list = cmd_.rule.list;
  auto eq_ne_only = [&] {
    if (op != AuditOp::eq && op != AuditOp::ne) {
      fail(ocol, name + " only takes = or != operators");
    }
  };
  auto exit_only = [&] {
    if (list != AuditFilterList::exit) {
      fail(t.column, name + " can only be used with exit filter list");
    }
  };
  if (list == AuditFilterList::exclude && spec->kind != FieldKind::msgtype) {
    fail(t.column, "Only msgtype field can be used with exclude filter");
  }
  AuditFieldRule f;
  f.field = name == "loginuid" ? "auid" : name;
  f.op = op;
  switch (spec->kind) {
    case FieldKind::key:
      eq_ne_only();
      if (op != AuditOp::eq) fail(ocol, "key only takes the = operator");
      add_key(t, value);
      return;
    case FieldKind::id:
      if (value == "unset" || value == "-1") {
        f.number = kUidUnset;
      } else if (auto v = parse_unsigned(value, kUidUnset)) {
        f.number = *v;
      } else {
        fail(vcol, "-F value should be number for " + s + " (expected a number, -1 or unset)");
      }
      break;
    case FieldKind::number:
      if (auto v = parse_unsigned(value, std::numeric_limits<std::uint32_t>::max())) {
        f.number = *v;
      } else {
        fail(vcol, "-F value should be number for " + s);
      }
      break;
    case FieldKind::exit: {
      exit_only();
      // A negative number or errno name is stored as the two's complement 32-bit value
      // the kernel compares against (audit_rule_fieldpair_data).
      std::string v = value;
      bool neg = false;
      if (!v.empty() && v[0] == '-') {
        neg = true;
        v = v.substr(1);
      }
      std::int64_t n;
      if (auto u = parse_unsigned(v, 0x7fffffff)) {
        n = static_cast<std::int64_t>(*u);
      } else {
        const int e = errno_from_name(v);
        if (e < 0 || v.empty() || v[0] != 'E') {
          fail(vcol, "-F unknown errno - " + value + " (expected a number or an errno name "
                     "such as -EACCES)");
        }
        n = e;
      }
      if (neg) n = -n;
      f.number = static_cast<std::uint32_t>(static_cast<std::int32_t>(n));
      break;
    }
    case FieldKind::success:
      exit_only();
      if (value == "0" || value == "1") {
        f.number = value == "1" ? 1 : 0;
      } else {
        fail(vcol, "-F value should be number for " + s + " (expected 0 or 1)");
      }
      break;
    case FieldKind::subject:
      eq_ne_only();
      f.text = value;
      f.is_text = true;
      break;
    case FieldKind::path:
      exit_only();
      eq_ne_only();
      if (value[0] != '/') fail(vcol, "The path must start with '/'");
      f.text = value;
      f.is_text = true;
      break;
    case FieldKind::perm: {
      exit_only();
      if (op != AuditOp::eq) fail(ocol, "perm only takes the = operator");
      unsigned p = 0;
      for (std::size_t i = 0; i < value.size(); ++i) {
        switch (std::tolower(static_cast<unsigned char>(value[i]))) {
          case 'r': p |= 4; break;
          case 'w': p |= 2; break;
          case 'x': p |= 1; break;
          case 'a': p |= 8; break;
          default: fail(vcol + static_cast<int>(i), "Permission can only contain  'rwxa'");
        }
      }
      f.number = p;
      have_perm_ = true;
      break;
    }
    case FieldKind::msgtype: {
      if (list != AuditFilterList::exclude) {
        fail(t.column, "msgtype field can only be used with exclude filter list");
      }
      if (auto v = parse_unsigned(value, 0xffff)) {
        f.number = *v;
      } else {
        const int n = audit_type_number(value);
        if (n < 0) {
          fail(vcol, "-F unknown message type - " + value +
                         " (expected a record type name such as AVC, or a number)");
        }
        f.number = static_cast<std::uint64_t>(n);
      }
      break;
    }
    case FieldKind::contid:
      eq_ne_only();
      if (auto v = parse_unsigned(value, std::numeric_limits<std::uint64_t>::max())) {
        f.number = *v;
      } else {
        fail(vcol, "-F value should be number for " + s + " (expected an unsigned 64-bit id)");
      }
      break;
    case FieldKind::arch:
      eq_ne_only();
      if (first_syscall_col_ != 0) fail(t.column, "arch must be before -S");
      if (value == "b64" || value == "x86_64") {
        f.number = kAuditArchX86_64;
      } else if (value == "b32" || value == "i386" || value == "i686") {
        fail(vcol, "arch=" + value + " is not supported: lsmsim models x86_64 only "
                   "(expected b64)");
      } else {
        fail(vcol, "-F unknown arch " + value + " (expected b64)");
      }
      break;
  }
  cmd_.rule.fields.push_back(std::move(f));
}

void Parser::set_perms(const Token& t) {
  if (t.text.size() > 4) fail(t.column, "permission " + t.text + " is too long");
  unsigned p = 0;
  for (std::size_t i = 0; i < t.text.size(); ++i) {
    switch (std::tolower(static_cast<unsigned char>(t.text[i]))) {
      case 'r': p |= 4; break;
      case 'w': p |= 2; break;
      case 'x': p |= 1; break;
      case 'a': p |= 8; break;
      default:
        fail(t.column + static_cast<int>(i),
             std::string("Permission ") + t.text[i] + " isn't supported (expected r, w, x or a)");
    }
  }
  cmd_.rule.watch_perms = p;
  have_perm_ = true;
}

std::uint32_t Parser::status_value(const Token& opt, const Token& v) {
  const std::string& o = opt.text;
  if (o == "-e" || o == "-f") {
    if (v.text != "0" && v.text != "1" && v.text != "2") {
      fail(v.column, std::string(o == "-e" ? "Enable" : "Failure") +
                         " must be 0, 1, or 2 was " + v.text);
    }
    return static_cast<std::uint32_t>(v.text[0] - '0');
  }
  const char* what = o == "-b" ? "Backlog" : o == "-r" ? "Rate" : "Backlog_wait_time";
  if (!std::isdigit(static_cast<unsigned char>(v.text[0]))) {
    fail(v.column, std::string(what) + " must be a numeric value was " + v.text);
  }
  const auto n = parse_unsigned(v.text, std::numeric_limits<std::uint32_t>::max());
  if (!n) {
    const char* conv = o == "-b" ? "backlog" : o == "-r" ? "rate" : "backlog_wait_time";
    fail(v.column, std::string("Error converting ") + conv +
                       " (expected an unsigned 32-bit number)");
  }
  return static_cast<std::uint32_t>(*n);
}

AuditctlCommand Parser::parse() {
  if (toks_.empty()) fail(1, "expected an auditctl option");
  using Kind = AuditctlCommand::Kind;
  bool status_cmd = false;
  for (std::size_t i = 0; i < toks_.size(); ++i) {
    const Token& t = toks_[i];
    const std::string& o = t.text;
    auto standalone = [&](Kind k) {
      if (toks_.size() != 1) {
        fail(toks_[i == 0 ? 1 : 0].column, "option " + o + " must be given alone");
      }
      cmd_.kind = k;
      status_cmd = true;
    };
    if (o == "-a" || o == "-A" || o == "-d") {
      const Token& a = arg(i, "LIST,ACTION");
      set_list_action(t, a,
                      o == "-a" ? Kind::append_rule
                      : o == "-A" ? Kind::prepend_rule
                                  : Kind::delete_rule);
    } else if (o == "-S") {
      add_syscalls(arg(i, "a syscall name or number"));
    } else if (o == "-F") {
      add_field(arg(i, "field OP value"));
    } else if (o == "-k") {
      const Token& k = arg(i, "a key");
      if (!have_rule_ || (first_syscall_col_ == 0 && !have_watch_ && !have_perm_)) {
        fail(t.column, "key option needs a watch or syscall given prior to it");
      }
      add_key(k, k.text);
    } else if (o == "-w" || o == "-W") {
      const Token& p = arg(i, "a path");
      if (have_rule_) fail(t.column, "watch option can't be given with a syscall");
      if (p.text[0] != '/') fail(p.column, "The path must start with '/'");
      std::string path = p.text;
      while (path.size() > 1 && path.back() == '/') path.pop_back();
      have_rule_ = have_watch_ = true;
      cmd_.kind = o == "-w" ? Kind::append_rule : Kind::delete_rule;
      cmd_.rule.list = AuditFilterList::exit;
      cmd_.rule.action = AuditAction::always;
      cmd_.rule.watch_path = path;
    } else if (o == "-p") {
      const Token& p = arg(i, "permissions rwxa");
      if (!have_watch_) fail(t.column, "permission option needs a watch given prior to it");
      set_perms(p);
    } else if (o == "-D") {
      standalone(Kind::delete_all);
    } else if (o == "-l") {
      standalone(Kind::list_rules);
    } else if (o == "-s") {
      standalone(Kind::status);
    } else if (o == "-e" || o == "-f" || o == "-b" || o == "-r" || o == "--backlog_wait_time") {
      if (i != 0 || toks_.size() > 2) {
        fail(toks_[i == 0 ? 2 : 0].column, "option " + o + " must be given alone with its value");
      }
      const Token& v = arg(i, "a value");
      cmd_.value = status_value(t, v);
      cmd_.kind = o == "-e"   ? Kind::set_enabled
                  : o == "-f" ? Kind::set_failure
                  : o == "-b" ? Kind::set_backlog_limit
                  : o == "-r" ? Kind::set_rate_limit
                              : Kind::set_backlog_wait_time;
      status_cmd = true;
    } else if (!o.empty() && o[0] == '-') {
      fail(t.column, "Option " + o + " is invalid (expected -a, -A, -d, -S, -F, -k, -w, -W, -p, "
                     "-D, -e, -f, -b, --backlog_wait_time, -r, -l or -s)");
    } else {
      fail(t.column, "parameter passed without an option given");
    }
  }
  if (!status_cmd) {
    if (!have_rule_) fail(toks_[0].column, "expected -a, -A, -d, -w or -W before rule options");
    finish_rule();
  }
  return cmd_;
}

void Parser::finish_rule() {
  AuditRule& r = cmd_.rule;
  const bool has_syscalls = first_syscall_col_ != 0;
  if (has_syscalls) {
    switch (r.list) {
      case AuditFilterList::task:
        fail(first_syscall_col_, "Error: syscall auditing being added to task list");
      case AuditFilterList::user:
        fail(first_syscall_col_, "Error: syscall auditing being added to user list");
      case AuditFilterList::fs:
        fail(first_syscall_col_, "Error: syscall auditing being added to filesystem list");
      case AuditFilterList::exclude:
        fail(first_syscall_col_, "Error: syscall auditing cannot be put on exclude list");
      case AuditFilterList::exit:
        break;
    }
  }
  if (r.list == AuditFilterList::exclude) {
    const bool has_type =
        std::any_of(r.fields.begin(), r.fields.end(),
                    [](const AuditFieldRule& f) { return f.field == "msgtype"; });
    if (!has_type) {
      fail(list_token_->column, "exclude rule needs -F msgtype=TYPE (expected a record type)");
    }
  }
  if (have_watch_ && r.watch_perms == 0) r.watch_perms = 15;  // no -p: every access (rwxa)
  // An exit rule without -S applies to every syscall (auditctl -l prints "-S all").
  if (r.list == AuditFilterList::exit && !have_watch_ && r.syscalls.empty()) {
    r.all_syscalls = true;
  }
  if (r.all_syscalls) r.syscalls.clear();
  std::sort(r.syscalls.begin(), r.syscalls.end());
  std::string t = text_;
  const auto b = t.find_first_not_of(" \t\r\n");
  const auto e = t.find_last_not_of(" \t\r\n");
  r.text = b == std::string::npos ? "" : t.substr(b, e - b + 1);
}

std::string perm_letters(unsigned p) {
  std::string s;
  if (p & 4) s += 'r';
  if (p & 2) s += 'w';
  if (p & 1) s += 'x';
  if (p & 8) s += 'a';
  return s;
}

std::string field_value(const AuditFieldRule& f) {
  if (f.is_text) return f.text;
  const FieldSpec* spec = find_field(f.field);
  if (!spec) return std::to_string(f.number);
  switch (spec->kind) {
    case FieldKind::id:
      return f.number == kUidUnset ? "-1" : std::to_string(f.number);
    case FieldKind::exit: {
      const auto v = static_cast<std::int32_t>(static_cast<std::uint32_t>(f.number));
      if (v < 0) {
        const std::string n = errno_name(-v);
        if (n.size() > 1 && !std::isdigit(static_cast<unsigned char>(n[1]))) return "-" + n;
      }
      return std::to_string(v);
    }
    case FieldKind::perm:
      return perm_letters(static_cast<unsigned>(f.number));
    case FieldKind::msgtype: {
      const std::string n = audit_type_name(static_cast<int>(f.number));
      return n.rfind("UNKNOWN", 0) == 0 ? std::to_string(f.number) : n;
    }
    case FieldKind::arch:
      return f.number == kAuditArchX86_64 ? "b64" : std::to_string(f.number);
    default:
      return std::to_string(f.number);
  }
}

}  // namespace

bool AuditRule::operator==(const AuditRule& o) const {
  auto same_field = [](const AuditFieldRule& a, const AuditFieldRule& b) {
    return a.field == b.field && a.op == b.op && a.is_text == b.is_text &&
           (a.is_text ? a.text == b.text : a.number == b.number);
  };
  return list == o.list && action == o.action && all_syscalls == o.all_syscalls &&
         syscalls == o.syscalls && key == o.key && watch_path == o.watch_path &&
         watch_perms == o.watch_perms &&
         std::equal(fields.begin(), fields.end(), o.fields.begin(), o.fields.end(), same_field);
}

AuditctlCommand parse_auditctl(const std::string& text, const std::string& file, int line,
                               int column_offset) {
  AuditctlCommand cmd = Parser(text, file, line, column_offset).parse();
  cmd.line = line;
  return cmd;
}

std::vector<AuditctlCommand> parse_audit_rules(const std::string& text, const std::string& file) {
  std::vector<AuditctlCommand> out;
  std::size_t pos = 0;
  int line = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string l = text.substr(pos, end - pos);
    ++line;
    pos = end + 1;
    if (!l.empty() && l.back() == '\r') l.pop_back();
    const auto first = l.find_first_not_of(" \t");
    if (first == std::string::npos || l[first] == '#') continue;
    out.push_back(parse_auditctl(l, file, line, 0));
    if (end == text.size()) break;
  }
  return out;
}

int audit_syscall_number(const std::string& name) {
  for (const auto& s : kSyscalls) {
    if (name == s.name) return s.nr;
  }
  return -1;
}

std::string audit_syscall_name(int nr) {
  for (const auto& s : kSyscalls) {
    if (s.nr == nr) return s.name;
  }
  return "";
}

std::string format_audit_rule(const AuditRule& r) {
  std::string out;
  auto keys = [&] {
    std::size_t pos = 0;
    while (!r.key.empty() && pos <= r.key.size()) {
      std::size_t end = r.key.find(kAuditKeySeparator, pos);
      if (end == std::string::npos) end = r.key.size();
      out += (r.watch_path.empty() ? " -F key=" : " -k ") + r.key.substr(pos, end - pos);
      pos = end + 1;
    }
  };
  if (!r.watch_path.empty()) {
    out = "-w " + r.watch_path + " -p " + perm_letters(r.watch_perms);
    keys();
    return out;
  }
  out = std::string("-a ") + (r.action == AuditAction::always ? "always," : "never,") +
        list_name(r.list);
  // auditctl -l prints the arch field first, then the syscalls, then the other fields.
  for (const auto& f : r.fields) {
    if (f.field == "arch") out += " -F arch" + std::string(op_text(f.op)) + field_value(f);
  }
  if (r.all_syscalls) {
    out += " -S all";
  } else if (!r.syscalls.empty()) {
    out += " -S ";
    for (std::size_t i = 0; i < r.syscalls.size(); ++i) {
      if (i) out += ',';
      const std::string n = audit_syscall_name(r.syscalls[i]);
      out += n.empty() ? std::to_string(r.syscalls[i]) : n;
    }
  }
  for (const auto& f : r.fields) {
    if (f.field == "arch") continue;
    out += " -F " + f.field + op_text(f.op) + field_value(f);
  }
  keys();
  return out;
}

}  // namespace lsmsim
