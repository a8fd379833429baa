#include "lsms/apparmor/policy/profile_lexer.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "lsms/apparmor/policy/profile_parser.h"
#include "lsms/apparmor/policy/profile_preprocess.h"

namespace lsmsim::aa {

namespace {

// apparmor_parser has no include depth limit of its own but fails on a cycle by running
// out of file descriptors; a fixed limit gives a located error instead.
constexpr int kMaxIncludeDepth = 64;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_identifier(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '.') return false;
  }
  return true;
}

// A whole `@{name}` or `${name}`: such a word may be followed by `=` or `+=`.
bool is_variable_ref(std::string_view s) {
  if (s.size() < 4 || s.back() != '}') return false;
  if (s.substr(0, 2) != "@{" && s.substr(0, 2) != "${") return false;
  return is_identifier(s.substr(2, s.size() - 3));
}

std::string read_whole_file(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream ss;
  if (ok) ss << in.rdbuf();
  return ss.str();
}

std::string parent_dir(const std::string& file) {
  return std::filesystem::path(file).parent_path().string();
}

}  // namespace

std::string tok_describe(const Token& t) {
  switch (t.kind) {
    case Tok::end:
      return "end of file";
    case Tok::word:
      return "'" + t.text + "'";
    case Tok::string:
      return "\"" + t.text + "\"";
    case Tok::comma:
      return "','";
    case Tok::open:
      return "'{'";
    case Tok::close:
      return "'}'";
    case Tok::lparen:
      return "'('";
    case Tok::rparen:
      return "')'";
    case Tok::equals:
      return "'='";
    case Tok::plus_equals:
      return "'+='";
    case Tok::arrow:
      return "'->'";
  }
  return "token";
}

struct ProfileLexer::Source {
  std::string file;  // for positions
  std::string dir;   // where its "relative" includes resolve
  std::string text;
  std::size_t at = 0;
  int line = 1, col = 1;
  int logical_line = 1;
  int depth = 0;  // include nesting

  bool done() const { return at >= text.size(); }
  char cur() const { return at < text.size() ? text[at] : '\0'; }
  char ahead(std::size_t n) const { return at + n < text.size() ? text[at + n] : '\0'; }
  void advance() {
    if (text[at] == '\n') {
      ++line;
      ++logical_line;
      col = 1;
    } else {
      ++col;
    }
    ++at;
  }
  SourcePos pos() const { return {file, line, col}; }
};

ProfileLexer::ProfileLexer(std::string_view text, const ProfileParseOptions& options)
    : options_(options) {
  auto src = std::make_unique<Source>();
  src->file = options.filename;
  src->dir = options.base_dir;
  src->text = std::string(text);
  stack_.push_back(std::move(src));
}

ProfileLexer::~ProfileLexer() = default;

std::vector<SourcePos> ProfileLexer::include_chain(const std::string& file) const {
  auto it = chains_.find(file);
  return it == chains_.end() ? std::vector<SourcePos>{} : it->second;
}

const Token& ProfileLexer::peek(std::size_t n) {
  while (ahead_.size() <= n) ahead_.push_back(lex());
  return ahead_[n];
}

Token ProfileLexer::next() {
  peek(0);
  Token t = std::move(ahead_.front());
  ahead_.pop_front();
  return t;
}

void ProfileLexer::push_file(const std::string& path, const SourcePos& where, int depth) {
  if (depth > kMaxIncludeDepth) {
    throw ProfileError(where.file, where.line, where.column,
                       "includes nested deeper than " + std::to_string(kMaxIncludeDepth) +
                           " (an include cycle?) at '" + path + "'");
  }
  bool ok = false;
  auto src = std::make_unique<Source>();
  src->text = read_whole_file(path, ok);
  if (!ok) {
    throw ProfileError(where.file, where.line, where.column, "Could not open '" + path + "'");
  }
  src->file = path;
  src->dir = parent_dir(path);
  src->depth = depth;
  std::vector<SourcePos> chain = include_chain(where.file);
  chain.push_back(where);
  chains_[path] = std::move(chain);
  stack_.push_back(std::move(src));
}

// `#include <x>`, `include "x"`, `include if exists <x>` (parser_lex.l's INCLUDE states):
// the name is read here and the file(s) pushed, so the grammar never sees the directive.
void ProfileLexer::include_directive(Source& src, const SourcePos& pos) {
  auto skip_blanks = [&] {
    while (!src.done() && (src.cur() == ' ' || src.cur() == '\t')) src.advance();
  };
  skip_blanks();
  bool if_exists = false;
  if (src.text.compare(src.at, 2, "if") == 0 && is_space(src.ahead(2))) {
    src.advance();
    src.advance();
    skip_blanks();
    if (src.text.compare(src.at, 6, "exists") != 0 || !is_space(src.ahead(6))) {
      throw ProfileError(src.file, src.line, src.col, "expected 'exists' after 'include if'");
    }
    for (int i = 0; i < 6; ++i) src.advance();
    skip_blanks();
    if_exists = true;
  }
  const char open = src.cur();
  if (open != '<' && open != '"') {
    throw ProfileError(src.file, src.line, src.col, "expected <name> or \"name\" after include");
  }
  const char close = open == '<' ? '>' : '"';
  const SourcePos name_pos = src.pos();
  src.advance();
  std::string name;
  while (!src.done() && src.cur() != close && src.cur() != '\n') {
    name += src.cur();
    src.advance();
  }
  if (src.cur() != close) {
    throw ProfileError(name_pos.file, name_pos.line, name_pos.column,
                       std::string("unterminated include name, expected '") + close + "'");
  }
  src.advance();
  const int depth = src.depth + 1;
  const auto files = resolve_include(name, open == '<', src.dir, options_);
  if (!files) {
    if (if_exists) return;
    throw ProfileError(pos.file, pos.line, pos.column, "Could not open '" + name + "'");
  }
  std::vector<std::string> fresh;
  for (const std::string& f : *files) {
    std::error_code ec;
    std::string key = std::filesystem::weakly_canonical(f, ec).string();
    if (ec) key = f;
    if (include_scopes_.back().insert(key).second) {
      fresh.push_back(f);
    }
  }
  // Pushed last-first so the first file is read first.
  for (auto it = fresh.rbegin(); it != fresh.rend(); ++it) push_file(*it, pos, depth);
}

