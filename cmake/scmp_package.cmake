# The installed CMake package: lib/cmake/scmp/scmpConfig.cmake (+ version file, + the HDF5 shim), in install
# component `sim` so that `cmake --install build --component sim` alone gives a usable scmp::sim.
include(CMakePackageConfigHelpers)
set(SCMP_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/scmp)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/scmpConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/scmpConfig.cmake INSTALL_DESTINATION ${SCMP_PACKAGE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/scmpConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/scmpConfig.cmake ${PROJECT_BINARY_DIR}/scmpConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/scmp_hdf5_target.cmake
        DESTINATION ${SCMP_PACKAGE_DIR} COMPONENT sim)
