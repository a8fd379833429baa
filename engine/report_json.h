// Internal to engine/ (includes nlohmann-json; never include from a public header): the JSON
// shapes `run --trace-json` and `explain --json` share, so both write a level the same way.
#pragma once

#include <nlohmann/json.hpp>

#include "engine/report.h"
#include "model/errno_name.h"

namespace lsmsim::engine {

// A negative return value's errno name ("EACCES"); null for success.
inline nlohmann::ordered_json errno_json(int rc) {
  if (rc >= 0) return nullptr;
  return errno_name(-rc);
}

// One namespace level's verdict on a hook call.
inline nlohmann::ordered_json level_json(const LevelRecord& l) {
  return {{"level", l.level},
          {"subject", l.subject},
          {"rc", l.rc},
          {"errno", errno_json(l.rc)},
          {"reason", l.reason}};
}

}  // namespace lsmsim::engine
