// Smack rule files a scenario names (boot `smack: {rules: FILE}`): /etc/smack/accesses form,
// read relative to the scenario's folder and checked when the scenario is parsed, as
// smackload would refuse them (libsmack smack_accesses_add_from_file()), so a bad rule is bad
// input with both positions.
#pragma once

#include <string>
#include <vector>

#include "engine/scenario_model.h"

namespace lsmsim::engine {

struct SmackRulesFile {
  std::string path;  // as resolved
  std::vector<SmackRuleLine> rules;
};

// Parses rule text as libsmack does: empty lines are skipped; every other line holds three or
// four words separated by blanks or tabs; labels are 1 to 255 characters from '!' to '~'
// without / " \ ' and do not start with '-'; access strings use "rwxatl" (either case) and
// '-'. Throws BadInput whose message starts "FILE:LINE:COL: " for the first bad line (and
// whose pos holds LINE and COL).
std::vector<SmackRuleLine> parse_smack_rules(const std::string& text, const std::string& filename);

// Reads `name` (relative to `base_dir` unless absolute) and parses it. Throws BadInput at
// `pos` when it cannot be read or holds a bad rule (the message names the rule's position).
SmackRulesFile load_smack_rules_file(const std::string& name, const std::string& base_dir,
                                     SourcePos pos);

}  // namespace lsmsim::engine
