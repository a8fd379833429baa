#include "model/audit/audit_syscall_records.h"

#include <algorithm>
#include <cstdio>

#include "model/audit/audit_context.h"
#include "model/audit/audit_contid.h"
#include "model/audit/audit_record.h"
#include "model/audit/audit_types.h"
#include "model/kernel.h"
#include "model/lsm/security_special.h"
#include "model/vfs/inode.h"

namespace lsmsim {

namespace {

// audit_cfg_lsm() in v6.18: SELinux and Smack register subject and object contexts,
// AppArmor subject contexts only (security/apparmor/lsm.c).
bool lsm_gives_subject(std::string_view name) {
  return name == "selinux" || name == "apparmor" || name == "smack";
}
bool lsm_gives_object(std::string_view name) { return name == "selinux" || name == "smack"; }

std::string strip_nul(std::string s) {
  while (!s.empty() && s.back() == '\0') s.pop_back();
  return s;
}

// audit_log_subj_ctx()/audit_log_obj_ctx(): one LSM configured -> "<what>=ctx"; two or more
// -> "<what>=?" and an aux record "<what>_<lsm>=ctx ..." in registration order, LSMs without
// a context (EOPNOTSUPP) left out. `ctx_of` answers one LSM's context or false.
template <class F>
AuditLsmField lsm_field(Kernel& k, const char* what, bool object, F ctx_of) {
  std::vector<std::pair<std::string, std::string>> ctxs;
  int configured = 0;
  for (const auto& m : k.lsm().active()) {
    if (!(object ? lsm_gives_object(m->name()) : lsm_gives_subject(m->name()))) continue;
    ++configured;
    std::string c;
    if (ctx_of(*m, c)) ctxs.emplace_back(std::string(m->name()), strip_nul(c));
  }
  AuditLsmField f;
  f.contexts = ctxs;
  if (ctxs.empty()) return f;  // lsmprop not set: no field at all
  if (configured < 2) {
    f.field = std::string(" ") + what + "=" + ctxs.front().second;
    return f;
  }
  f.field = std::string(" ") + what + "=?";
  for (const auto& [lsm, c] : ctxs) {
    if (!f.aux.empty()) f.aux += ' ';
    f.aux += std::string(what) + "_" + lsm + "=" + c;
  }
  return f;
}

// The task's secid in one LSM's slot (task_getlsmprop_obj), as that LSM's context.
bool task_ctx_in(Kernel& k, Task& t, const LsmModule& m, std::string& out) {
  LsmProp prop;
  k.lsm().for_each_hook<Hook::task_getlsmprop_obj>([&](const HookEntry& e) {
    if (e.self == &m)
      reinterpret_cast<HookTraits<Hook::task_getlsmprop_obj>::Fn>(e.fn)(*e.self, t, prop);
    return true;
  });
  if (prop.empty()) return false;
  return security_lsmprop_to_secctx(k.lsm(), prop, out, m.id()) >= 0 && !out.empty();
}

}  // namespace

AuditLsmField audit_subj_field(Kernel& k, Task& t) {
  return lsm_field(k, "subj", false,
                   [&](const LsmModule& m, std::string& c) { return task_ctx_in(k, t, m, c); });
}

AuditLsmField audit_task_obj_field(Kernel& k, Task& t) {
  return lsm_field(k, "obj", true,
                   [&](const LsmModule& m, std::string& c) { return task_ctx_in(k, t, m, c); });
}

AuditLsmField audit_inode_obj_field(Kernel& k, const Inode& inode) {
  // lsmsim has no inode_getlsmprop hook: each LSM's label is read as getxattr would show it
  // (inode_getsecurity), falling back to the stored security.<suffix> xattr.
  return lsm_field(k, "obj", true, [&](const LsmModule& m, std::string& c) {
    const std::string suffix = m.name() == "selinux" ? "selinux" : "SMACK64";
    int rc = 0;
    bool asked = false;
    k.lsm().for_each_hook<Hook::inode_getsecurity>([&](const HookEntry& e) {
      if (e.self != &m) return true;
      asked = true;
      rc = LsmFramework::invoke<Hook::inode_getsecurity>(e, const_cast<Inode&>(inode), suffix, c);
      return false;
    });
    if (asked && rc >= 0 && !strip_nul(c).empty()) return true;
    auto it = inode.xattrs.find("security." + suffix);
    if (it == inode.xattrs.end()) return false;
    c = it->second;
    return !strip_nul(c).empty();
  });
}

std::string audit_task_info(const Task& t) {
  const Cred& c = *t.cred;
  const Pid ppid = t.parent != nullptr ? t.parent->tgid : 0;
  std::string s = " ppid=" + std::to_string(ppid) + " pid=" + std::to_string(t.tgid) +
                  " auid=" + std::to_string(t.audit.loginuid) + " uid=" + std::to_string(c.uid) +
                  " gid=" + std::to_string(c.gid) + " euid=" + std::to_string(c.euid) +
                  " suid=" + std::to_string(c.suid) + " fsuid=" + std::to_string(c.fsuid) +
                  " egid=" + std::to_string(c.egid) + " sgid=" + std::to_string(c.sgid) +
                  " fsgid=" + std::to_string(c.fsgid) + " tty=(none) ses=" +
                  std::to_string(t.audit.sessionid);
  s += " comm=" + audit_untrusted_string(t.comm);
  s += " exe=" + (t.exe.empty() ? std::string("(null)") : audit_untrusted_string(t.exe));
  return s;
}

std::string audit_proctitle_body(const Task& t) {
  // MAX_PROCTITLE_AUDIT_LEN, then audit_proctitle_rtrim().
  std::string title = t.cmdline.substr(0, 128);
  while (!title.empty() && (title.back() == '\0' || title.back() == ' ')) title.pop_back();
  if (title.empty()) return "proctitle=";
  return "proctitle=" + audit_untrusted_string(title);
}

namespace {

// audit_log_pid_context(): one OBJ_PID record, preceded (ghak90 v11 03/11) by the target's
// CONTAINER_ID record when it has a contid, which the OBJ_PID names with " record=N" after
// ocomm=.
void log_pid_context(AuditRecordList& out, const AuditTarget& tg, int& contid_records) {
  int record = 0;
  if (!tg.contid.empty()) {
    record = ++contid_records;
    out.emplace_back(AUDIT_CONTAINER_ID,
                     "record=" + std::to_string(record) + " contid=" + tg.contid);
  }
  std::string b = "opid=" + std::to_string(tg.pid) +
                  " oauid=" + std::to_string(static_cast<int>(tg.auid)) +
                  " ouid=" + std::to_string(tg.uid) +
                  " oses=" + std::to_string(static_cast<int>(tg.ses)) + tg.obj_field +
                  " ocomm=" + audit_untrusted_string(tg.comm);
  if (record != 0) b += " record=" + std::to_string(record);
  out.emplace_back(AUDIT_OBJ_PID, b);
  if (!tg.obj_aux.empty()) out.emplace_back(AUDIT_MAC_OBJ_CONTEXTS, tg.obj_aux);
}

}  // namespace

AuditRecordList audit_syscall_event_records(Kernel& k, Task& t, const AuditContext& ctx,
                                            const std::string& key) {
  AuditRecordList out;
  int contid_records = 0;  // context->contid_records, reset per syscall
  // ghak90 v11 audit_log_container_id_ctx(), called before the SYSCALL record starts: the
  // task's CONTAINER_ID record comes first and SYSCALL ends with " record=1".
  int record = 0;
  if (auto chain = audit_contid_of(t)) {
    record = ++contid_records;
    out.emplace_back(AUDIT_CONTAINER_ID, "record=" + std::to_string(record) + " contid=" + *chain);
  }

  char buf[256];
  std::string sys;
  std::snprintf(buf, sizeof buf, "arch=c000003e syscall=%d", ctx.major);
  sys = buf;
  if (ctx.return_code) {
    const long rc = *ctx.return_code;
    sys += rc < 0 && rc >= -4095 ? " success=no" : " success=yes";
    sys += " exit=" + std::to_string(rc);
  }
  std::snprintf(buf, sizeof buf, " a0=%lx a1=%lx a2=%lx a3=%lx items=%zu", ctx.argv[0],
                ctx.argv[1], ctx.argv[2], ctx.argv[3], ctx.names.size());
  sys += buf;
  sys += audit_task_info(t);
  const AuditLsmField subj = audit_subj_field(k, t);
  sys += subj.field;
  sys += " key=" + (key.empty() ? std::string("(null)") : audit_untrusted_string(key));
  if (record != 0) sys += " record=" + std::to_string(record);
  out.emplace_back(AUDIT_SYSCALL, sys);
  // The 6.18 aux record rides on the SYSCALL record's audit_log_end.
  if (!subj.aux.empty()) out.emplace_back(AUDIT_MAC_TASK_CONTEXTS, subj.aux);

  // audit_log_exit() writes the aux_pids blocks first, then context->target_pid, which holds
  // the first target. audit_signal_info_syscall() fills blocks of AUDIT_AUX_PIDS (16) and puts
  // each new block at the head of the list, so later blocks come out first.
  constexpr std::size_t kAuxPids = 16;
  if (ctx.targets.size() > 1) {
    const std::size_t extra = ctx.targets.size() - 1;
    const std::size_t blocks = (extra + kAuxPids - 1) / kAuxPids;
    for (std::size_t b = blocks; b-- > 0;) {
      const std::size_t first = 1 + b * kAuxPids;
      const std::size_t last = std::min(ctx.targets.size(), first + kAuxPids);
      for (std::size_t i = first; i < last; ++i)
        log_pid_context(out, ctx.targets[i], contid_records);
    }
  }
  if (!ctx.targets.empty()) log_pid_context(out, ctx.targets.front(), contid_records);

  // The working directory is captured with the first name (audit_getname).
  if (!ctx.names.empty()) out.emplace_back(AUDIT_CWD, "cwd=" + audit_untrusted_string(ctx.cwd));

  // audit_log_name(): item, name, inode fields, obj=, nametype, then audit_log_fcaps().
  int item = 0;
  for (const AuditName& n : ctx.names) {
    std::string b = "item=" + std::to_string(item++);
    b += " name=" + (n.name.empty() || n.name == "(null)" ? std::string("(null)")
                                                          : audit_untrusted_string(n.name));
    if (n.has_inode) {
      std::snprintf(buf, sizeof buf, " inode=%llu dev=%s mode=%#o ouid=%u ogid=%u rdev=00:00",
                    static_cast<unsigned long long>(n.ino), n.dev.c_str(), n.mode, n.ouid,
                    n.ogid);
      b += buf;
      b += n.obj_field;
    }
    b += " nametype=" + n.nametype;
    b += " cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0";
    out.emplace_back(AUDIT_PATH, b);
    if (!n.obj_aux.empty()) out.emplace_back(AUDIT_MAC_OBJ_CONTEXTS, n.obj_aux);
  }

  out.emplace_back(AUDIT_PROCTITLE, audit_proctitle_body(t));
  out.emplace_back(AUDIT_EOE, "");
  return out;
}

}  // namespace lsmsim
