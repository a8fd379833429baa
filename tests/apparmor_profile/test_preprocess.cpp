// Preprocessing: variables and their expansion into alternations, includes of files and
// folders (in temporary folders), abi.
#include "lsms/apparmor/policy/profile_preprocess.h"
#include "tests/apparmor_profile/profile_test_support.h"

namespace lsmsim::aa::test {

namespace {

bool reads(const Profile& p, const std::string& path) {
  return (p.file.match(path, false).effective() & kMayRead) != 0;
}

ParsedProfiles parse_in(const TempDir& d, const std::string& text) {
  ProfileParseOptions opt;
  opt.filename = (d.path / "main").string();
  opt.base_dir = d.path.string();
  opt.include_dirs = {(d.path / "inc").string()};
  return parse_profiles(text, opt);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(variables)

BOOST_AUTO_TEST_CASE(a_multi_value_variable_is_an_alternation) {
  auto p = parse_one("@{D}=lib share \"my docs\"\nprofile a { /usr/@{D}/** r, }");
  BOOST_TEST(reads(*p, "/usr/lib/x"));
  BOOST_TEST(reads(*p, "/usr/share/x"));
  BOOST_TEST(reads(*p, "/usr/my docs/x"));
  BOOST_TEST(!reads(*p, "/usr/bin/x"));
}

BOOST_AUTO_TEST_CASE(appending_nesting_and_use_inside_alternations) {
  auto p = parse_one(
      "@{A}=/opt/app\n@{D}=lib\n@{D}+=share\n@{N}=@{A}/@{D}\n"
      "profile a @{A}/bin/* { @{N}/*.conf r, /x/{@{D},other}/ r, }");
  BOOST_TEST(p->attachment->matches("/opt/app/bin/tool"));
  BOOST_TEST(reads(*p, "/opt/app/lib/a.conf"));
  BOOST_TEST(reads(*p, "/opt/app/share/a.conf"));
  BOOST_TEST(reads(*p, "/x/lib/"));
  BOOST_TEST(reads(*p, "/x/other/"));
  BOOST_TEST(!reads(*p, "/x/bin/"));
}

BOOST_AUTO_TEST_CASE(a_backslash_continues_the_values_on_the_next_line) {
  auto p = parse_one("@{A}=a \\\n  b # comment\nprofile a { /@{A} r, }");
  BOOST_TEST(reads(*p, "/a"));
  BOOST_TEST(reads(*p, "/b"));
}

BOOST_AUTO_TEST_CASE(values_may_be_alternations_themselves) {
  auto p = parse_one("@{pid}={[1-9],[1-9][0-9]}\nprofile a { /proc/@{pid}/stat r, }");
  BOOST_TEST(reads(*p, "/proc/7/stat"));
  BOOST_TEST(reads(*p, "/proc/42/stat"));
  BOOST_TEST(!reads(*p, "/proc/123/stat"));
}

// The rule texts apparmor_parser 3.0.8 compiles these rules into (its `-D rule-exprs`
// "aare:" lines): several values are slash-filtered at the variable's boundaries, one value
// is put in as it is (so "/@{P}/z" keeps a leading "//" and never matches "/proc/z"), and a
// definition referencing other set variables has one value per combination.
BOOST_AUTO_TEST_CASE(variable_boundaries_and_nested_sets_expand_as_the_parser_does) {
  auto p = parse_one(
      "@{run}=/run/ /var/run/\n@{P}=/proc/\n@{D}=//dbl/\n@{H}=/home/*/ /root/\n"
      "@{S}=@{H}.local/share @{H}.share/\n@{W}=/@{P}/w /q\n@{X}=@{run}@{run}\n"
      "profile t {\n"
      "  /@{run}/x r,\n  @{run}/y r,\n  /@{P}/z r,\n  /@{D}k r,\n  @{D}j r,\n"
      "  @{S}/s r,\n  /@{S}/s2 r,\n  @{W}/c r,\n  @{X}/d r,\n  /a@{run}b r,\n  /@{run} r,\n"
      "}\n");
  const std::vector<std::string> want = {
      "/{run,var/run}/x",
      "{/run,/var/run}/y",
      "//proc/z",
      "/dbl/k",
      "//dbl/j",
      "{/home/*/.local/share,/root/.local/share,/home/*/.share,/root/.share}/s",
      "/{home/*/.local/share,root/.local/share,home/*/.share,root/.share}/s2",
      "{/proc/w,/q}/c",
      "{/run/run,/run/var/run,/var/run/run,/var/run/var/run}/d",
      "/a{/run/,/var/run/}b",
      "/{run/,var/run/}"};
  BOOST_REQUIRE_EQUAL(p->file.rules().size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) BOOST_TEST(p->file.rules()[i].glob == want[i]);
  BOOST_TEST(reads(*p, "/var/run/x"));
  BOOST_TEST(!reads(*p, "/proc/z"));
  BOOST_TEST(reads(*p, "/home/u/.local/share/s"));
  BOOST_TEST(!reads(*p, "/home//.local/share/s"));  // '*' matches at least one character
}

BOOST_AUTO_TEST_CASE(the_debian_tunables_define_the_usual_variables) {
  auto p = parse_one(
      "#include <tunables/global>\nprofile a { owner @{HOME}/.x r, @{PROC}/@{pid}/maps r, }");
  BOOST_TEST((p->file.match("/home/u/.x", true).effective() & kMayRead) != 0u);
  BOOST_TEST(reads(*p, "/proc/1234/maps"));
}

BOOST_AUTO_TEST_CASE(variable_errors_are_located) {
  const ProfileError undefined = parse_error("profile a {\n  /x/@{NOPE} r,\n}");
  BOOST_TEST(undefined.line() == 2);
  BOOST_TEST(undefined.column() == 3);
  BOOST_TEST(undefined.message().find("NOPE") != std::string::npos);
  const ProfileError again = parse_error("@{A}=x\n@{A}=y\nprofile a { }");
  BOOST_TEST(again.line() == 2);
  BOOST_TEST(again.message().find("previously declared") != std::string::npos);
  const ProfileError append = parse_error("@{B}+=y\nprofile a { }");
  BOOST_TEST(append.line() == 1);
  BOOST_TEST(append.message().find("not previously declared") != std::string::npos);
  const ProfileError in_profile = parse_error("profile a {\n @{X}=y\n}");
  BOOST_TEST(in_profile.line() == 2);
  const ProfileError unset = parse_error("profile a { if ${nope} { } }");
  BOOST_TEST(unset.message().find("${nope}") != std::string::npos);
  const ProfileError op = parse_error("${a}=true\n${b}=true\nprofile a { if ${a} and ${b} { } }");
  BOOST_TEST(op.message().find("not supported") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(includes)

BOOST_AUTO_TEST_CASE(magic_quoted_and_old_style_includes) {
  TempDir d;
  d.write("inc/abstractions/one", "/one r,\n");
  d.write("inc/tunables/vars", "@{V}=/from_tunable\n");
  d.write("local/two", "/two r,\n");
  const ParsedProfiles r =
      parse_in(d,
               "#include <tunables/vars>\nprofile a {\n  #include <abstractions/one>\n"
               "  include \"local/two\"\n  @{V} r,\n}\n");
  BOOST_TEST(reads(*r.profiles[0], "/one"));
  BOOST_TEST(reads(*r.profiles[0], "/two"));
  BOOST_TEST(reads(*r.profiles[0], "/from_tunable"));
}

BOOST_AUTO_TEST_CASE(relative_includes_resolve_against_the_including_file) {
  TempDir d;
  d.write("inc/abstractions/outer", "include \"../local/inner\"\n");
  d.write("inc/local/inner", "/inner r,\n");
  const ParsedProfiles r = parse_in(d, "profile a { include <abstractions/outer> }");
  BOOST_TEST(reads(*r.profiles[0], "/inner"));
}

BOOST_AUTO_TEST_CASE(include_if_exists_allows_a_missing_file) {
  TempDir d;
  const ParsedProfiles r =
      parse_in(d, "include if exists <local/none>\nprofile a { include if exists <x/y> /z r, }");
  BOOST_TEST(reads(*r.profiles[0], "/z"));
  const ProfileError e = [&] {
    try {
      parse_in(d, "profile a {\n  include <local/none>\n}");
    } catch (const ProfileError& err) {
      return err;
    }
    BOOST_FAIL("missing include accepted");
    return ProfileError("", 0, 0, "");
  }();
  BOOST_TEST(e.line() == 2);
  BOOST_TEST(e.column() == 3);
  BOOST_TEST(e.message() == "Could not open 'local/none'");
}

// A folder stands for its regular files in name order, without dotfiles, README, editor
// backups and packaging leftovers (libapparmor's list) and without subfolders.
BOOST_AUTO_TEST_CASE(a_folder_include_takes_each_file_the_parser_takes) {
  TempDir d;
  d.write("inc/d/b_second", "/b r,\n");
  d.write("inc/d/a_first", "/a r,\n");
  for (const char* skipped :
       {".hidden", "README", "x~", "x.dpkg-old", "x.dpkg-new", "x.dpkg-dist", "x.dpkg-bak",
        "x.rpmnew", "x.rpmsave", "x.orig", "x.rej", "x.pacsave", "x.pacnew"}) {
    d.write(std::string("inc/d/") + skipped, "garbage garbage\n");
    BOOST_TEST(include_skips_name(skipped));
  }
  d.write("inc/d/sub/f", "garbage garbage\n");
  const ParsedProfiles r = parse_in(d, "profile a { include <d> }");
  BOOST_TEST(reads(*r.profiles[0], "/a"));
  BOOST_TEST(reads(*r.profiles[0], "/b"));
  BOOST_TEST(!include_skips_name("usr.bin.foo"));
  // The real parser agrees.
  d.write("main.profile", "profile a { include \"" + (d.path / "inc/d").string() + "\" }\n");
  BOOST_TEST(apparmor_parser_accepts(d.path / "main.profile"));
}

BOOST_AUTO_TEST_CASE(an_error_in_an_included_file_names_that_file) {
  TempDir d;
  const auto bad = d.write("inc/abstractions/bad", "# comment\n/ok r,\n  /x wa,\n");
  try {
    parse_in(d, "profile a {\n  include <abstractions/bad>\n}");
    BOOST_FAIL("accepted");
  } catch (const ProfileError& e) {
    BOOST_TEST(e.file() == bad.string());
    BOOST_TEST(e.line() == 3);
    BOOST_TEST(e.column() == 6);
    BOOST_TEST(e.message() == "Conflict 'a' and 'w' perms are mutually exclusive.");
    BOOST_TEST(std::string(e.what()) == bad.string() + ":3:6: " + e.message());
    BOOST_REQUIRE_EQUAL(e.includes().size(), 1u);
    BOOST_TEST(e.includes()[0].file == (d.path / "main").string());
    BOOST_TEST(e.includes()[0].line == 2);
    BOOST_TEST(e.includes()[0].column == 3);
  }
}

BOOST_AUTO_TEST_CASE(a_file_included_twice_in_one_scope_is_read_once) {
  TempDir d;
  d.write("inc/vars", "@{A}=/a\n");
  d.write("inc/rule", "/r px,\n");
  const ParsedProfiles r =
      parse_in(d,
               "include <vars>\ninclude <vars>\nprofile a { include <rule> include <rule> "
               "profile c { include <rule> } }\nprofile b { include <rule> }");
  BOOST_TEST(r.profiles.size() == 2u);
  BOOST_TEST((r.profiles[1]->file.match("/r", false).exec.type == ExecType::profile));
}

// Each file is read once per scope, so a cycle ends by itself, in apparmor_parser too.
BOOST_AUTO_TEST_CASE(an_include_cycle_ends_at_the_second_visit) {
  TempDir d;
  d.write("inc/loop", "include <loop2>\n");
  d.write("inc/loop2", "/x r,\ninclude <loop>\n");
  const ParsedProfiles r = parse_in(d, "profile a { include <loop> }");
  BOOST_TEST(reads(*r.profiles[0], "/x"));
  d.write("main.profile", "profile a { include \"" + (d.path / "inc/loop").string() + "\" }\n");
  BOOST_TEST(run("cd '" + (d.path / "inc").string() + "' && apparmor_parser -Q -K -I . '" +
                 (d.path / "main.profile").string() + "' >/dev/null 2>&1")
                 .status == 0);
}

BOOST_AUTO_TEST_CASE(abi_is_accepted_and_checked_to_exist) {
  BOOST_TEST(parse("abi <abi/3.0>,\nprofile a { abi <abi/3.0>, }").profiles.size() == 1u);
  const ProfileError e = parse_error("abi <abi/9.9>,\nprofile a { }", ProfileParseOptions{});
  BOOST_TEST(e.line() == 1);
  BOOST_TEST(e.column() == 5);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim::aa::test
