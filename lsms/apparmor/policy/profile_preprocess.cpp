#include "lsms/apparmor/policy/profile_preprocess.h"

#include <algorithm>
#include <array>
#include <filesystem>

#include "lsms/apparmor/policy/profile_parser.h"

namespace lsmsim::aa {

namespace fs = std::filesystem;

namespace {

// Variable expansion is recursive; a cycle (@{A}=@{B}, @{B}=@{A}) stops here.
constexpr int kMaxExpansionDepth = 32;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

[[noreturn]] void fail(const SourcePos& pos, const std::string& msg) {
  throw ProfileError(pos.file, pos.line, pos.column, msg);
}

}  // namespace

bool include_skips_name(const std::string& name) {
  // libapparmor's list of names a folder include passes over (packaging leftovers, editor
  // backups, README); apparmor_parser prints "Ignoring" for some, skips the others quietly.
  static constexpr std::array<std::string_view, 13> kSuffixes = {
      ".dpkg-new", ".dpkg-old", ".dpkg-dist", ".dpkg-bak", ".dpkg-remove",
      ".pacsave",  ".pacnew",   ".rpmnew",    ".rpmsave",  ".orig",
      ".rej",      "~",         ".swp"};
  if (name.empty() || name[0] == '.' || name == "README") return true;
  return std::any_of(kSuffixes.begin(), kSuffixes.end(),
                     [&](std::string_view s) { return ends_with(name, s); });
}

std::optional<std::vector<std::string>> resolve_include(const std::string& name, bool magic,
                                                        const std::string& including_dir,
                                                        const ProfileParseOptions& options) {
  std::vector<fs::path> candidates;
  if (magic) {
    for (const std::string& dir : options.include_dirs) candidates.push_back(fs::path(dir) / name);
  } else if (!name.empty() && name[0] == '/') {
    candidates.emplace_back(name);
  } else {
    candidates.push_back(including_dir.empty() ? fs::path(name) : fs::path(including_dir) / name);
  }
  std::error_code ec;
  for (const fs::path& p : candidates) {
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> files;
      for (const auto& e : fs::directory_iterator(p, ec)) {
        const std::string leaf = e.path().filename().string();
        if (include_skips_name(leaf) || !e.is_regular_file(ec)) continue;
        files.push_back(e.path().string());
      }
      std::sort(files.begin(), files.end());
      return files;
    }
    if (fs::exists(p, ec)) return std::vector<std::string>{p.string()};
  }
  return std::nullopt;
}

void ProfileVariables::define(const std::string& name, std::vector<std::string> values,
                              const SourcePos& pos) {
  if (sets_.count(name) != 0 || bools_.count(name) != 0) {
    fail(pos, "variable @{" + name + "} was previously declared");
  }
  sets_[name] = std::move(values);
}

void ProfileVariables::append(const std::string& name, std::vector<std::string> values,
                              const SourcePos& pos) {
  auto it = sets_.find(name);
  if (it == sets_.end()) {
    fail(pos, "variable @{" + name +
                  "} was not previously declared, but is being assigned additional values");
  }
  for (std::string& v : values) it->second.push_back(std::move(v));
}

void ProfileVariables::define_bool(const std::string& name, bool value, const SourcePos& pos) {
  if (bools_.count(name) != 0 || sets_.count(name) != 0) {
    fail(pos, "variable ${" + name + "} was previously declared");
  }
  bools_[name] = value;
}

std::optional<bool> ProfileVariables::boolean(const std::string& name) const {
  auto it = bools_.find(name);
  if (it == bools_.end()) return std::nullopt;
  return it->second;
}

std::string ProfileVariables::expand(const std::string& text, const SourcePos& pos) const {
  return expand_depth(text, pos, 0);
}

namespace {

// The next @{NAME} reference at or after `from` (escaped characters skipped); npos if none.
std::size_t next_reference(const std::string& text, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
      continue;
    }
    if (text.compare(i, 2, "@{") == 0) return i;
  }
  return std::string::npos;
}

