// security_context_to_sid() / security_sid_to_context() for one policy: the kernel's
// string_to_context_struct(), mls_context_to_sid() and mls_sid_to_context().
#include <cerrno>

#include "lsms/selinux/policy/mls.h"
#include "lsms/selinux/policy/services.h"

namespace lsmsim::sepolicy {
namespace {

std::string_view next_field(std::string_view& s, bool& had_colon) {
  const std::size_t colon = s.find(':');
  had_colon = colon != std::string_view::npos;
  std::string_view f = s.substr(0, colon);
  s = had_colon ? s.substr(colon + 1) : std::string_view{};
  return f;
}

template <typename Map>
std::uint32_t lookup(const Map& m, std::string_view name) {
  auto it = m.find(name);
  return it == m.end() ? 0 : it->second;
}

// One level "s0" or "s0:c1,c3.c7". Category ranges need first < last, as the kernel asks.
bool parse_level(const Policydb& db, std::string_view s, MlsLevel& out, std::string& why) {
  const std::size_t colon = s.find(':');
  const std::string_view sens = s.substr(0, colon);
  out.sens = lookup(db.sens_values, sens);
  if (out.sens == 0) {
    why = "unknown sensitivity '" + std::string(sens) + "'";
    return false;
  }
  if (colon == std::string_view::npos) return true;
  std::string_view cats = s.substr(colon + 1);
  while (true) {
    const std::size_t comma = cats.find(',');
    const std::string_view item = cats.substr(0, comma);
    const std::size_t dot = item.find('.');
    const std::string_view a = item.substr(0, dot);
    const std::uint32_t lo = lookup(db.cat_values, a);
    if (lo == 0) {
      why = "unknown category '" + std::string(a) + "'";
      return false;
    }
    std::uint32_t hi = lo;
    if (dot != std::string_view::npos) {
      const std::string_view b = item.substr(dot + 1);
      hi = lookup(db.cat_values, b);
      if (hi == 0) {
        why = "unknown category '" + std::string(b) + "'";
        return false;
      }
      if (lo >= hi) {
        why = "category range '" + std::string(item) + "' is not increasing";
        return false;
      }
    }
    for (std::uint32_t v = lo; v <= hi; ++v) out.cats.set(v - 1);
    if (comma == std::string_view::npos) return true;
    cats = cats.substr(comma + 1);
  }
}

}  // namespace

int SecurityServer::context_from_string(std::string_view text, Context& out,
                                        std::string* why) const {
  std::string reason;
  auto fail = [&](std::string m) {
    if (why) *why = std::move(m);
    return -EINVAL;
  };
  // A trailing NUL is accepted, as the kernel strips it from xattr values.
  if (!text.empty() && text.back() == '\0') text.remove_suffix(1);
  Context c;
  bool colon = false;
  std::string_view rest = text;
  const std::string_view user = next_field(rest, colon);
  if (!colon) return fail("'" + std::string(text) + "' has no role and type");
  const std::string_view role = next_field(rest, colon);
  if (!colon) return fail("'" + std::string(text) + "' has no type");
  const std::string_view type = next_field(rest, colon);
  const bool has_mls = colon;
  c.user = lookup(db_.user_values, user);
  if (c.user == 0) return fail("unknown user '" + std::string(user) + "'");
  c.role = lookup(db_.role_values, role);
  if (c.role == 0) return fail("unknown role '" + std::string(role) + "'");
  c.type = lookup(db_.type_values, type);
  if (c.type == 0 || db_.types[c.type - 1].attribute)
    return fail("unknown type '" + std::string(type) + "'");
  if (db_.mls) {
    if (!has_mls) return fail("the policy is MLS and '" + std::string(text) + "' has no level");
    const std::size_t dash = rest.find('-');
    if (!parse_level(db_, rest.substr(0, dash), c.range.low, reason)) return fail(reason);
    if (dash == std::string_view::npos) {
      c.range.high = c.range.low;
    } else if (!parse_level(db_, rest.substr(dash + 1), c.range.high, reason)) {
      return fail(reason);
    }
  } else if (has_mls) {
    return fail("the policy is not MLS and '" + std::string(text) + "' has a level");
  }
  if (!context_isvalid(db_, c, &reason))
    return fail("invalid context " + std::string(text) + ": " + reason);
  out = std::move(c);
  return 0;
}

std::string SecurityServer::context_to_string(const Context& c) const {
  auto name = [](const auto& vec, std::uint32_t v) -> std::string {
    return v >= 1 && v <= vec.size() ? vec[v - 1].name : "?" + std::to_string(v);
  };
  std::string out =
      name(db_.users, c.user) + ":" + name(db_.roles, c.role) + ":" + name(db_.types, c.type);
  if (db_.mls) out += ":" + mls_range_to_string(db_, c.range);
  return out;
}

}  // namespace lsmsim::sepolicy
