#include "model/audit/audit_record.h"

#include <cstdio>

#include "model/audit/audit_types.h"

namespace lsmsim {

std::string format_audit_stamp(const AuditStamp& s) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "audit(%llu.%03u:%u)", static_cast<unsigned long long>(s.sec),
                s.msec, s.serial);
  return buf;
}

std::string audit_log_line(const AuditRecord& r) {
  return "type=" + audit_type_name(r.type) + " msg=" + format_audit_stamp(r.stamp) + ": " + r.body;
}

std::string audit_kmsg_line(const AuditRecord& r) {
  return "audit: type=" + std::to_string(r.type) + " " + format_audit_stamp(r.stamp) + ": " +
         r.body;
}

namespace {

std::string upper_hex(const std::string& v) {
  static constexpr char kDigits[] = "0123456789ABCDEF";  // audit_log_n_hex(): upper case
  std::string out;
  for (const char c : v) {
    const auto u = static_cast<unsigned char>(c);
    out += kDigits[u >> 4];
    out += kDigits[u & 0xF];
  }
  return out;
}

}  // namespace

std::string audit_untrusted_string(const std::string& v) {
  // audit_string_contains_control(): '"', space, controls and bytes above 0x7e force hex.
  bool hex = false;
  for (const char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '"' || u < 0x21 || u > 0x7e) hex = true;
  }
  if (!hex) return "\"" + v + "\"";
  return upper_hex(v);
}

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

// strtok_r(buf, " "): only the space separates; a tab stays inside its token.
std::vector<std::string> space_tokens(const std::string& body) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < body.size()) {
    while (i < body.size() && body[i] == ' ') ++i;
    const std::size_t start = i;
    while (i < body.size() && body[i] != ' ') ++i;
    if (i > start) out.push_back(body.substr(start, i - start));
  }
  return out;
}

bool ends_with(const std::string& s, char c) { return !s.empty() && s.back() == c; }

// The value as the harness compares it: auparse keeps a quoted value's quotes.
std::string unquoted(const std::string& v) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
  return v;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// au_unescape() on the values the kernel writes for key=: "text", or hex; false otherwise
// (key=(null)), and auparse then keeps the raw value.
bool unescape_key(const std::string& v, std::string& out) {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
    out = v.substr(1, v.size() - 2);
    return true;
  }
  if (v.empty() || v.size() % 2 != 0) return false;
  out.clear();
  for (std::size_t i = 0; i < v.size(); i += 2) {
    const int hi = hex_digit(v[i]), lo = hex_digit(v[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out += static_cast<char>(hi * 16 + lo);
  }
  return true;
}

// ellist.c escape(): each key is re-encoded, in hex when it holds '"', a control, a space or
// a byte above 0x7f (note: 0x7f itself stays text, unlike the kernel's test).
std::string escaped_key(const std::string& k) {
  for (const char c : k) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '"' || u < 0x21 || u > 0x7f) return upper_hex(k);
  }
  return k;
}

// A key=VALUE field: auditctl joins several keys with \x01 (AUDIT_KEY_SEPARATOR); auparse
// makes one "key" field of each.
void append_keys(const std::string& raw, Fields& out) {
  std::string keys;
  if (!unescape_key(raw, keys)) {
    out.emplace_back("key", raw);
    return;
  }
  std::size_t i = 0;
  while (i < keys.size()) {
    while (i < keys.size() && keys[i] == '\x01') ++i;
    const std::size_t start = i;
    while (i < keys.size() && keys[i] != '\x01') ++i;
    if (i > start) out.emplace_back("key", escaped_key(keys.substr(start, i - start)));
  }
}

}  // namespace

Fields audit_record_fields(int type, const std::string& body) {
  // libauparse's parse_up_record() (ellist.c), on the body after "audit(S.mmm:N): ".
  Fields out;
  const std::vector<std::string> tokens = space_tokens(body);
  const bool avc = type == AUDIT_AVC || type == AUDIT_USER_AVC;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    std::string tok = tokens[t];
    std::size_t eq = tok.find('=');
    if (eq == std::string::npos) {
      // SELinux's unlabelled "avc:  denied  { read write } for ": only right after type=.
      if (!avc) continue;
      if (out.empty()) {
        if (tok.compare(0, 3, "avc") != 0) out.emplace_back("seresult", tok);
      } else if (out.size() == 1 && tok.front() == '{') {
        std::string perms;
        while (++t < tokens.size() && tokens[t].front() != '}') {
          if (!perms.empty()) perms += ',';
          perms += tokens[t];
        }
        out.emplace_back("seperms", perms);
      }
      continue;
    }
    if (tok.compare(0, 4, "msg=") == 0 && tok.size() > 4) {
      if (tok[4] == 'a') continue;  // msg=audit(...)
      if (tok[4] == '\'') {
        // A user record's msg='k=v ...': its inner fields become the record's fields.
        tok = tok.substr(5);
        eq = tok.find('=');
        if (eq == std::string::npos) continue;
      }
    }
    std::string name = tok.substr(0, eq), value = tok.substr(eq + 1);
    // auparse 3.0.9 keeps no field whose value is empty as written ("v=", "msg="); one that
    // becomes empty by the cuts below ("g='") stays.
    if (value.empty()) continue;
    if (!name.empty() && name.front() == '(') name.erase(0, 1);
    // Trailing punctuation, each checked once in this order.
    if (ends_with(value, ':')) value.pop_back();
    if (ends_with(value, ',')) value.pop_back();
    if (ends_with(value, '\'')) value.pop_back();
    if (ends_with(value, ')') && value != "(none)" && value != "(null)") value.pop_back();
    if (name == "key") {
      append_keys(value, out);
      continue;
    }
    out.emplace_back(std::move(name), unquoted(value));
  }
  return out;
}

Fields audit_record_fields(const std::string& body) {
  // Without the type: a body whose first word is SELinux's "avc:" is an AVC record.
  const std::size_t first = body.find_first_not_of(' ');
  const bool avc = first != std::string::npos && body.compare(first, 3, "avc") == 0;
  return audit_record_fields(avc ? AUDIT_AVC : 0, body);
}

}  // namespace lsmsim
