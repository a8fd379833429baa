// The public Smack API (smack.h): what smackload, smackaccess and a container manager would do
// through smackfs and /proc, without needing them mounted.
#include <cerrno>
#include <stdexcept>
#include <string>
#include <vector>

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

int smack_write_rule(Kernel& k, std::string_view subject, std::string_view object,
                     std::string_view access, std::string_view deny, Task* writer) {
  SmackLsm& me = require(k);
  Task& w = writer != nullptr ? *writer : k.init_task();
  if (!smack_privileged_cred(me, CAP_MAC_ADMIN, *w.cred)) return EPERM;
  // libsmack accesses_print(): "%s %s %s" to load2, "%s %s %s %s" to change-rule.
  std::string line = std::string(subject) + ' ' + std::string(object) + ' ' + std::string(access);
  const bool change = !deny.empty();
  if (change) line += ' ' + std::string(deny);
  const long rc = smk_write_rules_list(me, line + "\n", 0, nullptr,
                                       change ? SmackRuleFormat::change : SmackRuleFormat::long_fmt,
                                       w);
  return rc < 0 ? static_cast<int>(-rc) : 0;
}

int smack_load_rules(Kernel& k, std::string_view rules, Task* writer) {
  require(k);
  // smack_accesses_add_from_file() reads the whole text before anything is written: only an
  // empty line is skipped, every other needs three or four words (space or tab between).
  std::vector<std::vector<std::string>> lines;
  std::size_t pos = 0;
  while (pos < rules.size()) {
    std::size_t eol = rules.find('\n', pos);
    if (eol == std::string_view::npos) eol = rules.size();
    const std::string_view line = rules.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty()) continue;
    std::vector<std::string> words;
    for (std::size_t i = 0; i < line.size();) {
      if (line[i] == ' ' || line[i] == '\t') {
        ++i;
        continue;
      }
      const std::size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
      words.emplace_back(line.substr(start, i - start));
    }
    if (words.size() < 3 || words.size() > 4) return EINVAL;
    lines.push_back(std::move(words));
  }
  for (const auto& w : lines)
    if (const int rc = smack_write_rule(k, w[0], w[1], w[2], w.size() == 4 ? w[3] : "", writer);
        rc != 0)
      return rc;
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
