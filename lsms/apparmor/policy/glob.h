// AppArmor's glob language (apparmor.d(5) "Globbing"), after variable expansion:
//   *        any characters except '/' (and NUL)
//   **       any characters, '/' included
//   ?        one character other than '/'
//   [abc] [a-z] [^abc]   one character of (or not of) the set, never '/'
//   {a,b,c}  alternation, nested allowed, empty alternatives allowed ("{,**}")
//   \x       the character x literally
// A pattern is matched against the whole string (as the compiled DFA is).
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace lsmsim::aa {

// A malformed glob: an unbalanced '{' or '[', a trailing '\'. offset() is the byte in the
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

  bool matches(std::string_view text) const;
  const std::string& pattern() const { return pattern_; }
  // True if the pattern has no glob characters (matches exactly one string).
  bool is_literal() const;
  // Bytes of the pattern before its first glob character: the kernel ranks attachments
  // by this (xmatch_len) when several match.
  std::size_t literal_prefix_length() const;

 private:
  struct Impl;
  std::string pattern_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lsmsim::aa
