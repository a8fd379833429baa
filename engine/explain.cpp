#include "engine/explain.h"

#include <cstdio>
#include <type_traits>

#include "engine/report_json.h"
#include "engine/scenario_model.h"
#include "engine/session.h"
#include "model/errno_name.h"
#include "model/kernel.h"
#include "model/lsm/hook_is_void.h"
#include "model/lsm/lsm_framework.h"
#include "model/parse_error.h"

namespace lsmsim::engine {

namespace {


std::string rc_text(int rc) {
  return rc < 0 ? std::to_string(rc) + " " + errno_name(-rc) : std::to_string(rc);
}

// Splits the step's trace into security_<hook>() calls: a call's callbacks come in dispatch
// order, so a new call starts when the hook changes or the LSM is not after the last one.
// (A callback that itself calls a hook, e.g. capset asking capable, shows its inner call
// first: events are recorded as callbacks return.)
std::vector<ExplainCall> group_calls(const StepRecord& st, const LsmFramework& fw) {
  std::vector<ExplainCall> calls;
  std::vector<std::vector<std::uint16_t>> registered;  // per call
  std::vector<int> last_pos;
  for (const TraceRecord& t : st.trace) {
    Hook h{};
    if (!hook_from_name(t.hook, h)) continue;
    const std::vector<std::uint16_t> regs = fw.hook_lsms(h);
    int pos = -1;
    for (std::size_t i = 0; i < regs.size(); ++i)
      if (fw.active()[regs[i]]->name() == t.lsm) pos = static_cast<int>(i);
    const bool same = !calls.empty() && calls.back().hook == t.hook && pos > last_pos.back();
    if (!same) {
      const auto hi = static_cast<std::size_t>(h);
      ExplainCall c;
      c.hook = t.hook;
      c.dispatch = kHookIsSpecial[hi] ? "special"
                   : kHookIsVoid[hi]  ? "call_void_hook"
                                      : "call_int_hook";
      c.default_rc = kHookDefaults[hi];
      for (const auto& m : fw.active()) {
        ExplainLsm l;
        l.lsm = std::string(m->name());
        l.state = ExplainLsm::State::not_registered;
        for (std::uint16_t r : regs)
          if (r == m->index()) l.state = ExplainLsm::State::not_asked;
        c.lsms.push_back(std::move(l));
      }
      calls.push_back(std::move(c));
      registered.push_back(regs);
      last_pos.push_back(-1);
    }
    ExplainCall& c = calls.back();
    last_pos.back() = pos;
    c.rc = t.rc;
    for (ExplainLsm& l : c.lsms) {
      if (l.lsm != t.lsm) continue;
      l.state = ExplainLsm::State::called;
      l.rc = t.rc;
      l.ns_level = t.ns_level;
      l.reason = t.reason;
      l.levels = t.levels;
    }
  }
  for (ExplainCall& c : calls) {
    const bool ended = c.dispatch == "call_int_hook" && c.rc != c.default_rc;
    std::string last;
    for (const ExplainLsm& l : c.lsms)
      if (l.state == ExplainLsm::State::called) last = l.lsm;
    if (ended || (c.dispatch == "special" && c.rc < 0)) c.decided_by = last;
    // call_int_hook stopped at `last`: the registered LSMs after it were never called.
    bool after = false;
    for (ExplainLsm& l : c.lsms) {
      if (after && ended && l.state == ExplainLsm::State::not_asked)
        l.state = ExplainLsm::State::stopped;
      if (l.lsm == last) after = true;
    }
  }
  return calls;
}

struct Style {
  bool on;
  std::string wrap(const char* code, const std::string& s) const {
    return on ? "\033[" + std::string(code) + "m" + s + "\033[0m" : s;
  }
};

// Continuation lines of a long reason, indented under its first line.
std::string indented(const std::string& text, const std::string& pad) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') out += pad;
  }
  return out;
}

std::string who_text(const Explanation& e) {
  if (e.denied_by == "dac") return "DAC (the kernel's own permission check, generic_permission)";
  if (e.denied_by == "kernel") return "the kernel (not an access decision)";
  std::string s = e.denied_by;
  if (!e.denied_hook.empty()) s += " in " + e.denied_hook;
  if (!e.denied_level.empty()) s += ", namespace level " + e.denied_level;
  return s;
}

const char* state_name(ExplainLsm::State s) {
  switch (s) {
    case ExplainLsm::State::called:
      return "called";
    case ExplainLsm::State::stopped:
      return "stopped";
    case ExplainLsm::State::not_asked:
      return "not_asked";
    case ExplainLsm::State::not_registered:
      return "not_registered";
  }
  return "?";
}

}  // namespace

