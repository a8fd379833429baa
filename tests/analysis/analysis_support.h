// Helpers for the analysis tests: scenario files of scenarios/analysis/ and sessions of them.
#pragma once

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "engine/session.h"

namespace lsmsim::testing {

inline std::string source_path(const std::string& rel) {
  return std::string(LSMSIM_SOURCE_DIR) + "/" + rel;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A session of `text` as if it were a file in scenarios/analysis/ (its relative paths work).
inline std::unique_ptr<engine::ScenarioSession> analysis_session(const std::string& text) {
  return std::make_unique<engine::ScenarioSession>(text,
                                                   source_path("scenarios/analysis/<test>.yaml"));
}

}  // namespace lsmsim::testing
