// The tokens of AppArmor's profile language (apparmor_parser's parser_lex.l, written anew):
// words (paths, names, modes, keywords: the parser decides what a word is from where it
// stands), quoted strings and punctuation, each with its file:line:col. The lexer follows
// `#include`/`include [if exists]` itself, as the parser's lexer does, so included text
// reaches the grammar as if written in place, with its own file's positions.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lsms/apparmor/policy/profile.h"

namespace lsmsim::aa {

struct ProfileParseOptions;

enum class Tok : std::uint8_t {
  end,
  word,         // a bare word: /path{a,b}, rw, capability, @{VAR}, ^hat, <abi/3.0>
  string,       // "quoted" (text is the unescaped content)
  comma,        // ,
  open,         // {
  close,        // }
  lparen,       // (
  rparen,       // )
  equals,       // =
  plus_equals,  // +=
  arrow,        // ->
};

struct Token {
  Tok kind = Tok::end;
  std::string text;
  SourcePos pos;
  // The line counting a backslash-newline as no line break: a variable assignment's
  // values run to the end of its logical line.
  int logical_line = 0;
};

// "',' ", "'{'", "end of file", "word 'foo'" for messages.
std::string tok_describe(const Token& t);

class ProfileLexer {
 public:
  ProfileLexer(std::string_view text, const ProfileParseOptions& options);
  ~ProfileLexer();

  // The token `ahead` tokens from the current one (0: the next to be taken).
  const Token& peek(std::size_t ahead = 0);
  Token next();

  // apparmor_parser skips a file included twice in one scope (the top level, or one
  // profile's block): "skipped duplicate include". The parser calls these when a
  // profile's '{' and '}' are taken.
  void enter_include_scope() { include_scopes_.emplace_back(); }
  void leave_include_scope() {
    if (include_scopes_.size() > 1) include_scopes_.pop_back();
  }
  // The include directives through which `file` was (last) read, outermost first.
  std::vector<SourcePos> include_chain(const std::string& file) const;

 private:
  struct Source;
  Token lex();
  void include_directive(Source& src, const SourcePos& pos);
  void push_file(const std::string& path, const SourcePos& where, int depth);

  const ProfileParseOptions& options_;
  std::vector<std::unique_ptr<Source>> stack_;
  std::deque<Token> ahead_;
  std::vector<std::set<std::string>> include_scopes_ = {{}};
  std::map<std::string, std::vector<SourcePos>> chains_;
  // After `@{VAR} =` the rest of the line is values, which may start with '{'.
  bool last_was_variable_ = false;
  bool last_was_equals_ = false;  // `member={a,b}`: a value, not a block
  const Source* assign_src_ = nullptr;
  int assign_line_ = 0;
};

}  // namespace lsmsim::aa
