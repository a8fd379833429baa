// selinuxfs (security/selinux/selinuxfs.c, v6.12), one instance per mount bound to the
// mounter's SELinux namespace (Smalley series): load, enforce, booleans, access, create,
// context, mls, policyvers, checkreqprot, status, deny_unknown, reject_unknown, policy,
// class/, initial_contexts/, avc/, unshare, maxnsdepth, maxns. Every write must come from a
// task of the instance's own namespace (else EPERM), then passes the kernel's security
// class check in that namespace. lsmsim's load takes policy.conf text (no binary writer).
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "lsms/selinux/policy/policy_parser.h"
#include "lsms/selinux/selinux_access.h"
#include "model/kernel.h"
#include "model/vfs/inode.h"
#include "model/vfs/inode_ops.h"
#include "model/vfs/vfs.h"

namespace lsmsim {

namespace {

// SIMPLE_TRANSACTION_LIMIT: a page less struct simple_transaction_argresp.
constexpr std::size_t kSimpleTransactionLimit = 4096 - 8;

struct SelinuxfsState {
  SelinuxLsm* lsm = nullptr;
  std::shared_ptr<SelinuxNamespace> ns;
};

using Show = std::function<int(SelinuxfsState&, Task&, std::string&)>;
using Store = std::function<long(SelinuxfsState&, Task&, const std::string&)>;
// A transaction: the answer is read back from the same open file.
using Txn = std::function<long(SelinuxfsState&, Task&, const std::string&, std::string&)>;

// Writes to another namespace's selinuxfs are refused whatever the policy says.
long check_writer(SelinuxfsState& st, Task& w) {
  SelinuxNamespace& mine = st.lsm->ns_of(*w.cred);
  if (&mine == st.ns.get()) return 0;
  st.lsm->explain_denial(mine.name, "this selinuxfs belongs to SELinux namespace " + st.ns->name +
                                        ", not the writer's (" + mine.name + ")");
  return -EPERM;
}

// The security class check against SECINITSID_SECURITY in the instance's namespace.
long security_perm(SelinuxfsState& st, Task& w, std::string_view perm) {
  SelinuxLsm& me = *st.lsm;
  const std::uint32_t target = st.ns->initial_sid(me, "security");
  return selinux_avc_has_perm(me, *st.ns, me.cred_sec(*w.cred).sid, target, "security", {perm}, {});
}

using Open = std::function<int(SelinuxfsState&, Task&)>;

struct FileOps : InodeOps {
  std::shared_ptr<SelinuxfsState> st;
  Show show;
  Store store;
  Txn txn;
  Open on_open;
  int open(File&, Task& opener) override {
    const int rc = on_open ? on_open(*st, opener) : 0;
    if (rc < 0) st->lsm->kernel().lsm().record_refusal("selinuxfs", *st->lsm, rc);
    return rc;
  }
  int read(File&, Task& reader, std::string& out) override {
    return show ? show(*st, reader, out) : 0;
  }
  long write(File& f, Task& writer, const std::string& data) override {
    const long rc = do_write(f, writer, data);
    if (rc < 0) st->lsm->kernel().lsm().record_refusal("selinuxfs", *st->lsm, static_cast<int>(rc));
    return rc;
  }
  long do_write(File& f, Task& writer, const std::string& data) {
    if (!store && !txn) return -EINVAL;
    if (const long rc = check_writer(*st, writer); rc != 0) return rc;
    if (store) return store(*st, writer, data);
    // simple_transaction_get(): at most SIMPLE_TRANSACTION_LIMIT - 1 bytes, and one write per
    // open file, counted before the question is even parsed (a refused one uses it up too).
    if (data.size() > kSimpleTransactionLimit - 1) return -EFBIG;
    if (f.private_data != nullptr) return -EBUSY;
    f.private_data = std::make_shared<int>(0);
    std::string answer;
    const long rc = txn(*st, writer, data, answer);
    if (rc < 0) return rc;
    f.seq_buf = std::move(answer);  // simple_transaction_set()
    f.seq_filled = true;
    return static_cast<long>(data.size());
  }
};

std::shared_ptr<FileOps> file_ops(const std::shared_ptr<SelinuxfsState>& st, Show show,
                                  Store store = nullptr, Txn txn = nullptr) {
  auto ops = std::make_shared<FileOps>();
  ops->st = st;
  ops->show = std::move(show);
  ops->store = std::move(store);
  ops->txn = std::move(txn);
  ops->simple_transaction = ops->txn != nullptr;
  return ops;
}

void add(Vfs& vfs, Inode& dir, const std::shared_ptr<SelinuxfsState>& st, const std::string& name,
         unsigned mode, Show show, Store store = nullptr, Txn txn = nullptr) {
  vfs.add_seq_file(dir, name, mode,
                   file_ops(st, std::move(show), std::move(store), std::move(txn)));
}

// A directory whose entries follow the namespace's current policy, as the kernel rebuilds
// class/ and initial_contexts/ at each load (sel_make_policy_nodes()): `names` lists them
// now, `make` builds the inode of one (kept, and reused while the name exists).
struct PolicyDirOps : InodeOps {
  std::function<std::vector<std::string>()> names;
  std::function<std::shared_ptr<Inode>(Inode& dir, const std::string& name)> make;
  std::map<std::string, std::shared_ptr<Inode>> made;
  std::shared_ptr<Inode> lookup(Inode& dir, const std::string& name, Task&) override {
    const std::vector<std::string> now = names();
    if (std::find(now.begin(), now.end(), name) == now.end()) return nullptr;
    auto& inode = made[name];
    if (inode == nullptr) inode = make(dir, name);
    return inode;
  }
  std::vector<std::string> list(Inode&, Task&) override { return names(); }
};

std::shared_ptr<Inode> policy_dir(Vfs& vfs, SuperBlock& sb, std::shared_ptr<PolicyDirOps> ops) {
  auto d = vfs.new_inode(sb, S_IFDIR_ | 0555);
  d->ops = std::move(ops);
  return d;
}

std::shared_ptr<Inode> policy_file(Vfs& vfs, SuperBlock& sb, std::shared_ptr<FileOps> ops) {
  auto f = vfs.new_inode(sb, S_IFREG_ | 0444);
  f->ops = std::move(ops);
  return f;
}

const sepolicy::SecurityClass* find_class(SelinuxNamespace& ns, const std::string& name) {
  return ns.initialized() ? ns.ss->policy().tclass(ns.ss->class_value(name)) : nullptr;
}

// class/<name>/{index, perms/<perm>}: libselinux's string_to_security_class() and
// string_to_av_perm() read the numbers from here (sel_read_class, sel_read_perm: "%d").
std::shared_ptr<Inode> make_class_dir(Vfs& vfs, const std::shared_ptr<SelinuxfsState>& st,
                                      SuperBlock& sb, const std::string& cls) {
  auto dir = vfs.new_inode(sb, S_IFDIR_ | 0555);
  vfs.add_seq_file(*dir, "index", 0444,
                   file_ops(st, [cls](SelinuxfsState& s, Task&, std::string& out) {
                     const std::uint16_t v = s.ns->initialized() ? s.ns->ss->class_value(cls) : 0;
                     if (v == 0) return -ENOENT;
                     out = std::to_string(v);
                     return 0;
                   }));
  auto perms = std::make_shared<PolicyDirOps>();
  perms->names = [st, cls] {
    const sepolicy::SecurityClass* c = find_class(*st->ns, cls);
    return c != nullptr ? c->perms : std::vector<std::string>{};
  };
  perms->make = [&vfs, st, cls](Inode& d, const std::string& perm) {
    return policy_file(vfs, *d.sb,
                       file_ops(st, [cls, perm](SelinuxfsState& s, Task&, std::string& out) {
                         const sepolicy::SecurityClass* c = find_class(*s.ns, cls);
                         if (c == nullptr) return -ENOENT;
                         auto it = std::find(c->perms.begin(), c->perms.end(), perm);
                         if (it == c->perms.end()) return -ENOENT;
                         out = std::to_string(it - c->perms.begin() + 1);  // bit index + 1
                         return 0;
                       }));
  };
  auto pd = policy_dir(vfs, sb, std::move(perms));
  dir->entries["perms"] = pd;
  ++dir->nlink;
  return dir;
}

std::string trim(const std::string& s) {
  std::size_t e = s.size();
  while (e > 0 && (s[e - 1] == '\n' || s[e - 1] == '\0' || s[e - 1] == ' ')) --e;
  return s.substr(0, e);
}

bool parse_int(const std::string& s, long& out) {
  const std::string t = trim(s);
  if (t.empty()) return false;
  char* end = nullptr;
  out = std::strtol(t.c_str(), &end, 10);
  return end != nullptr && *end == '\0';
}

// "scon tcon tclass [x]": tclass by number, read as the kernel's sscanf("%hu") does (leading
// digits, the value wrapped to 16 bits, anything after them ignored; a class the policy does
// not define is not an error: security_compute_av_user() answers "nothing allowed" and
// security_compute_sid() the default labels), or, for lsmsim's convenience, by name.
// `extra` is what sel_write_create()'s "%s %s %hu %s" puts in its fourth field: after the
// class digits the rest of that word when there is one ("3abc" gives "abc", as vsscanf goes
// on where %hu stopped), else the next word.
bool parse_query(SelinuxNamespace& ns, const std::string& data, sepolicy::Context& s,
                 sepolicy::Context& t, std::uint16_t& cls, std::string& extra) {
  std::istringstream in(trim(data));
  std::string scon, tcon, tclass;
  if (!(in >> scon >> tcon >> tclass)) return false;
  in >> extra;
  if (ns.ss->context_from_string(scon, s) != 0 || ns.ss->context_from_string(tcon, t) != 0)
    return false;
  if (std::isdigit(static_cast<unsigned char>(tclass[0]))) {
    std::uint64_t v = 0;  // simple_strntoull(): wraps, never fails
    std::size_t i = 0;
    for (; i < tclass.size() && std::isdigit(static_cast<unsigned char>(tclass[i])); ++i)
      v = v * 10u + static_cast<unsigned>(tclass[i] - '0');
    cls = static_cast<std::uint16_t>(v);
    if (i < tclass.size()) extra = tclass.substr(i);
    return true;
  }
  cls = ns.ss->class_value(tclass);
  return cls != 0;
}

// sel_write_create()'s percent-decoding of the object name: '+' is a space, %XX a byte (either
// case), and a '%' without two hex digits after it is EINVAL. The name ends at a decoded NUL.
bool decode_object_name(const std::string& in, std::string& out) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      c = ' ';
    } else if (c == '%') {
      const int hi = i + 1 < in.size() ? hex(in[i + 1]) : -1;
      const int lo = i + 2 < in.size() ? hex(in[i + 2]) : -1;
      if (hi < 0 || lo < 0) return false;
      c = static_cast<char>((hi << 4) | lo);
      i += 2;
    }
    if (c == '\0') break;
    out += c;
  }
  return true;
}

