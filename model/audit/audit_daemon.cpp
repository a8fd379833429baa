#include "model/audit/audit_daemon.h"

namespace lsmsim {

void AuditDaemon::drain() {
  // kauditd_thread hands every queued skb to the daemon, which writes it to its log.
  while (!queue.empty()) {
    log.push_back(std::move(queue.front()));
    queue.pop_front();
  }
}

std::vector<AuditRecord> AuditDaemon::received() const {
  std::vector<AuditRecord> all = log;
  all.insert(all.end(), queue.begin(), queue.end());
  return all;
}

}  // namespace lsmsim
