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

// The body split into name=value fields exactly as libauparse 3.0.9 splits a record
// (parse_up_record, verified with the real library): words are separated by single spaces
// only; a value's surrounding double quotes are removed; a user record's msg='k=v ...' gives
// its inner fields (op, acct, ..., res) and no "msg" field, words without '=' are dropped;
// one trailing ':', ',', '\'' and ')' (not of "(none)"/"(null)") are cut from a value, in that
// order; empty values are dropped; key= is split at \x01 into one "key" field per key (hex
// when it holds a space or a control); for AVC/USER_AVC records the unlabelled SELinux prefix
// "avc:  denied  { read write } for " becomes {"seresult","denied"}, {"seperms","read,write"}.
std::vector<std::pair<std::string, std::string>> audit_record_fields(int type,
                                                                     const std::string& body);
// The same without the type: the body is taken for an AVC record when its first word is
// "avc:" (the only records whose fields depend on the type).
std::vector<std::pair<std::string, std::string>> audit_record_fields(const std::string& body);

}  // namespace lsmsim
