// parse_profiles(): the file's preamble (abi, variables, alias), profiles with their
// headers and flags, child profiles and hats, qualifier blocks and `if` conditionals.
// The grammar is apparmor_parser 3.0's (parser/parser_yacc.y), written anew.
#include <algorithm>
#include <array>
#include <string_view>

#include "lsms/apparmor/policy/profile_parser_impl.h"

namespace lsmsim::aa {

const char* profile_mode_name(ProfileMode m) {
  switch (m) {
    case ProfileMode::enforce:
      return "enforce";
    case ProfileMode::complain:
      return "complain";
    case ProfileMode::kill:
      return "kill";
    case ProfileMode::unconfined:
      return "unconfined";
    case ProfileMode::user:
      return "user";
  }
  return "enforce";
}

ProfileParser::ProfileParser(std::string_view text, const ProfileParseOptions& options)
    : options_(options), lex_(text, options_) {}

void ProfileParser::error(const Token& at, const std::string& message) const {
  error(at.pos, message);
}

void ProfileParser::error(const SourcePos& at, const std::string& message) const {
  throw ProfileError(at.file, at.line, at.column, message);
}

void ProfileParser::warn(const SourcePos& at, const std::string& message) {
  warnings_.push_back(ProfileWarning{at, message});
}

Token ProfileParser::expect(Tok kind, const std::string& what) {
  const Token& t = lex_.peek();
  if (t.kind != kind) error(t, "expected " + what + ", found " + tok_describe(t));
  return lex_.next();
}

bool ProfileParser::at_word(const char* w, std::size_t ahead) {
  const Token& t = lex_.peek(ahead);
  return t.kind == Tok::word && t.text == w;
}

std::vector<Token> ProfileParser::cond_values(bool allow_empty) {
  std::vector<Token> out;
  if (lex_.peek().kind != Tok::lparen) {
    const Token& t = lex_.peek();
    if (t.kind != Tok::word && t.kind != Tok::string) {
      error(t, "expected a value or '(' after '=', found " + tok_describe(t));
    }
    out.push_back(lex_.next());
    return out;
  }
  lex_.next();
  for (;;) {
    const Token& t = lex_.peek();
    // An empty list is a syntax error for the parser ("expecting TOK_VALUE").
    if (t.kind == Tok::rparen && out.empty() && !allow_empty)
      error(t, "expected a value, found ')'");
    if (t.kind == Tok::rparen) break;
    if (t.kind == Tok::comma) {
      lex_.next();
      continue;
    }
    if (t.kind != Tok::word && t.kind != Tok::string) {
      error(t, "expected a value or ')', found " + tok_describe(t));
    }
    out.push_back(lex_.next());
  }
  lex_.next();
  return out;
}

namespace {

// apparmor_parser's regex conversion (parser_regex.c) refuses character classes that are
// unclosed, empty (`[]`, `[^]`) or closed without an opening '[', and `{}` groups without
// a ',' ("Invalid number of items between {}").
std::optional<std::string> pattern_problem(const std::string& s) {
  bool in_class = false;
  std::size_t members = 0;
  std::vector<std::size_t> commas;  // per open '{'
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\') {
      ++i;
      ++members;
      continue;
    }
    if (in_class) {
      if (c == ']') {
        if (members == 0) return "empty character class []";
        in_class = false;
      } else {
        ++members;
      }
      continue;
    }
    switch (c) {
      case ']':
        return "Invalid close ], no matching open [";
      case '[':
        in_class = true;
        members = 0;
        if (i + 1 < s.size() && s[i + 1] == '^') ++i;
        break;
      case '{':
        commas.push_back(0);
        break;
      case ',':
        if (!commas.empty()) ++commas.back();
        break;
      case '}':
        if (!commas.empty()) {
          if (commas.back() == 0) return "Invalid number of items between {}";
          commas.pop_back();
        }
        break;
      default:
        break;
    }
  }
  if (in_class) return "Unclosed character class, expecting close ]";
  return std::nullopt;
}

}  // namespace

Token ProfileParser::condition_key(const std::string& kind) {
  const Token& t = lex_.peek();
  if (t.kind == Tok::lparen) error(t, "permissions come first in a " + kind + " rule, found '('");
  if (t.kind != Tok::word)
    error(t, "expected a " + kind + " permission, a condition or ',', found " + tok_describe(t));
  if (lex_.peek(1).kind != Tok::equals)
    error(t, "expected a condition or ',' (permissions come first), found " + tok_describe(t));
  const Token key = lex_.next();
  lex_.next();
  return key;
}

