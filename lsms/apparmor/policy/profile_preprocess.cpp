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

std::string ProfileVariables::expand_depth(const std::string& text, const SourcePos& pos,
                                           int depth) const {
  if (text.find("@{") == std::string::npos) return text;
  if (depth > kMaxExpansionDepth) fail(pos, "variables nested too deeply (a cycle?) in " + text);
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\\' && i + 1 < text.size()) {
      out += text.substr(i, 2);
      i += 2;
      continue;
    }
    if (text.compare(i, 2, "@{") != 0) {
      out += text[i++];
      continue;
    }
    const std::size_t close = text.find('}', i);
    if (close == std::string::npos) fail(pos, "unterminated variable reference in " + text);
    const std::string name = text.substr(i + 2, close - i - 2);
    if (name == "profile_name" && profile_name_) {
      out += *profile_name_;
      i = close + 1;
      continue;
    }
    auto it = sets_.find(name);
    if (it == sets_.end() && lenient_) {
      i = close + 1;
      continue;
    }
    if (it == sets_.end()) {
      // apparmor_parser: "Found reference to variable NAME, but is never declared".
      fail(pos, "Found reference to variable " + name + ", but is never declared");
    }
    const std::vector<std::string>& vals = it->second;
    // A value's trailing '/' is dropped when the text goes on with '/' (the parser does
    // this at variable boundaries: `@{HOME}/.x` with /home/*/ is /home/*/.x).
    const bool slash_follows = close + 1 < text.size() && text[close + 1] == '/';
    auto value = [&](const std::string& v) {
      std::string e = expand_depth(v, pos, depth + 1);
      if (slash_follows && e.size() > 1 && e.back() == '/') e.pop_back();
      return e;
    };
    if (vals.size() == 1) {
      out += value(vals[0]);
    } else if (vals.size() > 1) {
      // Several values stand for their alternation (parser_variable.c expands the rule
      // once per value; one alternation matches the same set of paths).
      out += '{';
      for (std::size_t v = 0; v < vals.size(); ++v) {
        if (v != 0) out += ',';
        out += value(vals[v]);
      }
      out += '}';
    }
    i = close + 1;
  }
  return out;
}

}  // namespace lsmsim::aa
