// Helpers for the policy parser tests: a small MLS policy with a hole for statements,
// running the real checkpolicy, and temporary directories.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "lsms/selinux/policy/policy_parser.h"

namespace lsmsim::sepolicy::test {

// A complete MLS policy: `te` goes among the TE/RBAC statements, `constraints` after the
// users. Line numbers: the TE block starts on line kTeLine.
inline constexpr int kTeLine = 24;
inline std::string mini_policy(const std::string& te, const std::string& constraints = "",
                               const std::string& tail = "") {
  return "class process\n"                                               // 1
         "class file\n"                                                  // 2
         "class dir\n"                                                   // 3
         "sid kernel\n"                                                  // 4
         "sid security\n"                                                // 5
         "common file_common { read write getattr }\n"                   // 6
         "class process { transition signal }\n"                         // 7
         "class file inherits file_common { execute }\n"                 // 8
         "class dir inherits file_common { search }\n"                   // 9
         "sensitivity s0;\n"                                             // 10
         "sensitivity s1 alias secret;\n"                                  // 11
         "dominance { s0 s1 }\n"                                         // 12
         "category c0;\n"                                                // 13
         "category c1;\n"                                                // 14
         "category c2 alias top;\n"                                      // 15
         "level s0:c0.c2;\n"                                             // 16
         "level s1:c0.c2;\n"                                             // 17
         "mlsconstrain file { read } (l1 dom l2);\n"                     // 18
         "attribute domain;\n"                                           // 19
         "type a_t, domain;\n"                                           // 20
         "type b_t;\n"                                                   // 21
         "role r;\n"                                                     // 22
         "role r types { a_t b_t };\n"                                   // 23
         + te + "\n" +                                                   // 24
         "user u roles { r } level s0 range s0 - s1:c0.c2;\n" + constraints + "\n" +
         "sid kernel u:r:a_t:s0\n"
         "sid security u:r:a_t:s0 - s1:c0.c2\n" + tail + "\n";
}

inline Policydb parse(const std::string& text) {
  return parse_policy_conf(text, PolicyParseOptions{});
}

// The PolicyError of parsing `text` (fails the test if it parses).
inline PolicyError parse_error(const std::string& text) {
  try {
    parse(text);
  } catch (const PolicyError& e) {
    return e;
  }
  BOOST_FAIL("the policy was accepted");
  return PolicyError("", 0, 0, "");
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A fresh directory under the system temp dir, removed by the destructor.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "lsmsim-policy-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) BOOST_FAIL("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

// The real checkpolicy, or a failed test telling how to get it.
inline std::string checkpolicy() {
  for (const char* p : {"/usr/bin/checkpolicy", "/usr/sbin/checkpolicy"})
    if (std::filesystem::exists(p)) return p;
  BOOST_FAIL("checkpolicy is not installed: run scripts/setup.sh (Debian package checkpolicy)");
  return "";
}

// Runs a shell command; returns its exit status.
inline int run(const std::string& cmd) {
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// Whether the real checkpolicy (-M) compiles `text`.
inline bool checkpolicy_accepts(const std::string& text) {
  const std::string tool = checkpolicy();
  TempDir dir;
  const auto conf = dir.path / "p.conf";
  std::ofstream(conf) << text;
  return run(tool + " -M -c 33 -o " + (dir.path / "p.bin").string() + " " + conf.string() +
             " >/dev/null 2>&1") == 0;
}

// parse(), after checking that checkpolicy accepts the policy too.
inline Policydb parse_checked(const std::string& text) {
  BOOST_TEST(checkpolicy_accepts(text), "checkpolicy refuses:\n" << text);
  return parse(text);
}

}  // namespace lsmsim::sepolicy::test
