// File rules: `[file] PATH MODE [-> TARGET],`, `[file] MODE PATH,`, bare `file,`, `link`,
// the mode letters and exec modes (parser/parser_misc.c parse_mode semantics), the
// parser's merge-time conflict check (parser_merge.c) and the profile's FileMatcher.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <string_view>

#include "lsms/apparmor/policy/glob_regex.h"
#include "lsms/apparmor/policy/profile_parser_impl.h"

namespace lsmsim::aa {

namespace {

bool is_qualifier(char c) {
  switch (c) {
    case 'i':
    case 'I':
    case 'p':
    case 'P':
    case 'c':
    case 'C':
    case 'u':
    case 'U':
      return true;
    default:
      return false;
  }
}

// The length of the exec-mode element at s[i] ("ix", "Pix", "CUx"), 0 if none: a
// qualifier and x, or p/c then i/u then x, as the lexer's mode pattern has them.
std::size_t exec_element(const std::string& s, std::size_t i) {
  auto is_x = [&](std::size_t k) { return k < s.size() && (s[k] == 'x' || s[k] == 'X'); };
  if (i >= s.size() || !is_qualifier(s[i])) return 0;
  if (is_x(i + 1)) return 2;
  const char a = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
  const char b = i + 1 < s.size()
                     ? static_cast<char>(std::tolower(static_cast<unsigned char>(s[i + 1])))
                     : '\0';
  if ((a == 'p' || a == 'c') && (b == 'i' || b == 'u') && is_x(i + 2)) return 3;
  return 0;
}

bool is_plain_letter(char c) {
  switch (c) {
    case 'r':
    case 'R':
    case 'w':
    case 'W':
    case 'a':
    case 'l':
    case 'L':
    case 'k':
    case 'm':
    case 'M':
    case 'x':
    case 'X':
      return true;
    default:
      return false;
  }
}

struct ParsedMode {
  std::uint32_t perms = 0;
  ExecMode exec;
  bool bare_x = false;  // x with no qualifier anywhere in the word (allow rules)
};

ExecType qualifier_type(char c) {
  switch (std::tolower(static_cast<unsigned char>(c))) {
    case 'i':
      return ExecType::inherit;
    case 'p':
      return ExecType::profile;
    case 'c':
      return ExecType::child;
    default:
      return ExecType::unconfined;
  }
}

}  // namespace

bool is_mode_word(const std::string& s) {
  if (s.empty()) return false;
  for (std::size_t i = 0; i < s.size();) {
    if (const std::size_t n = exec_element(s, i); n != 0) {
      i += n;
    } else if (is_plain_letter(s[i])) {
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

namespace {

// The meaning of a mode word; errors worded as apparmor_parser's.
ParsedMode parse_mode(ProfileParser& p, const Token& t, bool deny) {
  ParsedMode m;
  const std::string& s = t.text;
  bool have_exec = false, letter_w = false, letter_a = false;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = exec_element(s, i);
    if (n == 0) {
      switch (s[i]) {
        case 'r':
        case 'R':
          m.perms |= kMayRead;
          break;
        case 'w':
        case 'W':
          // parse_mode: w is write and append (`rw` is 0x3800e in the parser's DFA).
          m.perms |= kMayWrite | kMayAppend;
          letter_w = true;
          break;
        case 'a':
          m.perms |= kMayAppend;
          letter_a = true;
          break;
        case 'l':
        case 'L':
          m.perms |= kMayLink;
          break;
        case 'k':
          m.perms |= kMayLock;
          break;
        case 'm':
        case 'M':
          m.perms |= kMayMmap;
          break;
        default:
          // A bare x: 3.0.8 lets a later ix (not px/cx/ux) qualify it, and an earlier
          // qualified mode covers it; alone it needs a `-> target` (checked by the caller).
          if (!deny && !have_exec) {
            m.exec = ExecMode{ExecType::inherit, false, ExecType::none, ""};
            have_exec = true;
            m.bare_x = true;
          }
          m.perms |= kMayExec;
      }
      ++i;
      continue;
    }
    if (deny) {
      p.error(t,
              "Invalid mode, in deny rules 'x' must not be preceded by exec qualifier "
              "'i', 'p', or 'u'");
    }
    ExecMode e;
    e.type = qualifier_type(s[i]);
    e.scrub = std::isupper(static_cast<unsigned char>(s[i])) != 0;
    if (n == 3) e.fallback = qualifier_type(s[i + 1]);
    if (have_exec && !(e == m.exec)) {
      p.error(t, std::string("Exec qualifier '") + s[i] +
                     "' invalid, conflicting qualifier already specified");
    }
    have_exec = true;
    m.bare_x = false;
    m.exec = e;
    m.perms |= kMayExec;
    i += n;
  }
  if (letter_w && letter_a) {
    p.error(t, "Conflict 'a' and 'w' perms are mutually exclusive.");
  }
  return m;
}

bool is_path_token(const Token& t) {
  return (t.kind == Tok::word || t.kind == Tok::string) && !t.text.empty() &&
         (t.text[0] == '/' || t.text.rfind("@{", 0) == 0);
}

// apparmor_parser's grammar takes any identifier that is not a mode as a file rule's path
// (`c r,` compiles, and never matches); quoted paths must start with '/'.
// The words apparmor_parser's lexer makes keywords in a rule, so never paths.
bool is_keyword(const std::string& w) {
  static constexpr std::array<std::string_view, 40> kKeywords = {
      "subset",   "audit",      "mount",     "capability",
      "profile",  "if",         "peer",      "in",
      "set",      "rlimit",     "network",   "alias",
      "hat",      "other",      "link",      "change_profile",
      "abi",      "dbus",       "unix",      "ptrace",
      "signal",   "pivot_root", "umount",    "remount",
      "else",     "defined",    "not",       "owner",
      "deny",     "allow",      "file",      "send",
      "receive",  "read",       "trace",     "readby",
      "tracedby", "bind",       "eavesdrop", "safe"};
  return w == "unsafe" || std::find(kKeywords.begin(), kKeywords.end(), w) != kKeywords.end();
}

bool is_loose_path_token(const Token& t) {
  return is_path_token(t) || (t.kind == Tok::word && !is_mode_word(t.text) && !is_keyword(t.text) &&
                              t.text.find_first_of("{}(),=") == std::string::npos);
}

}  // namespace

void ProfileParser::file_rule(ProfileBuild& b, const Qualifiers& q, bool file_keyword) {
  const Token first = file_keyword ? lex_.next() : lex_.peek();
  if (file_keyword && lex_.peek().kind == Tok::comma) {
    // Bare `file,`: every file permission on every path (the parser writes it as
    // `/{**,}` with all mode bits and ix).
    lex_.next();
    FileRuleSpec spec;
    spec.glob = "/{**,}";
    spec.perms = kMayRead | kMayWrite | kMayAppend | kMayLink | kMayLock | kMayMmap | kMayExec;
    if (!q.deny) spec.exec.type = ExecType::inherit;
    spec.owner = q.owner;
    spec.deny = q.deny;
    spec.audit = q.audit;
    spec.rule_index = b.files.size();
    b.files.push_back(std::move(spec));
    b.file_pos.push_back(first.pos);
    return;
  }
  Token path, mode;
  const Token& t = lex_.peek();
  if (is_loose_path_token(t) && lex_.peek(1).kind == Tok::word && is_mode_word(lex_.peek(1).text)) {
    path = lex_.next();
    mode = lex_.next();
  } else if (is_path_token(t)) {
    path = lex_.next();
    const Token& m = lex_.peek();
    if (m.kind != Tok::word || !is_mode_word(m.text)) {
      error(m,
            "expected file permissions (r w a l k m, an exec mode such as ix px cx ux) "
            "after the path, found " +
                tok_describe(m));
    }
    mode = lex_.next();
  } else if (t.kind == Tok::word && is_mode_word(t.text)) {
    mode = lex_.next();
    if (!is_loose_path_token(lex_.peek())) {
      error(lex_.peek(),
            "expected a path starting with '/' or @{variable} after the "
            "permissions, found " +
                tok_describe(lex_.peek()));
    }
    path = lex_.next();
  } else {
    error(t, "expected a path starting with '/' or @{variable}, or permissions, found " +
                 tok_describe(t));
  }
  ParsedMode m = parse_mode(*this, mode, q.deny);
  if (lex_.peek().kind == Tok::arrow) {
    lex_.next();
    const Token target = lex_.next();
    if (target.kind != Tok::word && target.kind != Tok::string) {
      error(target, "expected a transition target after '->', found " + tok_describe(target));
    }
    if ((m.perms & kMayExec) != 0) {
      if (m.bare_x && !q.deny) {
        // `x -> target` compiles exactly as `Px -> target` does.
        m.exec = ExecMode{ExecType::profile, true, ExecType::none, ""};
        m.bare_x = false;
      }
      m.exec.target = expand(target);
    } else {
      // apparmor_parser accepts `-> target` on any rule; only exec and link use it.
      warn(target.pos, "'-> " + target.text +
                           "' on a rule without x: the target is ignored "
                           "(link targets are not modelled by lsmsim)");
    }
  }
  if (m.bare_x && !q.deny) {
    error(mode, "Invalid mode, 'x' must be preceded by exec qualifier 'i', 'p', 'c', or 'u'");
  }
  expect(Tok::comma, "',' to end the file rule");
  FileRuleSpec spec;
  // The parser collapses repeated slashes in file rule paths, except a leading "//"
  // (parser_regex.c filter_slashes), as FileMatcher does.
  spec.glob = detail::filter_slashes(expand(path));
  if (!is_path_token(path)) {
    warn(path.pos,
         "file rule path '" + spec.glob + "' does not start with '/': it matches nothing");
  }
  make_glob(spec.glob, path);  // a bad pattern is reported here, at the rule
  spec.perms = m.perms;
  if (!q.deny) spec.exec = m.exec;
  spec.owner = q.owner;
  spec.deny = q.deny;
  spec.audit = q.audit;
  spec.rule_index = b.files.size();
  b.files.push_back(std::move(spec));
  b.file_pos.push_back(path.pos);
}

// `[subset] link A -> B,` (apparmor.d(5) "Link rules"). apparmor_parser compiles an allow
// rule into the l permission on A (owner and audit as qualified) plus the pair "A\0B" (with
// the subset bit for `subset`); a deny rule into the pair alone (A keeps its l). FileMatcher
// matches single paths, so the A side is modelled and the pair (the target B) is not.
void ProfileParser::link_rule(ProfileBuild& b, const Qualifiers& q) {
  const Token kw = lex_.next();
  if (at_word("subset")) lex_.next();
  if (!is_loose_path_token(lex_.peek())) {
    error(lex_.peek(), "expected a link path after 'link', found " + tok_describe(lex_.peek()));
  }
  const Token from = lex_.next();
  const std::string glob = detail::filter_slashes(expand(from));
  expect(Tok::arrow, "'->' in the link rule");
  const Token to = lex_.next();
  if (to.kind != Tok::word && to.kind != Tok::string) {
    error(to, "expected the link target after '->', found " + tok_describe(to));
  }
  expand(to);
  expect(Tok::comma, "',' to end the link rule");
  make_glob(glob, from);  // a bad pattern is reported here, at the rule
  if (q.deny) {
    warn(kw.pos, "deny link rules apply to the link target pair, which lsmsim does not model "
                 "(parsed and ignored)");
    return;
  }
  warn(kw.pos, "link rule: the l permission on " + glob +
                   " is modelled, the link target is not (any target is allowed)");
  FileRuleSpec spec;
  spec.glob = glob;
  spec.perms = kMayLink;
  spec.owner = q.owner;
  spec.audit = q.audit;
  spec.rule_index = b.files.size();
  b.files.push_back(std::move(spec));
  b.file_pos.push_back(from.pos);
}

// parser_merge.c: rules naming the same path are merged before the DFA is built, and two
// different exec modes for one side (owner or everyone) are refused there.
void ProfileParser::finish_file_rules(ProfileBuild& b) {
  struct Sides {
    std::optional<ExecMode> owner, other;
  };
  std::map<std::string, Sides> seen;
  for (std::size_t i = 0; i < b.files.size(); ++i) {
    const FileRuleSpec& r = b.files[i];
    if (r.deny || (r.perms & kMayExec) == 0) continue;
    Sides& s = seen[r.glob];
    auto merge = [&](std::optional<ExecMode>& side) {
      if (side && !(*side == r.exec)) {
        error(b.file_pos[i], "profile " + b.profile->name + ": has merged rule " + r.glob +
                                 " with conflicting x modifiers");
      }
      side = r.exec;
    };
    merge(s.owner);
    if (!r.owner) merge(s.other);
  }
  try {
    b.profile->file = FileMatcher(std::move(b.files));
  } catch (const FileMatchError& e) {
    const std::size_t i = e.rule_index() < b.file_pos.size() ? e.rule_index() : 0;
    if (b.file_pos.empty()) throw;
    error(b.file_pos[i], std::string("profile ") + b.profile->name + ": " + e.what());
  } catch (const GlobError& e) {
    error(b.profile->pos, std::string("profile ") + b.profile->name + ": " + e.what());
  }
}

}  // namespace lsmsim::aa
