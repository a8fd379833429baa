// The DFA-dump walker against the outputs recorded in /work/shared/reference/oracles.md §3b,
// so the differential tests rest on a walker that reads the parser's DFA correctly.
#include <boost/test/unit_test.hpp>

#include "tests/apparmor_match/dfa_dump.h"

namespace lsmsim::aa::testing {
namespace {

// allow & ~deny of one side, in the r w a x m l k letters.
// Letters in the kernel's audit order (x w r a ... k m l), as file_perms_letters() prints them.
std::string effective(const DumpedDfa& dfa, const std::string& path, bool owner) {
  const DfaPerms p = dfa.walk(path);
  return file_perms_letters(dfa_side(p.allow & ~p.deny, owner) & 0x7fu);
}

const DumpedDfa& only_file_dfa(const ParserRun& run) {
  BOOST_TEST_REQUIRE(run.rc == 0, run.output);
  BOOST_TEST_REQUIRE(!run.file_dfas().empty());
  return *run.file_dfas().front();
}

BOOST_AUTO_TEST_SUITE(dfa_walker)

BOOST_AUTO_TEST_CASE(small_profile) {
  const ParserRun run =
      run_apparmor_parser("profile t {\n  /etc/a* r,\n  deny /etc/ab w,\n  /tmp/** rw,\n}\n");
  const DumpedDfa& dfa = only_file_dfa(run);
  const DfaPerms ab = dfa.walk("/etc/ab");
  BOOST_TEST(ab.allow == 0x10004u);
  BOOST_TEST(ab.deny == 0x2800au);
  BOOST_TEST(effective(dfa, "/etc/ab", true) == "r");
  BOOST_TEST(effective(dfa, "/etc/a/x", true) == "");
  BOOST_TEST(effective(dfa, "/tmp/x/y/z", true) == "wra");
  BOOST_TEST(effective(dfa, "/tmp/x/y/z", false) == "wra");
  BOOST_TEST(effective(dfa, "/tmp", true) == "");
}

BOOST_AUTO_TEST_CASE(owner_rule) {
  const ParserRun run =
      run_apparmor_parser("profile t {\n  owner /var/lib/testprog/{,**} rw,\n}\n");
  const DumpedDfa& dfa = only_file_dfa(run);
  BOOST_TEST(effective(dfa, "/var/lib/testprog/", true) == "wra");
  BOOST_TEST(effective(dfa, "/var/lib/testprog/x/y", true) == "wra");
  BOOST_TEST(effective(dfa, "/var/lib/testprog/x/y", false) == "");
}

BOOST_AUTO_TEST_CASE(bin_ping) {
  const ParserRun run = run_apparmor_parser_file("/etc/apparmor.d/bin.ping");
  BOOST_TEST_REQUIRE(run.rc == 0, run.output);
  // The attachment DFA comes first and is told apart from the file DFA.
  BOOST_TEST_REQUIRE(run.dfas.size() == 2u);
  BOOST_TEST(run.dfas[0].is_xmatch());
  const DumpedDfa& dfa = only_file_dfa(run);
  BOOST_TEST(effective(dfa, "/usr/bin/ping", true) == "xrm");
  BOOST_TEST(effective(dfa, "/etc/ld.so.cache", true) == "rm");
  BOOST_TEST(effective(dfa, "/etc/passwd", true) == "r");
  BOOST_TEST(effective(dfa, "/dev/null", true) == "wra");
  BOOST_TEST(effective(dfa, "/etc/shadow", true) == "");
}

BOOST_AUTO_TEST_CASE(dnsmasq) {
  const ParserRun run = run_apparmor_parser_file("/etc/apparmor.d/usr.sbin.dnsmasq");
  const DumpedDfa& dfa = only_file_dfa(run);
  BOOST_TEST(effective(dfa, "/etc/dnsmasq.conf", true) == "r");
  BOOST_TEST(effective(dfa, "/var/lib/misc/dnsmasq.leases", true) == "wra");
}

BOOST_AUTO_TEST_CASE(exec_bits_decode) {
  const ParserRun run = run_apparmor_parser(
      "profile t {\n  /x/ix ix,\n  /x/px px,\n  /x/Cx Cx,\n  /x/pux pux,\n  /x/Pix Pix,\n"
      "  /x/n px -> foo,\n}\n");
  const DumpedDfa& dfa = only_file_dfa(run);
  auto exec = [&](const char* path) { return dfa_exec(dfa_side(dfa.walk(path).allow, true)); };
  BOOST_TEST((exec("/x/ix") == encode_exec({ExecType::inherit, false, ExecType::none, ""}, 0)));
  BOOST_TEST((exec("/x/px") == encode_exec({ExecType::profile, false, ExecType::none, ""}, 0)));
  BOOST_TEST((exec("/x/Cx") == encode_exec({ExecType::child, true, ExecType::none, ""}, 0)));
  BOOST_TEST(
      (exec("/x/pux") == encode_exec({ExecType::profile, false, ExecType::unconfined, ""}, 0)));
  BOOST_TEST((exec("/x/Pix") == encode_exec({ExecType::profile, true, ExecType::inherit, ""}, 0)));
  // A named transition indexes the profile's transition table (slots from 4 up).
  BOOST_TEST(exec("/x/n").mod >= 4);
  BOOST_TEST(exec("/x/n").unsafe);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lsmsim::aa::testing
