// FileMatcher against apparmor_parser's compiled DFA on generated profiles: the same rules
// as profile text (compiled and walked, dfa_dump.h) and as FileRuleSpecs; every path is
// compared on the owner and the other side, all columns and the x mode. Profiles the parser
// refuses for conflicting x modes must be refused by FileMatcher too, and only those.
#include <boost/test/unit_test.hpp>

#include "tests/apparmor_match/match_compare.h"
#include "tests/apparmor_match/profile_generator.h"

namespace lsmsim::aa::testing {
namespace {

constexpr std::size_t kProfiles = 70;
constexpr std::size_t kPathsPerProfile = 300;

BOOST_AUTO_TEST_SUITE(differential)

BOOST_AUTO_TEST_CASE(generated_profiles_agree_with_the_parser) {
  const std::uint64_t seed = oracle_seed();
  ProfileGenerator gen(seed);
  MatchTally tally;
  std::size_t compiled = 0, refused = 0;
  for (std::size_t n = 0; n < kProfiles; ++n) {
    // A third of the profiles mix x modes, so some are refused.
    const GeneratedProfile prof = gen.profile(4 + n % 11, n % 3 == 0 ? 4 : 1);
    const std::string where = "LSMSIM_ORACLE_SEED=" + std::to_string(seed) + " profile " +
                              std::to_string(n) + ":\n" + prof.text;
    const ParserRun run = run_apparmor_parser(prof.text);
    bool conflict = false;
    std::unique_ptr<FileMatcher> matcher;
    try {
      matcher = std::make_unique<FileMatcher>(prof.rules);
    } catch (const FileMatchError& e) {
      conflict = true;
    }
    const bool parser_conflict =
        run.rc != 0 && run.output.find("conflicting x modifiers") != std::string::npos;
    if (run.rc != 0 && !parser_conflict) {
      BOOST_ERROR("the parser refused a generated profile: " << where << run.output);
      continue;
    }
    if (conflict != parser_conflict) {
      BOOST_ERROR("conflict detection differs (matcher " << conflict << ", parser "
                                                         << parser_conflict << "): " << where);
      continue;
    }
    if (conflict) {
      ++refused;
      continue;
    }
    ++compiled;
    const auto dfas = run.file_dfas();
    BOOST_TEST_REQUIRE(dfas.size() == 1u, where);
    MatchComparer cmp;
    MatchTally one;
    for (const std::string& path : gen.paths(prof, kPathsPerProfile))
      cmp.compare(*matcher, *dfas.front(), path, one);
    tally.paths += one.paths;
    tally.hits += one.hits;
    tally.exec_checks += one.exec_checks;
    tally.disagreements += one.disagreements;
    if (one.disagreements != 0)
      BOOST_ERROR(one.disagreements << " disagreements, first " << one.first_failure << "\n"
                                    << where);
  }
  BOOST_TEST_MESSAGE("seed " << seed << ": " << compiled << " profiles compared, " << refused
                             << " refused by both; " << tally.paths << " paths, " << tally.hits
                             << " matched a rule, " << tally.exec_checks << " x modes compared, "
                             << tally.disagreements << " disagreements");
  BOOST_TEST(compiled >= 50u);
  BOOST_TEST(refused >= 1u);
  BOOST_TEST(tally.hits * 3 >= tally.paths);  // the paths do hit the rules
  BOOST_TEST(tally.exec_checks >= 500u);      // the x modes are exercised
  BOOST_TEST(tally.disagreements == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lsmsim::aa::testing
