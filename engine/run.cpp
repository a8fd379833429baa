#include "engine/run.h"

#include "engine/report.h"
#include "engine/session.h"
#include "model/parse_error.h"

namespace lsmsim {

namespace {

ScenarioReport run_session(engine::ScenarioSession& session, const RunOptions& options) {
  ScenarioReport report;
  report.file = session.file();
  try {
    session.boot();
    while (!session.finished()) {
      session.run_next();
      if (options.on_step) options.on_step(session);
    }
    if (options.on_finished) options.on_finished(session);
  } catch (const ParseError& e) {
    report.bad_input = true;
    report.error = e.what();
    return report;
  }
  const engine::ScenarioRecord& rec = session.record();
  engine::RenderOptions ro;
  ro.color = options.color;
  ro.verbose = options.verbose;
  ro.quiet = options.quiet;
  ro.trace = options.trace;
  report.text = engine::render_report(rec, ro);
  report.steps_run = static_cast<int>(rec.steps.size());
  report.expectations_failed = rec.failures();
  report.expectations_passed = rec.expectations() - rec.failures();
  report.runs.push_back(rec);
  return report;
}

ScenarioReport refused(const std::string& file, const ParseError& e) {
  ScenarioReport report;
  report.file = file;
  report.bad_input = true;
  report.error = e.line() > 0 ? e.what() : e.file() + ": " + e.message();
  return report;
}

}  // namespace

ScenarioReport run_scenario_text(const std::string& text, const std::string& name,
                                 const RunOptions& options) {
  std::unique_ptr<engine::ScenarioSession> session;
  try {
    session = std::make_unique<engine::ScenarioSession>(text, name);
  } catch (const ParseError& e) {
    return refused(name, e);
  }
  return run_session(*session, options);
}

ScenarioReport run_scenario_file(const std::string& path, const RunOptions& options) {
  std::unique_ptr<engine::ScenarioSession> session;
  try {
    session = engine::ScenarioSession::from_file(path);
  } catch (const ParseError& e) {
    return refused(path, e);
  }
  return run_session(*session, options);
}

}  // namespace lsmsim
