// Rules lsmsim parses but does not mediate: dbus, rlimit, alias (and the newer mqueue,
// io_uring, `all`). They are checked as apparmor_parser 3.0 checks them (dbus.cc,
// parser_misc.c's rlimit table, parser_alias.c), then become warnings: never dropped
// silently.
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "lsms/apparmor/policy/profile_parser_impl.h"

namespace lsmsim::aa {

namespace {

bool one_of(const std::string& s, std::initializer_list<std::string_view> names) {
  return std::any_of(names.begin(), names.end(), [&](std::string_view n) { return s == n; });
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
  });
}

// Whether `v` is a valid value for rlimit `name` (setrlimit(2) resources; sizes take
// K/M/G, times a unit, counts a plain number; "infinity" for all but nice).
bool rlimit_value_ok(const std::string& name, const std::string& v) {
  if (name == "nice") return all_digits(v[0] == '-' ? std::string_view(v).substr(1) : v);
  if (v == "infinity") return true;
  std::size_t d = 0;
  while (d < v.size() && std::isdigit(static_cast<unsigned char>(v[d])) != 0) ++d;
  if (d == 0) return false;
  const std::string unit = v.substr(d);
  if (one_of(name, {"nofile", "nproc", "locks", "sigpending", "rtprio"})) return unit.empty();
  if (one_of(name, {"cpu", "rttime"})) {
    return unit.empty() ||
           one_of(unit, {"us",           "microsecond", "microseconds", "ms",     "millisecond",
                         "milliseconds", "s",           "sec",          "second", "seconds",
                         "min",          "minute",      "minutes",      "h",      "hour",
                         "hours",        "d",           "day",          "days",   "week",
                         "weeks"});
  }
  return unit.empty() || one_of(unit, {"K", "M", "G", "KB", "MB", "GB"});
}

}  // namespace

void ProfileParser::unmodelled_rule(const Token& keyword, const std::string& what) {
  int depth = 0;
  for (;;) {
    const Token& t = lex_.peek();
    if (t.kind == Tok::end || t.kind == Tok::open || t.kind == Tok::close) {
      error(t, "expected ',' to end the " + keyword.text + " rule, found " + tok_describe(t));
    }
    const Token tok = lex_.next();
    if (tok.kind == Tok::lparen) ++depth;
    if (tok.kind == Tok::rparen && --depth < 0) error(tok, "unbalanced ')'");
    if (tok.kind == Tok::comma && depth == 0) break;
  }
  warn(keyword.pos, what + " are not mediated by lsmsim (parsed and ignored)");
}

// dbus [perms] [bus=B] [path=P] [interface=I] [member=M] [name=N] [peer=(name=N label=L)],
void ProfileParser::dbus_rule() {
  const Token kw = lex_.next();
  auto check_perm = [&](const Token& t) {
    if (!one_of(t.text,
                {"send", "receive", "bind", "eavesdrop", "r", "w", "rw", "read", "write"})) {
      error(t, "unknown dbus permission '" + t.text + "'");
    }
  };
  for (const Token& v : leading_perms()) check_perm(v);
  while (lex_.peek().kind != Tok::comma) {
    const Token key = condition_key("dbus");
    if (key.text == "peer") {
      if (lex_.peek().kind != Tok::lparen) error(lex_.peek(), "expected '(' after peer=");
      lex_.next();
      while (lex_.peek().kind != Tok::rparen) {
        if (lex_.peek().kind == Tok::comma) {
          lex_.next();
          continue;
        }
        const Token pk = expect(Tok::word, "name= or label= in peer=( )");
        if (pk.text != "name" && pk.text != "label") {
          error(pk, "invalid dbus conditional \"" + pk.text + "\"");
        }
        expect(Tok::equals, "'=' after " + pk.text);
        const Token& v = lex_.peek();
        if (v.kind != Tok::word && v.kind != Tok::string) {
          error(v, "expected a value after " + pk.text + "=, found " + tok_describe(v));
        }
        expand(lex_.next());
      }
      lex_.next();
      continue;
    }
    if (!one_of(key.text, {"bus", "path", "interface", "member", "name"})) {
      error(key, "invalid dbus conditional \"" + key.text + "\"");
    }
    const std::vector<Token> vals = cond_values();
    if (vals.size() != 1) {
      error(key, "dbus conditional \"" + key.text + "\" only supports a single value");
    }
    expand(vals[0]);
  }
  lex_.next();
  warn(kw.pos, "dbus rules are not mediated by lsmsim (parsed and ignored)");
}

// set rlimit NAME <= VALUE,
void ProfileParser::rlimit_rule() {
  const Token set = lex_.next();
  lex_.next();  // rlimit
  const Token name = expect(Tok::word, "an rlimit name after 'set rlimit'");
  if (!one_of(name.text,
              {"cpu", "fsize", "data", "stack", "core", "rss", "nproc", "nofile", "memlock", "as",
               "locks", "sigpending", "msgqueue", "nice", "rtprio", "rttime"})) {
    error(name, "INVALID RLIMIT '" + name.text + "'");
  }
  const Token le = expect(Tok::word, "'<=' after the rlimit name");
  if (le.text != "<=") error(le, "expected '<=' after the rlimit name, found " + tok_describe(le));
  const Token value = expect(Tok::word, "the rlimit value");
  if (!rlimit_value_ok(name.text, value.text)) {
    error(value, "RLIMIT '" + name.text + "' invalid value " + value.text);
  }
  expect(Tok::comma, "',' to end the rlimit rule");
  warn(set.pos, "rlimit rules are not modelled by lsmsim (parsed and ignored)");
}

// alias /from -> /to,
void ProfileParser::alias_rule() {
  const Token kw = lex_.next();
  const Token from = lex_.next();
  if ((from.kind != Tok::word && from.kind != Tok::string) || from.text.empty() ||
      from.text[0] != '/') {
    error(from, "expected an absolute path after alias, found " + tok_describe(from));
  }
  expect(Tok::arrow, "'->' in the alias rule");
  const Token to = lex_.next();
  if ((to.kind != Tok::word && to.kind != Tok::string) || to.text.empty() || to.text[0] != '/') {
    error(to, "expected an absolute path after '->', found " + tok_describe(to));
  }
  expect(Tok::comma, "',' to end the alias rule");
  warn(kw.pos, "alias rules are not modelled by lsmsim (parsed and ignored)");
}

}  // namespace lsmsim::aa
