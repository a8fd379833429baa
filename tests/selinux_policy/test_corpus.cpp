// Differential test: every policy of corpus/{good,bad} goes through the real checkpolicy
// and through lsmsim's parser; lsmsim must accept exactly what checkpolicy accepts, and
// the good/bad folder says what both should do.
#include <iostream>
#include <sstream>
#include <vector>

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

namespace lsmsim::sepolicy::test {
namespace {

// Deterministic mutants of the good corpus: a word deleted, doubled, swapped with another or
// replaced by a word that matters to the grammar, or a line deleted, doubled or moved.
std::vector<std::string> mutants(const std::string& text, unsigned seed, int count) {
  std::vector<std::string> words, lines;
  {
    std::istringstream in(text);
    std::string w;
    while (in >> w) words.push_back(w);
    std::istringstream lin(text);
    while (std::getline(lin, w)) lines.push_back(w);
  }
  static const char* const kReplacements[] = {
      "*", "~", "-", "{", "}", "self", "domain", "s0", "s1", "c0.c3", "read", "file",
      ";", ":", "(", ")", "u1", "==", "dom", "r1", "t1", "l1", "h2", "init_t", "object_r",
      "system_u", "not", "and", "&&", "!", "true"};
  std::uint32_t state = seed;
  auto rnd = [&](std::size_t n) {
    state = state * 1664525u + 1013904223u;
    return static_cast<std::size_t>(state >> 8) % n;
  };
  auto join = [](const std::vector<std::string>& v, char sep) {
    std::string out;
    for (const std::string& x : v) out += x + sep;
    return out;
  };
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    const std::size_t op = rnd(7);
    if (op < 3) {
      std::vector<std::string> l = lines;
      const std::size_t j = rnd(l.size());
      if (op == 0) {
        l.erase(l.begin() + static_cast<std::ptrdiff_t>(j));
      } else if (op == 1) {
        l.insert(l.begin() + static_cast<std::ptrdiff_t>(j), l[j]);
      } else {
        std::swap(l[j], l[rnd(l.size())]);
      }
      out.push_back(join(l, '\n'));
    } else {
      std::vector<std::string> w = words;
      const std::size_t j = rnd(w.size());
      if (op == 3) {
        w.erase(w.begin() + static_cast<std::ptrdiff_t>(j));
      } else if (op == 4) {
        w.insert(w.begin() + static_cast<std::ptrdiff_t>(j), w[j]);
      } else if (op == 5) {
        std::swap(w[j], w[rnd(w.size())]);
      } else {
        w[j] = kReplacements[rnd(std::size(kReplacements))];
      }
      out.push_back(join(w, ' '));
    }
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(corpus)

// lsmsim and checkpolicy agree on each mutant, except where lsmsim refuses a construct it
// says it does not support.
BOOST_AUTO_TEST_CASE(mutated_policies_are_judged_like_checkpolicy) {
  const std::string tool = checkpolicy();
  TempDir dir;
  int n = 0, accepted = 0;
  unsigned seed = 1;
  for (const char* name : {"te_rules", "conditionals", "constraints", "roles_users_mls"}) {
    const std::string text = read_file(kCorpus / "good" / (std::string(name) + ".conf"));
    for (const std::string& m : mutants(text, seed++, 40)) {
      const auto conf = dir.path / "m.conf";
      std::ofstream(conf) << m;
      const int rc = run(tool + " -M -c 33 -o " + (dir.path / "m.bin").string() + " " +
                         conf.string() + " >/dev/null 2>&1");
      std::string why;
      try {
        parse(m);
      } catch (const PolicyError& e) {
        why = e.what();
      }
      ++n;
      accepted += why.empty() ? 1 : 0;
      if (why.find("unsupported construct") != std::string::npos) continue;
      BOOST_TEST_INFO(name << " mutant " << n << ": checkpolicy rc=" << rc << ", lsmsim: "
                           << (why.empty() ? "accepted" : why) << "\n" << m);
      BOOST_TEST((rc == 0) == why.empty());
    }
  }
  BOOST_TEST(n == 160);
  BOOST_TEST(accepted > 0);  // some mutants are still valid policies
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace lsmsim::sepolicy::test
