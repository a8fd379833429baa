// The glob-to-regex translation of apparmor_parser (parser/parser_regex.c
// convert_aaregex_to_pcre; escapes as parser/lib.c strn_escseq; sets and alternation as the
// libapparmor_re regex parser reads the result), written as a recursive-descent parser that
// builds the regex tree directly.
#include "lsms/apparmor/policy/glob_regex.h"

#include <algorithm>
#include <cstdint>

#include "lsms/apparmor/policy/glob.h"

namespace lsmsim::aa::detail {
namespace {

// convert_aaregex_to_pcre refuses deeper nesting (MAX_ALT_DEPTH).
constexpr int kMaxAltDepth = 50;

ByteSet one_byte(unsigned char c) {
  ByteSet s;
  s.set(c);
  return s;
}

ByteSet all_but(std::initializer_list<unsigned char> excluded) {
  ByteSet s;
  s.set();
  for (unsigned char c : excluded) s.reset(c);
  return s;
}

GlobRegex leaf(GlobRegex::Kind kind, const ByteSet& set, bool negated = false) {
  GlobRegex r;
  r.kind = kind;
  r.set = set;
  r.negated = negated;
  return r;
}

// The parser's min_match_len (libapparmor_re/expr-tree.h): the shortest match counted up to
// and including the first wildcard. A byte counts one; a negated set counts one and ends
// the count; a star counts nothing and ends it; an alternation takes its shortest branch and
// ends the count if any branch does. Checked against the xmatch_len of `apparmor_parser -S`.
struct MinLength {
  std::size_t length = 0;
  bool ends = false;
};

MinLength min_length(const GlobRegex& r) {
  switch (r.kind) {
    case GlobRegex::Kind::set:
      return {1, r.negated};
    case GlobRegex::Kind::star:
      return {0, true};
    case GlobRegex::Kind::cat: {
      MinLength out;
      for (const GlobRegex& k : r.kids) {
        const MinLength m = min_length(k);
        out.length += m.length;
        if (m.ends) return {out.length, true};
      }
      return out;
    }
    case GlobRegex::Kind::alt: {
      MinLength out{SIZE_MAX, false};
      for (const GlobRegex& k : r.kids) {
        const MinLength m = min_length(k);
        out.length = std::min(out.length, m.length);
        out.ends = out.ends || m.ends;
      }
      if (r.kids.empty()) out.length = 0;
      return out;
    }
  }
  return {};
}

bool is_octal(char c) {
  return c >= '0' && c <= '7';
}

int digit_value(char c, int base) {
  int v = -1;
  if (c >= '0' && c <= '9') v = c - '0';
  if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
  if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
  return v < base ? v : -1;
}

class GlobParser {
 public:
  explicit GlobParser(std::string_view p) : p_(p) {}

  ParsedGlob run() {
    ParsedGlob out;
    out.regex = sequence(false);
    if (i_ < p_.size()) {
      // sequence(false) stops only at a stray '}'.
      throw GlobError(i_, "'}' without a matching '{'");
    }
    out.exact = exact_;
    out.literal_prefix = first_re_ == std::string_view::npos ? p_.size() : first_re_;
    out.min_length = min_length(out.regex).length;
    return out;
  }

 private:
  void note_regex() {
    if (first_re_ == std::string_view::npos) first_re_ = i_;
  }

  // One byte after a '\' at i_ (strn_escseq's sequences, otherwise the character itself);
  // advances past it. `slash_literal` tells whether the parser emitted a bare '/', which
  // matters to a following '*'.
  unsigned char escape(bool* slash_literal) {
    const std::size_t at = i_;
    if (i_ + 1 >= p_.size()) throw GlobError(at, "trailing '\\'");
    ++i_;
    const char c = p_[i_];
    *slash_literal = false;
    auto number = [&](int base, std::size_t max_digits) -> int {
      int value = 0;
      std::size_t n = 0;
      while (n < max_digits && i_ < p_.size()) {
        const int d = digit_value(p_[i_], base);
        if (d < 0 || value * base + d > 255) break;
        value = value * base + d;
        ++i_;
        ++n;
      }
      return n == 0 ? -1 : value;
    };
    if (is_octal(c)) return static_cast<unsigned char>(number(8, 3));
    ++i_;
    switch (c) {
      case 'd':
      case 'x': {
        const int v = number(c == 'd' ? 10 : 16, c == 'd' ? 3 : 2);
        if (v >= 0) return static_cast<unsigned char>(v);
        return static_cast<unsigned char>(c);  // no digits: the letter itself
      }
      case 'a':
        return '\a';
      case 'e':
        return 033;
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        *slash_literal = c == '/';
        return static_cast<unsigned char>(c);
    }
  }

  // A run of '*' just after a literal '/' that reaches a '/' or the end of the pattern must
  // match a first character (the parser's "/foo/* must not match /foo/").
  bool star_needs_one_char() const {
    if (!prev_slash_) return false;
    std::size_t j = i_;
    while (j < p_.size() && p_[j] == '*') ++j;
    return j == p_.size() || p_[j] == '/';
  }

