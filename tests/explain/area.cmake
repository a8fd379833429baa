# The explain tests run the scenario library's files.
target_compile_definitions(test_${area} PRIVATE LSMSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
target_link_libraries(test_${area} PRIVATE nlohmann_json::nlohmann_json)
