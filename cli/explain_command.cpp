// explain FILE --step N: runs the scenario up to step N and says why it was allowed or denied.
#include <iostream>

#include "cli/commands.h"
#include "engine/explain.h"
#include "engine/session.h"
#include "model/parse_error.h"

namespace lsmsim::cli {

int explain_command(const ExplainArgs& args) {
  try {
    auto session = engine::ScenarioSession::from_file(args.file);
    if (!args.cell.empty())
      // Matrix cells are chosen by the scenario's `matrix:`; until a scenario has one, every
      // cell name is unknown.
      throw ParseError(args.file, 1, 1,
                       "no matrix cell named '" + args.cell + "' (the scenario has no matrix)");
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
