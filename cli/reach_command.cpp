// `lsmsim reach` and `lsmsim transitions`: reachability in a scenario's combined transition
// graph (analysis/reach.h), as text, or the graph as Graphviz DOT.
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "analysis/reach.h"
#include "cli/commands.h"
#include "model/parse_error.h"

namespace lsmsim::cli {

namespace {

analysis::ReachQuery query_of(const ReachArgs& a) {
  analysis::ReachQuery q;
  q.from_task = a.from;
  if (!a.to.empty()) q.to = analysis::parse_label_pattern(a.to);
  if (!a.access.empty()) q.access = analysis::parse_access(a.access);
  q.per_lsm = a.per_lsm;
  q.self_changes = a.self_changes;
  q.limits.max_states = a.max_states;
  q.limits.max_candidates = a.max_candidates;
  return q;
}

// Runs `body`; bad input, a missing task or a limit is exit status 2 with the message.
template <class F>
int guarded(F&& body) {
  try {
    return body();
  } catch (const ParseError& e) {
    std::cerr << e.what() << "\n";
  } catch (const analysis::LimitExceeded& e) {
    std::cerr << "lsmsim: " << e.what() << "\n";
  } catch (const std::invalid_argument& e) {
    std::cerr << "lsmsim: " << e.what() << "\n";
  } catch (const std::runtime_error& e) {
    std::cerr << "lsmsim: " << e.what() << "\n";
  }
  return 2;
}

bool write_dot(const std::string& where, const std::string& dot) {
  if (where == "-") {
    std::cout << dot;
    return true;
  }
  std::ofstream out(where);
  out << dot;
  if (!out) {
    std::cerr << "lsmsim: cannot write " << where << "\n";
    return false;
  }
  return true;
}

}  // namespace

int reach_command(const ReachArgs& args) {
  return guarded([&] {
    const analysis::ReachReport r =
        analysis::reach_file(args.file, args.after_step, query_of(args));
    if (args.dot != "-") std::cout << r.text();
    if (!args.dot.empty() && !write_dot(args.dot, r.dot())) return 2;
    std::cout.flush();
    return r.answer.reachable ? 0 : 1;
  });
}

int transitions_command(const ReachArgs& args) {
  return guarded([&] {
    const analysis::ReachReport r =
        analysis::reach_file(args.file, args.after_step, query_of(args));
    if (args.dot_stdout)
      std::cout << r.dot();
    else
      std::cout << "from task '" << r.from_task << "' after " << r.steps_replayed
                << " replayed steps\n"
                << analysis::describe_graph(r.graph);
    if (!args.dot.empty() && !write_dot(args.dot, r.dot())) return 2;
    std::cout.flush();
    return 0;
  });
}

}  // namespace lsmsim::cli
