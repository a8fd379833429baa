// smackfs (security/smack/smackfs.c, v6.12): one instance (mount_single) showing Smack's
// state. Rule files (load, load2, load-self, load-self2, change-rule), queries (access,
// access2), revoke-subject, onlycap, relabel-self, ambient, syslog, logging, ptrace, doi,
// direct and mapped. The network label files (cipso, cipso2, netlabel, ipv6host) are left
// out: lsmsim has no CIPSO or IP hosts. CONFIG_SECURITY_SMACK_BRINGUP is off (no unconfined).
#include <cerrno>
#include <charconv>
#include <functional>

#include "lsms/smack/smack_access.h"
#include "lsms/smack/smack_label.h"
#include "lsms/smack/smack_lsm.h"
#include "lsms/smack/smack_rules.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/inode_ops.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

namespace {

constexpr std::size_t kSmkLabelLen = 24;
constexpr std::size_t kSmkLoadLen = 2 * kSmkLabelLen + 6;
// SIMPLE_TRANSACTION_LIMIT: a page less struct simple_transaction_argresp.
constexpr std::size_t kSimpleTransactionLimit = 4096 - 8;

using Show = std::function<int(SmackLsm&, Task&, std::string&)>;
using Store = std::function<long(SmackLsm&, File&, Task&, const std::string&)>;
// A transaction (simple_transaction_get/set): the answer is read back from the same file.
using Txn = std::function<long(SmackLsm&, Task&, const std::string&, std::string&)>;

struct SmackfsOps : InodeOps {
  SmackLsm* me = nullptr;
  Show show;
  Store store;
  Txn txn;
  int read(File&, Task& reader, std::string& out) override {
    // A transaction file reads nothing before its write.
    return show ? show(*me, reader, out) : 0;
  }
  long write(File& f, Task& writer, const std::string& data) override {
    long rc = -EINVAL;
    if (store) {
      rc = store(*me, f, writer, data);
    } else if (txn) {
      rc = transact(f, writer, data);
    }
    if (rc < 0) me->kernel().lsm().record_refusal("smackfs", *me, static_cast<int>(rc));
    return rc;
  }
  long transact(File& f, Task& writer, const std::string& data) {
    if (data.size() > kSimpleTransactionLimit - 1) return -EFBIG;
    if (f.private_data != nullptr) return -EBUSY;  // one write per open
    std::string answer;
    const long rc = txn(*me, writer, data, answer);
    if (rc < 0) return rc;
    f.private_data = std::make_shared<int>(0);
    f.seq_buf = std::move(answer);
    f.seq_filled = true;
    return rc;
  }
};

void add(Vfs& vfs, Inode& dir, SmackLsm& me, const std::string& name, unsigned mode, Show show,
         Store store = nullptr, Txn txn = nullptr) {
  auto ops = std::make_shared<SmackfsOps>();
  ops->me = &me;
  ops->show = std::move(show);
  ops->store = std::move(store);
  ops->txn = std::move(txn);
  // No smackfs write handler moves f_pos (they return the count and leave *ppos alone), so a
  // second write on the same open file starts at 0 again.
  ops->simple_transaction = true;
  vfs.add_seq_file(dir, name, mode, std::move(ops));
}

// smack_privileged(CAP_MAC_ADMIN) for the writer; EPERM (explained) otherwise.
long need_mac_admin(SmackLsm& me, Task& writer) {
  if (smack_privileged_cred(me, CAP_MAC_ADMIN, *writer.cred)) return 0;
  me.explain_denial("", me.onlycap.empty()
                            ? "writing smackfs needs CAP_MAC_ADMIN in the init user namespace"
                            : "writing smackfs needs CAP_MAC_ADMIN and a label on the onlycap "
                              "list");
  return -EPERM;
}

// The writer's own task_smack changed through a new cred, as smk_write_relabel_self() does
// (prepare_creds/commit_creds).
template <class F>
long change_own(SmackLsm& me, Task& writer, F&& f) {
  Kernel& k = me.kernel();
  int err = 0;
  std::shared_ptr<Cred> next = k.prepare_creds(*writer.cred, err);
  if (next == nullptr) return -err;
  const long rc = f(me.tsp(*next));
  if (rc >= 0) k.commit_creds(writer, std::move(next));
  return rc;
}

std::string show_rules(const SmackLsm& me, const std::vector<SmackRule>& rules, std::size_t max) {
  std::string out;
  for (const SmackRule& r : rules) out += smk_rule_show(me, r, max);
  return out;
}

// smk_parse_label_list(): space-separated labels, each added at the head.
int parse_label_list(SmackLsm& me, const std::string& data, Task& writer,
                     std::vector<std::uint32_t>& list) {
  std::string_view rest(data.data(), std::min(data.size(), data.find('\0')));
  while (true) {
    const std::size_t sp = rest.find(' ');
    std::string_view tok = rest.substr(0, sp);
    if (!tok.empty()) {
      std::uint32_t skp = 0;
      if (const int rc = smk_import_entry(me, tok, writer, skp); rc < 0) return rc;
      list.insert(list.begin(), skp);
    }
    if (sp == std::string_view::npos) break;
    rest = rest.substr(sp + 1);
  }
  return 0;
}

std::string show_label_list(const SmackLsm& me, const std::vector<std::uint32_t>& list,
                            Task& reader) {
  std::string out;
  for (std::uint32_t l : list) out += smk_label_for(me, l, reader) + ' ';
  return out;
}

// sscanf("%d"): leading whitespace, a sign, digits; false without any digit.
bool scan_int(const std::string& data, int& value) {
  std::size_t i = 0;
  while (i < data.size() && (data[i] == ' ' || (data[i] >= '\t' && data[i] <= '\r'))) ++i;
  if (i < data.size() && data[i] == '+') ++i;
  const char* first = data.data() + i;
  const char* last = data.data() + data.size();
  auto [ptr, ec] = std::from_chars(first, last, value);
  return ec == std::errc{} && ptr != first;
}

// kstrtoul(s, 10): an optional '+', decimal digits, an optional final newline; nothing else.
bool kstrtoul(std::string_view s, std::uint64_t& value) {
  if (!s.empty() && s.back() == '\n') s.remove_suffix(1);
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty()) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc{} && ptr == s.data() + s.size();
}

