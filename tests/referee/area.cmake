# The referee: a real Linux kernel (Debian's user-mode-linux) answers the same smackfs and
# selinuxfs batches as lsmsim (docs/referee.md).
#
# The in-guest agent. The guest sees the host's / read-only, so this binary is at the same
# path inside; linked statically and without sanitizers (an asan build's shadow mappings do
# not fit a 256 MB guest).
add_executable(referee_agent ${CMAKE_CURRENT_LIST_DIR}/agent/referee_agent.cpp)
target_include_directories(referee_agent PRIVATE ${PROJECT_SOURCE_DIR})
target_link_libraries(referee_agent PRIVATE lsmsim_warnings)
target_compile_options(referee_agent PRIVATE -fno-sanitize=all)
target_link_options(referee_agent PRIVATE -fno-sanitize=all -static)
add_dependencies(test_${area} referee_agent)
# The kernel. Not found means the test FAILS (with the reason), it does not skip.
find_program(LSMSIM_LINUX_UML linux.uml)
if(NOT LSMSIM_LINUX_UML)
  set(LSMSIM_LINUX_UML "")
endif()
find_program(LSMSIM_REFEREE_CHECKPOLICY checkpolicy)
if(NOT LSMSIM_REFEREE_CHECKPOLICY)
  set(LSMSIM_REFEREE_CHECKPOLICY "")  # the SELinux referee FAILS, naming checkpolicy
endif()
# The SELinux referee draws its policies from the oracle tests' generator (used as is).
target_sources(test_${area} PRIVATE ${PROJECT_SOURCE_DIR}/tests/selinux_oracle/policy_generator.cpp)
target_compile_definitions(test_${area} PRIVATE
  LSMSIM_LINUX_UML="${LSMSIM_LINUX_UML}"
  LSMSIM_REFEREE_AGENT="$<TARGET_FILE:referee_agent>"
  LSMSIM_CHECKPOLICY="${LSMSIM_REFEREE_CHECKPOLICY}")
