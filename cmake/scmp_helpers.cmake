# scmp_add_library(<layer> [DEPS ...]): one static library per layer, sources globbed from the layer's folder,
# alias scmp::<layer>, include root = repository root (so code includes "sim/rng/rng.hpp"). C++20 is a public
# compile feature, so add_subdirectory and find_package consumers compile the headers as C++20.
function(scmp_add_library layer)
  cmake_parse_arguments(ARG "" "" "DEPS" ${ARGN})
  file(GLOB_RECURSE srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  add_library(scmp_${layer} STATIC ${srcs})
  scmp_layer_common(${layer})
  target_link_libraries(scmp_${layer} PUBLIC ${ARG_DEPS})
endfunction()

# What every layer target shares (also used by gpu/, whose target is made by hand): alias, include roots for
# build and install tree, C++20, warnings, and the install rules of scmp_install_layer.
function(scmp_layer_common layer)
  add_library(scmp::${layer} ALIAS scmp_${layer})
  set_target_properties(scmp_${layer} PROPERTIES EXPORT_NAME ${layer} POSITION_INDEPENDENT_CODE ON)
  target_include_directories(scmp_${layer} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
                                                  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/scmp>)
  target_compile_features(scmp_${layer} PUBLIC cxx_std_20)
  scmp_set_warnings(scmp_${layer})
  scmp_install_layer(${layer})
endfunction()

# Installs layer <layer>: its library, its headers under include/scmp/<layer>/ (the include root of the
# installed package) and its export set scmp-<layer>-targets.cmake, all in install component <layer>.
function(scmp_install_layer layer)
  install(TARGETS scmp_${layer} EXPORT scmp_${layer}_targets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT ${layer}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT ${layer})
  install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/scmp/${layer}
          COMPONENT ${layer} FILES_MATCHING PATTERN "*.hpp" PATTERN "*.cuh")
  install(EXPORT scmp_${layer}_targets NAMESPACE scmp:: FILE scmp-${layer}-targets.cmake
          DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/scmp COMPONENT ${layer})
endfunction()

function(scmp_set_warnings target)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Wpedantic -Wno-missing-field-initializers>)
  if(SCMP_WERROR)
    target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-Werror>)
  endif()
endfunction()
