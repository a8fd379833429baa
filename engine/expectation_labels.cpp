// expect `labels:`: a task's label as a given viewer sees it, read the way ps -Z reads it
// (open and read /proc/PID/attr/current, or /proc/PID/attr/LSM/current, as the viewer), so
// each LSM's own view applies: SELinux's getattr check, AppArmor's namespace view, Smack's
// label maps (LsmModule::render_label). A task outside the viewer's pid namespace has no
// PID there: it is invisible. The hooks these reads call are not part of the step's trace.
#include "engine/expectation.h"
#include "model/errno_name.h"
#include "model/syscalls/fs.h"

namespace lsmsim::engine {

namespace {

// The attribute file's text without the terminator the LSM adds ("\n" for AppArmor, a NUL
// for SELinux).
std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\0')) s.pop_back();
  return s;
}

}  // namespace

std::vector<CheckRecord> check_labels_expectation(const LabelsExpectation& le, RunState& state,
                                                  const Task& caller) {
  std::vector<CheckRecord> out;
  const std::string file = le.lsm.empty() ? "attr/current" : "attr/" + le.lsm + "/current";
  Task* viewer = nullptr;
  std::string viewer_name = le.viewer.empty() ? state.name_of(caller) : le.viewer;
  try {
    viewer = le.viewer.empty() ? &const_cast<Task&>(caller) : &state.running_task(le.viewer);
  } catch (const StepError& e) {
    for (const LabelExpectation& l : le.of)
      out.push_back(CheckRecord{l.task + " as " + viewer_name + " sees it", e.message, false});
    return out;
  }
  for (const LabelExpectation& l : le.of) {
    std::string actual;
    bool visible = true;
    SysResult r = SysResult::success();
    std::string path;
    try {
      path = "/proc/" + std::to_string(state.pid_seen_by(*viewer, l.task)) + "/" + file;
    } catch (const StepError&) {
      visible = false;
    }
    if (visible) {
      r = read_file(*viewer, path);
      actual = r.ok() ? "\"" + trimmed(r.data) + "\" (" + path + ")"
                      : "reading " + path + " fails with " + errno_name(r.err);
    } else {
      actual = "invisible (no pid in " + viewer_name + "'s pid namespace)";
    }
    std::string expected = l.task + "'s " + file + " as " + viewer_name + " sees it: ";
    bool passed = false;
    switch (l.kind) {
      case LabelExpectation::Kind::invisible:
        expected += "invisible";
        passed = !visible;
        break;
      case LabelExpectation::Kind::error:
        expected += "the read fails with " + errno_name(l.error);
        passed = visible && !r.ok() && r.err == l.error;
        break;
      case LabelExpectation::Kind::label: {
        const std::string want = state.expand(l.label, *viewer);
        expected += "\"" + want + "\"";
        passed = visible && r.ok() && trimmed(r.data) == want;
        break;
      }
    }
    out.push_back(CheckRecord{std::move(expected), std::move(actual), passed});
  }
  state.kernel().lsm().clear_trace();
  return out;
}

}  // namespace lsmsim::engine