// An integer setting (direct, mapped, logging, ptrace): reads "%d" (logging and ptrace
// add a newline), takes writes of 1 to `limit - 1` bytes holding a number in [lo, hi].
void add_int(Vfs& vfs, Inode& root, SmackLsm& me, const std::string& name, int SmackLsm::* field,
             bool newline, std::size_t limit, bool check_pos, int lo, int hi) {
  add(
      vfs, root, me, name, 0644,
      [field, newline](SmackLsm& m, Task&, std::string& out) {
        out = std::to_string(m.*field) + (newline ? "\n" : "");
        return 0;
      },
      [field, limit, check_pos, lo, hi](SmackLsm& m, File& f, Task& w,
                                        const std::string& data) -> long {
        if (const long rc = need_mac_admin(m, w); rc != 0) return rc;
        if ((check_pos && f.pos != 0) || data.size() >= limit || data.empty()) return -EINVAL;
        int v = 0;
        if (!scan_int(data.substr(0, data.find('\0')), v) || v < lo || v > hi) return -EINVAL;
        m.*field = v;
        return static_cast<long>(data.size());
      });
}

// A label setting read with its NUL (ambient, syslog).
void add_label(Vfs& vfs, Inode& root, SmackLsm& me, const std::string& name,
               std::uint32_t SmackLsm::* field, std::uint32_t SmackLsm::* fallback) {
  add(
      vfs, root, me, name, 0644,
      [field, fallback](SmackLsm& m, Task& r, std::string& out) {
        const std::uint32_t l = m.*field != 0 ? m.*field : m.*fallback;
        out = smk_label_for(m, l, r) + '\0';
        return 0;
      },
      [field](SmackLsm& m, File&, Task& w, const std::string& data) -> long {
        if (const long rc = need_mac_admin(m, w); rc != 0) return rc;
        std::uint32_t skp = 0;
        if (const int rc = smk_import_entry(m, data, w, skp); rc < 0) return rc;
        m.*field = skp;
        return static_cast<long>(data.size());
      });
}

