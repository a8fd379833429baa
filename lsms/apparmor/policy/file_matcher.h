// The file rules of one profile, compiled into one matcher: given a path, the combined
// permissions of every rule whose glob matches it, as apparmor_parser's file DFA yields them
// (parser/parser_regex.c, aare_rules.cc): allow and deny are unions, deny wins, `owner`
// rules count only for the owner side, audit/quiet as the `audit` and `deny` qualifiers set
// them, and exec modes combined as the parser combines them (an exact path's x mode
// dominates a glob's; other conflicting x modes are refused at build time).
// "Exact" is the parser's notion: no '*', '?' or '[...]' in the pattern ("{a,b}" is exact).
// Patterns go through the parser's filter_slashes ("/a//b" is "/a/b"). FileRuleSpec::perms
// are the bits apparmor_parser compiles the mode into, so the mode letter `w` is
// kMayWrite | kMayAppend (`rw` is 0x3800e in its DFA), while the /proc rule it adds for
// change_hat is a bare kMayWrite. The one bit FileMatcher adds itself follows from the x mode:
// an x that may inherit (ix, pix, cix) includes kMayMmap, as the parser compiles it, and an
// `audit` rule does not log that bit. A deny rule's `l` is applied to the path itself; the parser
// keeps it off the path's DFA state and applies it to the link pair (parser_regex.c
// process_dfa_entry), which denies the link all the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lsms/apparmor/policy/file_perms.h"

namespace lsmsim::aa {

struct FileRuleSpec {
  std::string glob;            // after variable expansion; see glob.h
  std::uint32_t perms = 0;     // FilePermBit bits
  ExecMode exec;               // when perms has kMayExec (allow rules only)
  bool owner = false;          // `owner` qualifier: applies only when fsuid == inode owner
  bool deny = false;           // `deny` qualifier
  bool audit = false;          // `audit` qualifier
  std::size_t rule_index = 0;  // the caller's id for the rule, echoed in errors
};

// Rules that cannot be combined (the parser's "conflicting x modifiers"); rule_index() is
// the FileRuleSpec::rule_index of one of them.
class FileMatchError : public std::runtime_error {
 public:
  FileMatchError(std::size_t rule_index, const std::string& message)
      : std::runtime_error(message), rule_index_(rule_index) {}
  std::size_t rule_index() const { return rule_index_; }

 private:
  std::size_t rule_index_;
};

class FileMatcher {
 public:
  FileMatcher();  // no rules: nothing allowed
  // Throws GlobError (from glob.h) for a bad pattern, FileMatchError for conflicts.
  explicit FileMatcher(std::vector<FileRuleSpec> rules);
  ~FileMatcher();
  FileMatcher(FileMatcher&&) noexcept;
  FileMatcher& operator=(FileMatcher&&) noexcept;

  // The permissions for `path`; `owner` says whether the task's fsuid owns the file.
  // The owner side includes the rules without `owner` too. Safe to call from several
  // threads at once: the rules are compiled into one lazily built DFA whose state cache is
  // guarded by a mutex and bounded in size.
  FilePerms match(std::string_view path, bool owner) const;
  std::size_t rule_count() const;
  // The rules as given to the constructor (for tools and tests that explain a decision).
  const std::vector<FileRuleSpec>& rules() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lsmsim::aa
