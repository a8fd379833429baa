// Differential test: every policy of corpus/{good,bad} goes through the real checkpolicy
// and through lsmsim's parser; lsmsim must accept exactly what checkpolicy accepts, and
// the good/bad folder says what both should do.
#include <iostream>

#include "tests/selinux_policy/policy_test_support.h"

namespace lsmsim::sepolicy::test {
namespace {

const std::filesystem::path kCorpus = std::filesystem::path(LSMSIM_SOURCE_DIR) /
                                      "tests/selinux_policy/corpus";

void check_folder(const std::string& folder, bool expect_ok) {
  const std::string tool = checkpolicy();
  TempDir dir;
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus / folder)) {
    if (entry.path().extension() != ".conf") continue;
    ++n;
    const std::string name = folder + "/" + entry.path().filename().string();
    const int rc = run(tool + " -M -c 33 -o " + (dir.path / "out.bin").string() + " " +
                       entry.path().string() + " >/dev/null 2>&1");
    bool ours = true;
    std::string why;
    try {
      PolicyParseOptions opt;
      opt.filename = name;
      parse_policy_conf(read_file(entry.path()), opt);
    } catch (const PolicyError& e) {
      ours = false;
      why = e.what();
    }
    BOOST_TEST_INFO(name << ": checkpolicy rc=" << rc << ", lsmsim: " << (ours ? "accepted" : why));
    BOOST_TEST((rc == 0) == ours);
    BOOST_TEST_INFO(name);
    BOOST_TEST(ours == expect_ok);
    if (!ours) BOOST_TEST_MESSAGE(why);
  }
  BOOST_TEST(n >= 5u);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(corpus)

BOOST_AUTO_TEST_CASE(good_policies_are_accepted_by_checkpolicy_and_lsmsim) {
  check_folder("good", true);
}

BOOST_AUTO_TEST_CASE(bad_policies_are_refused_by_checkpolicy_and_lsmsim) {
  check_folder("bad", false);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim::sepolicy::test
