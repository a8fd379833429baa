// Smack on objects, refereed: files on a tmpfs with SMACK64 labels, a transmuting directory
// and a plain one, random load2 rules between rounds; each round is a child that takes a
// label and drops CAP_MAC_ADMIN and CAP_MAC_OVERRIDE, then opens every file for reading and
// writing, creates files and directories (their SMACK64 and SMACK64TRANSMUTE), and tries to
// relabel. Every answer of the real kernel (user-mode-linux, lsm=smack) and of lsmsim (the
// same steps as a forked task of init) must agree.
#include <boost/test/unit_test.hpp>

#include <random>
#include <sstream>

#include "model/kernel.h"
#include "model/syscalls/fs.h"
#include "tests/referee/batch_format.h"
#include "tests/referee/referee_exec.h"
#include "tests/referee/referee_support.h"

using namespace lsmsim;
using namespace lsmsim::referee;

namespace {

constexpr const char* kDir = "/run/ref";

std::string access_letters(std::mt19937_64& r) {
  std::string s;
  for (char c : std::string("rwxatl"))
    if (r() % 2) s += c;
  return s.empty() ? "-" : s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(smack_objects_referee)

BOOST_AUTO_TEST_CASE(file_access_by_unprivileged_subjects_agrees_with_the_kernel) {
  const std::uint64_t seed = referee_seed(20260603u);
  std::mt19937_64 r(seed);
  const std::vector<std::string> objects = {"A", "B", "C", "*", "^", "_", "@", "?"};
  const std::vector<std::string> subjects = {"A", "B", "C", "_", "^", "*", "@"};
  std::vector<std::string> batch;
  const std::string d = kDir;
  auto op = [&](char kind, const std::string& path, const std::string& data = "") {
    batch.push_back(format_op(kind, path, data));
  };
  op('m', d);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    const std::string f = d + "/f" + std::to_string(i);
    op('c', f);
    op('x', f, "security.SMACK64 " + objects[i]);
    op('g', f, "security.SMACK64");
  }
  op('m', d + "/td");
  op('x', d + "/td", "security.SMACK64 T");
  op('x', d + "/td", "security.SMACK64TRANSMUTE TRUE");
  op('g', d + "/td", "security.SMACK64TRANSMUTE");
  op('m', d + "/pd");
  op('x', d + "/pd", "security.SMACK64 D");
  std::vector<std::string> targets = objects;
  targets.push_back("T");
  targets.push_back("D");
  for (int round = 0; round < 14; ++round) {
    // New rules between rounds (the last write for a pair wins).
    for (int i = 0; i < 8; ++i)
      op('w', "/sys/fs/smackfs/load2",
         subjects[r() % subjects.size()] + " " + targets[r() % targets.size()] + " " +
             access_letters(r) + "\n");
    const std::string s = subjects[r() % subjects.size()];
    const std::string n = std::to_string(round);
    // Mostly let the subject create in both directories, transmuting or not.
    if (r() % 4 != 0) {
      op('w', "/sys/fs/smackfs/load2", s + " T rwx" + (r() % 2 ? "t" : "") + "\n");
      op('w', "/sys/fs/smackfs/load2", s + " D rwx\n");
    }
    op('P', "/proc/self/attr/current", s);
    op('r', "/proc/self/attr/current");
    for (std::size_t i = 0; i < objects.size(); ++i)
      for (const char* mode : {"r", "w", "rw"}) op('o', d + "/f" + std::to_string(i), mode);
    for (const char* dir : {"/td", "/pd"}) {
      op('c', d + dir + "/new" + n);
      op('g', d + dir + "/new" + n, "security.SMACK64");
      op('m', d + dir + "/sub" + n);
      op('g', d + dir + "/sub" + n, "security.SMACK64");
      op('g', d + dir + "/sub" + n, "security.SMACK64TRANSMUTE");
    }
    op('x', d + "/f0", "security.SMACK64 " + s);  // relabelling takes CAP_MAC_ADMIN
    op('g', d + "/f0", "security.SMACK64");
    op('E', "-");
  }

  TempDir dir;
  const GuestRun g =
      run_in_guest(dir, "smack", {}, "mount -t smackfs smackfs /sys/fs/smackfs", batch);
  BOOST_REQUIRE_MESSAGE(g.failure.empty(), g.failure);
  BOOST_TEST_MESSAGE("UML boot with " << batch.size() << " operations: " << g.boot.seconds << " s");

  KernelConfig cfg;
  cfg.lsm.lsm = "smack";
  Kernel k(cfg);
  Task& init = k.init_task();
  BOOST_REQUIRE(sys_mount(init, "smackfs", "/sys/fs/smackfs", "smackfs", 0).ok());
  sys_mkdir(init, "/run", 0755);  // the guest's init mounts a tmpfs on /run too
  BOOST_REQUIRE(sys_mount(init, "tmpfs", "/run", "tmpfs", 0).ok());
  const std::vector<std::string> ours =
      run_batch(init, batch, [](const std::string& f) { return read_text(f); });

  std::size_t mismatches = 0, granted = 0, opens = 0;
  std::ostringstream first;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (batch[i][0] == 'o') {
      ++opens;
      if (g.answers[i] == "ok") ++granted;
    }
    if (g.answers[i] == ours[i]) continue;
    if (++mismatches <= 20)
      first << "\n  #" << i + 1 << " " << batch[i] << ": kernel " << g.answers[i] << ", lsmsim "
            << ours[i];
  }
  std::ostringstream report;
  report << "seed " << seed << ": " << batch.size() << " operations, " << opens << " opens ("
         << granted << " granted); " << mismatches << " disagreements" << first.str();
  BOOST_TEST_MESSAGE(report.str());
  BOOST_TEST(mismatches == 0u, report.str());
  BOOST_TEST(granted > opens / 5);
  BOOST_TEST(opens - granted > opens / 5);
}

BOOST_AUTO_TEST_SUITE_END()
