// An AppArmor glob translated into a byte regex, as apparmor_parser translates it
// (parser/parser_regex.c convert_aaregex_to_pcre, then libapparmor_re's regex parser):
//   *   -> [^/\0]*        **  -> [^\0]*        ?  -> [^/\0]
//   a run of '*' right after a literal '/' and followed by '/' or the end of the pattern
//   must match one character first: "/a/*" -> "/a/[^/\0][^/\0]*", "/a/**" ->
//   "/a/[^/\0][^\0]*" (so neither matches "/a/"), but "/a/*x" and "/a/{,**}" match "/a/x"
//   and "/a/" as written.
//   [..] [^..] sets of bytes ('/' and NUL are not excluded: "[^x]" matches '/')
//   {a,b,}     alternation (at least one ',' per group, as the parser demands)
//   \c         c literally; \xHH \NNN (octal) \dNNN \a \e \f \n \r \t as in parser/lib.c
// Internal to the matcher (glob.cpp, file_matcher.cpp, path_dfa.cpp).
#pragma once

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lsmsim::aa::detail {

using ByteSet = std::bitset<256>;

struct GlobRegex {
  enum class Kind : std::uint8_t {
    set,   // one byte of `set`
    star,  // any number of bytes of `set`
    cat,   // kids in sequence (no kids: the empty string)
    alt,   // one of the kids
  };
  Kind kind = Kind::cat;
  ByteSet set;
  bool negated = false;  // a set written as "all but": '?', '[^...]', the sets of '*' and '**'
  std::vector<GlobRegex> kids;
};

struct ParsedGlob {
  GlobRegex regex;
  // No '*', '?' or '[...]' (alternation is allowed): the parser's "exact match"
  // (aare_rules.cc add_rule_vec), whose x mode dominates the x mode of a wildcard rule
  // matching the same path. apparmor_parser 3.0.8 counts any set as a wildcard: it refuses
  // "/x/[ab] px" next to "/x/* ix" but accepts "/x/{a,b} px" there.
  bool exact = true;
  // Bytes of the pattern before its first '*', '?', '[' or '{' (the parser's first_re_pos);
  // the pattern's size when there is none.
  std::size_t literal_prefix = 0;
  // The parser's xmatch_len: see Glob::min_match_length.
  std::size_t min_length = 0;
};

// Throws GlobError (glob.h) with the offending byte's offset.
ParsedGlob parse_glob(std::string_view pattern);

// parser_regex.c filter_slashes: runs of '/' collapse to one, except a leading "//" that is
// not followed by a third '/'. The parser applies it to file rules and attachments.
std::string filter_slashes(std::string_view path);

}  // namespace lsmsim::aa::detail
