// Internal to the parser: named step lists (`fragments:`) and the steps that use them
// (`{use: NAME, with: {PARAM: VALUE}}`). A use is replaced by the fragment's steps with
// `${PARAM}` substituted in their values when the scenario is parsed, so the steps are
// checked as if written there, and errors point into the file that defines the fragment.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/include_files.h"
#include "engine/parse_context.h"

namespace lsmsim::engine {

struct Fragment {
  std::string name;
  SourcePos pos;
  const SourceFile* file = nullptr;
  bool has_params_block = false;  // `NAME: {params:, steps:}` rather than `NAME: [steps]`
  // In declaration order; a default of nullopt makes the parameter required.
  std::vector<std::pair<std::string, std::optional<std::string>>> params;
};

using FragmentTable = std::map<std::string, Fragment>;

// Registers the fragments of `node` (the value of `fragments:` in `file`).
void collect_fragments(const YAML::Node& node, SourcePos fallback, const SourceFile& file,
                       FragmentTable& table);

// Parses a list of steps written in `file`, expanding uses; appends to `out`.
void parse_step_list(const YAML::Node& seq, SourcePos fallback, const SourceFile& file,
                     const FragmentTable& fragments, ParseContext& ctx, std::vector<Step>& out,
                     std::vector<std::string>& use_stack, const std::string& origin = {});

}  // namespace lsmsim::engine