// The booleans/ directory: one file per boolean of the current policy.
struct BoolDirOps : InodeOps {
  std::shared_ptr<SelinuxfsState> st;
  Vfs* vfs = nullptr;
  std::map<std::string, std::shared_ptr<Inode>> made;
  std::shared_ptr<Inode> lookup(Inode& dir, const std::string& name, Task&) override {
    SelinuxNamespace& ns = *st->ns;
    if (!ns.initialized() || !ns.ss->boolean(name)) return nullptr;
    auto& inode = made[name];
    if (inode != nullptr) return inode;
    auto ops = std::make_shared<FileOps>();
    ops->st = st;
    // sel_read_bool(): "%d %d", the current and the pending value.
    ops->show = [name](SelinuxfsState& s, Task&, std::string& out) {
      if (!s.ns->initialized()) return -ENOENT;
      const auto cur = s.ns->ss->boolean(name);
      if (!cur) return -ENOENT;
      auto it = s.ns->pending_bools.find(name);
      const bool pending = it != s.ns->pending_bools.end() ? it->second : *cur;
      out = std::to_string(*cur ? 1 : 0) + " " + std::to_string(pending ? 1 : 0);
      return 0;
    };
    ops->store = [name](SelinuxfsState& s, Task& w, const std::string& data) -> long {
      if (const long rc = security_perm(s, w, "setbool"); rc != 0) return rc;
      long v = 0;
      if (!parse_int(data, v)) return -EINVAL;
      if (!s.ns->initialized() || !s.ns->ss->boolean(name)) return -ENOENT;
      s.ns->pending_bools[name] = v != 0;
      return static_cast<long>(data.size());
    };
    inode = vfs->new_inode(*dir.sb, S_IFREG_ | 0644);
    inode->ops = std::move(ops);
    return inode;
  }
  std::vector<std::string> list(Inode&, Task&) override {
    std::vector<std::string> out;
    if (st->ns->initialized())
      for (const auto& b : st->ns->ss->policy().booleans) out.push_back(b.name);
    return out;
  }
};

