#include "engine/trace_json.h"

#include "engine/report_json.h"


namespace lsmsim::engine {

namespace {

nlohmann::ordered_json null_if_empty(const std::string& s) {
  if (s.empty()) return nullptr;
  return s;
}

}  // namespace

std::string trace_json_lines(const ScenarioRecord& rec) {
  std::string out;
  for (const StepRecord& st : rec.steps) {
    int seq = 0;
    for (const TraceRecord& t : st.trace) {
      nlohmann::ordered_json levels = nlohmann::ordered_json::array();
      for (const LevelRecord& l : t.levels) levels.push_back(level_json(l));
      // The level that decided: a denial's own (else the first level noted refusing); for an
      // allowed call the last level checked (every level before it allowed too); none for
      // an LSM without namespace levels.
      std::string level = t.ns_level;
      // An LSM that names no level in its denial (Smack) still noted which level refused.
      for (const LevelRecord& l : t.levels)
        if (level.empty() && t.rc < 0 && l.rc < 0) level = l.level;
      if (level.empty() && t.rc >= 0 && !t.levels.empty()) level = t.levels.back().level;
      nlohmann::ordered_json j = {{"file", rec.file},
                                  {"cell", null_if_empty(rec.cell)},
                                  {"step", st.index},
                                  {"line", st.line},
                                  {"task", st.task},
                                  {"call", st.call},
                                  {"seq", seq++},
                                  {"hook", t.hook},
                                  {"lsm", t.lsm},
                                  {"ns_level", null_if_empty(level)},
                                  {"rc", t.rc},
                                  {"errno", errno_json(t.rc)},
                                  {"reason", t.rc < 0 ? null_if_empty(t.reason) : nullptr},
                                  {"levels", std::move(levels)}};
      out += j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
      out += '\n';
    }
  }
  return out;
}

}  // namespace lsmsim::engine