std::vector<Token> ProfileParser::leading_perms() {
  const Token& t = lex_.peek();
  if (t.kind == Tok::lparen) return cond_values(true);
  if (t.kind == Tok::word && lex_.peek(1).kind != Tok::equals) return {lex_.next()};
  return {};
}

Glob ProfileParser::make_glob(const std::string& pattern, const Token& at) const {
  if (const auto why = pattern_problem(pattern)) {
    error(at, "bad pattern '" + pattern + "': " + *why);
  }
  try {
    return Glob(pattern);
  } catch (const GlobError& e) {
    error(at, std::string("bad pattern '") + pattern + "': " + e.what());
  }
}

// `@{VAR} = a b "c d"` / `@{VAR} += ...`: the values run to the end of the line
// (parser_lex.l's ASSIGN state ends at the newline).
void ProfileParser::variable_assignment() {
  const Token var = lex_.next();
  const Token op = lex_.next();
  const std::string name = var.text.substr(2, var.text.size() - 3);
  std::vector<std::string> values;
  while (true) {
    const Token& t = lex_.peek();
    if ((t.kind != Tok::word && t.kind != Tok::string) || t.pos.file != op.pos.file ||
        t.logical_line != op.logical_line) {
      break;
    }
    values.push_back(lex_.next().text);
  }
  if (values.empty() && op.kind == Tok::equals) {
    error(op, "expected values after '" + op.text + "' for @{" + name + "}");
  }
  if (op.kind == Tok::equals) {
    vars_.define(name, std::move(values), var.pos);
  } else {
    vars_.append(name, std::move(values), var.pos);
  }
}

// `${name} = true|false`.
void ProfileParser::bool_assignment() {
  const Token var = lex_.next();
  lex_.next();  // =
  const Token v = expect(Tok::word, "true or false");
  if (v.text != "true" && v.text != "false")
    error(v, "expected true or false, found '" + v.text + "'");
  vars_.define_bool(var.text.substr(2, var.text.size() - 3), v.text == "true", var.pos);
}

// `abi <abi/3.0>,` (at the top or, as abstractions have it, among rules): the feature ABI
// the policy was written for. lsmsim models one ABI, so the file is only checked to exist,
// as the parser does, and otherwise ignored.
void ProfileParser::abi_statement() {
  lex_.next();
  const Token name = lex_.next();
  if (name.kind == Tok::word && name.text.size() > 2 && name.text.front() == '<' &&
      name.text.back() == '>') {
    const std::string n = name.text.substr(1, name.text.size() - 2);
    if (!resolve_include(n, true, "", options_)) {
      // AppArmor 4's ABI, which Ubuntu 24.04's profiles name (3.0.8 has no such file):
      // lsmsim accepts it, as it accepts the userns rules written for it.
      if (n != "abi/4.0") error(name, "Could not open '" + n + "'");
      warn(name.pos, "abi/4.0 is not installed; lsmsim reads the profile anyway");
    }
  } else if (name.kind == Tok::string) {
    if (!resolve_include(name.text, false, options_.base_dir, options_)) {
      error(name, "Could not open '" + name.text + "'");
    }
  } else {
    error(name, "expected <abi/name> or \"file\" after abi, found " + tok_describe(name));
  }
  expect(Tok::comma, "',' after the abi");
}

ParsedProfiles ProfileParser::run() {
  ParsedProfiles out;
  for (;;) {
    const Token& t = lex_.peek();
    if (t.kind == Tok::end) break;
    const bool var_op = lex_.peek(1).kind == Tok::equals || lex_.peek(1).kind == Tok::plus_equals;
    if (t.kind == Tok::word && t.text == "abi") {
      abi_statement();
      continue;
    }
    if (t.kind == Tok::word && var_op && t.text.rfind("@{", 0) == 0) {
      if (seen_profile_) error(t, "variable assignments must come before the profiles");
      variable_assignment();
      continue;
    }
    if (t.kind == Tok::word && var_op && t.text.rfind("${", 0) == 0) {
      if (seen_profile_) error(t, "variable assignments must come before the profiles");
      bool_assignment();
      continue;
    }
    if (t.kind == Tok::word && t.text == "alias") {
      if (seen_profile_) error(t, "alias rules must come before the profiles");
      alias_rule();
      continue;
    }
    std::unique_ptr<Profile> p = profile(nullptr, false);
    for (const auto& other : out.profiles) {
      if (other->name == p->name && other->ns == p->ns) {
        error(p->pos, "Multiple definitions for profile " + p->name + " exist");
      }
    }
    out.profiles.push_back(std::move(p));
    seen_profile_ = true;
  }
  out.warnings = std::move(warnings_);
  return out;
}

