// The `lsmsim` command line: shared by the native executable and the Python entry point.
#pragma once

namespace lsmsim {

// Returns the process exit status: 0 all passed, 1 an expectation failed, 2 bad input.
int cli_main(int argc, const char* const* argv);

}  // namespace lsmsim
