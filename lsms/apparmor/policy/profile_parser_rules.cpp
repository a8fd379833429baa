// The non-file rule families: capability, network, signal, ptrace, unix, mount/remount/
// umount/pivot_root, change_profile, userns (apparmor.d(5); apparmor_parser 3.0's
// parser_yacc.y, network.c, signal.cc, ptrace.cc, af_unix.cc, mount.cc for the checks).
#include <algorithm>
#include <array>

#include "lsms/apparmor/policy/aa_names.h"
#include "lsms/apparmor/policy/profile_parser_impl.h"
#include "model/capability.h"

namespace lsmsim::aa {

namespace {

template <std::size_t N>
std::optional<std::uint32_t> perm_bits(
    const std::array<std::pair<const char*, std::uint32_t>, N>& t, const std::string& w) {
  for (const auto& [name, bits] : t) {
    if (w == name) return bits;
  }
  return std::nullopt;
}

// apparmor_parser's network/signal/ptrace/unix modes: r is read/receive, w write/send.
constexpr std::array<std::pair<const char*, std::uint32_t>, 7> kSignalPerms = {{
    {"send", kSignalSend},
    {"receive", kSignalReceive},
    {"r", kSignalReceive},
    {"w", kSignalSend},
    {"rw", kSignalSend | kSignalReceive},
    {"read", kSignalReceive},
    {"write", kSignalSend},
}};
constexpr std::array<std::pair<const char*, std::uint32_t>, 7> kPtracePerms = {{
    {"read", kPtraceRead},
    {"trace", kPtraceTrace},
    {"readby", kPtraceReadby},
    {"tracedby", kPtraceTracedby},
    {"r", kPtraceRead},
    {"w", kPtraceTrace},
    {"rw", kPtraceRead | kPtraceTrace},
}};
constexpr std::array<std::pair<const char*, std::uint32_t>, 15> kUnixPerms = {{
    {"create", kUnixCreate},
    {"bind", kUnixBind},
    {"listen", kUnixListen},
    {"accept", kUnixAccept},
    {"connect", kUnixConnect},
    {"send", kUnixSend},
    {"receive", kUnixReceive},
    {"getattr", kUnixGetattr},
    {"setattr", kUnixSetattr},
    {"getopt", kUnixGetopt},
    {"setopt", kUnixSetopt},
    {"shutdown", kUnixShutdown},
    {"r", kUnixReceive},
    {"w", kUnixSend},
    {"rw", kUnixSend | kUnixReceive},
}};

// Mount flags apparmor_parser 3.0.8 knows (apparmor.d(5) "MOUNT FLAGS" and its short
// forms); others are "unsupported mount options".
constexpr const char* kMountOptions[] = {"ro",          "r",
                                         "read-only",   "rw",
                                         "w",           "suid",
                                         "nosuid",      "dev",
                                         "nodev",       "exec",
                                         "noexec",      "sync",
                                         "async",       "remount",
                                         "mand",        "nomand",
                                         "dirsync",     "atime",
                                         "noatime",     "diratime",
                                         "nodiratime",  "bind",
                                         "B",           "move",
                                         "M",           "rbind",
                                         "R",           "verbose",
                                         "silent",      "loud",
                                         "acl",         "noacl",
                                         "unbindable",  "make-unbindable",
                                         "runbindable", "make-runbindable",
                                         "private",     "make-private",
                                         "rprivate",    "make-rprivate",
                                         "slave",       "make-slave",
                                         "rslave",      "make-rslave",
                                         "shared",      "make-shared",
                                         "rshared",     "make-rshared",
                                         "relatime",    "norelatime",
                                         "iversion",    "noiversion",
                                         "strictatime", "user",
                                         "nouser"};

}  // namespace

void ProfileParser::capability_rule(ProfileBuild& b, const Qualifiers& q) {
  lex_.next();
  std::uint64_t mask = 0;
  bool named = false;
  while (lex_.peek().kind != Tok::comma) {
    const Token t = lex_.next();
    if (t.kind != Tok::word)
      error(t, "expected a capability name or ',', found " + tok_describe(t));
    const auto cap = aa_capability_number(expand(t));
    if (!cap) error(t, "Invalid capability " + t.text + ".");
    mask |= std::uint64_t{1} << *cap;
    named = true;
  }
  lex_.next();
  if (!named) mask = CapSet::full().bits();  // bare `capability,`
  CapabilityRules& c = b.profile->caps;
  if (q.deny) {
    c.deny |= mask;
    if (q.audit) {
      c.audit |= mask;
    } else {
      c.quiet |= mask;
    }
  } else {
    c.allow |= mask;
    if (q.audit) c.audit |= mask;
  }
}

void ProfileParser::network_rule(ProfileBuild& b, const Qualifiers& q) {
  const Token kw = lex_.next();
  NetworkRule r;
  r.deny = q.deny;
  r.audit = q.audit;
  r.pos = kw.pos;
  std::vector<Token> words;
  while (lex_.peek().kind == Tok::word) words.push_back(lex_.next());
  expect(Tok::comma, "',' to end the network rule (family, then type or protocol)");
  if (words.empty()) {
    if (!q.deny && !q.audit) {
      b.profile->network_all = true;
      return;
    }
    b.profile->network.push_back(r);
    return;
  }
  std::size_t i = 0;
  if (const auto f = aa_family_number(words[0].text)) {
    r.family = *f;
    i = 1;
  }
  if (i < words.size()) {
    if (const auto ty = aa_sock_type_number(words[i].text)) {
      r.type = *ty;
    } else if (const auto pr = aa_protocol(words[i].text, r.family)) {
      r.protocol = pr->protocol;
      r.type = pr->sock_type;
    } else {
      error(words[i], "Invalid network entry.");
    }
    ++i;
  }
  if (i < words.size())
    error(words[i],
          "expected ',' after the network family and type, found " + tok_describe(words[i]));
  b.profile->network.push_back(r);
}

namespace {

// The permissions of a signal/ptrace/unix rule: a word or a (list), commas allowed.
template <std::size_t N>
std::uint32_t read_perm_word(ProfileParser& p, const Token& t,
                             const std::array<std::pair<const char*, std::uint32_t>, N>& table,
                             const char* kind) {
  const auto bits = perm_bits(table, t.text);
  if (!bits) p.error(t, std::string("unknown ") + kind + " permission '" + t.text + "'");
  return *bits;
}

}  // namespace

void ProfileParser::signal_rule(ProfileBuild& b, const Qualifiers& q) {
  const Token kw = lex_.next();
  SignalRule r;
  r.deny = q.deny;
  r.audit = q.audit;
  r.pos = kw.pos;
  std::uint32_t perms = 0;
  std::uint64_t signals = 0;
  bool any_set = false, exists = false;
  for (const Token& v : leading_perms()) perms |= read_perm_word(*this, v, kSignalPerms, "signal");
  while (lex_.peek().kind != Tok::comma) {
    const Token& t = lex_.peek();
    if (t.kind == Tok::lparen) error(t, "permissions come first in a signal rule, found '('");
    if (t.kind != Tok::word)
      error(t, "expected a signal permission, set=, peer= or ',', found " + tok_describe(t));
    if (lex_.peek(1).kind == Tok::equals) {
      const Token key = lex_.next();
      lex_.next();
      const std::vector<Token> vals = cond_values();
      if (key.text == "set") {
        for (const Token& v : vals) {
          const auto n = aa_signal_number(v.text);
          if (!n) error(v, "unknown signal \"" + v.text + "\"");
          any_set = true;
          // "exists" (signal 0, the kernel's MAXMAPPED_SIG entry) has its own flag.
          if (*n == 0)
            exists = true;
          else
            signals |= std::uint64_t{1} << (*n - 1);
        }
      } else if (key.text == "peer") {
        if (vals.size() != 1) error(key, "expected one label after peer=");
        r.peer.emplace(make_glob(expand(vals[0]), vals[0]));
      } else {
        error(key, "unknown signal rule condition '" + key.text + "' (expected set= or peer=)");
      }
      continue;
    }
    error(t, "expected set=, peer= or ',' (permissions come first), found " + tok_describe(t));
  }
  lex_.next();
  if (perms != 0) r.perms = perms;
  if (any_set) {
    r.signals = signals;
    r.exists = exists;
  }
  b.profile->signal.push_back(std::move(r));
}

void ProfileParser::ptrace_rule(ProfileBuild& b, const Qualifiers& q) {
  const Token kw = lex_.next();
  PtraceRule r;
  r.deny = q.deny;
  r.audit = q.audit;
  r.pos = kw.pos;
  std::uint32_t perms = 0;
  for (const Token& v : leading_perms()) perms |= read_perm_word(*this, v, kPtracePerms, "ptrace");
  while (lex_.peek().kind != Tok::comma) {
    const Token& t = lex_.peek();
    if (t.kind == Tok::lparen) error(t, "permissions come first in a ptrace rule, found '('");
    if (t.kind != Tok::word)
      error(t, "expected a ptrace permission, peer= or ',', found " + tok_describe(t));
    if (lex_.peek(1).kind == Tok::equals) {
      const Token key = lex_.next();
      lex_.next();
      const std::vector<Token> vals = cond_values();
      if (key.text != "peer") error(key, "unknown ptrace rule condition '" + key.text + "'");
      if (vals.size() != 1) error(key, "expected one label after peer=");
      r.peer.emplace(make_glob(expand(vals[0]), vals[0]));
      continue;
    }
    error(t, "expected peer= or ',' (permissions come first), found " + tok_describe(t));
  }
  lex_.next();
  if (perms != 0) r.perms = perms;
  b.profile->ptrace.push_back(std::move(r));
}

void ProfileParser::unix_rule(ProfileBuild& b, const Qualifiers& q) {
  const Token kw = lex_.next();
  UnixRule r;
  r.deny = q.deny;
  r.audit = q.audit;
  r.pos = kw.pos;
  std::uint32_t perms = 0;
  auto one = [&](const Token& key, const std::vector<Token>& vals) -> const Token& {
    if (vals.size() != 1) error(key, "expected one value after " + key.text + "=");
    return vals[0];
  };
  for (const Token& v : leading_perms()) perms |= read_perm_word(*this, v, kUnixPerms, "unix");
  while (lex_.peek().kind != Tok::comma) {
    const Token key = condition_key("unix");
    if (key.text == "peer") {
      // peer=(label=L addr=A)
      if (lex_.peek().kind != Tok::lparen) error(lex_.peek(), "expected '(' after peer=");
      lex_.next();
      while (lex_.peek().kind != Tok::rparen) {
        if (lex_.peek().kind == Tok::comma) {
          lex_.next();
          continue;
        }
        const Token pk = expect(Tok::word, "label= or addr= in peer=( )");
        expect(Tok::equals, "'=' after " + pk.text);
        const std::vector<Token> vals = cond_values();
        const Token& v = one(pk, vals);
        if (pk.text == "label") {
          r.peer_label.emplace(make_glob(expand(v), v));
        } else if (pk.text == "addr") {
          r.peer_addr.emplace(make_glob(expand(v), v));
        } else {
          error(pk, "unknown peer condition '" + pk.text + "' (expected label= or addr=)");
        }
      }
      lex_.next();
      continue;
    }
    const std::vector<Token> vals = cond_values();
    if (key.text == "type") {
      const Token& v = one(key, vals);
      const auto ty = aa_sock_type_number(v.text);
      if (!ty) error(v, "socket rule: invalid socket type '" + v.text + "'");
      r.type = *ty;
    } else if (key.text == "addr") {
      const Token& v = one(key, vals);
      r.addr.emplace(make_glob(expand(v), v));
    } else if (key.text == "label" || key.text == "attr" || key.text == "opt" ||
               key.text == "protocol") {
      warn(key.pos, "unix rule condition " + key.text + "= is not modelled by lsmsim");
    } else {
      error(key, "unknown unix rule condition '" + key.text + "'");
    }
  }
  lex_.next();
  if (perms != 0) r.perms = perms;
  b.profile->unix_rules.push_back(std::move(r));
}

void ProfileParser::mount_rule(ProfileBuild& b, const Qualifiers& q, MountKind kind) {
  const Token kw = lex_.next();
  MountRule r;
  r.kind = kind;
  r.deny = q.deny;
  r.audit = q.audit;
  r.pos = kw.pos;
  std::vector<Token> paths;
  bool arrow = false;
  std::optional<Token> after_arrow;
  while (lex_.peek().kind != Tok::comma) {
    const Token& t = lex_.peek();
    if (t.kind == Tok::arrow) {
      if (arrow) error(t, "a second '->' in the " + kw.text + " rule");
      lex_.next();
      arrow = true;
      continue;
    }
    if (t.kind != Tok::word && t.kind != Tok::string) {
      error(t, "expected a condition, a path, '->' or ',' in the " + kw.text + " rule, found " +
                   tok_describe(t));
    }
    const bool cond =
        t.kind == Tok::word && (lex_.peek(1).kind == Tok::equals ||
                                (lex_.peek(2).kind == Tok::lparen && at_word("in", 1)));
    if (cond && (arrow || !paths.empty())) {
      // 3.0.8: conditions go before the source; after '->' they are "mount point
      // conditions not currently supported".
      error(t, arrow ? "mount point conditions not currently supported"
                     : "conditions come before the path in a " + kw.text + " rule");
    }
    if (cond) {
      const Token key = lex_.next();
      lex_.next();  // = or in
      const std::vector<Token> vals = cond_values();
      if (key.text == "fstype" || key.text == "vfstype") {
        for (const Token& v : vals) r.fstypes.push_back(expand(v));
      } else if (key.text == "options") {
        for (const Token& v : vals) {
          if (std::none_of(std::begin(kMountOptions), std::end(kMountOptions),
                           [&](const char* o) { return v.text == o; })) {
            error(v, "unsupported mount options '" + v.text + "'");
          }
          r.options.push_back(v.text);
        }
      } else if (key.text == "oldroot" && kind == MountKind::pivot_root) {
        r.source.emplace(make_glob(expand(vals.at(0)), vals.at(0)));
      } else {
        error(key, "unknown " + kw.text + " condition '" + key.text + "'");
      }
      continue;
    }
    const Token p = lex_.next();
    if (arrow) {
      if (after_arrow) error(p, "expected ',' after the " + kw.text + " target");
      after_arrow = p;
    } else {
      paths.push_back(p);
    }
  }
  lex_.next();
  if (paths.size() > 1) error(paths[1], "expected one path before '->' or ','");
  if (kind == MountKind::mount) {
    // mount SOURCE -> MOUNTPOINT
    if (!paths.empty()) r.source.emplace(make_glob(expand(paths[0]), paths[0]));
    if (after_arrow) r.mountpoint.emplace(make_glob(expand(*after_arrow), *after_arrow));
  } else if (kind == MountKind::pivot_root) {
    // pivot_root [oldroot=OLD] NEWROOT [-> PROFILE]: mountpoint is the new root, source
    // the put-old directory; the profile to change to is not modelled.
    if (!paths.empty()) r.mountpoint.emplace(make_glob(expand(paths[0]), paths[0]));
    if (after_arrow) warn(after_arrow->pos, "pivot_root's '-> profile' is not modelled by lsmsim");
  } else {
    if (arrow) error(kw, kw.text + " rules take no '->'");
    if (!paths.empty()) r.mountpoint.emplace(make_glob(expand(paths[0]), paths[0]));
  }
  b.profile->mount.push_back(std::move(r));
}

void ProfileParser::change_profile_rule(ProfileBuild& b, const Qualifiers& q) {
  const Token kw = lex_.next();
  // safe/unsafe (whether the environment is scrubbed) qualify an exec condition, which
  // must follow.
  const bool exec_mode = at_word("safe") || at_word("unsafe");
  if (exec_mode) lex_.next();
  std::optional<Glob> exec;
  const Token& e0 = lex_.peek();
  const bool exec_path =
      e0.kind == Tok::string || (e0.kind == Tok::word && !e0.text.empty() &&
                                 (e0.text[0] == '/' || e0.text.rfind("@{", 0) == 0));
  if (exec_mode && !exec_path) {
    error(e0, "expected the program path after safe/unsafe, found " + tok_describe(e0));
  }
  if (exec_path) {
    const Token e = lex_.next();
    exec.emplace(make_glob(expand(e), e));
  }
  std::string target = "**";  // no `->`: any profile
  bool stack = false;
  Token at = kw;
  if (lex_.peek().kind == Tok::arrow) {
    lex_.next();
    at = lex_.next();
    if (at.kind != Tok::word && at.kind != Tok::string) {
      error(at, "expected a profile name after '->', found " + tok_describe(at));
    }
    target = expand(at);
    if (!target.empty() && target[0] == '&') {
      stack = true;
      target = target.substr(1);
    }
  }
  expect(Tok::comma, "',' to end the change_profile rule");
  ChangeProfileRule r{std::move(exec), make_glob(target, at), stack, q.deny, q.audit, kw.pos};
  b.profile->change_profile.push_back(std::move(r));
}

// `userns,` / `userns create,` (AppArmor 4.0, Ubuntu 24.04's profiles; apparmor_parser
// 3.0.8 refuses it: lsmsim accepts it as the newer parser does).
void ProfileParser::userns_rule(ProfileBuild& b, const Qualifiers& q) {
  lex_.next();
  if (at_word("create")) lex_.next();
  expect(Tok::comma, "'create' or ',' in the userns rule");
  if (q.deny) {
    b.profile->userns_deny = true;
  } else {
    b.profile->userns_create = true;
  }
}

}  // namespace lsmsim::aa
