#include "lsms/smack/smack_rules.h"

#include <cerrno>

#include "lsms/smack/smack_access.h"
#include "lsms/smack/smack_label.h"
#include "lsms/smack/smack_lsm.h"
#include "lsms/smack/smack_ns.h"

namespace lsmsim {

namespace {

// SMK_LABELLEN and the legacy rule lengths (smackfs.c SMK_OLOADLEN, SMK_LOADLEN).
constexpr std::size_t kSmkLabelLen = 24;
constexpr std::size_t kSmkOLoadLen = 2 * kSmkLabelLen + 4;
constexpr std::size_t kSmkLoadLen = 2 * kSmkLabelLen + 6;
constexpr std::size_t kPageSize = 4096;

// The kernel's isspace() (lib/ctype.c): also byte 0xA0, which Latin-1 calls a space.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' ||
         static_cast<unsigned char>(c) == 0xA0;
}

// The label text a C string starting at `p` holds: up to the NUL the kernel's buffer has
// there (`len` bounds it for the fixed-width fields).
std::string_view c_string(std::string_view data, std::size_t p, std::size_t len) {
  if (p >= data.size()) return {};
  std::string_view s = data.substr(p, len);
  const std::size_t nul = s.find('\0');
  return nul == std::string_view::npos ? s : s.substr(0, nul);
}

// smk_fill_rule(): import the labels (or find them: -ENOENT), then the access strings.
int smk_fill_rule(SmackLsm& me, std::string_view subject, std::string_view object,
                  std::string_view access1, const std::string_view* access2, bool import,
                  const Task& writer, SmackParsedRule& rule) {
  for (auto [text, out] : {std::pair{subject, &rule.subject}, std::pair{object, &rule.object}}) {
    const int rc =
        import ? smk_import_entry(me, text, writer, *out) : smk_find_entry(me, text, writer, *out);
    if (rc < 0) return rc;
  }
  rule.access1 = smk_perm_from_str(access1);
  rule.access2 = access2 != nullptr ? smk_perm_from_str(*access2) : ~rule.access1;
  return 0;
}

}  // namespace

int SmackRuleList::access_entry(std::uint32_t subject, std::uint32_t object) const {
  auto it = index_.find({subject, object});
  if (it == index_.end()) return -ENOENT;
  int may = rules_[it->second].access;
  if ((may & MAY_WRITE) == MAY_WRITE) may |= MAY_LOCK;
  return may;
}

bool SmackRuleList::set_access(std::uint32_t subject, std::uint32_t object, int add, int remove) {
  auto [it, fresh] = index_.try_emplace({subject, object}, rules_.size());
  if (!fresh) {
    SmackRule& r = rules_[it->second];
    r.access = (r.access | add) & ~remove;
    return false;
  }
  rules_.push_back(SmackRule{subject, object, add & ~remove});
  return true;
}

const SmackRule* SmackRuleList::find(std::uint32_t subject, std::uint32_t object) const {
  auto it = index_.find({subject, object});
  return it == index_.end() ? nullptr : &rules_[it->second];
}

std::vector<SmackRule> SmackRuleList::in_list_order() const {
  return std::vector<SmackRule>(rules_.rbegin(), rules_.rend());
}

SmackRuleList SmackRuleList::reversed() const {
  SmackRuleList copy;
  copy.rules_.assign(rules_.rbegin(), rules_.rend());
  for (std::size_t i = 0; i < copy.rules_.size(); ++i)
    copy.index_[{copy.rules_[i].subject, copy.rules_[i].object}] = i;
  return copy;
}

void SmackRuleList::revoke_all() {
  for (SmackRule& r : rules_) r.access = 0;
}

