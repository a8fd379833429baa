// Bad input never crashes or hangs the parser: token soup built from the language's own
// words (deterministic seed) either parses or is refused with a located ProfileError.
#include <iostream>
#include <random>

#include "tests/apparmor_profile/profile_test_support.h"

namespace lsmsim::aa::test {

namespace fs = std::filesystem;

// apparmor_parser's verdict on a generated profile against lsmsim's, counted; every
// disagreement is printed with the profile text.
struct Tally {
  std::size_t agree = 0, total = 0, accepted = 0;

  void judge(const fs::path& f, const std::string& text, const char* tag) {
    const bool theirs = apparmor_parser_accepts(f);
    if (theirs) ++accepted;
    std::string why;
    try {
      parse_profiles(text, ProfileParseOptions{});
    } catch (const ProfileError& e) {
      why = e.what();
    }
    ++total;
    if (theirs == why.empty()) {
      ++agree;
    } else {
      std::cout << tag << " DISAGREE (parser " << (theirs ? "accepts" : "refuses") << ") " << why
                << "\n"
                << text;
    }
  }
};

BOOST_AUTO_TEST_SUITE(robustness)

BOOST_AUTO_TEST_CASE(token_soup_parses_or_gives_a_located_error) {
  const std::vector<std::string> vocab = {"profile",    "a",        "^h",
                                          "hat",        "{",        "}",
                                          "(",          ")",        ",",
                                          "=",          "+=",       "->",
                                          "/x",         "/y/**",    "@{V}",
                                          "@{U}",       "${b}",     "\"q r\"",
                                          "r",          "rw",       "ix",
                                          "px",         "Cx",       "wa",
                                          "x",          "owner",    "deny",
                                          "audit",      "allow",    "file",
                                          "capability", "chown",    "network",
                                          "inet",       "stream",   "signal",
                                          "set",        "peer",     "ptrace",
                                          "read",       "unix",     "type",
                                          "addr",       "label",    "mount",
                                          "options",    "fstype",   "umount",
                                          "pivot_root", "oldroot",  "change_profile",
                                          "safe",       "userns",   "dbus",
                                          "bus",        "rlimit",   "nofile",
                                          "<=",         "10",       "link",
                                          "subset",     "if",       "else",
                                          "not",        "defined",  "true",
                                          "flags",      "complain", "abi",
                                          "<abi/3.0>",  "include",  "#include",
                                          "<x>",        "alias",    "\\",
                                          "\n",         "{a,b}",    "[ab]",
                                          "[",          "]",        "#",
                                          ":ns:",       "&t",       "all",
                                          "mqueue"};
  std::mt19937 rng(20251202);
  std::size_t accepted = 0, refused = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = "@{V}=/v\n${b}=true\n";
    if (round % 2 == 0) text += "profile p {\n";
    const std::size_t n = 1 + rng() % 24;
    for (std::size_t i = 0; i < n; ++i) text += vocab[rng() % vocab.size()] + " ";
    if (round % 2 == 0) text += "\n}\n";
    try {
      parse_profiles(text, ProfileParseOptions{});
      ++accepted;
    } catch (const ProfileError& e) {
      ++refused;
      BOOST_TEST_INFO(text << " -> " << e.what());
      BOOST_TEST((e.line() >= 1 && e.column() >= 0 && !e.message().empty()));
    } catch (const std::exception& e) {
      BOOST_ERROR("not a ProfileError for: " << text << " -> " << e.what());
    }
  }
  BOOST_TEST_MESSAGE("token soup: " << accepted << " accepted, " << refused << " refused");
  BOOST_TEST(refused > 0u);
}

