// lsmsim schema: the JSON Schema of the scenario format (engine/scenario_schema.h).
#include <iostream>

#include "cli/commands.h"
#include "engine/scenario_schema.h"

namespace lsmsim::cli {

int schema_command() {
  std::cout << engine::scenario_schema_json();
  std::cout.flush();
  return 0;
}

}  // namespace lsmsim::cli
