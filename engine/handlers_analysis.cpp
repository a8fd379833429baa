// The analysis step `reachable:`: explore a task's transitions in a replay of the scenario up
// to this step (analysis/reach.h) and return 1 if a target state is reachable, 0 if the
// exploration proved it is not; the data is the path or the proof. The run's own kernel is
// not touched, and in a replay (RunState::scratch) the step does nothing.
#include <stdexcept>

#include "analysis/reach.h"
#include "engine/call.h"
#include "engine/parse_context.h"
#include "engine/session.h"
#include "engine/yaml_view.h"
#include "model/parse_error.h"

namespace lsmsim::engine {

namespace {

std::string joined(const ArgValue& v) {
  std::string out;
  for (const std::string& s : v.texts) out += (out.empty() ? "" : ",") + s;
  return out;
}

SysResult do_reachable(Call& c) {
  const ArgValue& from = c.step.args.at("from");
  analysis::ReachQuery q;
  q.from_task = from.text;
  if (c.has("to")) q.to = analysis::parse_label_pattern(joined(c.step.args.at("to")));
  if (c.has("access")) q.access = analysis::parse_access(c.text("access"));
  q.per_lsm = c.number("per_lsm") != 0;
  q.self_changes = c.number("self_changes") != 0;
  if (c.has("max_states")) q.limits.max_states = static_cast<std::size_t>(c.number("max_states"));
  c.rendered = "reachable(from=" + q.from_task;
  if (!q.to.empty()) c.rendered += ", to=" + q.to.text();
  if (q.access) c.rendered += ", access=\"" + q.access->text() + "\"";
  c.rendered += ")";
  if (c.state.scratch) {
    c.rendered += "  # skipped in a replay";
    return SysResult::success(0);
  }
  if (!c.state.fresh_session) throw StepError{"reachable: needs a run started from a scenario"};
  c.rendered += "  # explores a replay of steps 1-" + std::to_string(c.step.index - 1);
  try {
    const analysis::ReachReport rep = analysis::reach(c.state.fresh_session, c.step.index, q);
    SysResult r = SysResult::success(rep.answer.reachable ? 1 : 0);
    r.data = rep.text();
    c.show_data = true;
    c.show_block = true;
    return r;
  } catch (const analysis::LimitExceeded& e) {
    throw StepError{std::string("reachable: ") + e.what()};
  } catch (const ParseError& e) {
    throw StepError{std::string("reachable: the replay failed: ") + e.what()};
  } catch (const std::runtime_error& e) {
    throw StepError{e.what()};
  } catch (const std::invalid_argument& e) {
    throw StepError{e.what()};
  }
}

}  // namespace

std::optional<ArgValue> parse_analysis_map_arg(std::string_view op, const std::string& name,
                                               const YAML::Node& n, SourcePos pos) {
  if (op != "reachable" || !n.IsMap() || (name != "to" && name != "access")) return std::nullopt;
  ArgValue v;
  v.pos = at(n, pos);
  if (name == "to") {
    v.type = ArgType::texts;
    MapView m(n, "the target labels (LSM: LABEL)", pos);
    for (const auto& e : m.entries()) {
      v.texts.push_back(e.key + "=" + scalar(e.value, "a label, type or profile", e.key_pos));
      v.text_pos.push_back(e.key_pos);
    }
    return v;
  }
  v.type = ArgType::text;
  MapView m(n, "the access (open: PATH, flags: FLAGS)", pos);
  m.only({"open", "flags"});
  const auto* path = m.find("open");
  if (path == nullptr) fail(v.pos, "access needs open: PATH (only open(2) is probed)");
  v.text = "open " + scalar(path->value, "a path", path->key_pos);
  if (const auto* f = m.find("flags")) {
    std::string flags;
    for (const auto& [s, p] : scalar_list(f->value, "open flags", f->key_pos))
      flags += (flags.empty() ? "" : "|") + s;
    v.text += " " + flags;
  }
  return v;
}

void check_analysis_step(const Step& st) {
  if (st.op != "reachable") return;
  const ArgValue& from = st.args.at("from");
  if (from.text.empty() || !is_identifier(from.text))
    fail(from.pos, "reachable: from: names a task of the scenario, not a pid");
  try {
    if (auto it = st.args.find("to"); it != st.args.end())
      analysis::parse_label_pattern(joined(it->second));
  } catch (const std::invalid_argument& e) {
    fail(st.args.at("to").pos, e.what());
  }
  try {
    if (auto it = st.args.find("access"); it != st.args.end())
      analysis::parse_access(it->second.text);
  } catch (const std::invalid_argument& e) {
    fail(st.args.at("access").pos, e.what());
  }
  if (auto it = st.args.find("max_states"); it != st.args.end() && it->second.number < 1)
    fail(it->second.pos, "reachable: max_states must be at least 1");
}

void add_analysis_handlers(std::map<std::string_view, Handler>& m) {
  m["reachable"] = &do_reachable;
}

}  // namespace lsmsim::engine
