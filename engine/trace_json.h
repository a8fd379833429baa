// `lsmsim run --trace-json`: every LSM hook call of every step as one JSON object per line
// (JSON Lines), with the namespace level that decided and each level's verdict.
#pragma once

#include <string>

#include "engine/report.h"

namespace lsmsim::engine {

// The lines of one scenario run (matrix cell), each ending in '\n'. Strings that are not
// valid UTF-8 get U+FFFD for the bad bytes (JSON text must be Unicode).
std::string trace_json_lines(const ScenarioRecord& rec);

}  // namespace lsmsim::engine
