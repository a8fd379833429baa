// The boot harness itself: a guest that never powers off is killed at the timeout with its
// whole process group, and the console tail explains; a boot whose active LSM is not the one
// asked for fails instead of answering for another module.
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>

#include "tests/referee/referee_support.h"
#include "tests/referee/uml_boot.h"

using namespace lsmsim::referee;

BOOST_AUTO_TEST_SUITE(uml_boot_harness)

BOOST_AUTO_TEST_CASE(a_hung_guest_is_killed_and_reported) {
  TempDir dir;
  UmlBoot b;
  b.lsm = "smack";
  b.script = "echo started > $OUT/started\nsleep 120";
  b.timeout_seconds = 8;  // room for a slow boot on a loaded machine
  const UmlResult r = uml_boot(dir, b);
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.out("started") == "started\n", "the init script ran: " << r.failure);
  BOOST_TEST(r.failure.find("no power-off within 8 s") != std::string::npos, r.failure);
  BOOST_TEST(r.failure.find("left running") == std::string::npos, r.failure);
  BOOST_TEST(r.failure.find("--- console (tail) ---") != std::string::npos);
  BOOST_TEST(r.seconds < 14.0);
}

// 6.1 has one major LSM at a time: lsm=apparmor,smack boots AppArmor only, so a referee that
// asked for Smack must refuse the boot.
BOOST_AUTO_TEST_CASE(the_active_lsm_is_checked) {
  TempDir dir;
  const GuestRun g = run_in_guest(dir, "smack", {"lsm=apparmor,smack"}, "", {});
  BOOST_TEST(g.boot.ok, g.boot.failure);
  BOOST_TEST(g.boot.active_lsm == "capability,apparmor");
  BOOST_TEST(g.failure.find("booted with /sys/kernel/security/lsm = 'capability,apparmor'") !=
                 std::string::npos,
             g.failure);
}

// Both sides would answer "bad line N" to a line that does not parse, and agree: the harness
// refuses such a batch (before booting) instead of counting it.
BOOST_AUTO_TEST_CASE(an_unparsable_batch_line_fails) {
  TempDir dir;
  const GuestRun g = run_in_guest(dir, "smack", {}, "", {"r /sys/fs/smackfs/load2", "q x"});
  BOOST_TEST(g.failure == "batch line 2 does not parse: q x", g.failure);
  BOOST_TEST(!g.boot.ok);
}

// A TMPDIR with a space (or a shell metacharacter) cannot go into init= unquoted: the boot is
// refused with a message naming the path, not attempted.
BOOST_AUTO_TEST_CASE(a_path_with_a_space_is_refused) {
  BOOST_TEST(plain_path("/tmp/lsmsim-referee-Ab3_x.y+z"));
  BOOST_TEST(!plain_path("/tmp/my dir/x"));
  BOOST_TEST(!plain_path("/tmp/a;b"));
  TempDir parent;
  const std::string spaced = parent.path() + "/with space";
  std::filesystem::create_directories(spaced);
  const char* old = std::getenv("TMPDIR");
  const std::string saved = old ? old : "";
  setenv("TMPDIR", spaced.c_str(), 1);
  UmlResult r;
  {
    TempDir dir;
    UmlBoot b;
    b.lsm = "smack";
    r = uml_boot(dir, b);
  }
  if (old) setenv("TMPDIR", saved.c_str(), 1); else unsetenv("TMPDIR");
  BOOST_TEST(!r.ok);
  BOOST_TEST(r.failure.find("'" + spaced + "/lsmsim-referee-") != std::string::npos, r.failure);
  BOOST_TEST(r.failure.find("only A-Z a-z 0-9 / . _ + -") != std::string::npos, r.failure);
}

BOOST_AUTO_TEST_SUITE_END()