long smk_parse_long_rule(SmackLsm& me, std::string_view data, std::size_t pos, bool import,
                         int tokens, const Task& writer, SmackParsedRule& rule) {
  std::string_view tok[4];
  std::size_t cnt = pos;
  // A NUL ends the data as the kernel's terminated buffer does.
  const std::size_t end = std::min(data.size(), data.find('\0'));
  for (int i = 0; i < tokens; ++i) {
    while (cnt < end && is_space(data[cnt])) ++cnt;
    if (cnt >= end) return -EINVAL;  // unexpected end of data
    const std::size_t start = cnt;
    while (cnt < end && !is_space(data[cnt])) ++cnt;
    tok[i] = data.substr(start, cnt - start);
  }
  while (cnt < end && is_space(data[cnt])) ++cnt;
  const int rc = smk_fill_rule(me, tok[0], tok[1], tok[2], tokens == 4 ? &tok[3] : nullptr, import,
                               writer, rule);
  return rc == 0 ? static_cast<long>(cnt - pos) : rc;
}

int smk_parse_rule(SmackLsm& me, std::string_view data, bool import, const Task& writer,
                   SmackParsedRule& rule) {
  return smk_fill_rule(
      me, c_string(data, 0, kSmkLabelLen), c_string(data, kSmkLabelLen, kSmkLabelLen),
      c_string(data, 2 * kSmkLabelLen, std::string_view::npos), nullptr, import, writer, rule);
}

long smk_write_rules_list(SmackLsm& me, std::string_view data, std::uint64_t pos,
                          SmackRuleList* list, SmackRuleFormat format, const Task& writer) {
  if (pos != 0) return -EINVAL;  // no partial writes
  std::size_t count = data.size();
  if (format == SmackRuleFormat::fixed24) {
    if (count < kSmkOLoadLen || count > kSmkLoadLen) return -EINVAL;
  } else if (count >= kPageSize) {
    // Only whole lines of the first page are taken.
    count = kPageSize - 1;
    while (count > 0 && data[count - 1] != '\n') --count;
    if (count == 0) return -EINVAL;
  }
  data = data.substr(0, count);
  const int tokens = format == SmackRuleFormat::change ? 4 : 3;
  std::size_t cnt = 0;
  while (cnt < count) {
    SmackParsedRule rule;
    if (format == SmackRuleFormat::fixed24) {
      const int rc = smk_parse_rule(me, data, true, writer, rule);
      if (rc < 0) return rc;
      cnt = count;
    } else {
      const long rc = smk_parse_long_rule(me, data, cnt, true, tokens, writer, rule);
      if (rc < 0) return rc;
      if (rc == 0) return -EINVAL;
      cnt += static_cast<std::size_t>(rc);
    }
    if (list != nullptr) {
      list->set_access(rule.subject, rule.object, rule.access1, rule.access2);
    } else {
      me.smk_rules[rule.subject].set_access(rule.subject, rule.object, rule.access1, rule.access2);
    }
  }
  return static_cast<long>(cnt);
}

std::string smk_rule_show(const SmackLsm& me, const SmackRule& rule, std::size_t max,
                          const UserNamespace* ns) {
  const std::string* s = me.known.find(rule.subject);
  const std::string* o = me.known.find(rule.object);
  if (s == nullptr || o == nullptr || s->size() >= max || o->size() >= max) return {};
  if (rule.access == 0) return {};
  if (const SmackNsMap* map = ns != nullptr ? me.namespaces.find_mapped_ns(*ns) : nullptr) {
    s = smk_find_mapped(*map, rule.subject);
    o = smk_find_mapped(*map, rule.object);
    if (s == nullptr || o == nullptr) return {};
  }
  return *s + ' ' + *o + ' ' + smk_access_letters(rule.access) + '\n';
}

// load2_seq_show(): for each label of smack_known_list (newest first), its rules, newest first.
// (Older kernels kept a master list of all rules instead; 6.1 and v6.12 walk the labels.)
std::string smk_show_global(const SmackLsm& me, std::size_t max, const UserNamespace* ns) {
  std::string out;
  for (auto it = me.smk_rules.rbegin(); it != me.smk_rules.rend(); ++it)
    for (const SmackRule& r : it->second.in_list_order()) out += smk_rule_show(me, r, max, ns);
  return out;
}

}  // namespace lsmsim
