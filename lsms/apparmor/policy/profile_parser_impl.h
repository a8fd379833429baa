// The recursive-descent parser behind parse_profiles(), shared by the profile_parser*.cpp
// files: profiles and blocks (profile_parser.cpp), file rules (profile_parser_file.cpp),
// the other rule families (profile_parser_rules.cpp).
#pragma once

#include <string>
#include <vector>

#include "lsms/apparmor/policy/file_matcher.h"
#include "lsms/apparmor/policy/profile_lexer.h"
#include "lsms/apparmor/policy/profile_parser.h"
#include "lsms/apparmor/policy/profile_preprocess.h"

namespace lsmsim::aa {

// `audit deny owner` in front of a rule (or of a `{ }` block of rules).
struct Qualifiers {
  bool audit = false, deny = false, owner = false;
};

// A profile while its rules are read: file rules are collected here and compiled into
// the FileMatcher when the profile's block ends.
struct ProfileBuild {
  Profile* profile = nullptr;
  std::vector<FileRuleSpec> files;
  std::vector<SourcePos> file_pos;  // by FileRuleSpec::rule_index
};

class ProfileParser {
 public:
  ProfileParser(std::string_view text, const ProfileParseOptions& options);
  ParsedProfiles run();
  // run(), with the include chain added to an error raised inside an included file.
  ParsedProfiles run_checked();

 private:
  // profile_parser.cpp
  void abi_statement();
  void variable_assignment();
  void bool_assignment();
  std::unique_ptr<Profile> profile(const Profile* parent, bool hat);
  void profile_flags(Profile& p);
  void add_hat_rules(ProfileBuild& b, bool for_change_profile);
  void block(ProfileBuild& b, const Qualifiers& outer);
  void rule(ProfileBuild& b, const Qualifiers& outer);
  void rule_fallback(ProfileBuild& b, const Qualifiers& q);
  void conditional(ProfileBuild& b, const Qualifiers& outer);
  bool condition();
  void discard_block(ProfileBuild& b, const Qualifiers& outer);

  // profile_parser_file.cpp
  void file_rule(ProfileBuild& b, const Qualifiers& q, bool file_keyword);
  void link_rule(ProfileBuild& b, const Qualifiers& q);
  void finish_file_rules(ProfileBuild& b);

  // profile_parser_rules.cpp
  void capability_rule(ProfileBuild& b, const Qualifiers& q);
  void network_rule(ProfileBuild& b, const Qualifiers& q);
  void signal_rule(ProfileBuild& b, const Qualifiers& q);
  void ptrace_rule(ProfileBuild& b, const Qualifiers& q);
  void unix_rule(ProfileBuild& b, const Qualifiers& q);
  void mount_rule(ProfileBuild& b, const Qualifiers& q, MountKind kind);
  void change_profile_rule(ProfileBuild& b, const Qualifiers& q);
  void userns_rule(ProfileBuild& b, const Qualifiers& q);
  void unmodelled_rule(const Token& keyword, const std::string& what);

  // profile_parser_unmodelled.cpp: parsed and checked, then turned into warnings.
  void dbus_rule();
  void rlimit_rule();
  void alias_rule();

 public:  // shared helpers (used by the free functions of the rule files too)
  [[noreturn]] void error(const Token& at, const std::string& message) const;
  [[noreturn]] void error(const SourcePos& at, const std::string& message) const;
  void warn(const SourcePos& at, const std::string& message);
  Token expect(Tok kind, const std::string& what);
  bool at_word(const char* w, std::size_t ahead = 0);
  // A value after `key=`: one word/string, or a parenthesised list (commas or blanks),
  // which must not be empty unless it is a permission list (`signal (),` compiles).
  std::vector<Token> cond_values(bool allow_empty = false);
  // The permissions right after a signal/ptrace/unix/dbus keyword: one word or one list.
  std::vector<Token> leading_perms();
  // The `key` of the next `key=value` condition of a unix or dbus rule (whose permissions
  // came first), with the '=' consumed; `kind` names the rule in errors.
  Token condition_key(const std::string& kind);
  // Variables expanded in a word or string token's text.
  std::string expand(const Token& t) const { return vars_.expand(t.text, t.pos); }
  Glob make_glob(const std::string& pattern, const Token& at) const;

  ProfileParseOptions options_;  // before lex_, which keeps a reference
  ProfileLexer lex_;
  ProfileVariables vars_;
  bool seen_profile_ = false;
  std::vector<ProfileWarning> warnings_;
};

// Whether `s` is a file-rule mode word as the parser's lexer sees one (letters r w a l k m
// and exec modes such as ix px Pix cux, in any order).
bool is_mode_word(const std::string& s);

}  // namespace lsmsim::aa
