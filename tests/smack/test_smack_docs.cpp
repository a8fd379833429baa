// Every complete scenario (a ```yaml block starting with "name:") of docs/smack.md runs and
// passes, and the boot `smack:` fragment it shows is accepted.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "engine/run.h"
#include "model/syscalls/fs.h"
#include "tests/smack/smack_support.h"

namespace {

std::vector<std::string> yaml_blocks(const std::string& doc) {
  std::vector<std::string> out;
  const std::regex block("```yaml\n([\\s\\S]*?)```");
  for (std::sregex_iterator it(doc.begin(), doc.end(), block), end; it != end; ++it)
    out.push_back((*it)[1].str());
  return out;
}

std::string read_doc() {
  std::ifstream in(std::filesystem::path(LSMSIM_SOURCE_DIR) / "docs/smack.md");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(smack_docs)

BOOST_AUTO_TEST_CASE(documented_scenarios_pass) {
  const std::string doc = read_doc();
  BOOST_TEST_REQUIRE(!doc.empty());
  int scenarios = 0;
  // Rule files named by the examples resolve against scenarios/smack/.
  const std::string name = std::string(LSMSIM_SOURCE_DIR) + "/scenarios/smack/docs_smack.md";
  for (const std::string& block : yaml_blocks(doc)) {
    if (block.rfind("name:", 0) == 0) {
      ++scenarios;
      const lsmsim::ScenarioReport r = lsmsim::run_scenario_text(block, name, {});
      BOOST_TEST(r.passed(), r.error << r.text);
    } else {
      // The boot fragment: a scenario around it must parse and boot.
      const std::string text = "name: boot fragment\n" + block + "steps: []\n";
      const lsmsim::ScenarioReport r = lsmsim::run_scenario_text(text, name, {});
      BOOST_TEST(r.passed(), r.error << r.text);
    }
  }
  BOOST_TEST(scenarios >= 3);
}

// The audit record example of docs/smack.md is what a denied open writes (pid, comm and inode
// number aside).
BOOST_AUTO_TEST_CASE(the_documented_audit_record_is_the_real_one) {
  using namespace lsmsim;
  using namespace lsmsim::testing;
  std::string doc = read_doc();
  std::replace(doc.begin(), doc.end(), '\n', ' ');
  std::smatch m;
  BOOST_TEST_REQUIRE(
      std::regex_search(doc, m, std::regex("`(lsm=SMACK fn=smack_inode_permission[^`]*)`")));
  Kernel k(smack_config());
  BOOST_TEST_REQUIRE(smack_load_rules(k, "Beta _ rwx\nAlpha _ rwx") == 0);
  Task& beta = labelled_task(k, "Beta");
  BOOST_TEST_REQUIRE(write_file(beta, "/tmp/f", "data").ok());
  BOOST_TEST_REQUIRE(sys_chmod(beta, "/tmp/f", 0666).ok());
  Task& alpha = labelled_task(k, "Alpha");
  drop_caps(k, alpha);
  BOOST_TEST_REQUIRE(sys_open(alpha, "/tmp/f", O_WRONLY).err == EACCES);
  BOOST_TEST_REQUIRE(!smack_audit_records(k).empty());
  std::string record = smack_audit_records(k).back();
  record = std::regex_replace(record, std::regex("pid=[0-9]+"), "pid=42");
  record = std::regex_replace(record, std::regex("comm=\"[^\"]*\""), "comm=\"app\"");
  record = std::regex_replace(record, std::regex("ino=[0-9]+"), "ino=3");
  BOOST_TEST(record == m[1].str());
}

BOOST_AUTO_TEST_SUITE_END()
