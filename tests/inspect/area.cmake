# test_inspect reads the flagship scenarios from the source tree and parses the DOT it writes
# back with boost::read_graphviz (compiled part of Boost.Graph).
find_package(Boost 1.74 CONFIG REQUIRED COMPONENTS graph)
target_link_libraries(test_${area} PRIVATE Boost::graph)
target_compile_definitions(test_${area} PRIVATE LSMSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
