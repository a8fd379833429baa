// FileMatcher's combination rules, each checked against what apparmor_parser compiles for
// the same rules (hfa.cc accept_perms; the values in the comments are from
// `apparmor_parser -Q -K -D dfa-states`), and its behaviour as a shared object.
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "lsms/apparmor/policy/file_matcher.h"
#include "lsms/apparmor/policy/glob.h"
#include "lsms/apparmor/policy/path_dfa.h"
#include "tests/apparmor_match/dfa_dump.h"

namespace lsmsim::aa {
namespace {

FileRuleSpec rule(std::string glob, std::uint32_t perms, std::size_t index = 0) {
  FileRuleSpec r;
  r.glob = std::move(glob);
  r.perms = perms;
  r.rule_index = index;
  return r;
}

FileRuleSpec exec_rule(std::string glob, ExecMode mode, std::size_t index) {
  FileRuleSpec r = rule(std::move(glob), kMayExec, index);
  r.exec = std::move(mode);
  return r;
}

// The mode letter `w`, as apparmor_parser compiles it (`w` is 0x2800a in its DFA).
constexpr std::uint32_t kW = kMayWrite | kMayAppend;

const ExecMode kIx{ExecType::inherit, false, ExecType::none, ""};
const ExecMode kPx{ExecType::profile, false, ExecType::none, ""};
const ExecMode kUx{ExecType::unconfined, false, ExecType::none, ""};

// Whether apparmor_parser accepts `rules` (profile body lines).
bool parser_accepts(const std::string& rules) {
  return testing::run_apparmor_parser("profile t {\n" + rules + "}\n").rc == 0;
}

BOOST_AUTO_TEST_SUITE(file_matcher)

BOOST_AUTO_TEST_CASE(no_rules_allow_nothing) {
  const FileMatcher m;
  BOOST_TEST(m.rule_count() == 0u);
  BOOST_TEST((m.match("/etc/passwd", true) == FilePerms{}));
}

BOOST_AUTO_TEST_CASE(allow_and_deny_are_unions_deny_wins) {
  // { /etc/a* r, deny /etc/ab w, /tmp/** rw } -> /etc/ab allow=0x10004 deny=0x2800a.
  std::vector<FileRuleSpec> rules{rule("/etc/a*", kMayRead), rule("/etc/ab", kW),
                                  rule("/tmp/**", kMayRead | kW)};
  rules[1].deny = true;
  const FileMatcher m(rules);
  const FilePerms ab = m.match("/etc/ab", false);
  BOOST_TEST(ab.allow == kMayRead);
  BOOST_TEST(ab.deny == kW);
  BOOST_TEST(ab.quiet == ab.deny);  // a deny rule without `audit` is quiet
  BOOST_TEST(m.match("/tmp/x/y", true).effective() == (kMayRead | kW));
  BOOST_TEST(m.match("/tmp", true).effective() == 0u);
}

BOOST_AUTO_TEST_CASE(audit_and_quiet) {
  // audit /a/* rw + deny /a/b w -> /a/b (0x 10004/2800a/3800e/2800a): audit keeps the
  // denied bits; `audit deny` is not quiet.
  std::vector<FileRuleSpec> rules{rule("/a/*", kMayRead | kW), rule("/a/b", kW),
                                  rule("/a/c", kMayRead)};
  rules[0].audit = true;
  rules[1].deny = true;
  rules[2].deny = rules[2].audit = true;
  const FileMatcher m(rules);
  const FilePerms b = m.match("/a/b", true);
  BOOST_TEST(b.audit == (kMayRead | kW));
  BOOST_TEST(b.quiet == kW);
  BOOST_TEST(b.effective() == kMayRead);
  const FilePerms c = m.match("/a/c", true);
  BOOST_TEST(c.deny == kMayRead);
  BOOST_TEST(c.quiet == 0u);
}

BOOST_AUTO_TEST_CASE(owner_rules_count_only_for_the_owner) {
  std::vector<FileRuleSpec> rules{rule("/o/*", kMayRead | kW), rule("/o/x", kMayRead)};
  rules[0].owner = true;
  const FileMatcher m(rules);
  BOOST_TEST(m.match("/o/x", true).effective() == (kMayRead | kW));
  BOOST_TEST(m.match("/o/x", false).effective() == kMayRead);
  BOOST_TEST(m.match("/o/y", false).effective() == 0u);
}

BOOST_AUTO_TEST_CASE(slashes_are_filtered_as_the_parser_does) {
  const FileMatcher m({rule("/k//l", kMayRead)});
  BOOST_TEST(m.match("/k/l", true).allow == kMayRead);
  BOOST_TEST(m.match("/k//l", true).allow == 0u);  // paths arrive already normalised
}

BOOST_AUTO_TEST_CASE(exact_x_mode_dominates_a_glob) {
  // /p/* px + /p/q ix: accepted, /p/q -> ix (0x904241).
  const FileMatcher m({exec_rule("/p/*", kPx, 0), exec_rule("/p/q", kIx, 1)});
  BOOST_TEST((m.match("/p/q", true).exec == kIx));
  BOOST_TEST((m.match("/p/r", true).exec == kPx));
  BOOST_TEST((m.match("/p/q", true).allow & kMayMmap) != 0u);  // ix compiles with m
  BOOST_TEST((m.match("/p/r", true).allow & kMayMmap) == 0u);
  BOOST_TEST(parser_accepts("/p/* px,\n/p/q ix,\n"));
  // An alternation is still an exact match: {a,b} dominates too.
  const FileMatcher alt({exec_rule("/p/*", kPx, 0), exec_rule("/p/{q,r}", kIx, 1)});
  BOOST_TEST((alt.match("/p/r", true).exec == kIx));
  BOOST_TEST(parser_accepts("/p/* px,\n/p/{q,r} ix,\n"));
}

BOOST_AUTO_TEST_CASE(conflicting_x_modes_are_refused) {
  struct Case {
    std::vector<FileRuleSpec> rules;
    std::string text;
  };
  FileRuleSpec owner_ix = exec_rule("/p/a", kIx, 1);
  owner_ix.owner = true;
  const std::vector<Case> cases = {
      {{exec_rule("/p/*", kPx, 0), exec_rule("/p/*q", kIx, 1)}, "/p/* px,\n/p/*q ix,\n"},
      {{exec_rule("/p/a", kPx, 0), exec_rule("/p/{a,b}", kIx, 1)}, "/p/a px,\n/p/{a,b} ix,\n"},
      {{exec_rule("/p/a", kPx, 0), owner_ix}, "/p/a px,\nowner /p/a ix,\n"},
      // A set makes a rule a wildcard to the parser: no dominance.
      {{exec_rule("/x/[ab]", kPx, 0), exec_rule("/x/*", kIx, 1)}, "/x/[ab] px,\n/x/* ix,\n"},
      {{exec_rule("/x/**", kUx, 0), exec_rule("/x/*/y", kPx, 1)}, "/x/** ux,\n/x/*/y px,\n"},
  };
  for (const Case& c : cases) {
    BOOST_TEST(!parser_accepts(c.text), c.text);
    try {
      FileMatcher m(c.rules);
      BOOST_ERROR("no FileMatchError for " << c.text);
    } catch (const FileMatchError& e) {
      BOOST_TEST(e.rule_index() == 1u, c.text);
    }
  }
  // Disjoint globs, equal modes, or deny x do not conflict.
  FileRuleSpec deny_x = rule("/p/*", kMayExec, 2);
  deny_x.deny = true;
  BOOST_CHECK_NO_THROW(FileMatcher({exec_rule("/p/a*", kPx, 0), exec_rule("/p/b*", kIx, 1)}));
  BOOST_CHECK_NO_THROW(FileMatcher({exec_rule("/p/*", kPx, 0), exec_rule("/p/**", kPx, 1)}));
  BOOST_TEST(parser_accepts("/p/a* px,\n/p/b* ix,\ndeny /p/* x,\n"));
  const FileMatcher denied({exec_rule("/p/a*", kPx, 0), deny_x});
  BOOST_TEST((denied.match("/p/a", true).effective() & kMayExec) == 0u);
}

BOOST_AUTO_TEST_CASE(bad_globs_throw_glob_error) {
  BOOST_CHECK_THROW(FileMatcher({rule("/a/{b", kMayRead)}), GlobError);
  try {
    FileMatcher m({rule("/a//[b", kMayRead)});
    BOOST_ERROR("no GlobError");
  } catch (const GlobError& e) {
    BOOST_TEST(e.offset() == 4u);  // in the pattern as written, before slash filtering
  }
}

BOOST_AUTO_TEST_CASE(concurrent_lookups_agree) {
  std::vector<FileRuleSpec> rules;
  for (int i = 0; i < 40; ++i)
    rules.push_back(rule("/d" + std::to_string(i) + "/{a,b}*/**", kMayRead));
  const FileMatcher m(rules);
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        const int d = (i * 7 + t) % 50;
        const std::string path = "/d" + std::to_string(d) + "/a" + std::to_string(i) + "/x";
        const bool expect = d < 40;
        if ((m.match(path, true).allow == kMayRead) != expect) ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  BOOST_TEST(wrong.load() == 0);
}

BOOST_AUTO_TEST_CASE(a_full_state_cache_is_rebuilt) {
  // A tiny cache forces flushes in the middle of lookups; answers must not change.
  detail::PathNfa nfa;
  const char* globs[] = {"/a/**", "/a/*/b", "/{a,b}/c*", "/a/[^x]?"};
  for (std::uint32_t i = 0; i < 4; ++i) nfa.add(detail::parse_glob(globs[i]).regex, i);
  const detail::PathDfa tiny(nfa, 4);
  const detail::PathDfa roomy(nfa);
  for (const char* p : {"/a/x/b", "/a/cc", "/b/c", "/a/yz", "/a/", "/c/c", "/a/x/y/b"})
    BOOST_TEST(tiny.match(p) == roomy.match(p), p);
  BOOST_TEST((roomy.match("/a/x/b") == std::vector<std::uint32_t>{0, 1}));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lsmsim::aa
