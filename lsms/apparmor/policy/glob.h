// AppArmor's glob language (apparmor.d(5) "Globbing"), after variable expansion, with the
// meaning apparmor_parser gives it (parser/parser_regex.c convert_aaregex_to_pcre; details in
// glob_regex.h):
//   *        any characters except '/' (and NUL)
//   **       any characters, '/' included (not NUL)
//   ?        one character other than '/' (and NUL)
//   A run of '*' right after a '/' and followed by '/' or the end needs one character that
//   is not '/': "/a/*" and "/a/**" do not match "/a/" (but "/a/{,**}" does).
//   [abc] [a-z] [^abc]   one byte of (or not of) the set; the set says nothing about '/'
//            ("[^x]" matches '/'), as in the parser
//   {a,b,c}  alternation, nested allowed, empty alternatives allowed ("{,**}"); a group
//            needs at least one ','
//   \x       the character x literally (\xHH, \NNN, \dNNN, \n ... as the parser reads them)
// A pattern is matched against the whole string (as the compiled DFA is). Glob does not
// collapse "//" in the pattern; FileMatcher does (the parser does it for file rules).
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lsmsim::aa {

// A malformed glob: an unbalanced '{', '}', '[' or ']', a trailing '\', a group without
// ',', an empty or malformed set, '*' or '?' inside a set. offset() is the byte in the
// pattern where the problem is.
class GlobError : public std::runtime_error {
 public:
  GlobError(std::size_t offset, const std::string& message)
      : std::runtime_error(message), offset_(offset) {}
  std::size_t offset() const { return offset_; }

 private:
  std::size_t offset_;
};

// One compiled pattern. Used for attachments, change_profile targets, peer= labels and
// unix addresses; file rules go through FileMatcher (file_matcher.h), which combines many.
class Glob {
 public:
  // Throws GlobError.
  explicit Glob(std::string_view pattern);
  ~Glob();
  Glob(Glob&&) noexcept;
  Glob& operator=(Glob&&) noexcept;

  // Safe to call from several threads at once (the DFA's state cache has a lock).
  bool matches(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }
  // True if the pattern has no glob characters (matches exactly one string).
  bool is_literal() const;
  // Bytes of the pattern before its first glob character ('*', '?', '[', '{').
  std::size_t literal_prefix_length() const;
  // The parser's xmatch_len, by which the kernel ranks attachments when several match: the
  // length of the shortest match counted up to and including the first wildcard
  // (libapparmor_re expr-tree.h min_match_len): "/usr/bin/*" 10, "/a?b" 3, "/a*b" 2,
  // "/{,usr/}bin/xy*" 7, "/a/[ab]c" 5 (checked in the binary policy of `apparmor_parser -S`).
  std::size_t min_match_length() const;

 private:
  struct Impl;
  std::string pattern_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lsmsim::aa
