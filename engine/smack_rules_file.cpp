#include "engine/smack_rules_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/policy_file.h"
#include "engine/yaml_view.h"

namespace lsmsim::engine {

namespace {

// libsmack's SMACK_LABEL_LEN.
constexpr std::size_t kLabelMax = 255;

struct Word {
  std::string text;
  int column = 0;
};

[[noreturn]] void bad(const std::string& file, int line, int column, const std::string& what) {
  throw BadInput{SourcePos{line, column},
                 file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what};
}

// get_label(): why `w` is not a label, or "".
std::string label_problem(const std::string& w) {
  if (w[0] == '-') return "a label cannot start with '-'";
  if (w.size() > kLabelMax) return "a label has at most 255 characters";
  for (const char c : w) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || u > '~' || c == '/' || c == '"' || c == '\\' || c == '\'')
      return std::string("a label cannot hold '") + c + "'";
  }
  return {};
}

// str_to_access_code(): the column offset of the first character that is not an access letter.
std::size_t bad_access(const std::string& w) {
  for (std::size_t i = 0; i < w.size(); ++i)
    if (std::strchr("rwxatlRWXATL-", w[i]) == nullptr) return i;
  return std::string::npos;
}

}  // namespace

std::vector<SmackRuleLine> parse_smack_rules(const std::string& text, const std::string& filename) {
  std::vector<SmackRuleLine> out;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty()) continue;
    std::vector<Word> words;
    for (std::size_t i = 0; i < line.size();) {
      if (line[i] == ' ' || line[i] == '\t') {
        ++i;
        continue;
      }
      const std::size_t start = i;
      while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
      words.push_back({line.substr(start, i - start), static_cast<int>(start) + 1});
    }
    if (words.size() < 3)
      bad(filename, n, words.empty() ? 1 : words.back().column,
          "expected a rule \"subject object access\" (or \"subject object allow deny\")");
    if (words.size() > 4) bad(filename, n, words[4].column, "a rule has at most four words");
    for (int i = 0; i < 2; ++i)
      if (const std::string why = label_problem(words[static_cast<std::size_t>(i)].text);
          !why.empty())
        bad(filename, n, words[static_cast<std::size_t>(i)].column,
            why + " (" + (i == 0 ? "subject" : "object") + " \"" +
                words[static_cast<std::size_t>(i)].text + "\")");
    for (std::size_t i = 2; i < words.size(); ++i)
      if (const std::size_t at = bad_access(words[i].text); at != std::string::npos)
        bad(filename, n, words[i].column + static_cast<int>(at),
            std::string("expected access letters from \"rwxatl-\", got '") + words[i].text[at] +
                "'");
    SmackRuleLine r;
    r.line = n;
    r.column = words[0].column;
    r.subject = words[0].text;
    r.object = words[1].text;
    r.access = words[2].text;
    if (words.size() == 4) r.deny = words[3].text;
    out.push_back(std::move(r));
  }
  return out;
}

SmackRulesFile load_smack_rules_file(const std::string& name, const std::string& base_dir,
                                     SourcePos pos) {
  SmackRulesFile f;
  f.path = resolve_scenario_path(name, base_dir);
  std::error_code ec;
  if (std::filesystem::is_directory(f.path, ec))
    fail(pos, "Smack rules " + f.path + " is a directory, not a rule file");
  std::ifstream in(f.path, std::ios::binary);
  if (!in) fail(pos, "cannot read Smack rules " + f.path + ": " + std::strerror(errno));
  std::ostringstream buf;
  buf << in.rdbuf();
  try {
    f.rules = parse_smack_rules(buf.str(), f.path);
  } catch (const BadInput& e) {
    fail(pos, "the Smack rules do not load: " + e.message);
  }
  return f;
}

}  // namespace lsmsim::engine