Token ProfileLexer::lex() {
  for (;;) {
    if (stack_.empty()) return Token{Tok::end, "", SourcePos{options_.filename, 0, 0}};
    Source& src = *stack_.back();
    for (;;) {
      if (!src.done() && is_space(src.cur())) {
        src.advance();
      } else if (src.cur() == '\\' && src.ahead(1) == '\n') {
        // Line continuation: the next line joins this one.
        src.advance();
        src.advance();
        --src.logical_line;
      } else {
        break;
      }
    }
    if (src.done()) {
      if (stack_.size() == 1) return Token{Tok::end, "", src.pos()};
      stack_.pop_back();
      continue;
    }
    Token t;
    t.pos = src.pos();
    t.logical_line = src.logical_line;
    const char c = src.cur();
    if (c == '#') {
      // parser_lex.l takes any "#include" as the directive, even "#includes" (an include
      // of "s"); "# include" is a comment.
      if (src.text.compare(src.at, 8, "#include") == 0) {
        for (int i = 0; i < 8; ++i) src.advance();
        include_directive(src, t.pos);
        continue;
      }
      while (!src.done() && src.cur() != '\n') src.advance();
      continue;
    }
    auto single = [&](Tok k, int len) {
      t.kind = k;
      t.text = src.text.substr(src.at, static_cast<std::size_t>(len));
      for (int i = 0; i < len; ++i) src.advance();
      return t;
    };
    const bool assigning = assign_src_ == &src && assign_line_ == src.logical_line;
    if ((c == '=' || (c == '+' && src.ahead(1) == '=')) && last_was_variable_) {
      assign_src_ = &src;
      assign_line_ = src.logical_line;
    }
    last_was_variable_ = false;
    const bool after_equals = last_was_equals_;
    last_was_equals_ = c == '=';
    switch (c) {
      case ',':
        return single(Tok::comma, 1);
      case '{':
        if (assigning || after_equals) break;  // a value such as {a,b}
        return single(Tok::open, 1);
      case '}':
        return single(Tok::close, 1);
      case '(':
        return single(Tok::lparen, 1);
      case ')':
        return single(Tok::rparen, 1);
      case '=':
        return single(Tok::equals, 1);
      default:
        break;
    }
    if (c == '+' && src.ahead(1) == '=') return single(Tok::plus_equals, 2);
    if (c == '-' && src.ahead(1) == '>') return single(Tok::arrow, 2);
    if (c == '"') {
      src.advance();
      t.kind = Tok::string;
      while (!src.done() && src.cur() != '"') {
        if (src.cur() == '\\' && (src.ahead(1) == '"' || src.ahead(1) == '\\')) {
          src.advance();
        }
        t.text += src.cur();
        src.advance();
      }
      if (src.done())
        throw ProfileError(t.pos.file, t.pos.line, t.pos.column,
                           "unterminated quoted string, expected '\"'");
      src.advance();
      return t;
    }
    // A word: up to a blank or punctuation outside {} alternations; `=` ends it only after
    // a keyword-like word or a variable (peer=, flags=, @{VAR}=), so paths keep theirs.
    t.kind = Tok::word;
    int depth = 0;
    while (!src.done()) {
      const char d = src.cur();
      if (is_space(d)) break;
      if (d == '\\' && src.ahead(1) == '\n') break;
      if (d == '\\' && src.at + 1 < src.text.size()) {
        t.text += d;
        src.advance();
        t.text += src.cur();
        src.advance();
        continue;
      }
      if (depth == 0) {
        if (d == ',' || d == '(' || d == ')' || d == '}' || d == '"') break;
        if (d == '-' && src.ahead(1) == '>') break;
        if (d == '=' && (is_identifier(t.text) || is_variable_ref(t.text))) break;
        if (d == '+' && src.ahead(1) == '=' && is_variable_ref(t.text)) break;
      }
      if (d == '{') ++depth;
      if (d == '}') --depth;
      t.text += d;
      src.advance();
    }
    if (t.text == "include") {
      include_directive(src, t.pos);
      continue;
    }
    last_was_variable_ = is_variable_ref(t.text);
    return t;
  }
}

}  // namespace lsmsim::aa
