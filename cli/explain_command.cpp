// explain FILE --step N: runs the scenario up to step N and says why it was allowed or denied.
#include <iostream>
#include <stdexcept>

#include "cli/commands.h"
#include "engine/explain.h"
#include "engine/matrix.h"
#include "engine/scenario_model.h"
#include "engine/session.h"
#include "model/parse_error.h"

namespace lsmsim::cli {

namespace {

// A matrix scenario runs in one cell, prepared as `run` prepares it (engine/run.cpp).
void select_cell(engine::ScenarioSession& session, const std::string& cell) {
  engine::Scenario& sc = session.scenario_to_boot();
  std::string names;
  for (const engine::MatrixCell& c : sc.matrix) names += (names.empty() ? "" : ", ") + c.name;
  if (sc.matrix.empty()) {
    if (cell.empty()) return;
    throw ParseError(session.file(), 1, 1,
                     "no matrix cell named '" + cell + "' (the scenario has no matrix)");
  }
  if (cell.empty())
    throw ParseError(session.file(), sc.matrix.front().pos.line, sc.matrix.front().pos.column,
                     "the scenario has a matrix: name a cell with --cell (" + names + ")");
  try {
    (void)engine::apply_matrix_cell(sc, cell);
  } catch (const std::invalid_argument&) {
    throw ParseError(session.file(), sc.matrix.front().pos.line, sc.matrix.front().pos.column,
                     "no matrix cell named '" + cell + "' (cells: " + names + ")");
  }
  engine::ScenarioRecord& rec = session.record_to_fill();
  rec.cell = cell;
  rec.boot = sc.boot_summary;
  rec.dispatch = dispatch_strategy_name(sc.config.dispatch);
}

}  // namespace

int explain_command(const ExplainArgs& args) {
  try {
    auto session = engine::ScenarioSession::from_file(args.file);
    select_cell(*session, args.cell);
    const engine::Explanation e = engine::explain_step(*session, args.step);
    if (args.json)
      std::cout << engine::explanation_json(e) << "\n";
    else
      std::cout << engine::render_explanation(e, args.color);
    std::cout.flush();
    return 0;
  } catch (const ParseError& e) {
    std::cerr << (e.line() > 0 ? std::string(e.what()) : e.file() + ": " + e.message()) << "\n";
    return 2;
  }
}

}  // namespace lsmsim::cli
