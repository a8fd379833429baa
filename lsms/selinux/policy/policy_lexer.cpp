// A hand-written scanner that gives the tokens checkpolicy's flex scanner gives
// (checkpolicy/policy_scan.l): every rule is tried, the longest match wins and a tie goes to
// the rule written first (keywords, then paths, file names, identifiers, file-system names,
// numbers, IPv4, IPv6, version strings).
#include "lsms/selinux/policy/policy_lexer.h"

#include <cstdio>
#include <iterator>
#include <unordered_map>

#include "lsms/selinux/policy/policy_parser.h"

namespace lsmsim::sepolicy {
namespace {

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_letter(c) || is_digit(c); }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_id_char(char c) { return is_alnum(c) || c == '_' || c == '-'; }

struct Keyword {
  const char* name;
  Tok kind;
};
constexpr Keyword kKeywords[] = {
    {"clone", Tok::kw_clone}, {"common", Tok::kw_common}, {"class", Tok::kw_class},
    {"constrain", Tok::kw_constrain}, {"validatetrans", Tok::kw_validatetrans},
    {"inherits", Tok::kw_inherits}, {"sid", Tok::kw_sid}, {"role", Tok::kw_role},
    {"roles", Tok::kw_roles}, {"roleattribute", Tok::kw_roleattribute},
    {"attribute_role", Tok::kw_attribute_role}, {"types", Tok::kw_types},
    {"typealias", Tok::kw_typealias}, {"typeattribute", Tok::kw_typeattribute},
    {"typebounds", Tok::kw_typebounds}, {"type", Tok::kw_type}, {"bool", Tok::kw_bool},
    {"tunable", Tok::kw_tunable}, {"if", Tok::kw_if}, {"else", Tok::kw_else},
    {"alias", Tok::kw_alias}, {"attribute", Tok::kw_attribute},
    {"expandattribute", Tok::kw_expandattribute}, {"type_transition", Tok::kw_type_transition},
    {"type_member", Tok::kw_type_member}, {"type_change", Tok::kw_type_change},
    {"role_transition", Tok::kw_role_transition},
    {"range_transition", Tok::kw_range_transition}, {"sensitivity", Tok::kw_sensitivity},
    {"dominance", Tok::kw_dominance}, {"category", Tok::kw_category}, {"level", Tok::kw_level},
    {"range", Tok::kw_range}, {"mlsconstrain", Tok::kw_mlsconstrain},
    {"mlsvalidatetrans", Tok::kw_mlsvalidatetrans}, {"user", Tok::kw_user},
    {"neverallow", Tok::kw_neverallow}, {"allow", Tok::kw_allow},
    {"auditallow", Tok::kw_auditallow}, {"auditdeny", Tok::kw_auditdeny},
    {"dontaudit", Tok::kw_dontaudit}, {"allowxperm", Tok::kw_allowxperm},
    {"auditallowxperm", Tok::kw_auditallowxperm}, {"dontauditxperm", Tok::kw_dontauditxperm},
    {"neverallowxperm", Tok::kw_neverallowxperm}, {"source", Tok::kw_source},
    {"target", Tok::kw_target}, {"sameuser", Tok::kw_sameuser}, {"module", Tok::kw_module},
    {"require", Tok::kw_require}, {"optional", Tok::kw_optional}, {"or", Tok::kw_or},
    {"and", Tok::kw_and}, {"not", Tok::kw_not}, {"xor", Tok::kw_xor}, {"eq", Tok::kw_eq},
    {"true", Tok::kw_true}, {"false", Tok::kw_false}, {"dom", Tok::kw_dom},
    {"domby", Tok::kw_domby}, {"incomp", Tok::kw_incomp}, {"fscon", Tok::kw_fscon},
    {"ibpkeycon", Tok::kw_ibpkeycon}, {"ibendportcon", Tok::kw_ibendportcon},
    {"portcon", Tok::kw_portcon}, {"netifcon", Tok::kw_netifcon}, {"nodecon", Tok::kw_nodecon},
    {"pirqcon", Tok::kw_pirqcon}, {"iomemcon", Tok::kw_iomemcon},
    {"ioportcon", Tok::kw_ioportcon}, {"pcidevicecon", Tok::kw_pcidevicecon},
    {"devicetreecon", Tok::kw_devicetreecon}, {"fs_use_xattr", Tok::kw_fs_use_xattr},
    {"fs_use_task", Tok::kw_fs_use_task}, {"fs_use_trans", Tok::kw_fs_use_trans},
    {"genfscon", Tok::kw_genfscon}, {"r1", Tok::kw_r1}, {"r2", Tok::kw_r2}, {"r3", Tok::kw_r3},
    {"u1", Tok::kw_u1}, {"u2", Tok::kw_u2}, {"u3", Tok::kw_u3}, {"t1", Tok::kw_t1},
    {"t2", Tok::kw_t2}, {"t3", Tok::kw_t3}, {"l1", Tok::kw_l1}, {"l2", Tok::kw_l2},
    {"h1", Tok::kw_h1}, {"h2", Tok::kw_h2}, {"policycap", Tok::kw_policycap},
    {"permissive", Tok::kw_permissive}, {"default_user", Tok::kw_default_user},
    {"default_role", Tok::kw_default_role}, {"default_type", Tok::kw_default_type},
    {"default_range", Tok::kw_default_range}, {"low-high", Tok::kw_low_high},
    {"high", Tok::kw_high}, {"low", Tok::kw_low}, {"glblub", Tok::kw_glblub},
};

// Both spellings of each keyword: all lower case and all upper case (policy_scan.l).
const std::unordered_map<std::string_view, Tok>& keyword_table() {
  static const auto* table = [] {
    static std::vector<std::string> upper;
    upper.reserve(std::size(kKeywords));
    auto* t = new std::unordered_map<std::string_view, Tok>();
    for (const Keyword& k : kKeywords) {
      std::string u = k.name;
      for (char& c : u)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      upper.push_back(u);
    }
    for (std::size_t i = 0; i < std::size(kKeywords); ++i) {
      (*t)[kKeywords[i].name] = kKeywords[i].kind;
      (*t)[upper[i]] = kKeywords[i].kind;
    }
    return t;
  }();
  return *table;
}

// Each matcher returns the length of its longest match at `p` (0 = no match).
using Text = std::string_view;

std::size_t match_identifier(Text s, std::size_t p) {
  if (p >= s.size() || !is_letter(s[p])) return 0;
  std::size_t q = p + 1;
  for (;;) {
    if (q < s.size() && is_id_char(s[q])) {
      ++q;
    } else if (q + 1 < s.size() && s[q] == '.' && is_id_char(s[q + 1])) {
      q += 2;
    } else {
      break;
    }
  }
  return q - p;
}
std::size_t match_filesystem(Text s, std::size_t p) {
  std::size_t q = p;
  bool letter = false;
  while (q < s.size() && is_alnum(s[q])) letter |= is_letter(s[q++]);
  return letter ? q - p : 0;
}
std::size_t match_number(Text s, std::size_t p) {
  std::size_t best = 0, q = p;
  while (q < s.size() && is_digit(s[q])) ++q;
  best = q - p;
  if (p + 2 < s.size() && s[p] == '0' && s[p + 1] == 'x' && is_hex(s[p + 2])) {
    q = p + 2;
    while (q < s.size() && is_hex(s[q])) ++q;
    best = std::max(best, q - p);
  }
  return best;
}
// {digit}{1,3}(\.{digit}{1,3}){3}, longest match.
std::size_t match_ipv4(Text s, std::size_t p) {
  std::size_t best = 0;
  // A small search over the digit-run lengths of the four parts.
  struct Walk {
    static void go(Text t, std::size_t q, int parts, std::size_t start, std::size_t& out) {
      for (std::size_t n = 1; n <= 3; ++n) {
        if (q + n > t.size() || !is_digit(t[q + n - 1])) break;
        const std::size_t e = q + n;
        if (parts == 3) {
          out = std::max(out, e - start);
        } else if (e < t.size() && t[e] == '.') {
          go(t, e + 1, parts + 1, start, out);
        }
      }
    }
  };
  Walk::go(s, p, 0, p, best);
  return best;
}
// {hexval}{0,4}":"{hexval}{0,4}":"({hexval}|[:.])*
std::size_t match_ipv6(Text s, std::size_t p) {
  std::size_t best = 0;
  for (std::size_t a = 0; a <= 4; ++a) {
    if (a > 0 && (p + a > s.size() || !is_hex(s[p + a - 1]))) break;
    std::size_t q = p + a;
    if (q >= s.size() || s[q] != ':') continue;
    ++q;
    for (std::size_t b = 0; b <= 4; ++b) {
      if (b > 0 && (q + b > s.size() || !is_hex(s[q + b - 1]))) break;
      std::size_t r = q + b;
      if (r >= s.size() || s[r] != ':') continue;
      ++r;
      while (r < s.size() && (is_hex(s[r]) || s[r] == ':' || s[r] == '.')) ++r;
      best = std::max(best, r - p);
    }
  }
  return best;
}
// {digit}+(\.({alnum}|[_.])*)?
std::size_t match_version(Text s, std::size_t p) {
  std::size_t q = p;
  while (q < s.size() && is_digit(s[q])) ++q;
  if (q == p) return 0;
  if (q < s.size() && s[q] == '.') {
    ++q;
    while (q < s.size() && (is_alnum(s[q]) || s[q] == '_' || s[q] == '.')) ++q;
  }
  return q - p;
}
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r'; }
std::size_t match_path(Text s, std::size_t p) {
  if (s[p] != '/') return 0;
  std::size_t q = p + 1;
  while (q < s.size() && !is_space(s[q])) ++q;
  return q - p;
}
std::size_t match_qpath(Text s, std::size_t p) {
  if (s[p] != '"' || p + 1 >= s.size() || s[p + 1] != '/') return 0;
  std::size_t q = p + 2;
  while (q < s.size() && s[q] != '"' && s[q] != '\n') ++q;
  return q < s.size() && s[q] == '"' ? q + 1 - p : 0;
}
std::size_t match_filename(Text s, std::size_t p) {
  if (s[p] != '"') return 0;
  std::size_t q = p + 1;
  while (q < s.size() && s[q] != '"' && s[q] != '/' && s[q] != '\n') ++q;
  return q > p + 1 && q < s.size() && s[q] == '"' ? q + 1 - p : 0;
}

}  // namespace

