// Every profile Debian ships (apparmor, apparmor-profiles, apparmor-profiles-extra) parses,
// with its abstractions and tunables, and yields the profile names apparmor_parser -N
// prints for the same file.
#include <algorithm>
#include <iostream>
#include <set>

#include "tests/apparmor_profile/profile_test_support.h"

namespace lsmsim::aa::test {
namespace {

namespace fs = std::filesystem;

// Regular files directly in `dir`, as a profile load of the folder would take them.
std::vector<fs::path> profile_files(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string leaf = e.path().filename().string();
    if (!e.is_regular_file() || leaf == "README" || leaf[0] == '.') continue;
    out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void collect_names(const Profile& p, std::set<std::string>& names) {
  names.insert(p.ns.empty() ? p.name : ":" + p.ns + "://" + p.name);
  for (const auto& c : p.children) collect_names(*c, names);
}

std::set<std::string> parser_names(const fs::path& file) {
  const RunResult r = run("apparmor_parser -N '" + file.string() + "' 2>/dev/null");
  std::set<std::string> names;
  std::istringstream in(r.out);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) names.insert(line);
  }
  return names;
}

std::string join(const std::set<std::string>& s) {
  std::string out;
  for (const std::string& n : s) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Parses every file of `dir`; returns how many parsed. No exceptions are expected.
std::size_t check_folder(const fs::path& dir, std::size_t& profiles, std::size_t& warnings) {
  std::size_t ok = 0;
  for (const fs::path& f : profile_files(dir)) {
    ProfileParseOptions opt;
    opt.filename = f.string();
    opt.base_dir = f.parent_path().string();
    std::set<std::string> ours;
    try {
      const ParsedProfiles p = parse_profiles(read_file(f), opt);
      for (const auto& prof : p.profiles) collect_names(*prof, ours);
      profiles += ours.size();
      warnings += p.warnings.size();
      ++ok;
    } catch (const ProfileError& e) {
      BOOST_ERROR(f.string() << " does not parse: " << e.what());
      continue;
    }
    const std::set<std::string> theirs = parser_names(f);
    BOOST_TEST_INFO(f.string() << ": lsmsim {" << join(ours) << "} apparmor_parser -N {"
                               << join(theirs) << "}");
    BOOST_TEST((ours == theirs));
  }
  return ok;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(debian_profiles)

BOOST_AUTO_TEST_CASE(every_profile_in_etc_apparmor_d_parses_with_the_parsers_names) {
  std::size_t profiles = 0, warnings = 0;
  const std::size_t files = profile_files("/etc/apparmor.d").size();
  const std::size_t ok = check_folder("/etc/apparmor.d", profiles, warnings);
  BOOST_TEST_MESSAGE("/etc/apparmor.d: " << ok << "/" << files << " files parse, " << profiles
                                         << " profiles, " << warnings << " warnings");
  BOOST_TEST(files >= 25u);
  BOOST_TEST(ok == files);
}

BOOST_AUTO_TEST_CASE(every_extra_profile_parses_with_the_parsers_names) {
  std::size_t profiles = 0, warnings = 0;
  const fs::path dir = "/usr/share/apparmor/extra-profiles";
  const std::size_t files = profile_files(dir).size();
  const std::size_t ok = check_folder(dir, profiles, warnings);
  BOOST_TEST_MESSAGE(dir.string() << ": " << ok << "/" << files << " files parse, " << profiles
                                  << " profiles, " << warnings << " warnings");
  BOOST_TEST(files >= 100u);
  BOOST_TEST(ok == files);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim::aa::test