namespace {

bool starts_like_path(const std::string& s) {
  return !s.empty() && (s[0] == '/' || s.rfind("@{", 0) == 0);
}

}  // namespace

std::unique_ptr<Profile> ProfileParser::profile(const Profile* parent, bool hat) {
  const Token first = lex_.next();
  Token name_tok = first;
  bool keyword = false;
  if (first.kind == Tok::word && (first.text == "profile" || first.text == "hat")) {
    keyword = true;
    hat = hat || first.text == "hat";
    name_tok = lex_.next();
    // The name is whatever runs to the next blank (`profile (kill) {` names "(kill)").
    const bool punct = name_tok.kind == Tok::lparen || name_tok.kind == Tok::rparen ||
                       name_tok.kind == Tok::equals || name_tok.kind == Tok::plus_equals ||
                       name_tok.kind == Tok::arrow;
    if (punct) name_tok.kind = Tok::word;
    if (name_tok.kind != Tok::word && name_tok.kind != Tok::string) {
      error(name_tok,
            "expected a profile name after '" + first.text + "', found " + tok_describe(name_tok));
    }
  } else if (first.kind == Tok::word && first.text.size() > 1 && first.text[0] == '^') {
    hat = true;
    keyword = true;
    name_tok.text = first.text.substr(1);
  } else if (first.kind == Tok::word || first.kind == Tok::string) {
    if (!starts_like_path(first.text) && (first.text.empty() || first.text[0] != ':')) {
      error(first,
            "Profile names must begin with a '/', namespace or keyword 'profile' or "
            "'hat', found " +
                tok_describe(first));
    }
  } else {
    error(first, "expected a profile, found " + tok_describe(first));
  }

  // The parser's lexer reads a profile name up to the next blank: `profile a{` names
  // "a{", `profile flags=(complain) {` names "flags=(complain)".
  if (name_tok.kind == Tok::word) {
    // Where the name's raw text ends (for `^hat`, the '^' is part of it).
    const Token& raw =
        name_tok.pos.column == first.pos.column && name_tok.pos.line == first.pos.line ? first
                                                                                       : name_tok;
    int end_col = raw.pos.column + static_cast<int>(raw.text.size());
    for (;;) {
      const Token& nx = lex_.peek();
      if (nx.kind == Tok::end || nx.kind == Tok::comma || nx.kind == Tok::string ||
          nx.pos.file != name_tok.pos.file || nx.pos.line != name_tok.pos.line ||
          nx.pos.column != end_col) {
        break;
      }
      end_col += static_cast<int>(nx.text.size());
      name_tok.text += lex_.next().text;
    }
  }
  auto p = std::make_unique<Profile>();
  p->pos = first.pos;
  p->is_hat = hat;
  std::string name = expand(name_tok);
  if (parent == nullptr && !name.empty() && name[0] == ':') {
    // `:ns:name` (also `:ns://name`): the policy namespace, then the name in it.
    const std::size_t colon = name.find(':', 1);
    if (colon == std::string::npos || colon == 1) {
      error(name_tok, "expected ':namespace:name', found '" + name + "'");
    }
    p->ns = name.substr(1, colon - 1);
    name = name.substr(colon + 1);
    if (name.rfind("//", 0) == 0) name = name.substr(2);
    if (name.empty()) error(name_tok, "expected a profile name after the namespace");
  } else if (parent == nullptr) {
    p->ns = options_.ns;
  } else {
    p->ns = parent->ns;
  }
  p->name = parent != nullptr ? parent->name + "//" + name : name;

  // The attachment: a path glob after the name (with `profile`), or the name itself.
  const Token& after = lex_.peek();
  if (keyword && !hat && (after.kind == Tok::word || after.kind == Tok::string) &&
      after.text != "flags" && after.text != "xattrs") {
    const Token att = lex_.next();
    if (!starts_like_path(att.text)) {
      error(att, "expected an attachment path starting with '/', flags or '{', found " +
                     tok_describe(att));
    }
    p->attachment.emplace(make_glob(expand(att), att));
  } else if (!hat && !name.empty() && name[0] == '/') {
    p->attachment.emplace(make_glob(name, name_tok));
  }
  if (at_word("xattrs") && lex_.peek(1).kind == Tok::equals) {
    const Token kw = lex_.next();
    lex_.next();
    if (lex_.peek().kind != Tok::lparen) error(lex_.peek(), "expected '(' after xattrs=");
    cond_values();
    warn(kw.pos, "xattrs attachment conditions are not modelled by lsmsim");
  }
  if (at_word("flags") && lex_.peek(1).kind == Tok::equals) {
    lex_.next();
    lex_.next();
    if (lex_.peek().kind != Tok::lparen) {
      error(lex_.peek(), "expected '(' after flags=, found " + tok_describe(lex_.peek()));
    }
    profile_flags(*p);
  } else if (lex_.peek().kind == Tok::lparen) {
    profile_flags(*p);
  }
  expect(Tok::open, "'{' to open the profile");
  lex_.enter_include_scope();
  ProfileBuild b;
  b.profile = p.get();
  const std::optional<std::string> outer_name = vars_.profile_name();
  vars_.set_profile_name(p->name);
  block(b, Qualifiers{});
  lex_.leave_include_scope();
  vars_.set_profile_name(outer_name);
  if (!p->children.empty() || p->is_hat) add_hat_rules(b, false);
  if (!p->change_profile.empty()) add_hat_rules(b, true);
  finish_file_rules(b);
  return p;
}

