// Glob::min_match_length against the xmatch_len apparmor_parser writes into the binary policy
// (`apparmor_parser -Q -K -S`: the u32 that follows the attachment's "aadfa" blob), which the
// kernel uses to rank attachments.
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>

#include "lsms/apparmor/policy/glob.h"
#include "lsms/apparmor/policy/glob_regex.h"
#include "tests/apparmor_match/profile_generator.h"

namespace lsmsim::aa::testing {
namespace {

// The xmatch_len of `profile p ATTACHMENT { /x r, }`, or -1 when there is no xmatch DFA.
long parser_xmatch_len(const std::string& attachment) {
  char name[] = "/tmp/lsmsim_aa_xm_XXXXXX";
  const int fd = mkstemp(name);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  {
    std::ofstream f(name);
    f << "profile p " << attachment << " {\n  /x r,\n}\n";
  }
  const std::string cmd = std::string("apparmor_parser -Q -K -S '") + name + "' 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  std::string blob;
  char buf[4096];
  std::size_t n;
  while (p != nullptr && (n = fread(buf, 1, sizeof buf, p)) > 0) blob.append(buf, n);
  if (p != nullptr) pclose(p);
  unlink(name);
  const std::string tag("aadfa\0", 6);
  std::size_t i = blob.find(tag);
  if (i == std::string::npos) return -1;
  i += tag.size();
  auto u32 = [&](std::size_t at) {
    return static_cast<unsigned long>(static_cast<unsigned char>(blob[at])) |
           static_cast<unsigned long>(static_cast<unsigned char>(blob[at + 1])) << 8 |
           static_cast<unsigned long>(static_cast<unsigned char>(blob[at + 2])) << 16 |
           static_cast<unsigned long>(static_cast<unsigned char>(blob[at + 3])) << 24;
  };
  if (i + 5 > blob.size() || blob[i] != 0x06) return -1;  // a blob
  const std::size_t end = i + 5 + u32(i + 1);
  if (end + 5 > blob.size() || blob[end] != 0x02) return -1;  // a u32
  return static_cast<long>(u32(end + 1));
}

BOOST_AUTO_TEST_SUITE(xmatch)

BOOST_AUTO_TEST_CASE(min_match_length_is_the_parsers_xmatch_len) {
  std::vector<std::string> attachments = {"/usr/bin/*",
                                          "/usr/bin/ab*",
                                          "/usr/{bin,sbin}/abcdefgh*",
                                          "/usr/bin/abc",
                                          "/{usr/,}bin/xy*",
                                          "/usr/**",
                                          "/usr/bin/fo?",
                                          "/usr/[a-c]x/**",
                                          "/opt//a*/b",
                                          "/{,usr/}{,s}bin/{a,bb,ccc}"};
  ProfileGenerator gen(oracle_seed());
  for (int i = 0; i < 80; ++i) attachments.push_back(gen.glob());
  for (const std::string& a : attachments) {
    const long theirs = parser_xmatch_len(a);
    BOOST_TEST_REQUIRE(theirs >= 0, a);
    // The parser filters the attachment's slashes first (process_profile_name_xmatch).
    BOOST_TEST(
        Glob(detail::filter_slashes(a)).min_match_length() == static_cast<std::size_t>(theirs), a);
  }
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace
}  // namespace lsmsim::aa::testing
