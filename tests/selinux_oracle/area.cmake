# The differential test links libsepol statically (test-only; LGPL-2.1): its security server
# is the oracle. The wrapper is C because libsepol's conditional.h is not valid C++, and it
# is built apart from the C++ warning set (some of those options are C++-only).
enable_language(C)
find_library(LSMSIM_LIBSEPOL_STATIC NAMES libsepol.a REQUIRED)
# checkpolicy is looked up at run time too: the test fails (not skips) when it is missing.
find_program(LSMSIM_CHECKPOLICY checkpolicy)
if(NOT LSMSIM_CHECKPOLICY)
  set(LSMSIM_CHECKPOLICY checkpolicy)
endif()
add_library(lsmsim_sepol_oracle OBJECT ${CMAKE_CURRENT_LIST_DIR}/sepol_oracle.c)
target_include_directories(lsmsim_sepol_oracle PRIVATE ${PROJECT_SOURCE_DIR})
target_compile_options(lsmsim_sepol_oracle PRIVATE -Wall -Wextra -Wconversion -Werror)
target_sources(test_${area} PRIVATE $<TARGET_OBJECTS:lsmsim_sepol_oracle>)
target_link_libraries(test_${area} PRIVATE ${LSMSIM_LIBSEPOL_STATIC})
target_compile_definitions(test_${area} PRIVATE
  LSMSIM_CHECKPOLICY="${LSMSIM_CHECKPOLICY}"
  LSMSIM_DEBIAN_POLICY="/etc/selinux/default/policy/policy.33")
