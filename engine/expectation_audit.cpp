// expect `audit:`: the records one daemon received while the step ran (its log and queue
// grow by exactly those: lost records are never queued), matched as audit_records matches
// them (record type as auditd names it, fields as libauparse splits the record).
#include "engine/expectation.h"
#include "model/audit/audit.h"
#include "model/audit/audit_daemon.h"
#include "model/audit/audit_record.h"
#include "model/audit/audit_types.h"

namespace lsmsim::engine {

namespace {

const AuditDaemon* daemon_named(Kernel& k, const std::string& name) {
  for (const auto& d : k.audit().daemons())
    if (d->name == name) return d.get();
  return nullptr;
}

bool record_matches(const AuditRecord& rec, const std::string& type,
                    const std::vector<std::string>& want) {
  if (!type.empty() && audit_type_name(rec.type) != type) return false;
  const auto fields = audit_record_fields(rec.type, rec.body);
  for (const std::string& w : want) {
    const std::size_t eq = w.find('=');
    const std::string k = w.substr(0, eq), v = eq == std::string::npos ? "" : w.substr(eq + 1);
    bool found = false;
    for (const auto& [fk, fv] : fields)
      found = found || (fk == k && (eq == std::string::npos || fv == v));
    if (!found) return false;
  }
  return true;
}

std::string pattern_text(const std::string& type, const std::vector<std::string>& fields) {
  std::string s = type.empty() ? "a record" : "a " + type + " record";
  if (!fields.empty()) {
    s += " with";
    for (const std::string& f : fields) s += " " + f;
  }
  return s;
}

}  // namespace

std::map<std::string, std::size_t> audit_record_counts(Kernel& k) {
  std::map<std::string, std::size_t> out;
  for (const auto& d : k.audit().daemons()) out[d->name] = d->log.size() + d->queue.size();
  return out;
}

std::vector<CheckRecord> check_audit_expectation(const AuditExpectation& ae, RunState& state,
                                                 const Task& caller,
                                                 const std::map<std::string, std::size_t>& before) {
  std::vector<CheckRecord> out;
  auto add = [&](std::string expected, bool passed, std::string actual) {
    out.push_back(CheckRecord{std::move(expected), std::move(actual), passed});
  };
  const AuditDaemon* d = daemon_named(state.kernel(), ae.daemon);
  std::vector<AuditRecord> fresh;
  if (d != nullptr) {
    const std::vector<AuditRecord> all = d->received();
    const auto it = before.find(ae.daemon);
    const std::size_t from = it == before.end() ? 0 : std::min(it->second, all.size());
    fresh.assign(all.begin() + static_cast<std::ptrdiff_t>(from), all.end());
  }
  std::string shown;
  for (const AuditRecord& r : fresh) shown += "\n          " + audit_log_line(r);
  const std::string prefix = "audit daemon " + ae.daemon + " received ";
  const std::string actual = d == nullptr
                                 ? "no audit daemon named '" + ae.daemon + "' is running"
                                 : std::to_string(fresh.size()) + " records in this step" + shown;
  if (ae.count)
    add(prefix + std::to_string(*ae.count) + " records in this step",
        d != nullptr && fresh.size() == static_cast<std::size_t>(*ae.count), actual);
  auto expand_all = [&](const AuditRecordPattern& p) {
    std::vector<std::string> fields;
    for (const std::string& f : p.fields.texts) fields.push_back(state.expand(f, caller));
    return fields;
  };
  for (const AuditRecordPattern& p : ae.records) {
    const std::string type = p.type ? p.type->text : "";
    const std::vector<std::string> fields = expand_all(p);
    bool found = false;
    for (const AuditRecord& r : fresh) found = found || record_matches(r, type, fields);
    add(prefix + pattern_text(type, fields), d != nullptr && found, actual);
  }
  for (const AuditRecordPattern& p : ae.absent) {
    const std::string type = p.type ? p.type->text : "";
    const std::vector<std::string> fields = expand_all(p);
    bool found = false;
    for (const AuditRecord& r : fresh) found = found || record_matches(r, type, fields);
    add(prefix + "no " + pattern_text(type, fields).substr(2), d != nullptr && !found, actual);
  }
  return out;
}

}  // namespace lsmsim::engine