Explanation explain_step(ScenarioSession& session, int step) {
  const Scenario& sc = session.scenario();
  const Step* target = nullptr;
  for (const Step& s : sc.steps)
    if (s.index == step) target = &s;
  if (target == nullptr)
    throw ParseError(session.file(), 1, 1,
                     "there is no step " + std::to_string(step) + " (the scenario has " +
                         std::to_string(sc.steps.size()) + " steps, numbered from 1)");
  session.run_before(step);
  if (session.finished() || sc.steps[session.next_step()].index != step)
    throw ParseError(session.file(), 1, 1, "step " + std::to_string(step) + " was run already");
  const StepRecord& st = session.run_next();

  Explanation e;
  e.file = session.file();
  e.cell = session.record().cell;
  e.step = st.index;
  e.line = target->pos.line;
  e.column = target->pos.column;
  e.task = st.task;
  e.call = st.call;
  e.result = st.result;
  e.note = st.note;
  e.err = st.err;
  e.denied_by = st.denied_by;
  e.denied_hook = st.denied_hook;
  e.denied_level = st.denied_level;
  e.denied_reason = st.denied_reason;
  e.error = st.error;
  e.lsm_list = session.record().lsm_list;
  e.dispatch = session.record().dispatch;
  e.checks = st.checks;
  e.calls = group_calls(st, session.kernel().lsm());
  // An LSM that names no level in its denial (Smack) still noted which level refused.
  if (e.denied_level.empty() && !e.denied_by.empty())
    for (const ExplainCall& c : e.calls)
      for (const ExplainLsm& l : c.lsms)
        if (c.hook == e.denied_hook && l.lsm == e.denied_by && l.rc < 0)
          for (const LevelRecord& lv : l.levels)
            if (lv.rc < 0) e.denied_level = lv.level;
  return e;
}

std::string render_explanation(const Explanation& e, bool color) {
  const Style s{color};
  std::string out;
  const std::string where = e.file + ":" + std::to_string(e.line) + ":" + std::to_string(e.column);
  std::string verdict;
  if (!e.error.empty())
    verdict = s.wrap("1;33", "could not run");
  else if (e.err == 0)
    verdict = s.wrap("1;32", "allowed");
  else
    verdict = s.wrap("1;31", "denied");
  out += s.wrap("1", where + ":") + " " + verdict + ": step " + std::to_string(e.step) +
         (e.cell.empty() ? "" : " [" + e.cell + "]") + ": " + s.wrap("1", e.task + "$") + " " +
         e.call + "\n";
  const std::string result =
      e.err != 0 ? "= -1 " + errno_name(e.err) : (e.result.empty() ? "(no result)" : e.result);
  if (!e.error.empty())
    out += "  error: " + e.error + "\n";
  else
    out += "  result: " + result + "\n";
  if (!e.note.empty()) out += "  note: " + e.note + "\n";
  out += "  LSMs in dispatch order: " + e.lsm_list + "  [dispatch " + e.dispatch + "]\n";

  if (e.calls.empty()) out += "  no LSM hook was called by this step\n";
  int n = 0;
  for (const ExplainCall& c : e.calls) {
    ++n;
    std::string rule =
        c.dispatch == "call_int_hook"    ? "call_int_hook: the first answer other than " +
                                               rc_text(c.default_rc) + " ends the call"
        : c.dispatch == "call_void_hook" ? "call_void_hook: every LSM is called"
                                         : "special dispatcher (security_special.cpp)";
    out += "  hook call " + std::to_string(n) + ": " + s.wrap("1", "security_" + c.hook + "()") +
           "  " + s.wrap("2", "[" + rule + "]") + "\n";
    std::string unregistered;
    for (const ExplainLsm& l : c.lsms) {
      char name[32];
      std::snprintf(name, sizeof name, "%-11s", l.lsm.c_str());
      switch (l.state) {
        case ExplainLsm::State::not_registered:
          unregistered += (unregistered.empty() ? "" : ", ") + l.lsm;
          continue;
        case ExplainLsm::State::stopped:
          out += "    " +
                 s.wrap("2", std::string(name) + " not called: " + c.decided_by +
                                 " already answered " + rc_text(c.rc)) +
                 "\n";
          continue;
        case ExplainLsm::State::not_asked:
          out += "    " + s.wrap("2", std::string(name) + " not called by this dispatcher") + "\n";
          continue;
        case ExplainLsm::State::called:
          break;
      }
      std::string line = "    " + std::string(name) + " " +
                         (l.rc < 0 ? s.wrap("31", rc_text(l.rc)) : rc_text(l.rc));
      if (l.lsm == c.decided_by) line += s.wrap("1", "   <- decided this call");
      out += line + "\n";
      for (const LevelRecord& lv : l.levels) {
        const std::string tag = lv.rc < 0 ? s.wrap("31", "denied ") : s.wrap("32", "allowed");
        out += "        level " + lv.level + (lv.subject.empty() ? "" : " [" + lv.subject + "]") +
               ": " + tag + "\n";
        if (!lv.reason.empty()) out += "          " + indented(lv.reason, "          ") + "\n";
      }
      if (l.rc < 0 && l.levels.empty() && !l.reason.empty())
        out += "        " + (l.ns_level.empty() ? "" : "at level " + l.ns_level + ": ") +
               indented(l.reason, "        ") + "\n";
    }
    if (!unregistered.empty())
      out += "    " + s.wrap("2", "(no callback for this hook: " + unregistered + ")") + "\n";
  }

  if (!e.error.empty()) {
    out += "  => the step could not run\n";
  } else if (e.err == 0) {
    out += "  => " + s.wrap("32", "allowed") + ": ";
    bool refused = false;
    for (const ExplainCall& c : e.calls) refused = refused || c.rc < 0;
    out += e.calls.empty() ? "no LSM was asked\n"
           : refused       ? "a refusal above did not decide the syscall (the kernel asked and "
                             "went on, e.g. a CAP_OPT_NOAUDIT probe)\n"
                           : "no LSM refused\n";
  } else if (!e.denied_by.empty()) {
    out += "  => " + s.wrap("31", errno_name(e.err)) + " (" + std::to_string(e.err) +
           "), decided by " + s.wrap("1", who_text(e)) + "\n";
    if (!e.denied_reason.empty()) out += "     why: " + indented(e.denied_reason, "     ") + "\n";
    if (e.denied_by == "dac" && e.calls.empty())
      out += "     DAC refused before any LSM hook was called\n";
    bool in_hook = false;
    for (const ExplainCall& c : e.calls) in_hook = in_hook || c.hook == e.denied_hook;
    if (!in_hook && !e.denied_hook.empty() && e.denied_by != "dac" && e.denied_by != "kernel")
      out += "     (" + e.denied_hook + " is not a hook call: the LSM refused in its own code)\n";
  } else {
    out += "  => " + s.wrap("31", errno_name(e.err)) + " (" + std::to_string(e.err) +
           "): no access decision recorded (an argument or state error of the syscall)\n";
  }
  for (const CheckRecord& c : e.checks) {
    if (c.passed)
      out += "  expectation met: " + c.expected + "\n";
    else
      out += "  " + s.wrap("1;31", "expectation FAILED") + ": " + c.expected +
             "\n    actual: " + c.actual + "\n";
  }
  return out;
}

