// Smack referee: thousands of generated rule writes (load2, change-rule, revoke-subject, load,
// load-self2) and access2/access queries, settings (doi, direct, mapped, logging, ptrace,
// ambient, syslog, relabel-self, onlycap), run in the real kernel (user-mode-linux,
// lsm=smack) and in lsmsim's smackfs by a task with CAP_MAC_ADMIN; every write result (count
// or errno), every answer and every listing must agree.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <sstream>

#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "tests/referee/batch_format.h"
#include "tests/referee/referee_exec.h"
#include "tests/referee/referee_support.h"
#include "tests/referee/smack_cases.h"

using namespace lsmsim;
using namespace lsmsim::referee;

namespace {

std::string shown(const std::string& s) {
  return "'" + escape(s) + "'";
}

// Whether a rule write names `label` as one of its whitespace-separated tokens.
bool mentions(const SmackOp& op, const std::string& label) {
  if (label.empty()) return false;
  std::istringstream in(op.data);
  for (std::string token; in >> token;)
    if (token == label) return true;
  return false;
}

// The rule writes before op `i` that name its subject or object, with both sides' results.
std::string relevant_rules(const SmackBatch& b, std::size_t i, const std::vector<std::string>& k,
                           const std::vector<std::string>& l) {
  std::vector<std::string> lines;
  for (std::size_t j = 0; j < i; ++j) {
    const SmackOp& op = b.ops[j];
    if (op.kind != SmackOp::rule) continue;
    if (!mentions(op, b.ops[i].subject) && !mentions(op, b.ops[i].object)) continue;
    lines.push_back("      #" + std::to_string(j + 1) + " " + op.file + " " + shown(op.data) +
                    " -> kernel " + k[j] + ", lsmsim " + l[j]);
  }
  if (lines.size() > 12) lines.erase(lines.begin(), lines.end() - 12);
  std::string out = lines.empty() ? "      (no rule written names these labels)\n" : "";
  for (const auto& s : lines) out += s + "\n";
  return out;
}

std::vector<std::string> sorted_lines(const std::string& answer) {
  std::string text;
  unescape(answer.size() > 3 ? answer.substr(3) : "", text);
  std::vector<std::string> v = split_lines(text);
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(smack_referee)

BOOST_AUTO_TEST_CASE(generated_rules_and_queries_agree_with_the_kernel) {
  const std::uint64_t seed = referee_seed(20260602u);
  constexpr int kCases = 40, kRules = 18, kQueries = 72;
  const SmackBatch b = generate_smack_batch(seed, kCases, kRules, kQueries);
  TempDir dir;
  const GuestRun g =
      run_in_guest(dir, "smack", {}, "mount -t smackfs smackfs /sys/fs/smackfs", b.lines);
  BOOST_REQUIRE_MESSAGE(g.failure.empty(), g.failure);
  BOOST_TEST_MESSAGE("UML boot with " << b.lines.size() << " operations: " << g.boot.seconds
                                      << " s; active LSMs " << g.boot.active_lsm);

  KernelConfig cfg;
  cfg.lsm.lsm = "smack";
  Kernel k(cfg);
  Task& init = k.init_task();  // root: CAP_MAC_ADMIN, no onlycap list
  SysResult m = sys_mount(init, "smackfs", "/sys/fs/smackfs", "smackfs", 0);
  BOOST_REQUIRE_MESSAGE(m.ok(), "mount smackfs in lsmsim: errno " << m.err);
  const std::vector<std::string> ours =
      run_batch(init, b.lines, [](const std::string& f) { return read_text(f); });

  std::uint64_t queries = 0, granted = 0, writes = 0, refused_writes = 0, settings = 0;
  // Disagreements by what disagrees, the first few of each in full.
  std::map<std::string, std::uint64_t> count;
  std::map<std::string, std::string> shown_first;
  for (std::size_t i = 0; i < b.ops.size(); ++i) {
    const SmackOp& op = b.ops[i];
    const std::string& kern = g.answers[i];
    const std::string& mine = ours[i];
    if (op.kind == SmackOp::query) {
      ++queries;
      if (kern == "ok 1\\x00") ++granted;
    } else if (op.kind == SmackOp::rule) {
      ++writes;
      if (kern.rfind("ok ", 0) != 0) ++refused_writes;
    } else {
      ++settings;
    }
    if (kern == mine) continue;
    const bool listing = op.kind == SmackOp::read && (op.file.rfind("load", 0) == 0);
    const std::string what = listing                     ? "rule listings"
                             : op.kind == SmackOp::rule  ? "rule writes"
                             : op.kind == SmackOp::query ? "queries"
                                                         : "settings";
    if (++count[what] > 6) continue;
    std::ostringstream o;
    o << "\n  #" << i + 1 << " (case " << op.case_no << ") " << op.path() << " " << shown(op.data)
      << ":\n    kernel " << kern.substr(0, 300) << "\n    lsmsim " << mine.substr(0, 300) << "\n";
    if (listing)
      o << "    (the same rules in another order: "
        << (sorted_lines(kern) == sorted_lines(mine) ? "yes" : "no") << ")\n";
    else if (op.kind == SmackOp::rule || op.kind == SmackOp::query)
      o << "    rules naming " << shown(op.subject) << " or " << shown(op.object) << ":\n"
        << relevant_rules(b, i, g.answers, ours);
    shown_first[what] += o.str();
  }
  std::ostringstream report;
  report << "seed " << seed << ": " << writes << " rule writes (" << refused_writes
         << " refused by the kernel), " << queries << " access2/access queries (" << granted
         << " granted), " << settings << " settings and listings";
  for (const auto& [what, n] : count)
    report << "\n" << n << " disagreements in " << what << ":" << shown_first[what];
  BOOST_TEST_MESSAGE(report.str());
  for (const char* what : {"rule writes", "queries", "settings", "rule listings"})
    BOOST_TEST(count[what] == 0u, count[what] << " disagreements in " << what << " (seed " << seed
                                              << "; the test log shows them)");
  // The comparison says something: thousands of queries, both answers common, bad writes.
  BOOST_TEST(queries > 2000u);
  BOOST_TEST(granted > queries / 5);
  BOOST_TEST(queries - granted > queries / 5);
  BOOST_TEST(refused_writes > 20u);
}

BOOST_AUTO_TEST_SUITE_END()
