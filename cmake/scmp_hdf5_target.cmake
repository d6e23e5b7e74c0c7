# HDF5::HDF5 for every CMake version: FindHDF5 creates it only in recent CMake; otherwise it is made from
# FindHDF5's variables. Used by the build and by the installed package (scmpConfig.cmake).
if(NOT TARGET HDF5::HDF5)
  add_library(HDF5::HDF5 INTERFACE IMPORTED)
  target_include_directories(HDF5::HDF5 INTERFACE ${HDF5_INCLUDE_DIRS})
  target_link_libraries(HDF5::HDF5 INTERFACE ${HDF5_LIBRARIES})
  target_compile_definitions(HDF5::HDF5 INTERFACE ${HDF5_DEFINITIONS})
endif()