std::string tok_describe(Tok kind) {
  switch (kind) {
    case Tok::end: return "end of file";
    case Tok::comma: return "','";
    case Tok::colon: return "':'";
    case Tok::semi: return "';'";
    case Tok::lparen: return "'('";
    case Tok::rparen: return "')'";
    case Tok::lbrace: return "'{'";
    case Tok::rbrace: return "'}'";
    case Tok::lbracket: return "'['";
    case Tok::rbracket: return "']'";
    case Tok::minus: return "'-'";
    case Tok::dot: return "'.'";
    case Tok::tilde: return "'~'";
    case Tok::star: return "'*'";
    case Tok::eq: return "'=='";
    case Tok::neq: return "'!='";
    case Tok::and_op: return "'&&'";
    case Tok::or_op: return "'||'";
    case Tok::not_op: return "'!'";
    case Tok::xor_op: return "'^'";
    case Tok::identifier: return "identifier";
    case Tok::number: return "number";
    case Tok::filesystem: return "file system name";
    case Tok::ipv4: return "IPv4 address";
    case Tok::ipv6: return "IPv6 address";
    case Tok::version: return "version";
    case Tok::path: return "path";
    case Tok::qpath: return "quoted path";
    case Tok::filename: return "quoted file name";
    default: break;
  }
  for (const Keyword& k : kKeywords)
    if (k.kind == kind) return std::string("'") + k.name + "'";
  return "token";
}

