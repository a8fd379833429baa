// The native `lsmsim` executable.
#include "cli/cli_main.h"

int main(int argc, char** argv) { return lsmsim::cli_main(argc, argv); }
