// Smack's access rules (security/smack/smackfs.c and smack_access.c, v6.12): rule lists, the
// rule parsers of the smackfs files, and how a parsed rule is merged into a list.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lsmsim {

class SmackLsm;
struct Task;
struct UserNamespace;

// struct smack_rule: labels are secids of SmackLsm::known.
struct SmackRule {
  std::uint32_t subject = 0;
  std::uint32_t object = 0;
  int access = 0;
};

// A rule list (a smack_known's smk_rules, a task's smk_rules). The kernel adds new rules at
// the head (list_add_rcu), so reading lists the newest rule first; a rule for a pair already
// listed is changed in place.
class SmackRuleList {
 public:
  // smk_access_entry(): the access of the pair's rule, -ENOENT without one. MAY_WRITE
  // implies MAY_LOCK.
  int access_entry(std::uint32_t subject, std::uint32_t object) const;
  // smk_set_access(): `add` is or-ed into the pair's access and `remove` then cleared; a new
  // pair gets add & ~remove. True when the rule is new.
  bool set_access(std::uint32_t subject, std::uint32_t object, int add, int remove);
  // The pair's rule as stored (null if none).
  const SmackRule* find(std::uint32_t subject, std::uint32_t object) const;
  // The rules in the kernel's list order (newest first).
  std::vector<SmackRule> in_list_order() const;
  // smk_copy_rules(): a copy built by adding each rule at the head, i.e. in reverse order.
  SmackRuleList reversed() const;
  // revoke-subject: every rule's access becomes 0 (the rules stay listed).
  void revoke_all();
  bool empty() const { return rules_.empty(); }

 private:
  std::vector<SmackRule> rules_;  // oldest first
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::size_t> index_;
};

// struct smack_parsed_rule: access1 is added, access2 removed (load2: access2 = ~access1).
struct SmackParsedRule {
  std::uint32_t subject = 0;
  std::uint32_t object = 0;
  int access1 = 0;
  int access2 = 0;
};

// smk_parse_long_rule(): `tokens` (3 for load2, 4 for change-rule) whitespace-separated words
// from `pos` on, then the whitespace after them. Labels are imported (`import`, through
// smk_import_entry() as `writer` names them) or must exist (-ENOENT). Returns the bytes
// consumed, or -EINVAL for a missing word or a bad label, -EBADR for a name a Smack namespace
// does not map.
long smk_parse_long_rule(SmackLsm& me, std::string_view data, std::size_t pos, bool import,
                         int tokens, const Task& writer, SmackParsedRule& rule);
// smk_parse_rule(): the legacy fixed-width rule ("%-23s %-23s %5s": three fields of 24, 24 and
// up to 6 bytes, each label NUL- or blank-terminated).
int smk_parse_rule(SmackLsm& me, std::string_view data, bool import, const Task& writer,
                   SmackParsedRule& rule);

enum class SmackRuleFormat { fixed24, long_fmt, change };

// smk_write_rules_list(): every rule of `data` in turn into `list` (null: each subject's
// global list). Rules before a bad one stay. Returns the bytes consumed or -errno.
long smk_write_rules_list(SmackLsm& me, std::string_view data, std::uint64_t pos,
                          SmackRuleList* list, SmackRuleFormat format, const Task& writer);

// smk_rule_show(): "subject object access\n" with the access letters in "rwxatlb" order;
// nothing for a rule with no access or a label of `max` bytes or more. The prototype: a
// reader in a mapped namespace (`ns`, null: the init one) sees the mapped names, and no rule
// with a label its map lacks (the length test stays on the init names).
std::string smk_rule_show(const SmackLsm& me, const SmackRule& rule, std::size_t max,
                          const UserNamespace* ns = nullptr);

// load/load2 as read: smk_rule_show() of every global rule, subject by subject in
// smack_known_list order (newest label first), each subject's rules newest first.
std::string smk_show_global(const SmackLsm& me, std::size_t max, const UserNamespace* ns = nullptr);

}  // namespace lsmsim
