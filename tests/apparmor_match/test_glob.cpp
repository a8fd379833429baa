// Glob: every syntax element, as apparmor_parser translates it (parser_regex.c
// convert_aaregex_to_pcre; `apparmor_parser -D rule-exprs` shows the translation), and the
// malformed patterns the parser refuses.
#include <boost/test/unit_test.hpp>

#include <string>

#include "lsms/apparmor/policy/glob.h"
#include "lsms/apparmor/policy/glob_regex.h"

namespace lsmsim::aa {
namespace {

bool m(const char* pattern, std::string_view text) {
  return Glob(pattern).matches(text);
}

std::size_t error_offset(const char* pattern) {
  try {
    Glob g(pattern);
  } catch (const GlobError& e) {
    return e.offset();
  }
  BOOST_FAIL(std::string("no GlobError for ") + pattern);
  return 0;
}

BOOST_AUTO_TEST_SUITE(glob)

BOOST_AUTO_TEST_CASE(literal_and_escapes) {
  BOOST_TEST(m("/etc/passwd", "/etc/passwd"));
  BOOST_TEST(!m("/etc/passwd", "/etc/passwd2"));
  BOOST_TEST(!m("/etc/passwd", "/etc/passw"));
  BOOST_TEST(m("/a/\\*\\{\\}\\[z", "/a/*{}[z"));
  BOOST_TEST(!m("/a/\\*", "/a/b"));
  BOOST_TEST(m("/a/\\,", "/a/,"));
  BOOST_TEST(m("/a/b,c", "/a/b,c"));  // ',' outside {} is literal
  // Regex metacharacters of the translation are literal in a glob.
  BOOST_TEST(m("/a/^$.+|()", "/a/^$.+|()"));
  BOOST_TEST(!m("/a/.", "/a/x"));
  // parser/lib.c strn_escseq: hex, octal, decimal and C escapes.
  BOOST_TEST(m("/o/\\x41\\101\\d065", "/o/AAA"));
  BOOST_TEST(m("/o/\\t", "/o/\t"));
  BOOST_TEST(m("/o/\\xz", "/o/xz"));  // \x without digits: the letter
  BOOST_TEST(Glob("/a/\\*").is_literal());
}

BOOST_AUTO_TEST_CASE(single_star) {
  BOOST_TEST(m("/etc/a*", "/etc/a"));
  BOOST_TEST(m("/etc/a*", "/etc/abc"));
  BOOST_TEST(!m("/etc/a*", "/etc/a/b"));
  // "/x/*" -> "/x/[^/\x00][^/\x00]*": not the directory itself.
  BOOST_TEST(!m("/x/*", "/x/"));
  BOOST_TEST(m("/x/*", "/x/y"));
  BOOST_TEST(m("/n/*/", "/n/y/"));
  BOOST_TEST(!m("/n/*/", "/n//"));
  // Not followed by '/' or the end: the star may be empty.
  BOOST_TEST(m("/b/*x", "/b/x"));
  BOOST_TEST(m("/b/*x", "/b/yyx"));
  BOOST_TEST(!m("/b/*", std::string_view("/b/\0", 4)));
}

BOOST_AUTO_TEST_CASE(double_star) {
  BOOST_TEST(m("/tmp/**", "/tmp/x/y/z"));
  BOOST_TEST(!m("/tmp/**", "/tmp/"));
  BOOST_TEST(!m("/tmp/**", "/tmp"));
  // "/tmp/[^/\x00][^\x00]*": the first byte is not '/'.
  BOOST_TEST(!m("/tmp/**", "/tmp//x"));
  BOOST_TEST(m("/tmp/**", "/tmp/x//"));
  BOOST_TEST(m("/d/**/e", "/d/a/b/e"));
  BOOST_TEST(!m("/d/**/e", "/d//e"));
  // "/m/***" -> "/m/[^/\x00][^\x00]*[^/\x00]*".
  BOOST_TEST(m("/m/***", "/m/a/b"));
  BOOST_TEST(!m("/m/***", "/m/"));
}

BOOST_AUTO_TEST_CASE(alternation) {
  // "/e/{,**}" -> "/e/(|[^\x00]*)": the directory and everything below.
  BOOST_TEST(m("/e/{,**}", "/e/"));
  BOOST_TEST(m("/e/{,**}", "/e/a/b"));
  BOOST_TEST(m("/e/{,**}", "/e//"));
  BOOST_TEST(!m("/e/{,**}", "/e"));
  // A '/' inside the group before the stars does not trigger the first-byte rule unless
  // the stars are followed by '/' or the end: "/f/{a/**,b}" -> "/f/(a/[^\x00]*|b)".
  BOOST_TEST(m("/f/{a/**,b}", "/f/a/"));
  BOOST_TEST(m("/f/{a/**,b}", "/f/b"));
  BOOST_TEST(m("/h/{a,b/*}", "/h/b/"));
  BOOST_TEST(m("/p/{a,{b,c}d}", "/p/cd"));
  BOOST_TEST(!m("/p/{a,{b,c}d}", "/p/c"));
  BOOST_TEST(m("/{,usr/}bin/ping", "/bin/ping"));
  BOOST_TEST(m("/{,usr/}bin/ping", "/usr/bin/ping"));
  BOOST_TEST(m("/a/{,}", "/a/"));
  BOOST_TEST(m("/a/{a,b\\,c}", "/a/b,c"));
}

BOOST_AUTO_TEST_CASE(question_and_sets) {
  BOOST_TEST(m("/i/?z", "/i/az"));
  BOOST_TEST(!m("/i/?z", "/i//z"));
  BOOST_TEST(!m("/i/?z", "/i/z"));
  BOOST_TEST(m("/h/[a-c]z", "/h/bz"));
  BOOST_TEST(!m("/h/[a-c]z", "/h/dz"));
  BOOST_TEST(m("/h/[c-a]", "/h/b"));  // reversed range: same bytes
  BOOST_TEST(m("/h/[-a]", "/h/-"));
  // A negated set excludes only what it lists: '/' matches "[^x]".
  BOOST_TEST(m("/g/[^x]z", "/g//z"));
  BOOST_TEST(m("/g/[^x]z", "/g/az"));
  BOOST_TEST(!m("/g/[^x]z", "/g/xz"));
  BOOST_TEST(m("/g/[/]", "/g//"));
  BOOST_TEST(m("/r/[a\\]b]", "/r/]"));
  BOOST_TEST(m("/r/[{},]", "/r/,"));
}

BOOST_AUTO_TEST_CASE(prefix_and_literal) {
  BOOST_TEST(Glob("/usr/bin/ping").is_literal());
  BOOST_TEST(Glob("/usr/bin/ping").literal_prefix_length() == 13u);
  BOOST_TEST(!Glob("/{,usr/}bin/ping").is_literal());
  BOOST_TEST(Glob("/{,usr/}bin/ping").literal_prefix_length() == 1u);
  BOOST_TEST(Glob("/usr/lib/**").literal_prefix_length() == 9u);
  BOOST_TEST(Glob("/a/[bc]").literal_prefix_length() == 3u);
  BOOST_TEST(Glob("/a/?").literal_prefix_length() == 3u);
}

BOOST_AUTO_TEST_CASE(errors_name_the_offset) {
  BOOST_TEST(error_offset("/a/{a") == 3u);   // unclosed '{'
  BOOST_TEST(error_offset("/a/[a") == 3u);   // unclosed '['
  BOOST_TEST(error_offset("/a/a\\") == 4u);  // trailing '\'
  BOOST_TEST(error_offset("/a/a]") == 4u);   // ']' without '['
  BOOST_TEST(error_offset("/a/a}") == 4u);   // '}' without '{'
  BOOST_TEST(error_offset("/a/{a}") == 3u);  // no ',' in the group
  BOOST_TEST(error_offset("/a/{}") == 3u);
  BOOST_TEST(error_offset("/a/[]") == 4u);  // empty set
  BOOST_TEST(error_offset("/a/[^]") == 5u);
  BOOST_TEST(error_offset("/a/[a-]") == 5u);  // dangling '-'
  BOOST_TEST(error_offset("/a/[a-c-e]") == 7u);
  BOOST_TEST(error_offset("/a/[*]") == 4u);  // the parser would expand '*' in the set
  BOOST_TEST(error_offset("/a/[\\^]") == 4u);
  BOOST_TEST(error_offset("/a/{b,{c,d}") == 3u);
}

BOOST_AUTO_TEST_CASE(filter_slashes_as_the_parser) {
  // parser_regex.c's own unit-test vectors for filter_slashes.
  using detail::filter_slashes;
  BOOST_TEST(filter_slashes("///foo//////f//oo////////////////") == "/foo/f/oo/");
  BOOST_TEST(filter_slashes("/foo/f/oo") == "/foo/f/oo");
  BOOST_TEST(filter_slashes("/") == "/");
  BOOST_TEST(filter_slashes("") == "");
  BOOST_TEST(filter_slashes("//usr") == "//usr");
  BOOST_TEST(filter_slashes("//") == "//");
  BOOST_TEST(filter_slashes("///usr") == "/usr");
  BOOST_TEST(filter_slashes("///") == "/");
  BOOST_TEST(filter_slashes("/a/") == "/a/");
}

BOOST_AUTO_TEST_CASE(deep_nesting_is_refused) {
  std::string p = "/";
  for (int i = 0; i < 60; ++i) p += "{a,";
  p += "b";
  for (int i = 0; i < 60; ++i) p += "}";
  BOOST_CHECK_THROW(Glob g(p), GlobError);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lsmsim::aa
