// A first, backtracking Glob (alternations expanded, then matched left to right). Replaced by
// the compiled matcher; kept simple on purpose.
#include "lsms/apparmor/policy/glob.h"

#include <vector>

namespace lsmsim::aa {
namespace {

// Every alternation-free spelling of `p` ("{a,b}c" -> "ac", "bc").
std::vector<std::string> expand(std::string_view p) {
  std::size_t open = std::string_view::npos;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
      continue;
    }
    if (p[i] == '{') {
      open = i;
      break;
    }
  }
  if (open == std::string_view::npos) return {std::string(p)};
  int depth = 0;
  std::vector<std::string_view> alts;
  std::size_t start = open + 1, close = std::string_view::npos;
  for (std::size_t i = open; i < p.size(); ++i) {
    if (p[i] == '\\') {
      ++i;
      continue;
    }
    if (p[i] == '{') ++depth;
    if (p[i] == '}' && --depth == 0) {
      alts.push_back(p.substr(start, i - start));
      close = i;
      break;
    }
    if (p[i] == ',' && depth == 1) {
      alts.push_back(p.substr(start, i - start));
      start = i + 1;
    }
  }
  if (close == std::string_view::npos) throw GlobError(open, "unbalanced '{'");
  std::vector<std::string> out;
  for (std::string_view a : alts)
    for (const std::string& rest : expand(p.substr(close + 1)))
      for (const std::string& head : expand(a))
        out.push_back(std::string(p.substr(0, open)) + head + rest);
  return out;
}

bool match_here(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    const char c = p.front();
    if (c == '*') {
      const bool deep = p.size() > 1 && p[1] == '*';
      std::string_view rest = p.substr(deep ? 2 : 1);
      for (std::size_t n = 0; n <= s.size(); ++n) {
        if (match_here(rest, s.substr(n))) return true;
        if (n < s.size() && !deep && s[n] == '/') return false;
      }
      return false;
    }
    if (s.empty()) return false;
    if (c == '?') {
      if (s.front() == '/') return false;
    } else if (c == '[') {
      std::size_t i = 1;
      const bool neg = i < p.size() && p[i] == '^';
      if (neg) ++i;
      bool hit = false;
      const std::size_t first = i;
      for (; i < p.size() && (p[i] != ']' || i == first); ++i) {
        char lo = p[i];
        if (lo == '\\' && i + 1 < p.size()) lo = p[++i];
        char hi = lo;
        if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
          hi = p[i + 2];
          i += 2;
        }
        if (s.front() >= lo && s.front() <= hi) hit = true;
      }
      if (i >= p.size()) throw GlobError(0, "unbalanced '['");
      if (s.front() == '/' || hit == neg) return false;
      p.remove_prefix(i);
    } else if (c == '\\') {
      if (p.size() < 2) throw GlobError(0, "trailing '\\'");
      if (s.front() != p[1]) return false;
      p.remove_prefix(1);
    } else if (s.front() != c) {
      return false;
    }
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

}  // namespace

struct Glob::Impl {
  std::vector<std::string> spellings;
};

Glob::Glob(std::string_view pattern) : pattern_(pattern), impl_(std::make_unique<Impl>()) {
  impl_->spellings = expand(pattern);
}
Glob::~Glob() = default;
Glob::Glob(Glob&&) noexcept = default;
Glob& Glob::operator=(Glob&&) noexcept = default;

bool Glob::matches(std::string_view text) const {
  for (const std::string& s : impl_->spellings)
    if (match_here(s, text)) return true;
  return false;
}

bool Glob::is_literal() const {
  return literal_prefix_length() == pattern_.size();
}

std::size_t Glob::literal_prefix_length() const {
  for (std::size_t i = 0; i < pattern_.size(); ++i)
    if (pattern_[i] == '*' || pattern_[i] == '?' || pattern_[i] == '[' || pattern_[i] == '{' ||
        pattern_[i] == '\\')
      return i;
  return pattern_.size();
}

}  // namespace lsmsim::aa
