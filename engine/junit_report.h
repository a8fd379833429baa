// JUnit XML for CI test reporters (Jenkins, GitLab, GitHub actions): one <testsuite> per
// scenario file (per matrix cell when it has several), one <testcase> per step and per boot
// expectation, <failure> for unmet expectations, <error> for steps that could not run and for
// files refused as bad input.
#pragma once

#include <string>
#include <vector>

#include "engine/run.h"

namespace lsmsim::engine {

// The whole document: <?xml?> and <testsuites> with the totals of every suite.
std::string junit_xml(const std::vector<ScenarioReport>& reports);

// XML 1.0 character data (attr: an attribute value in double quotes). Markup characters
// become entities; bytes that are not valid UTF-8 and characters XML 1.0 forbids (NUL and
// the other C0 controls but tab, newline and CR; U+FFFE/U+FFFF) become the visible text
// "\xNN" / "\uNNNN", as no XML reader accepts them even as character references.
std::string xml_escape(const std::string& text, bool attr);

}  // namespace lsmsim::engine