// smk_user_access(): one rule, answered "1" or "0" with a NUL; unknown labels answer "0".
long user_access(SmackLsm& me, Task& w, const std::string& data, std::string& answer, bool fixed) {
  SmackParsedRule rule;
  int res = 0;
  if (fixed) {
    if (data.size() < kSmkLoadLen) return -EINVAL;
    res = smk_parse_rule(me, data, false, w, rule);
  } else {
    const long n = smk_parse_long_rule(me, data, 0, false, 3, w, rule);
    res = n < 0 ? static_cast<int>(n) : 0;
  }
  if (res >= 0) {
    res = smk_access(me, rule.subject, rule.object, rule.access1, nullptr, w.cred->user_ns.get());
  } else if (res != -ENOENT) {
    return res;
  }
  answer = std::string(res >= 0 ? "1" : "0") + '\0';
  return fixed ? static_cast<long>(kSmkLoadLen) : static_cast<long>(data.size());
}

int smackfs_fill(SmackLsm& me, Vfs& vfs, SuperBlock& sb) {
  sb.pseudo = true;
  sb.root = vfs.new_inode(sb, S_IFDIR_ | 0755);
  Inode& root = *sb.root;

  auto global_rules = [](std::size_t max) {
    return [max](SmackLsm& m, Task&, std::string& out) {
      out = smk_show_global(m, max);
      return 0;
    };
  };
  auto own_rules = [](std::size_t max) {
    return [max](SmackLsm& m, Task& r, std::string& out) {
      out = show_rules(m, m.tsp(*r.cred).smk_rules.in_list_order(), max);
      return 0;
    };
  };
  auto write_global = [](SmackRuleFormat fmt) {
    return [fmt](SmackLsm& m, File& f, Task& w, const std::string& data) -> long {
      if (const long rc = need_mac_admin(m, w); rc != 0) return rc;
      return smk_write_rules_list(m, data, f.pos, nullptr, fmt, w);
    };
  };
  // load-self, load-self2: the writer's own rules; no privilege needed. The kernel changes the
  // current cred's list in place (current_security()), so lsmsim does too: whoever shares the
  // cred sees the rules, and nothing is copied (a copy would reverse the list).
  auto write_self = [](SmackRuleFormat fmt) {
    return [fmt](SmackLsm& m, File& f, Task& w, const std::string& data) -> long {
      TaskSmack& tsp = m.tsp(const_cast<Cred&>(*w.cred));
      return smk_write_rules_list(m, data, f.pos, &tsp.smk_rules, fmt, w);
    };
  };

  add(vfs, root, me, "load", 0644, global_rules(kSmkLabelLen),
      write_global(SmackRuleFormat::fixed24));
  // smk_write_doi() (stable since 2025): kstrtoul, and neither CIPSO_V4_DOI_UNKNOWN (0) nor
  // more than U32_MAX.
  add(
      vfs, root, me, "doi", 0644,
      [](SmackLsm& m, Task&, std::string& out) {
        out = std::to_string(m.cipso_doi);
        return 0;
      },
      [](SmackLsm& m, File&, Task& w, const std::string& data) -> long {
        if (const long rc = need_mac_admin(m, w); rc != 0) return rc;
        if (data.size() >= 80 || data.empty()) return -EINVAL;
        std::uint64_t u = 0;
        if (!kstrtoul(data.substr(0, data.find('\0')), u) || u == 0 || u > UINT32_MAX)
          return -EINVAL;
        m.cipso_doi = u;
        return static_cast<long>(data.size());
      });
  add_int(vfs, root, me, "direct", &SmackLsm::cipso_direct, false, 80, false, INT32_MIN, INT32_MAX);
  add_label(vfs, root, me, "ambient", &SmackLsm::net_ambient, &SmackLsm::floor);
  add(
      vfs, root, me, "onlycap", 0644,
      [](SmackLsm& m, Task& r, std::string& out) {
        out = show_label_list(m, m.onlycap, r);
        return 0;
      },
      [](SmackLsm& m, File&, Task& w, const std::string& data) -> long {
        if (const long rc = need_mac_admin(m, w); rc != 0) return rc;
        if (data.size() > 4096) return -EINVAL;  // more than a page
        std::vector<std::uint32_t> list;
        const int rc = parse_label_list(m, data, w, list);
        // An invalid first label clears the list ("-" or an empty write).
        if (rc == 0 || (rc == -EINVAL && list.empty())) {
          m.onlycap = std::move(list);
          return static_cast<long>(data.size());
        }
        return rc;
      });
  add_int(vfs, root, me, "logging", &SmackLsm::log_policy, true, 32, false, 0, 3);
  add(vfs, root, me, "load-self", 0666, own_rules(kSmkLabelLen),
      write_self(SmackRuleFormat::fixed24));
  add(vfs, root, me, "access", 0666, nullptr, nullptr,
      [](SmackLsm& m, Task& w, const std::string& data, std::string& answer) {
        return user_access(m, w, data, answer, true);
      });
  add_int(vfs, root, me, "mapped", &SmackLsm::cipso_mapped, false, 80, false, INT32_MIN, INT32_MAX);
  add(vfs, root, me, "load2", 0644, global_rules(kSmkLongLabel),
      write_global(SmackRuleFormat::long_fmt));
  add(vfs, root, me, "load-self2", 0666, own_rules(kSmkLongLabel),
      write_self(SmackRuleFormat::long_fmt));
  add(vfs, root, me, "access2", 0666, nullptr, nullptr,
      [](SmackLsm& m, Task& w, const std::string& data, std::string& answer) {
        return user_access(m, w, data, answer, false);
      });
  // smk_write_revoke_subj(): every rule of an existing subject loses its access.
  add(vfs, root, me, "revoke-subject", 0644, nullptr,
      [](SmackLsm& m, File& f, Task& w, const std::string& data) -> long {
        if (f.pos != 0) return -EINVAL;
        if (const long rc = need_mac_admin(m, w); rc != 0) return rc;
        if (data.empty() || data.size() > kSmkLongLabel) return -EINVAL;
        std::uint32_t skp = 0;
        const int rc = smk_find_entry(m, data, w, skp);
        if (rc == -EINVAL) return rc;
        if (rc == 0) m.smk_rules[skp].revoke_all();
        return static_cast<long>(data.size());
      });
  add(vfs, root, me, "change-rule", 0644, nullptr, write_global(SmackRuleFormat::change));
  add_label(vfs, root, me, "syslog", &SmackLsm::syslog_label, &SmackLsm::star);
  add_int(vfs, root, me, "ptrace", &SmackLsm::ptrace_rule, true, 32, true, 0, 2);
  add(
      vfs, root, me, "relabel-self", 0666,
      [](SmackLsm& m, Task& r, std::string& out) {
        out = show_label_list(m, m.tsp(*r.cred).smk_relabel, r);
        return 0;
      },
      [](SmackLsm& m, File& f, Task& w, const std::string& data) -> long {
        if (const long rc = need_mac_admin(m, w); rc != 0) return rc;
        if (f.pos != 0 || data.empty() || data.size() > 4096) return -EINVAL;
        std::vector<std::uint32_t> list;
        const int rc = parse_label_list(m, data, w, list);
        if (rc != 0 && !(rc == -EINVAL && list.empty())) return rc;
        return change_own(m, w, [&](TaskSmack& tsp) -> long {
          tsp.smk_relabel = std::move(list);
          return static_cast<long>(data.size());
        });
      });
  return 0;
}

}  // namespace

void smack_register_smackfs(SmackLsm& lsm) {
  Vfs& vfs = lsm.kernel().vfs();
  const FsType* old = vfs.find_fs_type("smackfs");
  FsType t = old != nullptr ? *old : FsType{};
  t.name = "smackfs";
  t.single = true;  // mount_single
  SmackLsm* me = &lsm;
  t.fill = [me](Vfs& v, SuperBlock& sb, Task&, const std::string&) {
    return smackfs_fill(*me, v, sb);
  };
  vfs.register_fs_type(std::move(t));
}

}  // namespace lsmsim