// What apparmor_parser adds to a profile that has hats or children, and to every hat
// (parser_policy.c): owner-only access to the task's own attr files, so change_hat works.
// A profile with change_profile rules (allow or deny) gets the same with write access to
// `exec` too, on any /proc entry (seen with -D rule-exprs).
void ProfileParser::add_hat_rules(ProfileBuild& b, bool for_change_profile) {
  const std::array<std::pair<const char*, std::uint32_t>, 3> kRules = {{
      {"/proc/*/attr/apparmor/", kMayRead},
      {for_change_profile ? "/proc/*/attr/{apparmor/,}{current,exec}"
                          : "/proc/[0-9]*/attr/{apparmor/,}current",
       kMayWrite},
      {"/sys/module/apparmor/parameters/enabled", kMayRead},
  }};
  for (const auto& [glob, perms] : kRules) {
    FileRuleSpec spec;
    spec.glob = glob;
    spec.perms = perms;
    spec.owner = true;
    spec.rule_index = b.files.size();
    b.files.push_back(std::move(spec));
    b.file_pos.push_back(b.profile->pos);
  }
}

// flags=(complain, attach_disconnected ...): the flags apparmor_parser 3.0 accepts; the
// mode, attach_disconnected and audit are kept, the others change nothing lsmsim models.
void ProfileParser::profile_flags(Profile& p) {
  const std::vector<Token> flags = cond_values();
  static constexpr std::array<const char*, 9> kOther = {
      "mediate_deleted",        "delegate_deleted",    "chroot_relative",
      "namespace_relative",     "chroot_attach",       "chroot_no_attach",
      "no_attach_disconnected", "attach_disconnected", "audit"};
  const char* mode_flag = nullptr;
  bool mediate = false, delegate = false;
  for (const Token& f : flags) {
    const std::string& s = f.text;
    std::optional<ProfileMode> mode;
    if (s == "enforce") mode = ProfileMode::enforce;
    if (s == "complain") mode = ProfileMode::complain;
    if (s == "kill") mode = ProfileMode::kill;
    if (s == "unconfined") mode = ProfileMode::unconfined;
    if (mode) {
      if (mode_flag != nullptr && s != mode_flag) {
        error(f, std::string("Profile flag '") + mode_flag + "' conflicts with '" + s + "'");
      }
      mode_flag = profile_mode_name(*mode);
      p.mode = *mode;
      continue;
    }
    if (s == "debug") error(f, "Profile flag 'debug' is no longer valid.");
    if (std::none_of(kOther.begin(), kOther.end(), [&](const char* o) { return s == o; })) {
      error(f, "Invalid profile flag: " + s + ".");
    }
    if (s == "attach_disconnected") p.attach_disconnected = true;
    if (s == "audit") p.audit_all = true;
    mediate = mediate || s == "mediate_deleted";
    delegate = delegate || s == "delegate_deleted";
    if (mediate && delegate)
      error(f, "Profile flag mediate_deleted conflicts with delegate_deleted");
  }
}

