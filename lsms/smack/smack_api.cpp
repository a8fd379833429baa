// The public Smack API (smack.h): what smackload, smackaccess and a container manager would do
// through smackfs and /proc, without needing them mounted.
#include <cerrno>
#include <stdexcept>

#include "lsms/smack/smack.h"
#include "lsms/smack/smack_access.h"
#include "lsms/smack/smack_label.h"
#include "lsms/smack/smack_lsm.h"
#include "lsms/smack/smack_ns.h"
#include "lsms/smack/smack_rules.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"

namespace lsmsim {

namespace {

SmackLsm& require(Kernel& k) {
  SmackLsm* me = smack_lsm(k);
  if (me == nullptr) throw std::runtime_error("Smack is not active (boot with lsm=smack)");
  return *me;
}

}  // namespace

SmackLsm* smack_lsm(Kernel& k) {
  LsmModule* m = k.lsm().find("smack");
  return m == nullptr ? nullptr : &smack(*m);
}

int smack_load_rules(Kernel& k, std::string_view rules, Task* writer) {
  SmackLsm& me = require(k);
  Task& w = writer != nullptr ? *writer : k.init_task();
  if (!smack_privileged_cred(me, CAP_MAC_ADMIN, *w.cred)) return EPERM;
  std::size_t pos = 0;
  while (pos < rules.size()) {
    std::size_t eol = rules.find('\n', pos);
    if (eol == std::string_view::npos) eol = rules.size();
    const std::string_view line = rules.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const long rc = smk_write_rules_list(me, std::string(line) + "\n", 0, nullptr,
                                         SmackRuleFormat::long_fmt, w);
    if (rc < 0) return static_cast<int>(-rc);
  }
  return 0;
}

bool smack_have_access(Kernel& k, std::string_view subject, std::string_view object,
                       std::string_view access) {
  SmackLsm& me = require(k);
  const std::string line =
      std::string(subject) + ' ' + std::string(object) + ' ' + std::string(access);
  SmackParsedRule rule;
  const long rc = smk_parse_long_rule(me, line, 0, false, 3, k.init_task(), rule);
  if (rc == -ENOENT) return false;
  if (rc < 0) throw std::invalid_argument("access2 refuses \"" + line + "\"");
  return smk_access(me, rule.subject, rule.object, rule.access1, nullptr) == 0;
}

std::string smack_rules_text(Kernel& k) {
  return smk_show_global(require(k), kSmkLongLabel);
}

int smack_set_onlycap(Kernel& k, const std::vector<std::string>& labels, Task* writer) {
  SmackLsm& me = require(k);
  Task& w = writer != nullptr ? *writer : k.init_task();
  if (!smack_privileged_cred(me, CAP_MAC_ADMIN, *w.cred)) return EPERM;
  std::vector<std::uint32_t> list;
  for (const std::string& l : labels) {
    std::uint32_t skp = 0;
    if (const int rc = smk_import_entry(me, l, w, skp); rc < 0) return -rc;
    list.insert(list.begin(), skp);
  }
  me.onlycap = std::move(list);
  return 0;
}

std::string smack_task_label(Kernel& k, const Task& t, const Task& viewer) {
  SmackLsm& me = require(k);
  return smk_label_for(me, me.tsp(*t.real_cred).smk_task, viewer);
}

std::string smack_label_map(Kernel& k, const Task& target) {
  return smack_label_map_show(require(k), *target.cred->user_ns);
}

int smack_write_label_map(Kernel& k, Task& target, std::string_view lines, Task& writer) {
  SmackLsm& me = require(k);
  File f(k);
  f.f_cred = writer.cred;
  const long rc = smack_label_map_write(me, target.cred->user_ns, f, writer, lines);
  return rc < 0 ? static_cast<int>(-rc) : 0;
}

const std::vector<std::string>& smack_audit_records(Kernel& k) {
  return require(k).audit_log;
}

}  // namespace lsmsim
