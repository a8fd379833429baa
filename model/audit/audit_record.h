// One audit record as the kernel builds it (struct audit_buffer after audit_log_end) and as
// auditd writes it: "type=AVC msg=audit(1767225600.000:12): avc:  denied ...".
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lsmsim {

// The time and serial shared by every record of one event (struct audit_stamp).
struct AuditStamp {
  std::uint64_t sec = 0;
  unsigned msec = 0;  // printed as %03u
  unsigned serial = 0;

  bool operator==(const AuditStamp&) const = default;
};

struct AuditRecord {
  int type = 0;
  AuditStamp stamp;
  std::string body;  // the text after "audit(S.mmm:N): "
};

// "audit(1767225600.000:12)" (the kernel's "audit(%llu.%03lu:%u)").
std::string format_audit_stamp(const AuditStamp& s);
// auditd's raw log line: "type=<NAME> msg=audit(S.mmm:N): <body>" (no newline).
std::string audit_log_line(const AuditRecord& r);
// The kernel's printk form when no daemon listens: "audit: type=1400 audit(S.mmm:N): <body>".
std::string audit_kmsg_line(const AuditRecord& r);

// audit_log_n_untrustedstring(): `"text"`, or the bytes in upper-case hex when the text holds
// a quote, a space, a control character or a byte above 0x7e.
std::string audit_untrusted_string(const std::string& v);

// The body split into name=value fields the way auparse splits it: values keep their quotes
// removed ("comm=\"cat\"" -> {"comm","cat"}), msg='...' of user records stays one field,
// the SELinux "avc:  denied  { read } for " prefix becomes {"seresult","denied"} and
// {"seperms","read"} as libauparse synthesizes them.
std::vector<std::pair<std::string, std::string>> audit_record_fields(const std::string& body);

}  // namespace lsmsim
