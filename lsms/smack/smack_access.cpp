// A first smk_access() (security/smack/smack_access.c, v6.12): the global rule list in the
// kernel's order of checks. Per-task rules, onlycap and the namespace maps come next.
#include "lsms/smack/smack_access.h"

#include <cerrno>

#include "lsms/smack/smack_label.h"
#include "lsms/smack/smack_lsm.h"
#include "model/capable.h"
#include "model/kernel.h"

namespace lsmsim {

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
  if (access & MAY_BRINGUP) s += 'b';
  return s;
}

int smk_access(SmackLsm& me, std::uint32_t subject, std::uint32_t object, int request,
               const SmackAuditInfo* a) {
  const std::string* s = me.known.find(subject);
  const std::string* o = me.known.find(object);
  const bool star_subject = s != nullptr && *s == "*";
  bool allowed = false;
  if (!star_subject) {
    if ((s != nullptr && *s == "@") || (o != nullptr && (*o == "@" || *o == "*")) ||
        subject == object) {
      allowed = true;
    } else if ((request & MAY_ANYREAD) == request || (request & MAY_LOCK) == request) {
      allowed = (o != nullptr && *o == "_") || (s != nullptr && *s == "^");
    }
    if (!allowed) {
      auto it = me.rules.find({subject, object});
      allowed = it != me.rules.end() && (it->second & request) == request;
    }
  }
  if (allowed) return 0;
  if (a != nullptr)
    me.explain_denial("", std::string("lsm=SMACK fn=") + a->function + " action=denied subject=\"" +
                              (s ? *s : "?") + "\" object=\"" + (o ? *o : "?") +
                              "\" requested=" + smack_str_from_perm(request) + a->object);
  return -EACCES;
}

bool smack_privileged_cred(SmackLsm& me, int cap, const Cred& cred) {
  return security_capable(me.kernel(), cred, *me.kernel().init_user_ns(), cap) == 0;
}

bool smack_privileged(SmackLsm& me, int cap) {
  Kernel& k = me.kernel();
  return k.has_current() && smack_privileged_cred(me, cap, *k.current().cred);
}

int smk_tskacc(SmackLsm& me, const Cred& cred, std::uint32_t object, int mode,
               const SmackAuditInfo* a) {
  const int rc = smk_access(me, me.tsp(cred).smk_task, object, mode, a);
  if (rc != 0 && smack_privileged_cred(me, CAP_MAC_OVERRIDE, cred)) {
    (void)me.kernel().lsm().take_denial();
    return 0;
  }
  return rc;
}

int smk_curacc(SmackLsm& me, std::uint32_t object, int mode, const SmackAuditInfo* a) {
  return smk_tskacc(me, *me.kernel().current().cred, object, mode, a);
}

int smk_import_entry(SmackLsm& me, std::string_view text, const Task&, std::uint32_t& secid) {
  std::string label;
  if (!smk_parse_smack(text, label)) return -EINVAL;
  secid = me.known.intern(label);
  return 0;
}

std::string smk_label_for(const SmackLsm& me, std::uint32_t secid, const Task& viewer) {
  return me.label(secid, viewer);
}

}  // namespace lsmsim
