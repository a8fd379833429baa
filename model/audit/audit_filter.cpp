#include "model/audit/audit_filter.h"

#include <algorithm>
#include <fcntl.h>

#include "model/audit/audit_context.h"
#include "model/audit/audit_contid.h"
#include "model/audit/audit_syscall_records.h"
#include "model/kernel.h"

namespace lsmsim {

namespace {

constexpr std::uint64_t kAuditArchX86_64 = 0xc000003e;  // AUDIT_ARCH_X86_64

// audit_comparator()'s relational operators, for the unsigned fields and for exit= (signed:
// a negative errno is below zero). The bit tests are the callers'.
template <class T>
bool relation(T left, AuditOp op, T right) {
  switch (op) {
    case AuditOp::eq:
      return left == right;
    case AuditOp::ne:
      return left != right;
    case AuditOp::lt:
      return left < right;
    case AuditOp::le:
      return left <= right;
    case AuditOp::gt:
      return left > right;
    case AuditOp::ge:
      return left >= right;
    case AuditOp::bitmask:
    case AuditOp::bittest:
      break;
  }
  return false;
}

// audit_comparator(): the rule's operator applied to (left op right).
bool compare(std::uint64_t left, AuditOp op, std::uint64_t right) {
  if (op == AuditOp::bitmask) return (left & right) != 0;
  if (op == AuditOp::bittest) return (left & right) == right;
  return relation(left, op, right);
}

// exit= compares signed; its bit tests see the value's bits.
bool compare_signed(long left, AuditOp op, long right) {
  if (op == AuditOp::bitmask || op == AuditOp::bittest)
    return compare(static_cast<std::uint64_t>(left), op, static_cast<std::uint64_t>(right));
  return relation(left, op, right);
}

// audit_comparator for strings (security_audit_rule_match / audit_compare_dname_path): only
// = and != are meaningful.
bool compare_text(const std::string& left, AuditOp op, const std::string& right) {
  if (op == AuditOp::ne) return left != right;
  return left == right;
}

// "user:role:type:level" -> one part (0 user, 1 role, 2 type).
std::string context_part(const std::string& ctx, int part) {
  std::size_t start = 0;
  for (int i = 0; i < part; ++i) {
    start = ctx.find(':', start);
    if (start == std::string::npos) return "";
    ++start;
  }
  const std::size_t end = ctx.find(':', start);
  return ctx.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

std::string selinux_ctx(const std::vector<std::pair<std::string, std::string>>& ctxs) {
  for (const auto& [lsm, c] : ctxs)
    if (lsm == "selinux") return c;
  return "";
}

std::string absolute(const std::string& name, const std::string& cwd) {
  if (name.empty() || name[0] == '/') return name;
  if (cwd.empty() || cwd == "/") return "/" + name;
  return cwd + "/" + name;
}

// The watch: a name equal to the path, or below it when it is a directory (AUDIT_DIR).
bool name_matches(const AuditContext& ctx, const std::string& path, bool subtree) {
  for (const AuditName& n : ctx.names) {
    const std::string abs = absolute(n.name, ctx.cwd);
    if (abs == path) return true;
    if (subtree) {
      const std::string dir = path.size() > 1 && path.back() == '/' ? path : path + "/";
      if (path == "/" || abs.compare(0, dir.size(), dir) == 0) return true;
    }
  }
  return false;
}

constexpr unsigned kPermExec = 1, kPermWrite = 2, kPermRead = 4, kPermAttr = 8;

// include/asm-generic/audit_{write,read,change_attr}.h, for the syscalls lsmsim has (x86_64).
bool in_class(int nr, std::initializer_list<int> set) {
  return std::find(set.begin(), set.end(), nr) != set.end();
}
bool write_class(int nr) {
  return in_class(nr, {76, 77, 82, 83, 84, 85, 86, 87, 88, 133, 258, 259, 263, 264, 265, 266,
                       316});
}
bool read_class(int nr) { return in_class(nr, {89, 191, 192, 193, 194, 195, 196, 267}); }
bool attr_class(int nr) {
  return in_class(nr, {90, 91, 92, 93, 94, 188, 189, 190, 197, 198, 199, 260, 268});
}

// ACC_MODE(): O_RDONLY -> MAY_READ (4), O_WRONLY -> MAY_WRITE (2), O_RDWR -> both; the same
// bits as AUDIT_PERM_READ/WRITE.
unsigned acc_mode(unsigned long flags) {
  static constexpr unsigned kModes[4] = {4, 2, 6, 6};
  return kModes[flags & O_ACCMODE];
}

// audit_match_perm(): whether the syscall does what a watch's -p letters ask for.
bool match_perm(const AuditContext& ctx, unsigned mask) {
  const int nr = ctx.major;
  if (nr == 2) return (mask & acc_mode(ctx.argv[1])) != 0;    // open
  if (nr == 257) return (mask & acc_mode(ctx.argv[2])) != 0;  // openat
  if (nr == 59 || nr == 322) return (mask & kPermExec) != 0;  // execve, execveat
  if ((mask & kPermWrite) && write_class(nr)) return true;
  if ((mask & kPermRead) && read_class(nr)) return true;
  if ((mask & kPermAttr) && attr_class(nr)) return true;
  return false;
}

bool contid_matches(const AuditContainerId* c, AuditOp op, std::uint64_t want) {
  // Per the V7 cover letter, any id in the nesting chain matches (reference §1.3).
  bool any = false;
  for (; c != nullptr; c = c->parent.get())
    if (c->id == want) any = true;
  return op == AuditOp::ne ? !any : any;
}

// audit_filter_rules() for one field.
bool field_matches(const AuditFieldRule& f, const Task& t, const AuditContext* ctx,
                   const std::vector<std::pair<std::string, std::string>>& subj) {
  const Cred& c = *t.cred;
  const std::string& n = f.field;
  if (n == "uid") return compare(c.uid, f.op, f.number);
  if (n == "euid") return compare(c.euid, f.op, f.number);
  if (n == "suid") return compare(c.suid, f.op, f.number);
  if (n == "fsuid") return compare(c.fsuid, f.op, f.number);
  if (n == "gid") return compare(c.gid, f.op, f.number);
  if (n == "egid") return compare(c.egid, f.op, f.number);
  if (n == "sgid") return compare(c.sgid, f.op, f.number);
  if (n == "fsgid") return compare(c.fsgid, f.op, f.number);
  if (n == "auid" || n == "loginuid") return compare(t.audit.loginuid, f.op, f.number);
  if (n == "pid") return compare(static_cast<std::uint64_t>(t.tgid), f.op, f.number);
  if (n == "ppid")
    return compare(static_cast<std::uint64_t>(t.parent != nullptr ? t.parent->tgid : 0), f.op,
                   f.number);
  if (n == "arch")
    return f.is_text ? compare_text(f.text == "b64" ? "b64" : f.text, f.op, "b64")
                     : compare(kAuditArchX86_64, f.op, f.number);
  if (n == "key") return true;  // sets the event's key, matches everything
  if (n == "contid") return contid_matches(t.audit.contid.get(), f.op, f.number);
  if (n == "subj_user" || n == "subj_role" || n == "subj_type") {
    const std::string sc = selinux_ctx(subj);
    if (sc.empty()) return false;  // no SELinux label: security_audit_rule_match says no
    const int part = n == "subj_user" ? 0 : n == "subj_role" ? 1 : 2;
    return compare_text(context_part(sc, part), f.op, f.text);
  }
  if (ctx == nullptr) return false;  // the fields below need the syscall
  if (n == "exit") {
    if (!ctx->return_code) return false;
    // The rule holds the value as the kernel's u32 (-EACCES = 0xfffffff3): sign-extend it.
    const auto want = static_cast<std::int32_t>(static_cast<std::uint32_t>(f.number));
    return compare_signed(*ctx->return_code, f.op, static_cast<long>(want));
  }
  if (n == "success") {
    if (!ctx->return_code) return false;
    const long rc = *ctx->return_code;
    const std::uint64_t ok = rc < 0 && rc >= -4095 ? 0 : 1;
    return compare(ok, f.op, f.number);
  }
  if (n == "obj_type" || n == "obj_user" || n == "obj_role") {
    const int part = n == "obj_user" ? 0 : n == "obj_role" ? 1 : 2;
    for (const AuditName& an : ctx->names) {
      const std::string oc = selinux_ctx(an.obj_contexts);
      if (!oc.empty() && compare_text(context_part(oc, part), f.op, f.text)) return true;
    }
    return false;
  }
  if (n == "path") return name_matches(*ctx, f.text, false) == (f.op != AuditOp::ne);
  if (n == "dir") return name_matches(*ctx, f.text, true) == (f.op != AuditOp::ne);
  if (n == "perm") return match_perm(*ctx, static_cast<unsigned>(f.number));
  return false;  // msgtype and unknown fields never match outside their lists
}

bool rule_has_syscall(const AuditRule& r, int nr) {
  if (r.all_syscalls || !r.watch_path.empty()) return true;
  return std::find(r.syscalls.begin(), r.syscalls.end(), nr) != r.syscalls.end();
}

bool rule_matches(const AuditRule& r, const Task& t, const AuditContext* ctx) {
  std::vector<std::pair<std::string, std::string>> subj;
  const bool wants_subj = std::any_of(r.fields.begin(), r.fields.end(), [](const auto& f) {
    return f.field.rfind("subj_", 0) == 0;
  });
  if (wants_subj) subj = audit_subj_field(t.kernel, const_cast<Task&>(t)).contexts;
  if (!r.watch_path.empty()) {
    if (ctx == nullptr) return false;
    const bool dir = r.watch_path.size() > 1 && r.watch_path.back() == '/';
    if (!name_matches(*ctx, r.watch_path, true) && !name_matches(*ctx, r.watch_path, dir))
      return false;
    if (r.watch_perms != 0 && !match_perm(*ctx, r.watch_perms)) return false;
  }
  for (const AuditFieldRule& f : r.fields)
    if (!field_matches(f, t, ctx, subj)) return false;
  return true;
}

}  // namespace

AuditFilterResult audit_filter_syscall(const std::vector<AuditRule>& rules, const Task& t,
                                       const AuditContext& ctx) {
  AuditFilterResult res;
  for (const AuditRule& r : rules) {
    if (r.list != AuditFilterList::exit) continue;
    if (!rule_has_syscall(r, ctx.major)) continue;
    if (!rule_matches(r, t, &ctx)) continue;
    res.matched = true;
    res.record = r.action == AuditAction::always;
    res.key = r.key;
    for (const AuditFieldRule& f : r.fields)
      if (f.field == "key" && res.key.empty()) res.key = f.text;
    return res;  // first match wins
  }
  return res;
}

bool audit_filter_type(const std::vector<AuditRule>& rules, int type) {
  // audit_filter(type, AUDIT_FILTER_EXCLUDE) (kernel/auditfilter.c): the first matching rule
  // drops the record whatever its action ("action == AUDIT_NEVER || listtype ==
  // AUDIT_FILTER_EXCLUDE"), so `-a always,exclude -F msgtype=X` excludes X.
  for (const AuditRule& r : rules) {
    if (r.list != AuditFilterList::exclude) continue;
    bool all = true;
    for (const AuditFieldRule& f : r.fields) {
      if (f.field != "msgtype") continue;
      if (!compare(static_cast<std::uint64_t>(type), f.op, f.number)) all = false;
    }
    if (all) return true;
  }
  return false;
}

bool audit_filter_user(const std::vector<AuditRule>& rules, const Task& t, int type) {
  for (const AuditRule& r : rules) {
    if (r.list != AuditFilterList::user) continue;
    bool all = true;
    for (const AuditFieldRule& f : r.fields) {
      if (f.field == "msgtype") {
        if (!compare(static_cast<std::uint64_t>(type), f.op, f.number)) all = false;
      } else if (!field_matches(f, t, nullptr, f.field.rfind("subj_", 0) == 0
                                                   ? audit_subj_field(t.kernel, const_cast<Task&>(t)).contexts
                                                   : std::vector<std::pair<std::string, std::string>>{})) {
        all = false;
      }
    }
    if (all) return r.action == AuditAction::always;
  }
  return true;
}

bool audit_rules_count(const std::vector<AuditRule>& rules) {
  // audit_n_rules counts rules of the exit and task lists (watches are exit rules).
  return std::any_of(rules.begin(), rules.end(), [](const AuditRule& r) {
    return r.list == AuditFilterList::exit || r.list == AuditFilterList::task;
  });
}

}  // namespace lsmsim