void ProfileParser::block(ProfileBuild& b, const Qualifiers& outer) {
  for (;;) {
    const Token& t = lex_.peek();
    if (t.kind == Tok::close) {
      lex_.next();
      return;
    }
    if (t.kind == Tok::end) error(t, "unexpected end of file, expected '}' or a rule");
    rule(b, outer);
  }
}

// A branch not taken is still parsed (apparmor_parser checks both), into a scratch
// profile that is then dropped.
void ProfileParser::discard_block(ProfileBuild& b, const Qualifiers& outer) {
  Profile scratch;
  scratch.name = b.profile->name;
  scratch.ns = b.profile->ns;
  ProfileBuild sb;
  sb.profile = &scratch;
  const std::size_t warnings = warnings_.size();
  // The parser drops an untaken branch before it expands variables: an undefined one
  // there is no error.
  vars_.set_lenient(true);
  block(sb, outer);
  finish_file_rules(sb);
  vars_.set_lenient(false);
  warnings_.resize(warnings);
}

// `if [not] ${bool}` / `if [not] defined @{var}|${bool}`; `and`/`or` are refused.
bool ProfileParser::condition() {
  bool negate = false;
  if (at_word("not")) {
    lex_.next();
    negate = true;
  }
  bool value = false;
  if (at_word("defined")) {
    lex_.next();
    const Token v = expect(Tok::word, "a variable after 'defined'");
    if (v.text.size() < 4 || v.text.back() != '}' ||
        (v.text.rfind("@{", 0) != 0 && v.text.rfind("${", 0) != 0)) {
      error(v, "expected @{var} or ${var} after 'defined', found " + tok_describe(v));
    }
    const std::string name = v.text.substr(2, v.text.size() - 3);
    value = v.text[0] == '@' ? vars_.is_defined(name) : vars_.boolean(name).has_value();
  } else {
    const Token v = expect(Tok::word, "a ${boolean} after 'if'");
    if (v.text.rfind("${", 0) != 0 || v.text.back() != '}') {
      error(v, "expected a ${boolean} after 'if', found " + tok_describe(v));
    }
    const auto b = vars_.boolean(v.text.substr(2, v.text.size() - 3));
    if (!b) error(v, "Unset boolean variable " + v.text);
    value = *b;
  }
  if (at_word("and") || at_word("or")) {
    error(lex_.peek(), "'" + lex_.peek().text + "' in an if condition is not supported by lsmsim");
  }
  return value != negate;
}

void ProfileParser::conditional(ProfileBuild& b, const Qualifiers& outer) {
  lex_.next();  // if
  bool taken = false;
  for (;;) {
    const bool c = condition();
    expect(Tok::open, "'{' after the if condition");
    if (c && !taken) {
      block(b, outer);
      taken = true;
    } else {
      discard_block(b, outer);
    }
    if (!at_word("else")) return;
    lex_.next();
    if (at_word("if")) {
      lex_.next();
      continue;
    }
    expect(Tok::open, "'{' or 'if' after else");
    if (!taken) {
      block(b, outer);
    } else {
      discard_block(b, outer);
    }
    return;
  }
}

