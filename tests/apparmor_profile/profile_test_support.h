// Helpers for the AppArmor profile parser tests: parsing text, catching the error,
// temporary folders, running apparmor_parser.
#pragma once

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "lsms/apparmor/policy/profile_parser.h"

namespace lsmsim::aa::test {

inline ParsedProfiles parse(const std::string& text, ProfileParseOptions opt = {}) {
  opt.include_dirs = {"/etc/apparmor.d"};
  return parse_profiles(text, opt);
}

// The single top-level profile of `text`.
inline std::unique_ptr<Profile> parse_one(const std::string& text) {
  ParsedProfiles p = parse(text);
  BOOST_REQUIRE_EQUAL(p.profiles.size(), 1u);
  return std::move(p.profiles[0]);
}

// The ProfileError of parsing `text` (fails the test if it parses).
inline ProfileError parse_error(const std::string& text, ProfileParseOptions opt = {}) {
  try {
    parse_profiles(text, opt);
  } catch (const ProfileError& e) {
    return e;
  }
  BOOST_FAIL("expected a ProfileError for: " << text);
  return ProfileError("", 0, 0, "");
}

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lsmsim-aa-XXXXXX").string();
    path = mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::filesystem::path write(const std::string& rel, const std::string& text) const {
    const std::filesystem::path p = path / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p;
  }
};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs a shell command; its exit status and standard output.
struct RunResult {
  int status = -1;
  std::string out;
};
inline RunResult run(const std::string& cmd) {
  RunResult r;
  FILE* f = popen(cmd.c_str(), "r");
  if (f == nullptr) return r;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), f)) > 0) r.out.append(buf.data(), n);
  const int st = pclose(f);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

// apparmor_parser -Q -K on one file: whether it compiles (no kernel needed).
inline bool apparmor_parser_accepts(const std::filesystem::path& file) {
  return run("apparmor_parser -Q -K '" + file.string() + "' >/dev/null 2>&1").status == 0;
}

}  // namespace lsmsim::aa::test