int selinuxfs_fill(SelinuxLsm& me, Vfs& vfs, SuperBlock& sb, Task& mounter) {
  sb.pseudo = true;
  auto st = std::make_shared<SelinuxfsState>();
  st->lsm = &me;
  const SelinuxCredSecurity& tsec = me.cred_sec(*mounter.cred);
  st->ns = tsec.ns != nullptr ? tsec.ns : me.init_ns;
  sb.fs_info = st;
  sb.root = vfs.new_inode(sb, S_IFDIR_ | 0755);
  Inode& root = *sb.root;

  // sel_write_load(): security:load_policy, then the whole text in one write.
  add(vfs, root, st, "load", 0600, nullptr,
      [](SelinuxfsState& s, Task& w, const std::string& data) -> long {
        if (const long rc = security_perm(s, w, "load_policy"); rc != 0) return rc;
        try {
          selinux_ns_load_policy(*s.lsm, *s.ns, data, "/sys/fs/selinux/load");
        } catch (const std::exception& e) {
          s.lsm->explain_denial(s.ns->name, std::string("policy load failed: ") + e.what());
          return -EINVAL;
        }
        return static_cast<long>(data.size());
      });
  // sel_read_enforce() / sel_write_enforce(): setenforce only when the value changes.
  add(
      vfs, root, st, "enforce", 0644,
      [](SelinuxfsState& s, Task&, std::string& out) {
        out = s.ns->enforcing ? "1" : "0";
        return 0;
      },
      [](SelinuxfsState& s, Task& w, const std::string& data) -> long {
        long v = 0;
        if (!parse_int(data, v)) return -EINVAL;
        const bool want = v != 0;
        if (want != s.ns->enforcing) {
          if (const long rc = security_perm(s, w, "setenforce"); rc != 0) return rc;
          s.ns->set_enforcing(want);
        }
        return static_cast<long>(data.size());
      });
  add(vfs, root, st, "policyvers", 0444, [](SelinuxfsState&, Task&, std::string& out) {
    out = "33";  // POLICYDB_VERSION_MAX
    return 0;
  });
  add(vfs, root, st, "mls", 0444, [](SelinuxfsState& s, Task&, std::string& out) {
    out = s.ns->initialized() && s.ns->ss->policy().mls ? "1" : "0";
    return 0;
  });
  // sel_write_access(): "%x %x %x %x %u %x" = allowed decided auditallow auditdeny seqno flags.
  add(vfs, root, st, "access", 0666, nullptr, nullptr,
      [](SelinuxfsState& s, Task& w, const std::string& data, std::string& out) -> long {
        if (const long rc = security_perm(s, w, "compute_av"); rc != 0) return rc;
        char buf[128];
        if (!s.ns->initialized()) {
          std::snprintf(buf, sizeof buf, "%x %x %x %x %u %x", 0xffffffffu, 0xffffffffu, 0u,
                        0xffffffffu, s.ns->seqno, 0u);
          out = buf;
          return 0;
        }
        sepolicy::Context sc, tc;
        std::uint16_t cls = 0;
        std::string extra;
        if (!parse_query(*s.ns, data, sc, tc, cls, extra)) return -EINVAL;
        const sepolicy::AvDecision d = s.ns->ss->compute_av(sc, tc, cls);
        std::snprintf(buf, sizeof buf, "%x %x %x %x %u %x", d.allowed, 0xffffffffu, d.auditallow,
                      d.auditdeny, s.ns->seqno, d.permissive ? 1u : 0u);
        out = buf;
        return 0;
      });
  // sel_write_create(): the new object's context, with its NUL.
  add(vfs, root, st, "create", 0666, nullptr, nullptr,
      [](SelinuxfsState& s, Task& w, const std::string& data, std::string& out) -> long {
        if (const long rc = security_perm(s, w, "compute_create"); rc != 0) return rc;
        if (!s.ns->initialized()) return -EINVAL;
        sepolicy::Context sc, tc, nc;
        std::uint16_t cls = 0;
        std::string word, name;
        if (!parse_query(*s.ns, data, sc, tc, cls, word)) return -EINVAL;
        if (!decode_object_name(word, name)) return -EINVAL;
        // compute_sid_handle_invalid_context(): an invalid new context is EACCES when
        // enforcing; a permissive kernel hands it back.
        if (const int rc = s.ns->ss->compute_create(sc, tc, cls, name, nc, s.ns->enforcing);
            rc != 0)
          return rc;
        out = s.ns->ss->context_to_string(nc) + '\0';
        return 0;
      });
  // sel_write_context(): the canonical form of a valid context, with its NUL.
  add(vfs, root, st, "context", 0666, nullptr, nullptr,
      [](SelinuxfsState& s, Task& w, const std::string& data, std::string& out) -> long {
        if (const long rc = security_perm(s, w, "check_context"); rc != 0) return rc;
        const std::string ctx = trim(data.substr(0, data.find('\0')));
        if (!s.ns->initialized()) {
          out = ctx + '\0';
          return 0;
        }
        sepolicy::Context c;
        std::string why;
        if (s.ns->ss->context_from_string(ctx, c, &why) != 0) {
          s.lsm->explain_denial(s.ns->name, "invalid context '" + ctx + "': " + why);
          return -EINVAL;
        }
        out = s.ns->ss->context_to_string(c) + '\0';
        return 0;
      });
  auto bools = vfs.add_dir(root, "booleans", 0755);
  auto bops = std::make_shared<BoolDirOps>();
  bops->st = st;
  bops->vfs = &vfs;
  bools->ops = bops;
  add(vfs, root, st, "commit_pending_bools", 0200, nullptr,
      [](SelinuxfsState& s, Task& w, const std::string& data) -> long {
        if (const long rc = security_perm(s, w, "setbool"); rc != 0) return rc;
        long v = 0;
        if (!parse_int(data, v)) return -EINVAL;
        if (v != 0) selinux_ns_commit_bools(*s.ns);
        return static_cast<long>(data.size());
      });
  auto avc = vfs.add_dir(root, "avc", 0555);
  add(vfs, *avc, st, "cache_stats", 0444, [](SelinuxfsState& s, Task&, std::string& out) {
    out = s.ns->cache_stats();
    return 0;
  });
  add(
      vfs, *avc, st, "cache_threshold", 0644,
      [](SelinuxfsState& s, Task&, std::string& out) {
        out = std::to_string(s.ns->avc.cache_threshold());
        return 0;
      },
      [](SelinuxfsState& s, Task& w, const std::string& data) -> long {
        if (const long rc = security_perm(s, w, "setsecparam"); rc != 0) return rc;
        long v = 0;
        if (!parse_int(data, v) || v < 0 || v > 0xffffffffL) return -EINVAL;
        s.ns->avc.set_cache_threshold(static_cast<unsigned>(v));
        return static_cast<long>(data.size());
      });
  add(vfs, *avc, st, "hash_stats", 0444, [](SelinuxfsState& s, Task&, std::string& out) {
    out = s.ns->avc.hash_stats_text();
    return 0;
  });
  // sel_read_checkreqprot() is always 0 since 6.4; sel_write_checkreqprot() in 6.12 checks
  // security:setcheckreqprot, wants an unsigned number (EINVAL otherwise) and changes nothing.
  add(
      vfs, root, st, "checkreqprot", 0644,
      [](SelinuxfsState&, Task&, std::string& out) {
        out = "0";
        return 0;
      },
      [](SelinuxfsState& s, Task& w, const std::string& data) -> long {
        if (const long rc = security_perm(s, w, "setcheckreqprot"); rc != 0) return rc;
        long v = 0;
        if (!parse_int(data, v) || v < 0) return -EINVAL;
        // v != 0: the kernel only logs "set checkreqprot to 1. This is no longer supported."
        return static_cast<long>(data.size());
      });
  // sel_read_handle_unknown(): deny_unknown = !security_get_allow_unknown(), reject_unknown =
  // security_get_reject_unknown(); lsmsim's policies are handle_unknown=deny.
  add(vfs, root, st, "deny_unknown", 0444, [](SelinuxfsState&, Task&, std::string& out) {
    out = "1";
    return 0;
  });
  add(vfs, root, st, "reject_unknown", 0444, [](SelinuxfsState&, Task&, std::string& out) {
    out = "0";
    return 0;
  });
  // status: the namespace's struct selinux_kernel_status, allocated at the first open
  // (sel_open_handle_status, no permission check), read as its 20 raw bytes.
  {
    auto ops = file_ops(st, [](SelinuxfsState& s, Task&, std::string& out) {
      const SelinuxKernelStatus& k = s.ns->status_page();
      const std::uint32_t words[] = {k.version, k.sequence, k.enforcing, k.policyload,
                                     k.deny_unknown};
      out.assign(sizeof words, '\0');
      std::memcpy(out.data(), words, sizeof words);
      return 0;
    });
    ops->on_open = [](SelinuxfsState& s, Task&) {
      (void)s.ns->status_page();
      return 0;
    };
    vfs.add_seq_file(root, "status", 0444, std::move(ops));
  }
  // policy: sel_open_policy() checks security:read_policy, then security_read_policy() writes
  // the binary policy. lsmsim has no binary policy writer: the open fails with EINVAL, the
  // errno the kernel gives when there is no policy to read (a documented divergence).
  {
    auto ops = file_ops(st, nullptr);
    ops->on_open = [](SelinuxfsState& s, Task& opener) -> int {
      if (const long rc = security_perm(s, opener, "read_policy"); rc != 0)
        return static_cast<int>(rc);
      s.lsm->explain_denial(s.ns->name,
                            s.ns->initialized()
                                ? "lsmsim cannot write a binary policy (no policydb writer)"
                                : "no policy is loaded in SELinux namespace " + s.ns->name);
      return -EINVAL;
    };
    vfs.add_seq_file(root, "policy", 0400, std::move(ops));
  }
  // class/: one directory per class of the current policy.
  {
    auto ops = std::make_shared<PolicyDirOps>();
    ops->names = [st] {
      std::vector<std::string> out;
      if (st->ns->initialized())
        for (const auto& c : st->ns->ss->policy().classes) out.push_back(c.name);
      return out;
    };
    ops->make = [&vfs, st](Inode& d, const std::string& cls) {
      return make_class_dir(vfs, st, *d.sb, cls);
    };
    root.entries["class"] = policy_dir(vfs, sb, std::move(ops));
    ++root.nlink;
  }
  // initial_contexts/<name>: sel_read_initcon(), the context of the initial SID with its NUL
  // (security_sid_to_context()'s length counts it). Only the initial SIDs the policy gives a
  // context.
  {
    auto ops = std::make_shared<PolicyDirOps>();
    ops->names = [st] {
      std::vector<std::string> out;
      if (st->ns->initialized())
        for (const auto& i : st->ns->ss->policy().initial_sids)
          if (i.context) out.push_back(i.name);
      return out;
    };
    ops->make = [&vfs, st](Inode& d, const std::string& name) {
      return policy_file(vfs, *d.sb,
                         file_ops(st, [name](SelinuxfsState& s, Task&, std::string& out) {
                           if (!s.ns->initialized()) return -ENOENT;
                           for (const auto& i : s.ns->ss->policy().initial_sids) {
                             if (i.name != name || !i.context) continue;
                             out = s.ns->ss->context_to_string(*i.context) + '\0';
                             return 0;
                           }
                           return -ENOENT;
                         }));
    };
    root.entries["initial_contexts"] = policy_dir(vfs, sb, std::move(ops));
    ++root.nlink;
  }
  // unshare (proposed): "1" in a child namespace, "0" in init; writing 1 unshares.
  add(
      vfs, root, st, "unshare", 0600,
      [](SelinuxfsState& s, Task& r, std::string& out) {
        out = s.lsm->ns_of(*r.cred).depth > 0 ? "1" : "0";
        return 0;
      },
      [](SelinuxfsState& s, Task& w, const std::string& data) -> long {
        long v = 0;
        if (!parse_int(data, v) || v != 1) return -EINVAL;
        if (const long rc = security_perm(s, w, "unshare"); rc != 0) return rc;
        const int rc = selinux_unshare(*s.lsm, w);
        return rc != 0 ? rc : static_cast<long>(data.size());
      });
  // maxnsdepth / maxns: writable only from the init namespace.
  for (const char* lim : {"maxnsdepth", "maxns"}) {
    const bool depth = std::string(lim) == "maxnsdepth";
    add(
        vfs, root, st, lim, 0644,
        [depth](SelinuxfsState& s, Task&, std::string& out) {
          out = std::to_string(depth ? s.lsm->maxnsdepth : s.lsm->maxns);
          return 0;
        },
        [depth](SelinuxfsState& s, Task& w, const std::string& data) -> long {
          if (s.lsm->ns_of(*w.cred).depth != 0) {
            s.lsm->explain_denial(s.lsm->ns_of(*w.cred).name,
                                  "SELinux namespace limits are set from the init namespace only");
            return -EPERM;
          }
          long v = 0;
          if (!parse_int(data, v) || v < 0 || v > 1000000) return -EINVAL;
          (depth ? s.lsm->maxnsdepth : s.lsm->maxns) = static_cast<int>(v);
          return static_cast<long>(data.size());
        });
  }
  return 0;
}

}  // namespace

void selinux_register_selinuxfs(SelinuxLsm& lsm) {
  Vfs& vfs = lsm.kernel().vfs();
  const FsType* old = vfs.find_fs_type("selinuxfs");
  FsType t = old != nullptr ? *old : FsType{};
  t.name = "selinuxfs";
  SelinuxLsm* me = &lsm;
  t.fill = [me](Vfs& v, SuperBlock& sb, Task& mounter, const std::string&) {
    return selinuxfs_fill(*me, v, sb, mounter);
  };
  vfs.register_fs_type(std::move(t));
}

}  // namespace lsmsim
