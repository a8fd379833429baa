#include "engine/report.h"

#include <algorithm>

#include "model/errno_name.h"

namespace lsmsim::engine {

bool StepRecord::passed() const {
  return error.empty() &&
         std::all_of(checks.begin(), checks.end(), [](const CheckRecord& c) { return c.passed; });
}

int ScenarioRecord::expectations() const {
  int n = static_cast<int>(boot_checks.size());
  for (const StepRecord& s : steps) n += s.error.empty() ? static_cast<int>(s.checks.size()) : 1;
  return n;
}

int ScenarioRecord::failures() const {
  int n = 0;
  for (const CheckRecord& c : boot_checks) n += c.passed ? 0 : 1;
  for (const StepRecord& s : steps) {
    if (!s.error.empty()) {
      ++n;
      continue;
    }
    for (const CheckRecord& c : s.checks) n += c.passed ? 0 : 1;
  }
  return n;
}

namespace {

struct Style {
  bool on;
  std::string wrap(const char* code, const std::string& s) const {
    return on ? "\033[" + std::string(code) + "m" + s + "\033[0m" : s;
  }
  std::string pass() const { return wrap("32", "PASS"); }
  std::string fail() const { return wrap("1;31", "FAIL"); }
  std::string bold(const std::string& s) const { return wrap("1", s); }
  std::string dim(const std::string& s) const { return wrap("2", s); }
  std::string err(const std::string& s) const { return wrap("33", s); }
};

// Data shown inline when it is one short line; otherwise below the step, indented.
constexpr std::size_t kInlineData = 60;

std::string indent_block(const std::string& text, const std::string& prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    out += prefix + text.substr(start, nl - start) + "\n";
    start = nl + 1;
  }
  return out;
}

std::string inline_data(const std::string& d) {
  std::string out = "\"";
  for (char c : d) {
    if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else if (c == '\0')
      out += "\\0";
    else
      out += c;
  }
  return out + "\"";
}

void render_step(std::string& out, const StepRecord& st, const RenderOptions& o, const Style& s) {
  const bool ok = st.passed();
  if (o.quiet && ok) return;
  const std::string idx = "[" + std::to_string(st.index) + "]";
  std::string line = (ok ? s.pass() : s.fail()) + "  " + s.dim(idx) + " " + s.bold(st.task + "$") +
                     " " + st.call;
  if (!st.result.empty()) {
    line += " " + (st.result.rfind("= -1", 0) == 0 ? s.err(st.result) : st.result);
  }
  const std::size_t nl = st.data.find('\n');
  const bool short_data =
      st.data.size() <= kInlineData && (nl == std::string::npos || nl + 1 == st.data.size());
  const bool data_failed = std::any_of(st.checks.begin(), st.checks.end(), [](const CheckRecord& c) {
    return !c.passed && c.expected.rfind("data", 0) == 0;
  });
  if (st.show_data && !st.data.empty() && short_data) line += " " + inline_data(st.data);
  out += line + "\n";
  const std::string pad = "        ";
  if (!st.note.empty() && (o.verbose || !ok)) out += pad + s.dim("# " + st.note) + "\n";
  if (!st.source.empty() && (o.verbose || !ok)) out += pad + s.dim("@ " + st.source) + "\n";
  if (st.show_data && !st.data.empty() && !short_data &&
      (o.verbose || data_failed || st.show_block))
    out += indent_block(st.data, pad + "| ");
  if (!st.error.empty()) out += pad + s.err("cannot run: " + st.error) + "\n";
  for (const CheckRecord& c : st.checks) {
    if (c.passed && !o.verbose) continue;
    if (c.passed) {
      out += pad + "ok: " + c.expected + "\n";
    } else {
      out += pad + "expected: " + c.expected + "\n";
      out += pad + "actual:   " + c.actual + "\n";
    }
  }
  if (o.trace) {
    if (st.trace.empty()) out += pad + s.dim("(no LSM hooks called)") + "\n";
    for (const TraceRecord& t : st.trace) {
      std::string rc = std::to_string(t.rc);
      if (t.rc < 0) rc += " " + errno_name(-t.rc);
      out += pad + s.dim("hook " + t.hook + " -> " + t.lsm + " = " + rc) + "\n";
    }
  }
}

}  // namespace

std::string render_summary(const ScenarioRecord& sc, const RenderOptions& o) {
  const Style s{o.color};
  const int n = sc.expectations(), f = sc.failures();
  std::string out = (f == 0 ? s.pass() : s.fail()) + " " + sc.file +
                    (sc.cell.empty() ? "" : " [" + sc.cell + "]") + ": " +
                    std::to_string(sc.steps.size()) + " steps, ";
  if (f == 0)
    out += std::to_string(n) + (n == 1 ? " expectation met" : " expectations met");
  else
    out += std::to_string(f) + " of " + std::to_string(n) +
           (n == 1 ? " expectation failed" : " expectations failed");
  return out + "\n";
}

std::string render_matrix_summary(const std::vector<ScenarioRecord>& cells, const RenderOptions& o) {
  const Style s{o.color};
  int n = 0;
  std::string failed;
  int failed_cells = 0;
  for (const ScenarioRecord& c : cells) {
    n += c.expectations();
    if (c.failures() == 0) continue;
    ++failed_cells;
    failed += (failed.empty() ? "" : ", ") + c.cell;
  }
  const std::string file = cells.empty() ? std::string() : cells.front().file;
  const std::string count = std::to_string(cells.size()) + " matrix cells";
  if (failed_cells == 0)
    return s.pass() + " " + file + ": " + count + ", " + std::to_string(n) + " expectations met\n";
  return s.fail() + " " + file + ": " + std::to_string(failed_cells) + " of " + count +
         " failed (" + failed + ")\n";
}

std::string render_report(const ScenarioRecord& sc, const RenderOptions& o) {
  const Style s{o.color};
  std::string out;
  if (!o.quiet) {
    out += s.bold("== " + sc.name) + (sc.cell.empty() ? "" : "  " + s.bold("[cell " + sc.cell + "]")) +
           "  " + s.dim("(" + sc.file + ")") + "\n";
    if (o.verbose && !sc.description.empty()) out += indent_block(sc.description, "   ");
    out += "   boot: " + (sc.boot.empty() ? std::string("(defaults)") : sc.boot) + " -> " +
           s.bold(sc.lsm_list) + "  " + s.dim("[dispatch " + sc.dispatch + "]") + "\n";
    if (o.verbose)
      for (const std::string& m : sc.boot_messages) out += "   " + s.dim("LSM: " + m) + "\n";
  }
  for (const CheckRecord& c : sc.boot_checks) {
    if (o.quiet && c.passed) continue;
    out += (c.passed ? s.pass() : s.fail()) + "  boot: " + c.expected + "\n";
    if (!c.passed) {
      out += "        actual:   " + c.actual + "\n";
      if (!o.verbose)
        for (const std::string& m : sc.boot_messages) out += "        " + s.dim("LSM: " + m) + "\n";
    }
  }
  for (const StepRecord& st : sc.steps) render_step(out, st, o, s);
  out += render_summary(sc, o);
  return out;
}

}  // namespace lsmsim::engine