// Rule-shaped soup inside a profile, judged by both parsers.
BOOST_AUTO_TEST_CASE(rule_soup_gets_apparmor_parsers_verdict) {
  const std::vector<std::vector<std::string>> heads = {
      {"/x"},         {"/y/**"},         {"@{V}/z"},         {"capability"},
      {"network"},    {"signal"},        {"ptrace"},         {"unix"},
      {"mount"},      {"umount"},        {"change_profile"}, {"owner", "/o"},
      {"deny", "/d"}, {"audit", "deny"}, {"file"},           {"dbus"},
      {"link"}};
  const std::vector<std::string> tails = {"r",
                                          "rw",
                                          "ix",
                                          "px",
                                          "wa",
                                          "x",
                                          "-> t",
                                          "inet",
                                          "stream",
                                          "tcp",
                                          "chown",
                                          "sys_admin",
                                          "(send)",
                                          "(receive)",
                                          "set=(hup)",
                                          "peer=foo",
                                          "(read)",
                                          "type=stream",
                                          "addr=@a",
                                          "fstype=ext4",
                                          "options=(ro)",
                                          "/mnt/",
                                          "-> /mnt/",
                                          "/t",
                                          "safe",
                                          "bus=system",
                                          "send",
                                          "subset",
                                          "mr",
                                          "Px",
                                          "cx",
                                          "rwk",
                                          "l",
                                          "dgram",
                                          "raw",
                                          "peer=(label=x)",
                                          "(r)",
                                          "/a{b,c}",
                                          "/[ab]",
                                          "\"/q r\"",
                                          "(send, receive)",
                                          "set=(term kill)",
                                          "icmp",
                                          "unsafe",
                                          "remount",
                                          "pivot_root",
                                          "oldroot=/o/",
                                          "path=/p",
                                          "member=M",
                                          "readby",
                                          "tracedby",
                                          "(connect)",
                                          "options=(bind, rw)",
                                          "ux",
                                          "Cx -> c",
                                          "pix",
                                          "k",
                                          "a"};
  std::mt19937 rng(4242);
  TempDir dir;
  Tally tally;
  for (int round = 0; round < 2000; ++round) {
    std::string text = "@{V}=/v\nprofile p {\n";
    const std::size_t rules = 1 + rng() % 3;
    for (std::size_t r = 0; r < rules; ++r) {
      for (const std::string& w : heads[rng() % heads.size()]) text += w + " ";
      const std::size_t n = rng() % 4;
      for (std::size_t i = 0; i < n; ++i) text += tails[rng() % tails.size()] + " ";
      text += ",\n";
    }
    text += "}\n";
    const fs::path f = dir.write("soup" + std::to_string(round) + ".profile", text);
    tally.judge(f, text, "SOUP");
  }
  BOOST_TEST_MESSAGE("rule soup: " << tally.agree << "/" << tally.total << " agree, "
                                   << tally.accepted << " accepted by apparmor_parser");
  BOOST_TEST(tally.agree == tally.total);
}

// Preamble and header soup: variables, flags, names, attachments, children.
BOOST_AUTO_TEST_CASE(header_soup_gets_apparmor_parsers_verdict) {
  const std::vector<std::string> pre = {"@{A}=/a",         "@{A}+=/b",
                                        "@{B}=@{A}/x",     "${t}=true",
                                        "abi <abi/3.0>,",  "include <tunables/global>",
                                        "alias /a -> /b,", "",
                                        "@{C}={x,y} z",    "${t}=maybe"};
  const std::vector<std::string> head = {"profile",
                                         "profile n",
                                         "profile n /bin/n",
                                         "/bin/m",
                                         "profile :ns:n",
                                         ":ns:/bin/o",
                                         "profile \"q n\"",
                                         "profile n @{A}",
                                         "^h",
                                         "hat h",
                                         "profile n flags=(complain)",
                                         "profile n (kill audit)",
                                         "profile n flags=(bogus)",
                                         "profile n x",
                                         "n",
                                         "profile n flags=(enforce,complain)",
                                         "profile n /bin/* flags=(attach_disconnected)"};
  const std::vector<std::string> body = {"",
                                         "/r r,",
                                         "@{A}/** r,",
                                         "@{B} rw,",
                                         "@{C} r,",
                                         "@{Z} r,",
                                         "profile c { }",
                                         "^h { }",
                                         "if ${t} { /i r, }",
                                         "if ${u} { }",
                                         "hat hh { /x r, }",
                                         "owner { /o r, }",
                                         "@{A} ix,",
                                         "/a px,",
                                         "include <abstractions/base>",
                                         "deny /a w,",
                                         "audit { /au r, }"};
  std::mt19937 rng(777);
  TempDir dir;
  Tally tally;
  for (int round = 0; round < 1200; ++round) {
    std::string text;
    for (std::size_t i = rng() % 3; i > 0; --i) text += pre[rng() % pre.size()] + "\n";
    for (std::size_t prof = 1 + rng() % 2; prof > 0; --prof) {
      text += head[rng() % head.size()] + " {\n";
      for (std::size_t i = rng() % 3; i > 0; --i) text += "  " + body[rng() % body.size()] + "\n";
      text += "}\n";
    }
    const fs::path f = dir.write("head" + std::to_string(round) + ".profile", text);
    tally.judge(f, text, "HEAD");
  }
  BOOST_TEST_MESSAGE("header soup: " << tally.agree << "/" << tally.total << " agree, "
                                     << tally.accepted << " accepted by apparmor_parser");
  BOOST_TEST(tally.agree == tally.total);
}

BOOST_AUTO_TEST_CASE(empty_value_lists_are_located_errors) {
  for (const char* rule :
       {"pivot_root oldroot=() /x,", "signal peer=(),", "unix addr=(),", "ptrace peer=(),",
        "unix peer=(label=()),", "dbus bus=(),", "mount fstype=() /a -> /b,", "signal set=(),"}) {
    const std::string text = std::string("profile a { ") + rule + " }";
    try {
      parse_profiles(text, ProfileParseOptions{});
    } catch (const ProfileError& e) {
      BOOST_TEST_INFO(rule << " -> " << e.what());
      BOOST_TEST(e.line() == 1);
    } catch (const std::exception& e) {
      BOOST_ERROR(rule << ": not a ProfileError: " << e.what());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim::aa::test