void ProfileParser::rule(ProfileBuild& b, const Qualifiers& outer) {
  Qualifiers q = outer;
  bool any = false;
  // [audit] [allow|deny] [owner]: this order only, as the grammar has it.
  if (at_word("audit")) {
    lex_.next();
    q.audit = any = true;
  }
  if (at_word("allow") || at_word("deny")) {
    q.deny = lex_.next().text == "deny";
    any = true;
  }
  if (at_word("owner")) {
    lex_.next();
    q.owner = any = true;
  }
  const Token& t = lex_.peek();
  if (t.kind == Tok::open) {
    // `{ rules }`, `owner { }`, `audit { }`: rules sharing qualifiers; 3.0.8 refuses
    // `deny { }` ("deny prefix not allowed").
    if (q.deny && !outer.deny) error(t, "deny prefix not allowed on a block of rules");
    lex_.next();
    block(b, q);
    return;
  }
  if (t.kind == Tok::string) {
    file_rule(b, q, false);
    return;
  }
  if (t.kind != Tok::word) error(t, "expected a rule, found " + tok_describe(t));
  const std::string w = t.text;
  auto no_owner = [&](const char* kind) {
    if (q.owner) error(t, std::string("owner prefix not allowed on ") + kind + " rules");
  };
  auto no_qualifiers = [&](const char* what) {
    if (any) error(t, std::string("qualifiers are not allowed on ") + what);
  };
  if (w == "profile" || w == "hat" || (w.size() > 1 && w[0] == '^')) {
    no_qualifiers("child profiles");
    std::unique_ptr<Profile> child = profile(b.profile, false);
    for (const auto& other : b.profile->children) {
      if (other->name == child->name) {
        error(child->pos, "Multiple definitions for hat " +
                              child->name.substr(b.profile->name.size() + 2) + " in profile " +
                              b.profile->name + " exist");
      }
    }
    b.profile->children.push_back(std::move(child));
    return;
  }
  if (w == "if") {
    no_qualifiers("if");
    conditional(b, q);
    return;
  }
  if (w.rfind("@{", 0) == 0 &&
      (lex_.peek(1).kind == Tok::equals || lex_.peek(1).kind == Tok::plus_equals)) {
    error(lex_.peek(1), "variable assignments are not allowed inside a profile");
  }
  if (w == "abi") {
    no_qualifiers("abi");
    abi_statement();
    return;
  }
  if (w == "file") {
    file_rule(b, q, true);
    return;
  }
  if (starts_like_path(w) || (is_mode_word(w) && lex_.peek(1).kind != Tok::comma)) {
    file_rule(b, q, false);
    return;
  }
  if (w == "link") {
    link_rule(b, q);
    return;
  }
  // The rule families apparmor_parser refuses `owner` on ("owner prefix not allowed").
  static const std::array<std::string_view, 12> kNoOwner = {
      "capability", "network", "signal",     "ptrace",         "unix",   "mount",
      "remount",    "umount",  "pivot_root", "change_profile", "userns", "dbus"};
  if (std::find(kNoOwner.begin(), kNoOwner.end(), w) != kNoOwner.end()) no_owner(w.c_str());
  if (w == "capability") {
    capability_rule(b, q);
  } else if (w == "network") {
    network_rule(b, q);
  } else if (w == "signal") {
    signal_rule(b, q);
  } else if (w == "ptrace") {
    ptrace_rule(b, q);
  } else if (w == "unix") {
    unix_rule(b, q);
  } else if (w == "mount" || w == "remount" || w == "umount" || w == "pivot_root") {
    const MountKind kind = w == "mount"     ? MountKind::mount
                           : w == "remount" ? MountKind::remount
                           : w == "umount"  ? MountKind::umount
                                            : MountKind::pivot_root;
    mount_rule(b, q, kind);
  } else if (w == "change_profile") {
    change_profile_rule(b, q);
  } else if (w == "userns") {
    userns_rule(b, q);
  } else if (w == "dbus") {
    dbus_rule();
  } else if (w == "mqueue" || w == "io_uring") {
    unmodelled_rule(lex_.next(), w + " rules");
  } else if (w == "all") {
    unmodelled_rule(lex_.next(), "'all' rules");
  } else {
    rule_fallback(b, q);
  }
}

void ProfileParser::rule_fallback(ProfileBuild& b, const Qualifiers& q) {
  const Token& t = lex_.peek();
  const std::string w = t.text;
  if (w == "set" && at_word("rlimit", 1)) {
    if (q.audit || q.deny || q.owner) error(t, "qualifiers are not allowed on rlimit rules");
    rlimit_rule();
    return;
  }
  if (lex_.peek(1).kind == Tok::word && is_mode_word(lex_.peek(1).text)) {
    file_rule(b, q, false);  // `name rw,`: the grammar takes any identifier as a path
    return;
  }
  error(t, "expected a rule (a path, a permission or a rule keyword), found " + tok_describe(t));
}

ParsedProfiles ProfileParser::run_checked() {
  try {
    return run();
  } catch (ProfileError& e) {
    if (e.includes().empty()) e.set_includes(lex_.include_chain(e.file()));
    throw;
  }
}

ParsedProfiles parse_profiles(std::string_view text, const ProfileParseOptions& options) {
  ProfileParser parser(text, options);
  return parser.run_checked();
}

}  // namespace lsmsim::aa
