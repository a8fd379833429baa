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

std::string audit_untrusted_string(const std::string& v) {
  // audit_string_contains_control(): '"', space, controls and bytes above 0x7e force hex.
  bool hex = false;
  for (const char c : v) {
    const auto u = static_cast<unsigned char>(c);
    if (u == '"' || u < 0x21 || u > 0x7e) hex = true;
  }
  if (!hex) return "\"" + v + "\"";
  static constexpr char kDigits[] = "0123456789ABCDEF";  // audit_log_n_hex(): upper case
  std::string out;
  for (const char c : v) {
    const auto u = static_cast<unsigned char>(c);
    out += kDigits[u >> 4];
    out += kDigits[u & 0xF];
  }
  return out;
}

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// libauparse's SELinux AVC prefix ("avc:  denied  { read write } for "): it becomes the
// fields seresult and seperms (comma-joined), as auparse's ellist.c synthesizes them.
std::size_t parse_avc_prefix(const std::string& body, std::size_t i,
                             std::vector<std::pair<std::string, std::string>>& out) {
  const std::string tag = "avc:";
  if (body.compare(i, tag.size(), tag) != 0) return i;
  std::size_t j = i + tag.size();
  while (j < body.size() && is_space(body[j])) ++j;
  std::size_t w = j;
  while (j < body.size() && !is_space(body[j])) ++j;
  std::string result = body.substr(w, j - w);
  while (j < body.size() && is_space(body[j])) ++j;
  if (j >= body.size() || body[j] != '{') return i;
  ++j;
  std::string perms;
  while (j < body.size()) {
    while (j < body.size() && is_space(body[j])) ++j;
    if (j < body.size() && body[j] == '}') {
      ++j;
      break;
    }
    std::size_t p = j;
    while (j < body.size() && !is_space(body[j]) && body[j] != '}') ++j;
    if (!perms.empty()) perms += ',';
    perms += body.substr(p, j - p);
  }
  while (j < body.size() && is_space(body[j])) ++j;
  if (body.compare(j, 3, "for") == 0) j += 3;
  out.emplace_back("seresult", result);
  out.emplace_back("seperms", perms);
  return j;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> audit_record_fields(const std::string& body) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i < body.size() && is_space(body[i])) ++i;
  i = parse_avc_prefix(body, i, out);
  while (i < body.size()) {
    while (i < body.size() && is_space(body[i])) ++i;
    if (i >= body.size()) break;
    std::size_t start = i;
    while (i < body.size() && !is_space(body[i]) && body[i] != '=') ++i;
    std::string key = body.substr(start, i - start);
    if (i >= body.size() || body[i] != '=') {
      // A bare token (Smack's " labels_differ"): auparse skips words without '='.
      continue;
    }
    ++i;  // '='
    std::string value;
    if (i < body.size() && (body[i] == '"' || body[i] == '\'')) {
      char q = body[i++];
      std::size_t v = i;
      while (i < body.size() && body[i] != q) ++i;
      value = body.substr(v, i - v);
      if (i < body.size()) ++i;  // closing quote
    } else {
      std::size_t v = i;
      while (i < body.size() && !is_space(body[i])) ++i;
      value = body.substr(v, i - v);
    }
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

}  // namespace lsmsim
