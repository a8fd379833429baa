# The docs test reads docs/smack.md from the source tree.
target_compile_definitions(test_${area} PRIVATE LSMSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