  GlobRegex sequence(bool in_group) {
    GlobRegex seq;
    seq.kind = GlobRegex::Kind::cat;
    prev_slash_ = false;
    while (i_ < p_.size()) {
      const char c = p_[i_];
      if (in_group && (c == ',' || c == '}')) return seq;
      switch (c) {
        case '\\': {
          bool slash = false;
          const unsigned char b = escape(&slash);
          seq.kids.push_back(leaf(GlobRegex::Kind::set, one_byte(b)));
          prev_slash_ = slash;
          break;
        }
        case '*': {
          note_regex();
          exact_ = false;
          if (star_needs_one_char())
            seq.kids.push_back(leaf(GlobRegex::Kind::set, all_but({'/', 0}), true));
          const bool deep = i_ + 1 < p_.size() && p_[i_ + 1] == '*';
          seq.kids.push_back(leaf(GlobRegex::Kind::star, deep ? all_but({0}) : all_but({'/', 0})));
          i_ += deep ? 2 : 1;
          prev_slash_ = false;
          break;
        }
        case '?':
          note_regex();
          exact_ = false;
          seq.kids.push_back(leaf(GlobRegex::Kind::set, all_but({'/', 0}), true));
          ++i_;
          prev_slash_ = false;
          break;
        case '[':
          note_regex();
          {
            bool negated = false;
            const ByteSet set = char_class(&negated);
            seq.kids.push_back(leaf(GlobRegex::Kind::set, set, negated));
          }
          prev_slash_ = false;
          break;
        case ']':
          throw GlobError(i_, "']' without a matching '['");
        case '{':
          note_regex();
          seq.kids.push_back(group());
          prev_slash_ = false;
          break;
        case '}':
          return seq;  // outside a group: run() reports it
        default:
          seq.kids.push_back(leaf(GlobRegex::Kind::set, one_byte(static_cast<unsigned char>(c))));
          prev_slash_ = c == '/';
          ++i_;
          break;
      }
    }
    return seq;
  }

  GlobRegex group() {
    const std::size_t open = i_;
    if (++depth_ >= kMaxAltDepth) throw GlobError(open, "'{' nested too deeply");
    ++i_;
    GlobRegex alt;
    alt.kind = GlobRegex::Kind::alt;
    std::size_t commas = 0;
    for (;;) {
      alt.kids.push_back(sequence(true));
      if (i_ >= p_.size()) throw GlobError(open, "'{' without a matching '}'");
      if (p_[i_] == ',') {
        ++commas;
        ++i_;
        continue;
      }
      ++i_;  // '}'
      break;
    }
    // convert_aaregex_to_pcre: "Invalid number of items between {}".
    if (commas == 0) throw GlobError(open, "'{...}' needs at least one ','");
    --depth_;
    return alt;
  }

  // One member of a [...] set at i_.
  unsigned char class_member(std::size_t open) {
    if (i_ >= p_.size()) throw GlobError(open, "'[' without a matching ']'");
    const char c = p_[i_];
    if (c == '*' || c == '?')
      throw GlobError(i_,
                      "'*' and '?' are not allowed inside '[...]' (apparmor_parser expands "
                      "them there)");
    if (c == '\\') {
      if (i_ + 1 < p_.size() && (p_[i_ + 1] == ',' || p_[i_ + 1] == '-' || p_[i_ + 1] == '^'))
        throw GlobError(i_,
                        "'\\,', '\\-' and '\\^' are not allowed inside '[...]' "
                        "(apparmor_parser reads them differently)");
      bool slash = false;
      return escape(&slash);
    }
    ++i_;
    return static_cast<unsigned char>(c);
  }

  ByteSet char_class(bool* negated) {
    const std::size_t open = i_;
    ++i_;
    exact_ = false;
    bool negate = false;
    if (i_ < p_.size() && p_[i_] == '^') {
      negate = true;
      ++i_;
    }
    ByteSet set;
    bool any = false;
    for (;;) {
      if (i_ >= p_.size()) throw GlobError(open, "'[' without a matching ']'");
      if (p_[i_] == ']') {
        if (!any) throw GlobError(i_, "empty '[...]'");
        ++i_;
        break;
      }
      const unsigned char lo = class_member(open);
      unsigned char hi = lo;
      if (i_ < p_.size() && p_[i_] == '-') {
        if (i_ + 1 < p_.size() && p_[i_ + 1] == ']')
          throw GlobError(i_, "'-' at the end of '[...]'");
        ++i_;
        hi = class_member(open);
        if (i_ < p_.size() && p_[i_] == '-') throw GlobError(i_, "'-' after a range in '[...]'");
      }
      // A reversed range is accepted and means the same bytes ("[c-a]" = "[abc]").
      for (unsigned v = lo < hi ? lo : hi; v <= (lo < hi ? hi : lo); ++v) set.set(v);
      any = true;
    }
    *negated = negate;
    return negate ? ~set : set;
  }

  std::string_view p_;
  std::size_t i_ = 0;
  int depth_ = 0;
  bool prev_slash_ = false;
  bool exact_ = true;
  std::size_t first_re_ = std::string_view::npos;
};

}  // namespace

ParsedGlob parse_glob(std::string_view pattern) {
  return GlobParser(pattern).run();
}

std::string filter_slashes(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  std::size_t i = 0;
  // "//name" at the start is kept (a distinct namespace to the parser), "///" is not.
  if (path.size() >= 2 && path[0] == '/' && path[1] == '/' &&
      (path.size() == 2 || path[2] != '/')) {
    out = "//";
    i = 2;
  }
  bool seen_slash = false;
  for (; i < path.size(); ++i) {
    if (path[i] == '/') {
      if (seen_slash) continue;
      seen_slash = true;
    } else {
      seen_slash = false;
    }
    out += path[i];
  }
  return out;
}

}  // namespace lsmsim::aa::detail
