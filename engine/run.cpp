#include "engine/run.h"

#include <functional>

#include "engine/matrix.h"
#include "engine/report.h"
#include "engine/scenario_model.h"
#include "engine/session.h"
#include "model/kernel.h"
#include "model/parse_error.h"

namespace lsmsim {

namespace {

engine::RenderOptions render_options(const RunOptions& options) {
  engine::RenderOptions ro;
  ro.color = options.color;
  ro.verbose = options.verbose;
  ro.quiet = options.quiet;
  ro.trace = options.trace;
  return ro;
}

// Every step, telling the CLI after each (progress) and at the end, kernel still up (audit).
void run_steps(engine::ScenarioSession& session, const RunOptions& options) {
  session.boot();
  while (!session.finished()) {
    session.run_next();
    if (options.on_step) options.on_step(session);
  }
  if (options.on_finished) options.on_finished(session);
}

ScenarioReport run_session(engine::ScenarioSession& session, const RunOptions& options) {
  ScenarioReport report;
  report.file = session.file();
  try {
    run_steps(session, options);
  } catch (const ParseError& e) {
    report.bad_input = true;
    report.error = e.what();
    return report;
  }
  const engine::ScenarioRecord& rec = session.record();
  report.text = engine::render_report(rec, render_options(options));
  report.steps_run = static_cast<int>(rec.steps.size());
  report.expectations_failed = rec.failures();
  report.expectations_passed = rec.expectations() - rec.failures();
  report.runs.push_back(rec);
  return report;
}

using MakeSession = std::function<std::unique_ptr<engine::ScenarioSession>()>;

ScenarioReport refused(const std::string& file, const ParseError& e);

// A scenario with a matrix: one session per cell, each parsed afresh and given the cell's
// boot before it boots. The report holds every cell's run; bad input in any cell (a kernel
// that does not boot with that configuration) makes the whole file bad input.
ScenarioReport run_matrix(const std::string& file, std::unique_ptr<engine::ScenarioSession> first,
                          const MakeSession& make, const RunOptions& options) {
  ScenarioReport report;
  report.file = file;
  std::vector<std::string> cells;
  for (const engine::MatrixCell& c : first->scenario().matrix) cells.push_back(c.name);
  const engine::RenderOptions ro = render_options(options);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::unique_ptr<engine::ScenarioSession> session;
    try {
      session = i == 0 ? std::move(first) : make();
    } catch (const ParseError& e) {
      return refused(file, e);
    }
    engine::Scenario& sc = session->scenario_to_boot();
    const std::vector<std::string> notes = engine::apply_matrix_cell(sc, cells[i]);
    engine::ScenarioRecord& pre = session->record_to_fill();
    pre.cell = cells[i];
    pre.boot = sc.boot_summary;
    pre.dispatch = dispatch_strategy_name(sc.config.dispatch);
    try {
      run_steps(*session, options);
    } catch (const ParseError& e) {
      report = ScenarioReport{};
      report.file = file;
      report.bad_input = true;
      report.error = std::string(e.what()) + "\n  in matrix cell '" + cells[i] + "'";
      return report;
    }
    engine::ScenarioRecord rec = session->record();
    rec.boot_messages.insert(rec.boot_messages.end(), notes.begin(), notes.end());
    report.text += engine::render_report(rec, ro);
    report.steps_run += static_cast<int>(rec.steps.size());
    report.expectations_failed += rec.failures();
    report.expectations_passed += rec.expectations() - rec.failures();
    report.runs.push_back(std::move(rec));
  }
  report.text += engine::render_matrix_summary(report.runs, ro);
  return report;
}

ScenarioReport run_any(const std::string& file, const MakeSession& make, const RunOptions& options) {
  std::unique_ptr<engine::ScenarioSession> session;
  try {
    session = make();
  } catch (const ParseError& e) {
    return refused(file, e);
  }
  if (!session->scenario().matrix.empty())
    return run_matrix(file, std::move(session), make, options);
  return run_session(*session, options);
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
  return run_any(
      name, [&] { return std::make_unique<engine::ScenarioSession>(text, name); }, options);
}

CheckResult check_scenario_file(const std::string& path) {
  CheckResult out;
  out.file = path;
  try {
    std::unique_ptr<engine::ScenarioSession> s = engine::ScenarioSession::from_file(path);
    out.steps = static_cast<int>(s->scenario().steps.size());
    out.included = s->scenario().included_files;
    for (const engine::MatrixCell& c : s->scenario().matrix) out.cells.push_back(c.name);
    if (out.cells.empty()) {
      s->boot();
      return out;
    }
    for (std::size_t i = 0; i < out.cells.size(); ++i) {
      std::unique_ptr<engine::ScenarioSession> cs =
          i == 0 ? std::move(s) : engine::ScenarioSession::from_file(path);
      (void)engine::apply_matrix_cell(cs->scenario_to_boot(), out.cells[i]);
      try {
        cs->boot();
      } catch (const ParseError& e) {
        out.bad_input = true;
        out.error = std::string(e.what()) + "\n  in matrix cell '" + out.cells[i] + "'";
        return out;
      }
    }
  } catch (const ParseError& e) {
    out.bad_input = true;
    out.error = e.line() > 0 ? e.what() : e.file() + ": " + e.message();
  }
  return out;
}

ScenarioReport run_scenario_file(const std::string& path, const RunOptions& options) {
  return run_any(path, [&] { return engine::ScenarioSession::from_file(path); }, options);
}

}  // namespace lsmsim
