// parse_profiles (profile_parser.h) and FileMatcher together against apparmor_parser on the
// profiles Debian ships: for every profile (children and hats too), paths generated from its
// own rules (each glob instantiated, plus near misses) get the same permissions from a
// FileMatcher of the profile's rules as from a walk of the parser's file DFA for that profile.
//
// The comparison is strict: parse_profiles' rules are used as they are, and every profile of
// every file apparmor_parser compiles must agree on every path.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

#include "lsms/apparmor/policy/glob_regex.h"
#include "lsms/apparmor/policy/profile_parser.h"
#include "tests/apparmor_match/match_compare.h"
#include "tests/apparmor_match/profile_generator.h"

namespace lsmsim::aa::testing {
namespace {

namespace fs = std::filesystem;

constexpr char kRealAlphabet[] = "abcefilorsx01239._-";
constexpr std::size_t kPathsPerRule = 12;
constexpr std::size_t kMaxPathsPerProfile = 4000;

std::string read_text(const fs::path& f) {
  std::ifstream in(f);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Profiles in the order apparmor_parser emits their DFAs: by name, each followed by its
// children and hats (also by name).
void dump_order(const std::vector<std::unique_ptr<Profile>>& list,
                std::vector<const Profile*>* out) {
  std::vector<const Profile*> sorted;
  for (const auto& p : list) sorted.push_back(p.get());
  std::sort(sorted.begin(), sorted.end(),
            [](const Profile* a, const Profile* b) { return a->name < b->name; });
  for (const Profile* p : sorted) {
    out->push_back(p);
    dump_order(p->children, out);
  }
}

// Whether the parser builds a file DFA for `p`: it has file rules, or rules the parser turns
// into file rules (change_profile; the change_hat /proc rules of hats and of profiles with
// hats or children, parser_policy.c profile_add_hat_rules).
bool has_file_dfa(const Profile& p) {
  return p.file.rule_count() > 0 || !p.change_profile.empty() || p.is_hat || !p.children.empty();
}

std::string near_miss(std::string path, std::mt19937_64& rng) {
  std::uniform_int_distribution<std::size_t> any(0, 5);
  auto pos = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n)(rng); };
  const char c = kRealAlphabet[pos(sizeof kRealAlphabet - 2)];
  switch (any(rng)) {
    case 0:
      path += c;
      break;
    case 1:
      if (!path.empty()) path.pop_back();
      break;
    case 2:
      path += '/';
      break;
    case 3:
      if (!path.empty()) path[pos(path.size() - 1)] = c;
      break;
    case 4:
      path.insert(pos(path.size()), "/");
      break;
    default:
      path += "/x";
      break;
  }
  return path;
}

std::vector<std::string> paths_for(const std::vector<FileRuleSpec>& rules, std::mt19937_64& rng) {
  std::vector<std::string> out;
  for (const FileRuleSpec& r : rules) {
    const detail::GlobRegex re = detail::parse_glob(detail::filter_slashes(r.glob)).regex;
    for (std::size_t i = 0; i < kPathsPerRule; ++i) {
      std::string s;
      sample_match(re, rng, kRealAlphabet, &s);
      out.push_back(i % 3 == 2 ? near_miss(std::move(s), rng) : std::move(s));
    }
  }
  std::shuffle(out.begin(), out.end(), rng);
  if (out.size() > kMaxPathsPerProfile) out.resize(kMaxPathsPerProfile);
  return out;
}

struct Totals {
  std::size_t files = 0, profiles = 0, skipped_files = 0, rules = 0;
  MatchTally tally;
};

std::string report(const Totals& t) {
  std::ostringstream os;
  os << t.files << " files (" << t.skipped_files << " refused by apparmor_parser), " << t.profiles
     << " profiles, " << t.rules << " file rules, " << t.tally.paths << " paths ("
     << t.tally.hits << " matched a rule, " << t.tally.exec_checks << " x modes compared), "
     << t.tally.disagreements << " disagreements";
  return os.str();
}

void check_file(const fs::path& f, std::mt19937_64& rng, Totals& totals) {
  ProfileParseOptions opt;
  opt.filename = f.string();
  opt.base_dir = f.parent_path().string();
  ParsedProfiles parsed;
  try {
    parsed = parse_profiles(read_text(f), opt);
  } catch (const std::exception& e) {
    BOOST_ERROR(f.string() << ": parse_profiles: " << e.what());
    return;
  }
  const ParserRun run = run_apparmor_parser_file(f.string());
  if (run.rc != 0) {
    // Profiles this apparmor_parser refuses are another test's business (tests/apparmor_profile).
    ++totals.skipped_files;
    return;
  }
  std::vector<const Profile*> order;
  dump_order(parsed.profiles, &order);
  std::vector<const Profile*> with_dfa;
  for (const Profile* p : order)
    if (has_file_dfa(*p)) with_dfa.push_back(p);
  const auto dfas = run.file_dfas();
  if (dfas.size() != with_dfa.size()) {
    BOOST_ERROR(f.string() << ": " << dfas.size() << " file DFAs in the dump, " << with_dfa.size()
                           << " profiles with file rules");
    return;
  }
  ++totals.files;
  for (std::size_t i = 0; i < with_dfa.size(); ++i) {
    const Profile& p = *with_dfa[i];
    ++totals.profiles;
    totals.rules += p.file.rule_count();
    MatchComparer cmp;
    MatchTally one;
    for (const std::string& path : paths_for(p.file.rules(), rng))
      cmp.compare(p.file, *dfas[i], path, one);
    totals.tally.paths += one.paths;
    totals.tally.hits += one.hits;
    totals.tally.exec_checks += one.exec_checks;
    totals.tally.disagreements += one.disagreements;
    if (one.disagreements != 0) {
      std::string matching;  // the rules the matcher sees for that path
      for (const FileRuleSpec& r : p.file.rules())
        if (FileMatcher({r}).match(one.first_path, true).allow != 0) matching += " " + r.glob;
      BOOST_ERROR(f.string() << " profile " << p.name << ": " << one.disagreements << " of "
                             << one.paths << " paths disagree, first " << one.first_failure
                             << "; matching rules:" << matching);
    }
  }
}

std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string leaf = e.path().filename().string();
    if (e.is_regular_file() && leaf != "README" && leaf[0] != '.') out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

BOOST_AUTO_TEST_SUITE(debian_profiles)

BOOST_AUTO_TEST_CASE(named_profiles_agree_with_the_parser) {
  std::mt19937_64 rng(oracle_seed());
  Totals totals;
  for (const char* name : {"bin.ping", "usr.sbin.traceroute", "lsb_release", "nvidia_modprobe",
                           "usr.sbin.dnsmasq", "php-fpm", "sbin.syslogd"})
    check_file(fs::path("/etc/apparmor.d") / name, rng, totals);
  BOOST_TEST_MESSAGE("named profiles: " << report(totals));
  BOOST_TEST(totals.files == 7u);
  BOOST_TEST(totals.tally.paths >= 2000u);
  BOOST_TEST(totals.tally.disagreements == 0u);
}

BOOST_AUTO_TEST_CASE(every_profile_in_etc_apparmor_d_agrees_with_the_parser) {
  std::mt19937_64 rng(oracle_seed() + 1);
  Totals totals;
  for (const fs::path& f : files_in("/etc/apparmor.d")) check_file(f, rng, totals);
  BOOST_TEST_MESSAGE("/etc/apparmor.d: " << report(totals));
  BOOST_TEST(totals.files >= 20u);
  BOOST_TEST(totals.tally.disagreements == 0u);
}

// apparmor-profiles-extra's profiles (with the abstractions of /etc/apparmor.d), every file.
BOOST_AUTO_TEST_CASE(every_extra_profile_agrees_with_the_parser) {
  std::mt19937_64 rng(oracle_seed() + 2);
  Totals totals;
  const auto files = files_in("/usr/share/apparmor/extra-profiles");
  for (const fs::path& f : files) check_file(f, rng, totals);
  BOOST_TEST_MESSAGE("extra-profiles: " << report(totals));
  BOOST_TEST(files.size() >= 100u);
  BOOST_TEST(totals.files + totals.skipped_files == files.size());
  BOOST_TEST(totals.tally.disagreements == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lsmsim::aa::testing