std::vector<Token> tokenize(std::string_view text, const std::string& filename) {
  const auto& keywords = keyword_table();
  std::vector<Token> out;
  out.reserve(text.size() / 6);
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  std::size_t p = 0;
  auto make = [&](Tok kind, std::size_t len) {
    Token t;
    t.kind = kind;
    t.offset = static_cast<std::uint32_t>(p);
    t.length = static_cast<std::uint32_t>(len);
    t.line = line;
    t.col = static_cast<std::uint32_t>(p - line_start + 1);
    out.push_back(t);
    p += len;
  };
  while (p < text.size()) {
    const char c = text[p];
    if (c == '\n') {
      ++p;
      ++line;
      line_start = p;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
      ++p;
      continue;
    }
    if (c == '#') {  // comments; `#line` directives are not followed
      while (p < text.size() && text[p] != '\n') ++p;
      continue;
    }
    // Longest match over the literal rules, in policy_scan.l order.
    Tok kind = Tok::end;
    std::size_t len = 0;
    auto consider = [&](Tok k, std::size_t n) {
      if (n > len) {
        len = n;
        kind = k;
      }
    };
    consider(Tok::path, match_path(text, p));
    consider(Tok::qpath, match_qpath(text, p));
    consider(Tok::filename, match_filename(text, p));
    const std::size_t id_len = match_identifier(text, p);
    if (id_len > len) {
      auto kw = keywords.find(text.substr(p, id_len));
      consider(kw != keywords.end() ? kw->second : Tok::identifier, id_len);
    }
    // low-high is a keyword the identifier rule would also match at full length; a keyword
    // shorter than the identifier match never wins, as in flex.
    consider(Tok::filesystem, match_filesystem(text, p));
    consider(Tok::number, match_number(text, p));
    consider(Tok::ipv4, match_ipv4(text, p));
    consider(Tok::ipv6, match_ipv6(text, p));
    consider(Tok::version, match_version(text, p));
    const char n = p + 1 < text.size() ? text[p + 1] : '\0';
    Tok op = Tok::end;
    std::size_t op_len = 1;
    if (c == '=' && n == '=') {
      op = Tok::eq, op_len = 2;
    } else if (c == '!' && n == '=') {
      op = Tok::neq, op_len = 2;
    } else if (c == '&' && n == '&') {
      op = Tok::and_op, op_len = 2;
    } else if (c == '|' && n == '|') {
      op = Tok::or_op, op_len = 2;
    } else {
      switch (c) {
        case '!': op = Tok::not_op; break;
        case '^': op = Tok::xor_op; break;
        case ',': op = Tok::comma; break;
        case ':': op = Tok::colon; break;
        case ';': op = Tok::semi; break;
        case '(': op = Tok::lparen; break;
        case ')': op = Tok::rparen; break;
        case '{': op = Tok::lbrace; break;
        case '}': op = Tok::rbrace; break;
        case '[': op = Tok::lbracket; break;
        case ']': op = Tok::rbracket; break;
        case '-': op = Tok::minus; break;
        case '.': op = Tok::dot; break;
        case '~': op = Tok::tilde; break;
        case '*': op = Tok::star; break;
        default: break;
      }
    }
    if (op != Tok::end) consider(op, op_len);
    if (len == 0) {
      // Printable ASCII as itself; any other byte in hex, so the message stays valid text
      // (UTF-8 in Python) whatever the input.
      const auto byte = static_cast<unsigned char>(c);
      char shown[16];
      if (byte >= 0x20 && byte < 0x7f)
        std::snprintf(shown, sizeof shown, "'%c'", c);
      else
        std::snprintf(shown, sizeof shown, "byte 0x%02x", byte);
      throw PolicyError(filename, static_cast<int>(line), static_cast<int>(p - line_start + 1),
                        std::string("unrecognized character ") + shown);
    }
    make(kind, len);
  }
  Token end;
  end.kind = Tok::end;
  end.offset = static_cast<std::uint32_t>(text.size());
  end.line = line;
  end.col = static_cast<std::uint32_t>(p - line_start + 1);
  out.push_back(end);
  return out;
}

}  // namespace lsmsim::sepolicy
