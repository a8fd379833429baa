// Comparing FileMatcher::match with a walk of the parser's DFA, both sides, every column.
// Test-only.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <utility>

#include "lsms/apparmor/policy/file_matcher.h"
#include "tests/apparmor_match/dfa_dump.h"

namespace lsmsim::aa::testing {

struct MatchTally {
  std::size_t paths = 0;        // paths compared (each on both sides)
  std::size_t hits = 0;         // paths some rule matched
  std::size_t exec_checks = 0;  // sides where x was allowed and the x modes were compared
  std::size_t disagreements = 0;
  std::string first_failure;  // path and both answers of the first disagreement
  std::string first_path;
};

class MatchComparer {
 public:
  // Compares one path; returns false (and records why in tally) on a disagreement.
  bool compare(const FileMatcher& matcher, const DumpedDfa& dfa, const std::string& path,
               MatchTally& tally);

 private:
  // Named transitions: the parser's table slot for each (type, target) seen so far, both ways.
  std::map<std::pair<ExecType, std::string>, int> slot_of_;
  std::map<int, std::pair<ExecType, std::string>> target_of_;
};

}  // namespace lsmsim::aa::testing
