// Parse-time checks of the audit steps (handlers_audit.cpp runs them): what auditctl itself
// would refuse, record types auditd has no such name for, malformed audit_records filters,
// and daemons named before an auditd step registered them. All are bad input with the
// position of the offending text in the scenario file.
#include <cctype>

#include "engine/parse_context.h"
#include "engine/substitution.h"
#include "model/audit/audit_rule.h"
#include "model/audit/audit_types.h"

namespace lsmsim::engine {

namespace {

const ArgValue* arg(const Step& st, const char* name) {
  auto it = st.args.find(name);
  return it == st.args.end() ? nullptr : &it->second;
}

// auditctl(8) command lines: refused as auditctl refuses them, at the offending token.
void check_auditctl(const Step& st, const ParseContext& ctx) {
  const ArgValue& cmd = st.args.at("command");
  for (std::size_t i = 0; i < cmd.texts.size(); ++i) {
    if (has_references(cmd.texts[i])) continue;
    const SourcePos p = i < cmd.text_pos.size() ? cmd.text_pos[i] : cmd.pos;
    try {
      parse_auditctl(cmd.texts[i], "<auditctl>", 1, 0);
    } catch (const AuditRuleError& e) {
      const auto offset = static_cast<std::size_t>(e.column() > 0 ? e.column() - 1 : 0);
      fail(scalar_char_pos(ctx.source, p, offset),
           "auditctl refuses '" + cmd.texts[i] + "': " + e.message());
    }
  }
}

// A record type as auditd 3.0.9 writes it after "type=": the name, or UNKNOWN[n] for a
// number it has no name for (UNKNOWN[1400] is never written: auditd says AVC).
void check_record_type(const ArgValue& v, bool user_message) {
  const int n = audit_type_number(v.text);
  if (n < 0)
    fail(v.pos, "unknown audit record type '" + v.text +
                    "' (expected a name as auditd writes it after type=, such as AVC, SYSCALL, "
                    "USER_LOGIN, or UNKNOWN[n] for a number auditd has no name for)");
  if (audit_type_name(n) != v.text)
    fail(v.pos, "auditd writes record type " + std::to_string(n) + " as '" + audit_type_name(n) +
                    "', never '" + v.text + "'");
  if (user_message && !audit_is_user_message(n))
    fail(v.pos, "'" + v.text + "' (" + std::to_string(n) +
                    ") is not a user message type (expected AUDIT_USER 1005, 1100-1199 or "
                    "2100-2999, such as USER_LOGIN or USER_AUTH)");
}

// audit_records fields: NAME or NAME=VALUE, NAME as libauparse splits it (letters, digits,
// '_', '-').
void check_fields(const ArgValue& v) {
  for (std::size_t i = 0; i < v.texts.size(); ++i) {
    const std::string& f = v.texts[i];
    const SourcePos p = i < v.text_pos.size() ? v.text_pos[i] : v.pos;
    const std::string name = f.substr(0, f.find('='));
    bool ok = !name.empty();
    for (const char c : name)
      ok = ok && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-');
    if (!ok)
      fail(p, "bad audit_records field '" + f +
                  "' (expected NAME or NAME=VALUE, NAME of letters, digits, _ and -, "
                  "such as comm=vsftpd or key)");
  }
}

void check_daemon(const ArgValue* v, const ParseContext& ctx, SourcePos fallback) {
  const std::string name = v != nullptr ? v->text : "host";
  if (has_references(name) || ctx.audit_daemons.count(name) != 0) return;
  std::string known;
  for (const std::string& d : ctx.audit_daemons) known += (known.empty() ? "" : ", ") + d;
  fail(v != nullptr ? v->pos : fallback,
       "no audit daemon named '" + name + "' has been started (an auditd step names it; " +
           (known.empty() ? std::string("none so far") : "so far: " + known) + ")");
}

}  // namespace

void check_audit_records_filter(const Step& st, const ParseContext& ctx) {
  check_daemon(arg(st, "daemon"), ctx, st.op_pos);
  if (const ArgValue* t = arg(st, "type")) check_record_type(*t, false);
  if (const ArgValue* f = arg(st, "fields")) check_fields(*f);
}

void check_audit_step(const Step& st, ParseContext& ctx) {
  if (st.op == "auditctl") {
    check_auditctl(st, ctx);
  } else if (st.op == "auditd") {
    const ArgValue* name = arg(st, "name");
    ctx.audit_daemons.insert(name != nullptr ? name->text : "host");
  } else if (st.op == "audit_user_msg") {
    check_record_type(st.args.at("type"), true);
  } else if (st.op == "audit_records") {
    check_audit_records_filter(st, ctx);
  } else if (st.op == "audit_status" || st.op == "audit_drain") {
    check_daemon(arg(st, "daemon"), ctx, st.op_pos);
  }
}

}  // namespace lsmsim::engine
