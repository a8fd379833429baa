# The corpus and Debian tests find their profiles in the source tree and run apparmor_parser.
target_compile_definitions(test_${area} PRIVATE LSMSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
