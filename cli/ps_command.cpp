// `lsmsim ps FILE`: runs the scenario (or its first steps) and lists the tasks as one task
// would see them with `ps -eZ` (engine/ps_view.h).
#include <iostream>
#include <stdexcept>

#include "cli/commands.h"
#include "engine/ps_view.h"
#include "engine/run_state.h"
#include "engine/scenario_model.h"
#include "engine/session.h"
#include "model/parse_error.h"

namespace lsmsim::cli {

namespace {

// The tasks a scenario has named (for messages): every task whose name is not "pid N".
std::string scenario_task_names(engine::RunState& state) {
  std::string out;
  for (Task* t : state.kernel().tasks()) {
    const std::string n = state.name_of(*t);
    if (n.rfind("pid ", 0) == 0) continue;
    out += (out.empty() ? "" : ", ") + n;
  }
  return out;
}

// Runs `session` up to and including step `after_step` (all steps when < 0); false with a
// message on stderr when the file has no such step.
bool run_session_to(engine::ScenarioSession& s, int after_step, const char* cmd) {
  const std::size_t n = s.scenario().steps.size();
  if (after_step > static_cast<int>(n)) {
    std::cerr << "lsmsim " << cmd << ": " << s.file() << " has " << n << " step"
              << (n == 1 ? "" : "s") << ", no step " << after_step << "\n";
    return false;
  }
  if (after_step < 0) {
    s.run_all();
  } else {
    s.run_before(after_step + 1);
  }
  return true;
}

// Whether the scenario names a task `name` anywhere (as: or the child of fork/clone).
bool scenario_names_task(const engine::Scenario& sc, const std::string& name) {
  if (name == "init") return true;
  for (const engine::Step& st : sc.steps) {
    if (st.as == name) return true;
    auto it = st.args.find("child");
    if (it != st.args.end() && it->second.text == name) return true;
  }
  return false;
}

}  // namespace

Task* inspect_viewer(engine::ScenarioSession& s, const std::string& name, const char* cmd) {
  engine::RunState& state = s.state();
  if (!scenario_names_task(s.scenario(), name)) {
    std::cerr << "lsmsim " << cmd << ": --as " << name << ": " << s.file()
              << " has no task of that name (tasks: " << scenario_task_names(state) << ")\n";
    return nullptr;
  }
  try {
    return &state.running_task(name);
  } catch (const engine::StepError& e) {
    std::cerr << "lsmsim " << cmd << ": --as " << name << ": " << e.message
              << " (tasks: " << scenario_task_names(state) << ")\n";
    return nullptr;
  }
}

int ps_command(const PsArgs& args) {
  try {
    auto session = engine::ScenarioSession::from_file(args.file);
    if (!run_session_to(*session, args.after_step, "ps")) return 2;
    engine::RunState& state = session->state();
    Task* viewer = inspect_viewer(*session, args.as, "ps");
    if (viewer == nullptr) return 2;
    engine::PsOptions opts;
    opts.lsm = args.lsm;
    std::vector<std::string> columns;
    try {
      columns = engine::ps_lsm_columns(state.kernel(), args.lsm);
    } catch (const std::invalid_argument& e) {
      std::cerr << "lsmsim ps: --lsm: " << e.what() << "\n";
      return 2;
    }
    const auto rows = engine::ps_rows(state.kernel(), *viewer, opts, [&](const Task& t) {
      const std::string n = state.name_of(t);
      return n.rfind("pid ", 0) == 0 ? std::string() : n;
    });
    std::cout << (args.format == "json" ? engine::ps_format_json(rows)
                                        : engine::ps_format_table(rows, columns));
    std::cout.flush();
    return 0;
  } catch (const ParseError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
}

}  // namespace lsmsim::cli
