// Query syntax of the analysis: label patterns ("selinux=update_t,apparmor=unconfined") and
// access probes ("open /etc/shadow O_WRONLY"), and how a pattern matches a label.
#include <fcntl.h>

#include <sstream>

#include "analysis/transition_graph.h"
#include "engine/symbols.h"

namespace lsmsim::analysis {

namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string::npos ? at : at - start));
    if (at == std::string::npos) break;
    start = at + sep.size();
  }
  return out;
}

// "ctr (enforce)" -> "ctr": the mode apparmor_getprocattr appends is not part of the label.
std::string strip_apparmor_mode(const std::string& label) {
  const std::size_t sp = label.rfind(" (");
  if (sp != std::string::npos && label.back() == ')') return label.substr(0, sp);
  return label;
}

// ":ns:profile" -> "profile" (a component seen through a policy namespace).
std::string strip_apparmor_ns(const std::string& component) {
  if (component.size() > 1 && component[0] == ':') {
    const std::size_t end = component.find(':', 1);
    if (end != std::string::npos) return component.substr(end + 1);
  }
  return component;
}

}  // namespace

std::string AccessProbe::text() const {
  return op + " " + path + " " + engine::open_flags().render(static_cast<unsigned long>(flags));
}

AccessProbe parse_access(const std::string& text) {
  std::istringstream in(text);
  AccessProbe p;
  std::string flags;
  in >> p.op >> p.path;
  std::string word;
  while (in >> word) flags += (flags.empty() ? "" : "|") + word;
  if (p.op != "open")
    throw std::invalid_argument("access '" + text +
                                "': expected 'open PATH [FLAGS]' (only open(2) is probed)");
  if (p.path.empty() || p.path[0] != '/')
    throw std::invalid_argument("access '" + text + "': expected an absolute path after open");
  unsigned long bits = 0;
  for (const std::string& f : split(flags, "|")) {
    const std::string name = trim(f);
    if (name.empty()) continue;
    const auto v = engine::open_flags().lookup(name);
    if (!v)
      throw std::invalid_argument("access '" + text + "': unknown open flag '" + name +
                                  "' (expected one of: " + engine::open_flags().spellings() + ")");
    bits |= *v;
  }
  p.flags = static_cast<int>(bits);
  return p;
}

std::string LabelPattern::text() const {
  std::string out;
  for (const auto& [lsm, pat] : per_lsm) out += (out.empty() ? "" : ",") + lsm + "=" + pat;
  return out;
}

LabelPattern parse_label_pattern(const std::string& text) {
  LabelPattern p;
  for (const std::string& raw : split(text, ",")) {
    const std::string item = trim(raw);
    if (item.empty()) continue;
    std::size_t eq = item.find('=');
    if (eq == std::string::npos) eq = item.find(':');
    if (eq == std::string::npos || eq == 0 || eq + 1 >= item.size())
      throw std::invalid_argument("label pattern '" + item +
                                  "': expected LSM=LABEL (e.g. selinux=update_t)");
    p.per_lsm[trim(item.substr(0, eq))] = trim(item.substr(eq + 1));
  }
  return p;
}

bool label_matches(const std::string& lsm, const std::string& pattern, const std::string& label) {
  if (label == pattern) return true;
  if (lsm == "selinux") {
    // user:role:type[:level]: a bare name is a type.
    const std::vector<std::string> f = split(label, ":");
    return f.size() >= 3 && f[2] == pattern;
  }
  if (lsm == "apparmor") {
    const std::string bare = strip_apparmor_mode(label);
    if (bare == pattern) return true;
    for (const std::string& c : split(bare, "//&"))
      if (c == pattern || strip_apparmor_ns(c) == pattern) return true;
  }
  return false;
}

}  // namespace lsmsim::analysis
