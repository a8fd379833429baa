#include "lsms/selinux/selinux_context.h"

#include <cctype>

namespace lsmsim {
namespace {

// Policy identifiers (users, roles, types): letters, digits, '_', '.', '-'.
bool identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '.' && c != '-')
      return false;
  return true;
}

// 'p' followed by a decimal number (s0, c12).
bool numbered(std::string_view s, char p) {
  if (s.size() < 2 || s[0] != p) return false;
  for (char c : s.substr(1))
    if (std::isdigit(static_cast<unsigned char>(c)) == 0) return false;
  return true;
}

// A category set: c1,c3 or c0.c255, comma-separated.
bool categories(std::string_view s) {
  while (true) {
    const std::size_t comma = s.find(',');
    std::string_view item = s.substr(0, comma);
    const std::size_t dot = item.find('.');
    if (dot == std::string_view::npos) {
      if (!numbered(item, 'c')) return false;
    } else if (!numbered(item.substr(0, dot), 'c') || !numbered(item.substr(dot + 1), 'c')) {
      return false;
    }
    if (comma == std::string_view::npos) return true;
    s = s.substr(comma + 1);
  }
}

// One MLS level: a sensitivity and optional categories.
bool level(std::string_view s) {
  const std::size_t colon = s.find(':');
  if (colon == std::string_view::npos) return numbered(s, 's');
  return numbered(s.substr(0, colon), 's') && categories(s.substr(colon + 1));
}

}  // namespace

bool selinux_context_valid(std::string_view ctx) {
  std::string_view fields[3];
  for (auto& f : fields) {
    const std::size_t colon = ctx.find(':');
    f = ctx.substr(0, colon);
    if (!identifier(f)) return false;
    ctx = colon == std::string_view::npos ? std::string_view{} : ctx.substr(colon + 1);
    if (colon == std::string_view::npos && &f != &fields[2]) return false;
  }
  if (ctx.data() == nullptr || ctx.empty()) return ctx.data() == nullptr;  // "u:r:t:" is bad
  const std::size_t dash = ctx.find('-');
  if (dash == std::string_view::npos) return level(ctx);
  return level(ctx.substr(0, dash)) && level(ctx.substr(dash + 1));
}

}  // namespace lsmsim
