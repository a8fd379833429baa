// `lsmsim graph FILE`: runs the scenario step by step, recording label transitions, and
// draws namespaces, tasks and transitions as DOT or SVG (engine/inspect_graph.h).
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "cli/commands.h"
#include "engine/graphviz_render.h"
#include "engine/inspect_graph.h"
#include "engine/label_history.h"
#include "engine/run_state.h"
#include "engine/scenario_model.h"
#include "engine/session.h"
#include "model/parse_error.h"

namespace lsmsim::cli {

int graph_command(const GraphArgs& args) {
  std::string format = args.format;
  if (format.empty()) {
    const std::string& o = args.output;
    format = o.size() > 4 && o.compare(o.size() - 4, 4, ".svg") == 0 ? "svg" : "dot";
  }
  try {
    auto session = engine::ScenarioSession::from_file(args.file);
    const std::size_t n = session->scenario().steps.size();
    if (args.after_step > static_cast<int>(n)) {
      std::cerr << "lsmsim graph: " << args.file << " has " << n << " step" << (n == 1 ? "" : "s")
                << ", no step " << args.after_step << "\n";
      return 2;
    }
    engine::LabelHistory history;
    engine::run_with_history(*session, args.after_step, history);
    engine::RunState& state = session->state();
    Task* viewer = inspect_viewer(*session, args.as, "graph");
    if (viewer == nullptr) return 2;
    engine::RunGraph g;
    engine::add_namespace_graph(g, state);
    engine::add_task_graph(g, state, *viewer, history);
    std::string title = session->scenario().name.empty() ? args.file : session->scenario().name;
    if (args.after_step >= 0) title += " (after step " + std::to_string(args.after_step) + ")";
    title += ", seen by " + args.as;
    std::string out = engine::run_graph_dot(g, title);
    if (format == "svg") out = engine::render_dot_to_svg(out);
    if (args.output.empty() || args.output == "-") {
      std::cout << out;
      std::cout.flush();
    } else {
      std::ofstream f(args.output, std::ios::binary);
      f << out;
      if (!f) {
        std::cerr << "lsmsim graph: cannot write " << args.output << "\n";
        return 2;
      }
    }
    return 0;
  } catch (const ParseError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  } catch (const std::runtime_error& e) {
    std::cerr << "lsmsim graph: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace lsmsim::cli
