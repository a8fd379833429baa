#include "engine/step_runner.h"

#include <chrono>
#include <exception>
#include <map>
#include <set>

#include "engine/call.h"
#include "engine/expectation.h"
#include "model/task_gone.h"

namespace lsmsim::engine {

namespace {

// Every namespace a live task can reach, to find the ones a step created.
std::set<Namespace*> reachable_namespaces(Kernel& k) {
  std::set<Namespace*> out;
  auto add = [&](Namespace* ns) {
    if (ns != nullptr) out.insert(ns);
  };
  for (Task* t : k.tasks()) {
    const NsProxy& n = t->nsproxy;
    add(n.uts.get());
    add(n.ipc.get());
    add(n.mnt.get());
    add(n.pid_for_children.get());
    add(n.net.get());
    add(n.time.get());
    add(n.time_for_children.get());
    add(n.cgroup.get());
    if (t->cred) add(t->cred->user_ns.get());
    for (const PidLink& l : t->pids) add(l.ns.get());
  }
  return out;
}

std::vector<TraceRecord> take_trace(LsmFramework& fw) {
  std::vector<TraceRecord> out;
  for (const HookTraceEvent& e : fw.trace()) {
    const auto& mods = fw.active();
    const std::string lsm =
        e.lsm < mods.size() ? std::string(mods[e.lsm]->name()) : "#" + std::to_string(e.lsm);
    TraceRecord t{lsm, std::string(hook_name(e.hook)), e.rc, e.ns_level, e.reason, {}};
    for (const LevelNote& n : e.levels)
      t.levels.push_back(LevelRecord{n.level, n.subject, n.rc, n.reason});
    out.push_back(std::move(t));
  }
  fw.clear_trace();
  return out;
}

}  // namespace

namespace {

StepRecord run_step_timed(RunState& state, const Step& step);

}  // namespace

StepRecord run_step(RunState& state, const Step& step) {
  const auto start = std::chrono::steady_clock::now();
  StepRecord rec = run_step_timed(state, step);
  rec.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return rec;
}

namespace {

StepRecord run_step_timed(RunState& state, const Step& step) {
  StepRecord rec;
  rec.index = step.index;
  rec.line = step.pos.line;
  rec.task = step.as;
  rec.note = step.note;
  if (!step.file.empty()) rec.source = step.file + ":" + std::to_string(step.pos.line);
  if (!step.origin.empty())
    rec.source += (rec.source.empty() ? "" : ", ") + step.origin;
  rec.implicit = step.expect.implicit;
  rec.call = step.op;  // replaced by the handler's rendering once it has run

  LsmFramework& fw = state.kernel().lsm();
  fw.clear_trace();
  try {
    Task& caller = state.running_task(step.as);
    std::set<Namespace*> before;
    if (step.ns_name) before = reachable_namespaces(state.kernel());

    // expect `audit:` sees the records this step adds to the daemon's log and queue.
    std::map<std::string, std::size_t> audit_before;
    if (step.expect.audit) audit_before = audit_record_counts(state.kernel());

    Call call(state, step, caller);
    const SysResult r = handlers().at(step.op)(call);
    rec.call = call.rendered;
    rec.result = render_result(r) + (r.ok() ? call.ret_suffix : "");
    rec.data = r.data;
    rec.err = r.err;
    if (r.denial) {
      rec.denied_by = r.denial->by;
      rec.denied_hook = r.denial->hook;
      rec.denied_level = r.denial->ns_level;
      rec.denied_reason = r.denial->reason;
    }
    rec.show_data = call.show_data;
    rec.show_block = call.show_block;
    rec.trace = take_trace(fw);

    if (r.ok() && step.save.size() == 1) state.save(step.save[0], r.ret);
    if (step.ns_name)
      for (Namespace* ns : reachable_namespaces(state.kernel()))
        // Kernel::adopt_namespace gave it a default name ("user3"); the scenario's wins.
        if (before.count(ns) == 0) ns->name = *step.ns_name;

    // The caller may have exited in this step (exit); expectations still read as it saw them.
    rec.checks = check_expectation(step.expect, r, rec.trace, state, caller,
                                   call.lsm_out ? &*call.lsm_out : nullptr);
    auto append = [&](std::vector<CheckRecord> more) {
      rec.checks.insert(rec.checks.end(), more.begin(), more.end());
    };
    if (step.expect.audit)
      append(check_audit_expectation(*step.expect.audit, state, caller, audit_before));
    if (step.expect.labels) append(check_labels_expectation(*step.expect.labels, state, caller));
  } catch (const StepError& e) {
    rec.error = e.message;
    rec.trace = take_trace(fw);
  } catch (const TaskGone& e) {
    // Another task the step makes act (not `as:`, checked above) has exited.
    const Task* t = state.kernel().find_task(e.pid());
    rec.error = "task '" + (t != nullptr ? state.name_of(*t) : "pid " + std::to_string(e.pid())) +
                "' has exited and cannot make syscalls";
    rec.trace = take_trace(fw);
  } catch (const std::exception& e) {
    // A simulator bug must not take the whole run down: report it on this step.
    rec.error = std::string("internal error in the simulator: ") + e.what();
    rec.trace = take_trace(fw);
  }
  return rec;
}

}  // namespace

}  // namespace lsmsim::engine
