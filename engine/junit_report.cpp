#include "engine/junit_report.h"

#include <cstdio>
#include <filesystem>

namespace lsmsim::engine {

namespace {

// The length of the UTF-8 sequence starting at s[i] and its code point; 0 when invalid
// (overlong forms, surrogates and values above U+10FFFF are invalid, RFC 3629).
std::size_t utf8_char(const std::string& s, std::size_t i, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t n = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 2, cp = b0 & 0x1Fu, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 3, cp = b0 & 0x0Fu, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 4, cp = b0 & 0x07u, min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// XML 1.0 production [2] Char.
bool xml_char(char32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

std::string hex(const char* fmt, unsigned v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

std::string seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", s);
  return buf;
}

// "scenarios/flagship/08_x.yaml" -> "scenarios.flagship.08_x": test reporters group by the
// dots of a classname, as they would a Java package.
std::string classname_of(const std::string& file, const std::string& cell) {
  std::filesystem::path p = std::filesystem::path(file).lexically_normal();
  p.replace_extension();
  std::string out;
  for (const auto& part : p) {
    const std::string s = part.string();
    if (s.empty() || s == "/" || s == "." || s == "..") continue;
    if (!out.empty()) out += '.';
    for (char c : s) out += c == '.' ? '_' : c;
  }
  if (!cell.empty()) out += "." + cell;
  return out;
}

struct Attr {
  const char* name;
  std::string value;
};

std::string open_tag(const char* name, const std::vector<Attr>& attrs, bool empty = false) {
  std::string s = std::string("<") + name;
  for (const Attr& a : attrs)
    s += std::string(" ") + a.name + "=\"" + xml_escape(a.value, true) + "\"";
  return s + (empty ? "/>" : ">");
}

std::string element(const char* name, const std::vector<Attr>& attrs, const std::string& text) {
  if (text.empty()) return open_tag(name, attrs, true);
  return open_tag(name, attrs) + xml_escape(text, false) + "</" + name + ">";
}

struct Counts {
  int tests = 0, failures = 0, errors = 0;
  double time = 0;
};

std::string step_name(const StepRecord& st) {
  return "[" + std::to_string(st.index) + "] " + st.task + "$ " + st.call;
}

std::string testcase_for_step(const StepRecord& st, const std::string& classname, Counts& c) {
  ++c.tests;
  c.time += st.seconds;
  std::string out = "    " + open_tag("testcase", {{"name", step_name(st)},
                                                   {"classname", classname},
                                                   {"time", seconds(st.seconds)},
                                                   {"line", std::to_string(st.line)}});
  std::string detail = "result: " + (st.result.empty() ? std::string("(none)") : st.result) + "\n";
  if (!st.note.empty()) detail += "note: " + st.note + "\n";
  if (!st.error.empty()) {
    ++c.errors;
    out += "\n      " +
           element("error", {{"message", st.error}, {"type", "step could not run"}}, detail);
  } else if (!st.passed()) {
    ++c.failures;
    std::string message;
    for (const CheckRecord& k : st.checks) {
      if (k.passed) continue;
      if (message.empty()) message = "expected: " + k.expected + "; actual: " + k.actual;
      detail += "expected: " + k.expected + "\nactual:   " + k.actual + "\n";
    }
    out += "\n      " + element("failure", {{"message", message}, {"type", "expectation"}}, detail);
  }
  out += "\n      " + element("system-out", {}, detail) + "\n    </testcase>\n";
  return out;
}

std::string suite_for_record(const ScenarioRecord& rec, Counts& total, int id) {
  const std::string classname = classname_of(rec.file, rec.cell);
  Counts c;
  std::string cases;
  for (const CheckRecord& k : rec.boot_checks) {
    ++c.tests;
    cases += "    " + open_tag("testcase", {{"name", "boot: " + k.expected},
                                            {"classname", classname},
                                            {"time", seconds(0)}});
    if (!k.passed) {
      ++c.failures;
      cases += "\n      " +
               element("failure",
                       {{"message", "expected: " + k.expected + "; actual: " + k.actual},
                        {"type", "boot expectation"}},
                       "expected: " + k.expected + "\nactual:   " + k.actual + "\n") +
               "\n    ";
    }
    cases += "</testcase>\n";
  }
  for (const StepRecord& st : rec.steps) cases += testcase_for_step(st, classname, c);
  std::string name = rec.file + (rec.cell.empty() ? "" : " [" + rec.cell + "]");
  std::string out = "  " +
                    open_tag("testsuite", {{"name", name},
                                           {"id", std::to_string(id)},
                                           {"tests", std::to_string(c.tests)},
                                           {"failures", std::to_string(c.failures)},
                                           {"errors", std::to_string(c.errors)},
                                           {"skipped", "0"},
                                           {"time", seconds(c.time)},
                                           {"file", rec.file}}) +
                    "\n    <properties>\n";
  auto prop = [&](const char* k, const std::string& v) {
    out += "      " + open_tag("property", {{"name", k}, {"value", v}}, true) + "\n";
  };
  prop("scenario", rec.name);
  if (!rec.cell.empty()) prop("cell", rec.cell);
  prop("boot", rec.boot.empty() ? "(defaults)" : rec.boot);
  prop("lsm", rec.lsm_list);
  prop("dispatch", rec.dispatch);
  out += "    </properties>\n" + cases + "  </testsuite>\n";
  total.tests += c.tests;
  total.failures += c.failures;
  total.errors += c.errors;
  total.time += c.time;
  return out;
}

std::string suite_for_bad_input(const ScenarioReport& r, Counts& total, int id) {
  ++total.errors;
  ++total.tests;
  const std::string classname = classname_of(r.file, "");
  return "  " +
         open_tag("testsuite", {{"name", r.file},
                                {"id", std::to_string(id)},
                                {"tests", "1"},
                                {"failures", "0"},
                                {"errors", "1"},
                                {"skipped", "0"},
                                {"time", seconds(0)},
                                {"file", r.file}}) +
         "\n    " +
         open_tag("testcase",
                  {{"name", "parse and boot"}, {"classname", classname}, {"time", seconds(0)}}) +
         "\n      " +
         element("error", {{"message", r.error}, {"type", "bad input"}}, r.error + "\n") +
         "\n    </testcase>\n  </testsuite>\n";
}

}  // namespace

std::string xml_escape(const std::string& text, bool attr) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    const std::size_t n = utf8_char(text, i, cp);
    if (n == 0) {
      out += hex("\\x%02X", static_cast<unsigned char>(text[i]));
      ++i;
      continue;
    }
    if (!xml_char(cp)) {
      out += cp < 0x100 ? hex("\\x%02X", static_cast<unsigned>(cp))
                        : hex("\\u%04X", static_cast<unsigned>(cp));
    } else if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '"' && attr) {
      out += "&quot;";
    } else if (cp == '\r') {
      out += "&#13;";  // a literal CR is normalised away by every reader
    } else if (attr && (cp == '\n' || cp == '\t')) {
      out += cp == '\n' ? "&#10;" : "&#9;";  // attribute-value normalisation turns them to spaces
    } else {
      out.append(text, i, n);
    }
    i += n;
  }
  return out;
}

std::string junit_xml(const std::vector<ScenarioReport>& reports) {
  Counts total;
  std::string suites;
  int id = 0;
  for (const ScenarioReport& r : reports) {
    if (r.bad_input) {
      suites += suite_for_bad_input(r, total, id++);
      continue;
    }
    for (const ScenarioRecord& rec : r.runs) suites += suite_for_record(rec, total, id++);
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
         open_tag("testsuites", {{"name", "lsmsim"},
                                 {"tests", std::to_string(total.tests)},
                                 {"failures", std::to_string(total.failures)},
                                 {"errors", std::to_string(total.errors)},
                                 {"time", seconds(total.time)}}) +
         "\n" + suites + "</testsuites>\n";
}

}  // namespace lsmsim::engine