// parser_variable.c's slash filter at a variable boundary: a value's leading '/' goes when
// the text before the variable ends with '/', its trailing '/' when the text after it starts
// with '/' ("/@{run}/x" with /run/ is "/run/x", not "//run//x").
std::string filter_boundary(std::string v, bool slash_before, bool slash_after) {
  if (slash_before && !v.empty() && v.front() == '/') v.erase(0, 1);
  if (slash_after && !v.empty() && v.back() == '/') v.pop_back();
  return v;
}

}  // namespace

// A variable's values with the variables in them expanded the way parser_symtab.c does it
// when the variables are defined: one value per combination of the referenced variables'
// values, each slash-filtered on its own at every boundary.
std::vector<std::string> ProfileVariables::values_of(const std::string& name,
                                                     const SourcePos& pos, int depth) const {
  if (depth > kMaxExpansionDepth) fail(pos, "variables nested too deeply (a cycle?) in @{" + name + "}");
  auto it = sets_.find(name);
  if (it == sets_.end()) {
    if (lenient_) return {};
    // apparmor_parser: "Found reference to variable NAME, but is never declared".
    fail(pos, "Found reference to variable " + name + ", but is never declared");
  }
  std::vector<std::string> out;
  std::vector<std::string> work(it->second.rbegin(), it->second.rend());  // a stack, in order
  while (!work.empty()) {
    std::string v = std::move(work.back());
    work.pop_back();
    const std::size_t at = next_reference(v, 0);
    if (at == std::string::npos) {
      out.push_back(std::move(v));
      continue;
    }
    const std::size_t close = v.find('}', at);
    if (close == std::string::npos) fail(pos, "unterminated variable reference in " + v);
    const std::string inner = v.substr(at + 2, close - at - 2);
    const std::string prefix = v.substr(0, at), suffix = v.substr(close + 1);
    std::vector<std::string> inner_values;
    if (inner == "profile_name" && profile_name_) {
      inner_values = {*profile_name_};
    } else {
      inner_values = values_of(inner, pos, depth + 1);
    }
    const bool before = !prefix.empty() && prefix.back() == '/';
    const bool after = !suffix.empty() && suffix.front() == '/';
    for (auto w = inner_values.rbegin(); w != inner_values.rend(); ++w)
      work.push_back(prefix + filter_boundary(*w, before, after) + suffix);
    if (inner_values.empty()) work.push_back(prefix + suffix);
  }
  return out;
}

std::string ProfileVariables::expand_depth(const std::string& text, const SourcePos& pos,
                                           int depth) const {
  if (text.find("@{") == std::string::npos) return text;
  // parser_variable.c expand_by_alternations, in a rule: a variable with one value is put in
  // as it is; several values become the alternation {v1,v2}, each value slash-filtered at the
  // variable's boundaries ("@{run}/x" is "{/run,/var/run}/x", "/@{run}/x" is
  // "/{run,var/run}/x"). A single value is not filtered: "/@{PROC}/x" is "//proc/x", whose
  // leading "//" filter_slashes keeps.
  std::string out;
  std::size_t i = 0;
  for (std::size_t at; (at = next_reference(text, i)) != std::string::npos;) {
    out += text.substr(i, at - i);
    const std::size_t close = text.find('}', at);
    if (close == std::string::npos) fail(pos, "unterminated variable reference in " + text);
    const std::string name = text.substr(at + 2, close - at - 2);
    i = close + 1;
    if (name == "profile_name" && profile_name_) {
      out += *profile_name_;
      continue;
    }
    const std::vector<std::string> vals = values_of(name, pos, depth + 1);
    if (vals.size() == 1) {
      out += vals[0];
    } else if (vals.size() > 1) {
      const bool before = !out.empty() && out.back() == '/';
      const bool after = i < text.size() && text[i] == '/';
      out += '{';
      for (std::size_t v = 0; v < vals.size(); ++v) {
        if (v != 0) out += ',';
        out += filter_boundary(vals[v], before, after);
      }
      out += '}';
    }
  }
  out += text.substr(i);
  return out;
}

}  // namespace lsmsim::aa
