# The analysis tests read the scenarios and policies under scenarios/analysis/.
target_compile_definitions(test_${area} PRIVATE LSMSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
