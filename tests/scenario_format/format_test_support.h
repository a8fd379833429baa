// Shared by the scenario-format tests: a scratch folder of YAML files, and parse-error capture.
#pragma once

#include <unistd.h>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/scenario_model.h"
#include "engine/scenario_parser.h"

namespace lsmsim::engine::test {

// A fresh folder under the temp dir, removed at the end of the test.
class ScratchDir {
 public:
  ScratchDir() {
    static int n = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("lsmsim_format_" + std::to_string(getpid()) + "_" + std::to_string(++n));
    std::filesystem::create_directories(dir_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void write(const std::string& rel, const std::string& text) const {
    const auto p = dir_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p) << text;
  }
  std::string path(const std::string& rel) const { return (dir_ / rel).string(); }
  std::string dir() const { return dir_.string(); }
  // Parses `rel` as the top scenario, named by its full path.
  Scenario parse(const std::string& rel) const {
    std::ifstream in(dir_ / rel);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return parse_scenario(text, dir(), path(rel));
  }
  BadInput error(const std::string& rel) const {
    try {
      parse(rel);
    } catch (const BadInput& e) {
      return e;
    }
    BOOST_FAIL("expected bad input for " << rel);
    return {};
  }

 private:
  std::filesystem::path dir_;
};

inline bool mentions(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

// The BadInput parse_scenario raises for `text` (a test failure when there is none).
inline BadInput error_of(const std::string& text) {
  try {
    parse_scenario(text);
  } catch (const BadInput& e) {
    return e;
  }
  BOOST_FAIL("expected bad input");
  return {};
}

}  // namespace lsmsim::engine::test
