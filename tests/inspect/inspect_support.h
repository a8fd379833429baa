// Shared by the tests of `lsmsim ps` and `lsmsim graph`: sessions from text or from the
// scenario library, and lookups in ps rows.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/ps_view.h"
#include "engine/run_state.h"
#include "engine/session.h"

namespace lsmsim::test {

inline std::unique_ptr<engine::ScenarioSession> library_session(const std::string& rel) {
  return engine::ScenarioSession::from_file(std::string(LSMSIM_SOURCE_DIR) + "/" + rel);
}

inline std::vector<engine::PsRow> rows_for(engine::ScenarioSession& s, const std::string& viewer,
                                           const std::string& lsm = {}) {
  engine::RunState& st = s.state();
  engine::PsOptions o;
  o.lsm = lsm;
  return engine::ps_rows(st.kernel(), st.running_task(viewer), o, [&](const Task& t) {
    const std::string n = st.name_of(t);
    return n.rfind("pid ", 0) == 0 ? std::string() : n;
  });
}

inline const engine::PsRow* row_of(const std::vector<engine::PsRow>& rows,
                                   const std::string& task) {
  for (const engine::PsRow& r : rows)
    if (r.task == task) return &r;
  return nullptr;
}

}  // namespace lsmsim::test