std::string explanation_json(const Explanation& e) {
  nlohmann::ordered_json calls = nlohmann::ordered_json::array();
  for (const ExplainCall& c : e.calls) {
    nlohmann::ordered_json lsms = nlohmann::ordered_json::array();
    for (const ExplainLsm& l : c.lsms) {
      nlohmann::ordered_json levels = nlohmann::ordered_json::array();
      for (const LevelRecord& lv : l.levels) levels.push_back(level_json(lv));
      nlohmann::ordered_json j = {{"lsm", l.lsm}, {"state", state_name(l.state)}};
      if (l.state == ExplainLsm::State::called) {
        j["rc"] = l.rc;
        j["errno"] = errno_json(l.rc);
        j["ns_level"] = l.ns_level.empty() ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(l.ns_level);
        j["reason"] =
            l.reason.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(l.reason);
        j["levels"] = std::move(levels);
      }
      lsms.push_back(std::move(j));
    }
    calls.push_back({{"hook", c.hook},
                     {"dispatch", c.dispatch},
                     {"default", c.default_rc},
                     {"rc", c.rc},
                     {"decided_by", c.decided_by.empty() ? nlohmann::ordered_json(nullptr)
                                                         : nlohmann::ordered_json(c.decided_by)},
                     {"lsms", std::move(lsms)}});
  }
  nlohmann::ordered_json checks = nlohmann::ordered_json::array();
  for (const CheckRecord& c : e.checks)
    checks.push_back({{"expected", c.expected}, {"passed", c.passed}, {"actual", c.actual}});
  nlohmann::ordered_json decided = nullptr;
  if (!e.denied_by.empty())
    decided = {{"by", e.denied_by},
               {"hook", e.denied_hook},
               {"ns_level", e.denied_level},
               {"reason", e.denied_reason}};
  const nlohmann::ordered_json j = {
      {"file", e.file},
      {"cell", e.cell.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.cell)},
      {"step", e.step},
      {"line", e.line},
      {"column", e.column},
      {"task", e.task},
      {"call", e.call},
      {"result", e.result},
      {"verdict", !e.error.empty() ? "error"
                  : e.err == 0     ? "allowed"
                                   : "denied"},
      {"errno",
       e.err == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(errno_name(e.err))},
      {"decided_by", std::move(decided)},
      {"error",
       e.error.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(e.error)},
      {"lsms", e.lsm_list},
      {"dispatch", e.dispatch},
      {"calls", std::move(calls)},
      {"checks", std::move(checks)}};
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace lsmsim::engine
