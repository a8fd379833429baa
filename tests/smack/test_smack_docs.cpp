// Every complete scenario (a ```yaml block starting with "name:") of docs/smack.md runs and
// passes, and the boot `smack:` fragment it shows is accepted.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "engine/run.h"

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

BOOST_AUTO_TEST_SUITE_END()
