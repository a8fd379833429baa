#include "engine/label_history.h"

#include <algorithm>

#include "engine/ps_view.h"
#include "engine/run_state.h"
#include "engine/scenario_model.h"
#include "engine/session.h"

namespace lsmsim::engine {

void LabelHistory::observe(RunState& state, const Step* step) {
  Kernel& k = state.kernel();
  const auto lsms = ps_attr_lsms(k);
  for (Task* t : k.tasks()) {
    if (!t->alive() || t->pid != t->tgid) continue;
    std::map<std::string, std::string> now;
    for (const auto& [name, id] : lsms) now[name] = ps_read_label(k, *t, *t, id).text;
    auto& before = last_[t->pid];
    for (const auto& [lsm, text] : now) {
      const std::pair<std::string, std::string> key{lsm, text};
      if (std::find(seen_.begin(), seen_.end(), key) == seen_.end()) seen_.push_back(key);
      auto it = before.find(lsm);
      // A new task inherits its label at fork: that is no transition.
      if (step != nullptr && it != before.end() && it->second != text)
        transitions_.push_back(LabelTransition{step->index, state.name_of(*t), t->pid, lsm,
                                               it->second, text, transition_kind(*step, lsm)});
    }
    before = std::move(now);
  }
}

std::map<std::string, std::string> LabelHistory::latest(Pid global_pid) const {
  auto it = last_.find(global_pid);
  return it == last_.end() ? std::map<std::string, std::string>{} : it->second;
}

std::string transition_kind(const Step& step, const std::string& lsm) {
  auto arg = [&](const char* n) -> std::string {
    auto it = step.args.find(n);
    return it == step.args.end() ? std::string() : it->second.text;
  };
  // The Smack namespace prototype's map changes the names a task sees, not its label.
  if (step.op == "write" && arg("path").find("attr/label_map") != std::string::npos)
    return "label_map";
  if (step.op == "write" && arg("path").find("/attr/") != std::string::npos) {
    if (lsm == "apparmor") {
      const std::string data = arg("data");
      const std::string word = data.substr(0, data.find(' '));
      if (!word.empty() && word.find('/') == std::string::npos) return word;
    }
    if (lsm == "smack") return "relabel";
    return "setcon";
  }
  // The SELinux namespace series: writing 1 to selinuxfs' unshare starts a new namespace.
  if (step.op == "write" && arg("path").find("selinux/unshare") != std::string::npos)
    return "selinux unshare";
  return step.op;
}

void run_with_history(ScenarioSession& session, int last_step, LabelHistory& history) {
  session.boot();
  history.observe(session.state(), nullptr);
  while (!session.finished()) {
    const Step& next = session.scenario().steps[session.next_step()];
    if (last_step >= 0 && next.index > last_step) break;
    session.run_next();
    history.observe(session.state(), &next);
  }
}

}  // namespace lsmsim::engine
