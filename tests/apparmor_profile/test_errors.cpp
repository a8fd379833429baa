// Refused profiles: each error names file, line and column of the offending token and says
// what was expected (messages worded as apparmor_parser's where it has one).
#include "tests/apparmor_profile/profile_test_support.h"

namespace lsmsim::aa::test {

namespace {

void check(const std::string& text, int line, int column, const std::string& words) {
  ProfileParseOptions opt;
  opt.filename = "t.profile";
  const ProfileError e = parse_error(text, opt);
  BOOST_TEST_INFO(text << " -> " << e.what());
  BOOST_TEST((e.line() == line && e.column() == column));
  BOOST_TEST_INFO(text << " -> " << e.what());
  BOOST_TEST(e.message().find(words) != std::string::npos);
  BOOST_TEST(e.file() == "t.profile");
  BOOST_TEST(std::string(e.what()).rfind("t.profile:" + std::to_string(line) + ":", 0) == 0u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(errors)

BOOST_AUTO_TEST_CASE(file_rule_modes) {
  check("profile a {\n  /x wa,\n}", 2, 6, "Conflict 'a' and 'w' perms are mutually exclusive.");
  check("profile a { /x rwz, }", 1, 16, "expected file permissions");
  check("profile a { /x ixpx, }", 1, 16, "conflicting qualifier already specified");
  check("profile a { /x rx, }", 1, 16, "'x' must be preceded by exec qualifier");
  check("profile a { deny /x ix, }", 1, 21, "in deny rules 'x' must not be preceded");
  check("profile a { /x p, }", 1, 16, "expected file permissions");
  check("profile a { rw x, }", 1, 16, "expected a path");
}

BOOST_AUTO_TEST_CASE(merged_rules_with_conflicting_x_modifiers) {
  check("profile a {\n /x ux,\n /x px,\n}", 3, 2,
        "has merged rule /x with conflicting x modifiers");
  check("profile a { owner /x ix, /x px, }", 1, 26, "conflicting x modifiers");
  check("profile a { /x px -> b, /x px -> c, }", 1, 25, "conflicting x modifiers");
  check("profile a { /x Px, /x px, }", 1, 20, "conflicting x modifiers");
  check("@{X}=/x\nprofile a { @{X} ux, /x px, }", 2, 22, "conflicting x modifiers");
}

BOOST_AUTO_TEST_CASE(structure) {
  check("profile a { /x r }", 1, 18, "expected ',' to end the file rule");
  check("profile a { /x r,", 1, 18, "unexpected end of file");
  check("profile a { } }", 1, 15, "expected a profile");
  check("foo { }", 1, 1, "Profile names must begin with a '/'");
  check("profile a x { }", 1, 11, "expected an attachment path");
  check("profile a flags=complain { }", 1, 17, "expected '(' after flags=");
  check("profile a { frobnicate /x, }", 1, 13, "expected a rule");
  check("profile a { }\n@{V}=y", 2, 1, "variable assignments must come before the profiles");
  check("profile a { }\nprofile a { }", 2, 1, "Multiple definitions for profile a");
  check("profile a { ^h { } hat h { } }", 1, 20, "Multiple definitions for hat h");
  check("profile a { deny audit /x r, }", 1, 18, "expected a rule");
  check("profile a { deny { /x r, } }", 1, 18, "deny prefix not allowed");
  check("profile a { owner capability chown, }", 1, 19, "owner prefix not allowed");
}

BOOST_AUTO_TEST_CASE(patterns) {
  check("profile a { /a/{b r, }", 1, 13, "bad pattern");
  check("profile a { /a/[b r, }", 1, 13, "Unclosed character class");
  check("profile a { /a/{b}/c r, }", 1, 13, "Invalid number of items between {}");
  check("profile a { /a/[] r, }", 1, 13, "empty character class");
}

BOOST_AUTO_TEST_CASE(flags) {
  check("profile a flags=(bogus) { }", 1, 18, "Invalid profile flag: bogus.");
  check("profile a flags=(complain, kill) { }", 1, 28, "conflicts with 'kill'");
  check("profile a flags=(debug) { }", 1, 18, "no longer valid");
  check("profile a flags=(mediate_deleted delegate_deleted) { }", 1, 34, "conflicts");
}

BOOST_AUTO_TEST_CASE(other_rule_families) {
  check("profile a { capability frobnicate, }", 1, 24, "Invalid capability frobnicate.");
  check("profile a { capability cap_chown, }", 1, 24, "Invalid capability cap_chown.");
  check("profile a { network foo, }", 1, 21, "Invalid network entry.");
  check("profile a { network inet foo, }", 1, 26, "Invalid network entry.");
  check("profile a { network inet6 icmp, }", 1, 27, "Invalid network entry.");
  check("profile a { network inet stream tcp, }", 1, 33, "expected ','");
  check("profile a { signal (send, foo), }", 1, 27, "unknown signal permission 'foo'");
  check("profile a { signal set=(foo), }", 1, 25, "unknown signal \"foo\"");
  check("profile a { ptrace (foo), }", 1, 21, "unknown ptrace permission");
  check("profile a { unix type=foo, }", 1, 23, "invalid socket type 'foo'");
  check("profile a { unix (foo), }", 1, 19, "unknown unix permission");
  check("profile a { mount options=(foo) /a -> /b, }", 1, 28, "unsupported mount options");
  check("profile a { dbus bogus=x, }", 1, 18, "invalid dbus conditional");
  check("profile a { dbus bus=(a b), }", 1, 18, "only supports a single value");
  check("profile a { set rlimit bogus <= 1, }", 1, 24, "INVALID RLIMIT 'bogus'");
  check("profile a { set rlimit nofile <= 10k, }", 1, 34, "invalid value");
  check("profile a { change_profile -> , }", 1, 31, "expected a profile name");
}

BOOST_AUTO_TEST_CASE(preprocessing) {
  check("#include <nonexistent/file>\nprofile a { }", 1, 1, "Could not open 'nonexistent/file'");
  check("profile a {\n  include \"/nonexistent\"\n}", 2, 3, "Could not open '/nonexistent'");
  check("profile a { include <x }", 1, 21, "unterminated include name");
  check("abi <abi/9.9>,\nprofile a { }", 1, 5, "Could not open 'abi/9.9'");
  check("profile a { \"/unterminated r, }", 1, 13, "unterminated quoted string");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim::aa::test
