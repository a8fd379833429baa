#include "analysis/reach.h"

#include <climits>
#include <map>
#include <sstream>
#include <stdexcept>

#include "engine/ops.h"
#include "engine/run_state.h"
#include "engine/scenario_model.h"
#include "engine/session.h"

namespace lsmsim::analysis {

namespace {

struct Replayed {
  std::unique_ptr<engine::ScenarioSession> session;
  int failures = 0;
};

Replayed replay(std::unique_ptr<engine::ScenarioSession> s, int before_index) {
  Replayed r{std::move(s), 0};
  r.session->run_before(before_index <= 0 ? INT_MAX : before_index);
  for (const engine::StepRecord& st : r.session->record().steps)
    if (!st.error.empty() || !st.passed()) ++r.failures;
  return r;
}

// The scenario's task names and the step that creates each ("init": step 0).
std::map<std::string, int> task_names(const engine::Scenario& sc) {
  std::map<std::string, int> out{{"init", 0}};
  for (const engine::Step& st : sc.steps)
    if (const engine::OpSpec* op = engine::find_op(st.op))
      for (const engine::ArgSpec& a : op->args)
        if (a.defines_task)
          if (auto it = st.args.find(std::string(a.name)); it != st.args.end())
            out.emplace(it->second.text, st.index);
  return out;
}

Task& task_in(engine::ScenarioSession& s, const std::string& name, const std::string& where) {
  const auto names = task_names(s.scenario());
  const auto it = names.find(name);
  if (it == names.end()) {
    std::string list;
    for (const auto& [n, _] : names) list += (list.empty() ? "" : ", ") + n;
    throw std::invalid_argument("reach: the scenario has no task '" + name +
                                "' (its tasks: " + list + ")");
  }
  if (static_cast<std::size_t>(it->second) > s.record().steps.size())
    throw std::invalid_argument("reach: task '" + name + "' is created by step " +
                                std::to_string(it->second) + ", after the " +
                                std::to_string(s.record().steps.size()) + " replayed steps");
  try {
    return s.state().running_task(name);
  } catch (const engine::StepError& e) {
    throw std::runtime_error("reach: " + e.message + where);
  }
}

// Only `lsm` (after capability) boots, with only its own boot section.
void boot_alone(engine::Scenario& sc, const std::string& lsm) {
  sc.config.lsm.lsm = "capability," + lsm;
  sc.config.lsm.security.reset();
  sc.boot_expect.reset();
  if (lsm != "selinux") sc.selinux.reset();
  if (lsm != "apparmor") sc.apparmor.reset();
  if (lsm != "smack") sc.smack.reset();
}

// Where the path one LSM found alone leads in the stack: the same programs, in order.
std::string follow_in_stack(const TransitionGraph& g, const TransitionGraph& alone,
                            const ReachAnswer& a) {
  std::size_t cur = 0;
  for (std::size_t e : a.path) {
    const std::string& via = alone.edges[e].via;
    bool moved = false;
    for (const TransitionEdge& t : g.edges)
      if (t.from == cur && t.via == via) {
        cur = t.to;
        moved = true;
        break;
      }
    if (moved) continue;
    for (const RefusedTransition& r : g.refused)
      if (r.from == cur && r.via == via) return "in the stack " + r.text();
    return "in the stack " + via + " was not tried";
  }
  std::string out = "in the stack this path ends in [" + std::to_string(cur) + "]";
  const AnalysisState& s = g.states[cur];
  if (g.access && s.access_allowed && !*s.access_allowed)
    out += ", where " + g.access->text() + " is " +
           describe(SysResult::error(s.access_errno, s.access_denial));
  return out;
}

}  // namespace

ReachReport reach(const SessionFactory& fresh, int before_index, const ReachQuery& q) {
  ReachReport rep;
  rep.from_task = q.from_task;
  rep.to = q.to;
  ExploreOptions opt{q.limits, q.access, q.self_changes};
  {
    Replayed r = replay(fresh(), before_index);
    rep.steps_replayed = static_cast<int>(r.session->record().steps.size());
    Task& t = task_in(*r.session, q.from_task, "");
    rep.graph = explore_transitions(r.session->kernel(), t, opt);
  }
  rep.answer = find_reachable(rep.graph, q.to);
  if (!q.per_lsm) return rep;
  for (const std::string& lsm : rep.graph.lsms) {
    LsmReach one;
    one.lsm = lsm;
    if (auto it = q.to.per_lsm.find(lsm); it != q.to.per_lsm.end())
      one.to.per_lsm[lsm] = it->second;
    auto s = fresh();
    boot_alone(s->scenario_to_boot(), lsm);
    Replayed r = replay(std::move(s), before_index);
    one.replay_failures = r.failures;
    Task& t = task_in(*r.session, q.from_task, " (booted with " + lsm + " alone)");
    one.graph = explore_transitions(r.session->kernel(), t, opt);
    one.answer = find_reachable(one.graph, one.to);
    rep.per_lsm.push_back(std::move(one));
  }
  return rep;
}

ReachReport reach_file(const std::string& path, std::optional<int> after_step,
                       const ReachQuery& q) {
  std::shared_ptr<engine::ScenarioSession> parsed = engine::ScenarioSession::from_file(path);
  return reach([parsed] { return parsed->fresh(true); }, after_step ? *after_step + 1 : 0, q);
}

std::string ReachReport::text() const {
  std::ostringstream o;
  o << "from task '" << from_task << "' after " << steps_replayed << " replayed steps\n";
  o << describe_answer(graph, to, answer);
  if (per_lsm.empty()) return o.str();
  o << "each LSM's own analysis (booted alone):\n";
  for (const LsmReach& l : per_lsm) {
    o << "  " << l.lsm << " alone: " << (l.answer.reachable ? "reachable" : "not reachable");
    if (l.answer.reachable) {
      o << " in " << l.answer.path.size() << " step" << (l.answer.path.size() == 1 ? "" : "s");
      std::string via;
      for (std::size_t e : l.answer.path) via += (via.empty() ? ": " : ", ") + l.graph.edges[e].via;
      o << via;
    }
    o << " (" << l.graph.states.size() << " states";
    if (l.replay_failures > 0)
      o << "; " << l.replay_failures << " replayed steps failed without the other LSMs";
    o << ")\n";
    if (l.answer.reachable) o << "      " << follow_in_stack(graph, l.graph, l.answer) << "\n";
  }
  const bool all_alone = [&] {
    for (const LsmReach& l : per_lsm)
      if (!l.answer.reachable) return false;
    return true;
  }();
  if (all_alone && !answer.reachable)
    o << "every LSM alone allows a path, but no reachable state of the stack is allowed by all\n";
  return o.str();
}

std::string ReachReport::dot() const {
  return transition_dot(graph, &answer);
}

}  // namespace lsmsim::analysis
