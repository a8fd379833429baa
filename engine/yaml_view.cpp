#include "engine/yaml_view.h"

#include <cctype>
#include <charconv>

namespace lsmsim::engine {

SourcePos pos_of(const YAML::Node& n) {
  if (!n.IsDefined()) return {};
  const YAML::Mark m = n.Mark();
  if (m.is_null()) return {};
  return {m.line + 1, m.column + 1};
}

SourcePos at(const YAML::Node& n, SourcePos fallback) {
  const SourcePos p = pos_of(n);
  return p.line == 0 ? fallback : p;
}

SourcePos scalar_char_pos(std::string_view source, SourcePos start, std::size_t offset) {
  // The start line's first byte.
  std::size_t i = 0;
  for (int line = 1; line < start.line && i < source.size(); ++i)
    if (source[i] == '\n') ++line;
  i += static_cast<std::size_t>(start.column > 0 ? start.column - 1 : 0);
  if (i >= source.size()) return start;
  SourcePos p = start;
  const char quote = source[i] == '"' || source[i] == '\'' ? source[i] : '\0';
  auto advance = [&](std::size_t n) {
    for (; n > 0 && i < source.size(); --n, ++i) {
      if (source[i] == '\n') {
        ++p.line;
        p.column = 1;
      } else {
        ++p.column;
      }
    }
  };
  if (quote != '\0') advance(1);  // the opening quote is not part of the value
  for (std::size_t c = 0; c < offset && i < source.size(); ++c) {
    const char ch = source[i];
    if (quote == '"' && ch == '\\' && i + 1 < source.size()) {
      // YAML double-quoted escapes: \xNN, \uNNNN, \UNNNNNNNN, or one character.
      const char e = source[i + 1];
      advance(e == 'x' ? 4 : e == 'u' ? 6 : e == 'U' ? 10 : 2);
    } else if (quote == '\'' && ch == '\'' && i + 1 < source.size() && source[i + 1] == '\'') {
      advance(2);  // '' is one quote
    } else if (ch == '\n') {
      // A line fold: the break and the next line's indentation are one space of the value.
      advance(1);
      while (i < source.size() && (source[i] == ' ' || source[i] == '\t')) advance(1);
    } else {
      advance(1);
    }
  }
  return p;
}

namespace {
SourcePos or_fallback(const YAML::Node& n, SourcePos fallback) {
  SourcePos p = pos_of(n);
  return p.line == 0 ? fallback : p;
}
}  // namespace

std::string kind_of(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Scalar:
      return "'" + n.Scalar() + "'";
    default:
      return "nothing";
  }
}

void fail(SourcePos pos, std::string message) { throw BadInput{pos, std::move(message)}; }

MapView::MapView(const YAML::Node& node, std::string what, SourcePos fallback)
    : what_(std::move(what)), pos_(or_fallback(node, fallback)) {
  if (!node.IsMap()) fail(pos_, "expected " + what_ + " (a mapping), got " + kind_of(node));
  for (auto it = node.begin(); it != node.end(); ++it) {
    const YAML::Node k = it->first;  // a copy: the iterator hands out a temporary proxy
    const SourcePos kp = or_fallback(k, pos_);
    if (!k.IsScalar()) fail(kp, "expected a key name in " + what_ + ", got " + kind_of(k));
    const std::string key = k.Scalar();
    for (const Entry& e : entries_)
      if (e.key == key)
        fail(kp, "duplicate key '" + key + "' in " + what_ + " (first given at line " +
                     std::to_string(e.key_pos.line) + ")");
    entries_.push_back(Entry{key, kp, it->second});
  }
}

const MapView::Entry* MapView::find(std::string_view key) const {
  for (const Entry& e : entries_)
    if (e.key == key) return &e;
  return nullptr;
}

void MapView::only(const std::vector<std::string_view>& allowed) const {
  for (const Entry& e : entries_) {
    bool ok = false;
    for (std::string_view a : allowed) ok = ok || a == e.key;
    if (ok) continue;
    std::string list;
    for (std::string_view a : allowed) {
      if (!list.empty()) list += ", ";
      list += a;
    }
    fail(e.key_pos, "unknown key '" + e.key + "' in " + what_ + " (expected one of: " + list +
                        ")");
  }
}

std::string scalar(const YAML::Node& n, std::string_view what, SourcePos fallback) {
  if (!n.IsScalar())
    fail(or_fallback(n, fallback),
         "expected " + std::string(what) + ", got " + kind_of(n));
  return n.Scalar();
}

bool boolean(const YAML::Node& n, std::string_view what, SourcePos fallback) {
  const std::string s = scalar(n, std::string(what) + " (true or false)", fallback);
  if (s == "true") return true;
  if (s == "false") return false;
  fail(or_fallback(n, fallback),
       "expected " + std::string(what) + " (true or false), got '" + s + "'");
}

std::optional<long long> parse_integer(std::string_view s) {
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return std::nullopt;
  unsigned long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  if (v > static_cast<unsigned long long>(INT64_MAX)) return std::nullopt;
  const auto sv = static_cast<long long>(v);
  return neg ? -sv : sv;
}

long long integer(const YAML::Node& n, std::string_view what, long long min, long long max,
                  SourcePos fallback) {
  const std::string s = scalar(n, std::string(what) + " (a number)", fallback);
  const auto v = parse_integer(s);
  if (!v)
    fail(or_fallback(n, fallback),
         "expected " + std::string(what) + " (a number), got '" + s + "'");
  if (*v < min || *v > max)
    fail(or_fallback(n, fallback), std::string(what) + " " + s + " is out of range (" +
                                       std::to_string(min) + " to " + std::to_string(max) + ")");
  return *v;
}

std::vector<std::pair<std::string, SourcePos>> scalar_list(const YAML::Node& n,
                                                           std::string_view what,
                                                           SourcePos fallback) {
  std::vector<std::pair<std::string, SourcePos>> out;
  if (n.IsScalar()) {
    out.emplace_back(n.Scalar(), or_fallback(n, fallback));
    return out;
  }
  if (!n.IsSequence())
    fail(or_fallback(n, fallback),
         "expected " + std::string(what) + " (a string or a list), got " + kind_of(n));
  for (const YAML::Node& item : n)
    out.emplace_back(scalar(item, what, or_fallback(n, fallback)),
                     or_fallback(item, or_fallback(n, fallback)));
  return out;
}

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_'))
    return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

}  // namespace lsmsim::engine
