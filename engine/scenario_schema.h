// The JSON Schema (draft-07) of the scenario format, generated from the parser's own tables:
// the operations and their arguments (engine/ops.h), the symbol tables their names come from
// (engine/symbols.h), the step, expectation, boot and matrix keys. `lsmsim schema` prints it;
// bindings/python/lsmsim/scenario.schema.json is a copy (a test keeps them equal).
// The schema checks structure and names; positions, references between steps and files are
// the parser's (`lsmsim check`).
#pragma once

#include <string>

namespace lsmsim::engine {

// Pretty-printed (two-space indent), ending with a newline.
std::string scenario_schema_json();

}  // namespace lsmsim::engine
