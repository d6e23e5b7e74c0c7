# scmp_add_library(<layer> [DEPS ...]): one static library per layer, sources globbed from the layer's folder,
# alias scmp::<layer>, include root = repository root (so code includes "sim/rng/rng.hpp").
function(scmp_add_library layer)
  cmake_parse_arguments(ARG "" "" "DEPS;EXCLUDE" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(scmp_${layer} STATIC ${srcs})
  add_library(scmp::${layer} ALIAS scmp_${layer})
  target_include_directories(scmp_${layer} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
  target_link_libraries(scmp_${layer} PUBLIC ${ARG_DEPS})
  scmp_set_warnings(scmp_${layer})
endfunction()

function(scmp_set_warnings target)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wno-missing-field-initializers>)
  if(SCMP_WERROR)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
  endif()
endfunction()
