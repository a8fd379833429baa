# The shipped schema copy and the example scenarios are read from the source tree.
target_compile_definitions(test_${area} PRIVATE LSMSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(test_${area} PRIVATE nlohmann_json::nlohmann_json)
