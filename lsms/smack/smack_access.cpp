// Smack's access decisions (security/smack/smack_access.c, v6.12) with the namespace
// prototype's label view (Havner/smack-namespace smack_access.c, smack_ns.c).
#include "lsms/smack/smack_access.h"

#include <cerrno>

#include "lsms/capability/commoncap.h"
#include "lsms/selinux/selinux_avc_record.h"  // audit_untrusted_string (issue 7 moves it)
#include "lsms/smack/smack_label.h"
#include "lsms/smack/smack_lsm.h"
#include "lsms/smack/smack_ns.h"
#include "model/capable.h"
#include "model/kernel.h"
#include "model/ns/namespaces.h"

namespace lsmsim {

namespace {

const std::string& name_of(const SmackLsm& me, std::uint32_t secid) {
  static const std::string huh = kSmackHuh;
  const std::string* s = me.known.find(secid);
  return s != nullptr ? *s : huh;
}

const UserNamespace& init_ns(const SmackLsm& me) {
  return *me.kernel().init_user_ns();
}

// The Smack namespace an access is seen in, for `lsmsim explain`: the user namespace owning
// the nearest label map, or "init" (no map: the init names apply).
std::string smack_level_name(const SmackLsm& me, const UserNamespace* ns) {
  const SmackNsMap* map = ns != nullptr ? me.namespaces.find_mapped_ns(*ns) : nullptr;
  if (map == nullptr) return "init";
  const std::shared_ptr<const UserNamespace> owner = map->ns.lock();
  return owner ? owner->display_name() : "init";
}

void note(SmackLsm& me, std::uint32_t subject, std::uint32_t object, int request, int rc,
          const UserNamespace* ns, const char* how) {
  if (!me.noting_levels()) return;
  std::string why = std::string(rc == 0 ? "allowed" : "denied") + ": " + name_of(me, subject) +
                    " -> " + name_of(me, object) + " requested=" + smk_access_letters(request);
  if (*how != '\0') why += " (" + std::string(how) + ")";
  me.note_level(smack_level_name(me, ns), name_of(me, subject), rc, why);
}

}  // namespace

int smk_perm_from_str(std::string_view text) {
  int perm = 0;
  for (char c : text) {
    switch (c) {
      case '-':
        break;
      case 'r':
      case 'R':
        perm |= MAY_READ;
        break;
      case 'w':
      case 'W':
        perm |= MAY_WRITE;
        break;
      case 'x':
      case 'X':
        perm |= MAY_EXEC;
        break;
      case 'a':
      case 'A':
        perm |= MAY_APPEND;
        break;
      case 't':
      case 'T':
        perm |= MAY_TRANSMUTE;
        break;
      case 'l':
      case 'L':
        perm |= MAY_LOCK;
        break;
      case 'b':
      case 'B':
        perm |= MAY_BRINGUP;
        break;
      default:
        return perm;
    }
  }
  return perm;
}

std::string smack_str_from_perm(int access) {
  std::string s;
  if (access & MAY_READ) s += 'r';
  if (access & MAY_WRITE) s += 'w';
  if (access & MAY_EXEC) s += 'x';
  if (access & MAY_APPEND) s += 'a';
  if (access & MAY_TRANSMUTE) s += 't';
  if (access & MAY_LOCK) s += 'l';
  return s;
}

std::string smk_access_letters(int access) {
  std::string s = smack_str_from_perm(access);
  if (access & MAY_BRINGUP) s += 'b';
  return s;
}

void smack_log(SmackLsm& me, std::uint32_t subject, std::uint32_t object, int request, int result,
               const SmackAuditInfo& a) {
  if (result < 0 && (me.log_policy & SMACK_AUDIT_DENIED) == 0) return;
  if (result == 0 && (me.log_policy & SMACK_AUDIT_ACCEPT) == 0) return;
  const std::string requested = smack_str_from_perm(request);
  std::string record = std::string("lsm=SMACK fn=") +
                       (a.function != nullptr && *a.function ? a.function : "unknown") +
                       " action=" + (result != 0 ? "denied" : "granted") +
                       " subject=" + audit_untrusted_string(name_of(me, subject)) +
                       " object=" + audit_untrusted_string(name_of(me, object)) +
                       (requested.empty() ? " labels_differ" : " requested=" + requested) +
                       a.object;
  me.audit_log.push_back(record);
  me.kernel().audit().log(AUDIT_AVC, record);  // common_lsm_audit
  if (result < 0) me.explain_denial("", std::move(record));
}

int smk_access(SmackLsm& me, std::uint32_t subject, std::uint32_t object, int request,
               const SmackAuditInfo* a, const UserNamespace* ns) {
  int rc = 0;
  // Which label plays which built-in role: the mapped names inside a mapped namespace (so a
  // label mapped to "_" is the floor there), the init names otherwise.
  std::string_view s = name_of(me, subject);
  std::string_view o = name_of(me, object);
  const SmackNsMap* map = ns != nullptr ? me.namespaces.find_mapped_ns(*ns) : nullptr;
  bool decided = false;
  if (map != nullptr) {
    const std::string* sm = smk_find_mapped(*map, subject);
    const std::string* om = smk_find_mapped(*map, object);
    if (sm == nullptr || om == nullptr) {
      rc = -EACCES;
      decided = true;
    } else {
      s = *sm;
      o = *om;
    }
  }
  if (!decided) {
    if (s == "*") {
      rc = -EACCES;  // a star subject can access nothing
    } else if (o == "@" || s == "@" || o == "*" || s == o) {
      rc = 0;  // web, star object, equal labels
    } else if (((request & MAY_ANYREAD) == request || (request & MAY_LOCK) == request) &&
               (o == "_" || s == "^")) {
      rc = 0;  // floor object, hat subject: read or lock only
    } else {
      // The rules hold the real (init) labels.
      auto it = me.smk_rules.find(subject);
      const int may = it != me.smk_rules.end() ? it->second.access_entry(subject, object) : -ENOENT;
      if (may <= 0 || (request & may) != request) rc = -EACCES;
    }
  }
  if (a != nullptr) {
    note(me, subject, object, request, rc, ns,
         decided ? "a label is not mapped in the task's Smack namespace" : "");
    smack_log(me, subject, object, request, rc, *a);
  }
  return rc;
}

bool smack_ns_privileged_cred(SmackLsm& me, const UserNamespace& ns, int cap, const Cred& cred) {
  // v6.12 smack_privileged_cred(): cap_capable() itself, not the LSM stack (a stacked LSM's
  // capable hook neither gates nor records Smack's privilege). The prototype's child-namespace
  // check is has_ns_capability()/ns_capable(), through the stack.
  const bool capable = &ns == &init_ns(me)
                           ? cap_capable(cred, ns, cap) == 0
                           : security_capable(me.kernel(), cred, ns, cap, CAP_OPT_NOAUDIT) == 0;
  if (!capable) return false;
  // smack_capability_allowed(): a child namespace only with a map of its own.
  if (&ns != &init_ns(me) && me.namespaces.own(ns) == nullptr) return false;
  if (me.onlycap.empty()) return true;
  const std::uint32_t label = me.tsp(cred).smk_task;
  for (std::uint32_t l : me.onlycap)
    if (l == label) return true;
  return false;
}

bool smack_privileged_cred(SmackLsm& me, int cap, const Cred& cred) {
  return smack_ns_privileged_cred(me, init_ns(me), cap, cred);
}

bool smack_privileged(SmackLsm& me, int cap) {
  Kernel& k = me.kernel();
  if (!k.has_current()) return true;  // all kernel tasks are privileged
  return smack_privileged_cred(me, cap, *k.current().cred);
}

int smk_tskacc(SmackLsm& me, const Cred& cred, std::uint32_t object, int mode,
               const SmackAuditInfo* a, const UserNamespace* obj_ns) {
  const std::uint32_t subject = me.tsp(cred).smk_task;
  const UserNamespace& sbj_ns = *cred.user_ns;
  int rc = smk_access(me, subject, object, mode, nullptr, &sbj_ns);
  bool done = false;
  if (rc >= 0) {
    // A per-task rule for the pair can only take access away.
    const int may = me.tsp(cred).smk_rules.access_entry(subject, object);
    if (may < 0 || (mode & may) == mode) {
      done = true;
    } else {
      rc = -EACCES;
    }
  }
  if (!done && rc != 0 && smk_labels_valid(me, subject, object, sbj_ns)) {
    const UserNamespace& cap_ns = obj_ns != nullptr ? *obj_ns : sbj_ns;
    // v6.12 ends with smack_privileged(CAP_MAC_OVERRIDE): the CURRENT task's privilege, even
    // when `cred` is another task's (smack_ptrace_traceme() passes the parent, the exec check
    // the tracer); a real 6.1.176 kernel answers so. The prototype asks the task passed, in
    // `obj_ns`; lsmsim follows it once a Smack namespace is involved.
    const bool in_ns = me.namespaces.find_mapped_ns(sbj_ns) != nullptr || &cap_ns != &init_ns(me);
    const bool privileged = in_ns ? smack_ns_privileged_cred(me, cap_ns, CAP_MAC_OVERRIDE, cred)
                                  : smack_privileged(me, CAP_MAC_OVERRIDE);
    if (privileged) rc = 0;
  }
  if (me.noting_levels()) {
    const char* how = rc == 0 && !done ? "CAP_MAC_OVERRIDE" : "";
    note(me, subject, object, mode, rc, &sbj_ns, how);
  }
  if (a != nullptr) smack_log(me, subject, object, mode, rc, *a);
  return rc;
}

int smk_curacc(SmackLsm& me, std::uint32_t object, int mode, const SmackAuditInfo* a,
               const UserNamespace* obj_ns) {
  return smk_tskacc(me, *me.kernel().current().cred, object, mode, a, obj_ns);
}

int smk_import_label(SmackLsm& me, std::string_view text, std::uint32_t& secid) {
  std::string label;
  if (!smk_parse_smack(text, label)) return -EINVAL;
  secid = me.known.intern(label);
  return 0;
}

// smk_get_label(): inside a mapped namespace names are mapped names, and nothing new can be
// imported there (EBADR).
int smk_import_entry(SmackLsm& me, std::string_view text, const Task& writer,
                     std::uint32_t& secid) {
  const SmackNsMap* map = me.namespaces.find_mapped_ns(*writer.cred->user_ns);
  if (map == nullptr) return smk_import_label(me, text, secid);
  std::string label;
  if (!smk_parse_smack(text, label)) return -EINVAL;
  auto it = map->unmapped.find(label);
  if (it == map->unmapped.end()) return -EBADR;
  secid = it->second;
  return 0;
}

int smk_find_entry(SmackLsm& me, std::string_view text, const Task& writer, std::uint32_t& secid) {
  std::string label;
  if (!smk_parse_smack(text, label)) return -EINVAL;
  const SmackNsMap* map = me.namespaces.find_mapped_ns(*writer.cred->user_ns);
  if (map == nullptr) {
    secid = me.known.lookup(label);
  } else {
    auto it = map->unmapped.find(label);
    secid = it == map->unmapped.end() ? 0 : it->second;
  }
  return secid == 0 ? -ENOENT : 0;
}

std::string smk_label_in(const SmackLsm& me, std::uint32_t secid, const UserNamespace& ns) {
  const SmackNsMap* map = me.namespaces.find_mapped_ns(ns);
  if (map == nullptr) return name_of(me, secid);
  const std::string* m = smk_find_mapped(*map, secid);
  return m != nullptr ? *m : std::string(kSmackHuh);
}

std::string smk_label_for(const SmackLsm& me, std::uint32_t secid, const Task& viewer) {
  return smk_label_in(me, secid, *viewer.cred->user_ns);
}

}  // namespace lsmsim
