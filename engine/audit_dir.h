// `lsmsim run --audit-dir DIR`: after each scenario (matrix cell), what every audit daemon
// received as auditd's log file (log_format = RAW: one "type=... msg=audit(...): ..." line per
// record, what ausearch -if / aureport -if read) and what the kernel printed (kmsg.txt), in
// DIR/<scenario stem>[.<cell>]/.
#pragma once

#include <set>
#include <string>

namespace lsmsim::engine {

class ScenarioSession;

class AuditDirWriter {
 public:
  explicit AuditDirWriter(std::string dir) : dir_(std::move(dir)) {}
  // Writes the session's daemons' logs and kmsg; returns the folder written. Two scenarios
  // with the same stem in one run get "<stem>.2", ... rather than overwriting each other.
  // Throws std::runtime_error naming the path when a file cannot be written.
  std::string write(ScenarioSession& session);

 private:
  std::string dir_;
  std::set<std::string> used_;
};

// A daemon name as a file name: characters other than letters, digits, '.', '-' and '_'
// become '_' (a name is the scenario's free text).
std::string audit_log_file_name(const std::string& daemon);

}  // namespace lsmsim::engine
