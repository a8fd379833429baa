// The operations a step can run and the arguments each takes: one table that the parser
// validates against, the runner dispatches on and the docs describe.
#pragma once

#include <string_view>
#include <vector>

#include "engine/scenario_model.h"
#include "engine/symbols.h"

namespace lsmsim::engine {

struct ArgSpec {
  std::string_view name;
  ArgType type;
  bool required = false;
  const SymbolTable& (*table)() = nullptr;  // for flags / choice
  bool defines_task = false;               // the argument names a new task (fork, clone)
};

struct OpSpec {
  std::string_view name;
  std::string_view synopsis;  // one line, for docs and "expected" messages
  std::vector<ArgSpec> args;
  // Which argument a scalar value (or, for list-typed arguments, a sequence) fills.
  std::string_view primary;
  // A sequence value fills the arguments in order, as the syscall lists them.
  bool positional = false;
  // The value may be empty (`getpid:` or `getpid: {}`).
  bool no_args = false;

  const ArgSpec* arg(std::string_view n) const;
};

const std::vector<OpSpec>& op_specs();
const OpSpec* find_op(std::string_view name);
// "fork, clone, exit, ..." for messages.
std::string op_names();

}  // namespace lsmsim::engine
