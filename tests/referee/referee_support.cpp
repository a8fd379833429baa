#include "tests/referee/referee_support.h"

#include <cstdlib>
#include <sstream>

#include "tests/referee/batch_format.h"
#include "tests/referee/referee_exec.h"

namespace lsmsim::referee {

std::string agent_path() {
#ifdef LSMSIM_REFEREE_AGENT
  return LSMSIM_REFEREE_AGENT;
#else
  return "";
#endif
}

std::uint64_t referee_seed(std::uint64_t fallback) {
  const char* s = std::getenv("LSMSIM_REFEREE_SEED");
  return s != nullptr && *s != '\0' ? std::strtoull(s, nullptr, 10) : fallback;
}

GuestRun run_in_guest(const TempDir& dir, const std::string& lsm,
                      const std::vector<std::string>& cmdline, const std::string& setup,
                      const std::vector<std::string>& batch, int timeout_seconds) {
  GuestRun g;
  // Both sides answer "bad line N" for a line that does not parse: equal answers, no case.
  for (std::size_t i = 0; i < batch.size(); ++i) {
    BatchOp op;
    if (!parse_op(batch[i], op)) {
      g.failure = "batch line " + std::to_string(i + 1) + " does not parse: " + batch[i];
      return g;
    }
  }
  if (!plain_path(agent_path())) {
    g.failure = unplain_path_message(agent_path());
    return g;
  }
  const std::string batch_file = dir.path() + "/batch";
  write_text(batch_file, join_lines(batch));
  UmlBoot b;
  b.lsm = lsm;
  b.cmdline = cmdline;
  b.timeout_seconds = timeout_seconds;
  b.script = setup + "\n" + agent_path() + " " + batch_file + " $OUT/answers\necho agent rc $?\n";
  g.boot = uml_boot(dir, b);
  if (!g.boot.ok) {
    g.failure = g.boot.failure;
    return g;
  }
  // "capability,selinux": the LSM asked for must be active, not silently another.
  std::istringstream active(g.boot.active_lsm);
  bool found = false;
  for (std::string item; std::getline(active, item, ',');) found = found || item == lsm;
  if (!found) {
    g.failure = "lsm=" + lsm + " booted with /sys/kernel/security/lsm = '" + g.boot.active_lsm +
                "'\n" + tail_lines(g.boot.console, 20);
    return g;
  }
  g.answers = split_lines(g.boot.out("answers"));
  if (g.answers.size() != batch.size()) {
    g.failure = "the agent answered " + std::to_string(g.answers.size()) + " of " +
                std::to_string(batch.size()) + " operations\n--- script.log ---\n" +
                tail_lines(g.boot.out("script.log"), 15) + "--- console ---\n" +
                tail_lines(g.boot.console, 15);
    return g;
  }
  for (std::size_t i = 0; i < g.answers.size(); ++i)
    if (g.answers[i].rfind("bad line", 0) == 0) {
      g.failure = "the agent could not parse batch line " + std::to_string(i + 1) + ": " + batch[i];
      return g;
    }
  return g;
}

}  // namespace lsmsim::referee
