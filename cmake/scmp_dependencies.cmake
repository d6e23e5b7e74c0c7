# Finds every system dependency once (Debian 12 and the Ubuntu 24.04 GPU machine). Nothing is downloaded.
# sim needs only Threads and Eigen; with SCMP_SIM_ONLY nothing else is looked for.
find_package(Threads REQUIRED)
find_package(Eigen3 3.3 REQUIRED NO_MODULE)
if(SCMP_SIM_ONLY)
  return()
endif()
find_package(HDF5 REQUIRED COMPONENTS CXX)   # link HDF5::HDF5 (hdf5_cpp alone misses libhdf5)
include(${CMAKE_CURRENT_LIST_DIR}/scmp_hdf5_target.cmake)
# Boost.Program_options parses the command line. Some machines (the GPU machine) have Boost's headers but not
# its compiled library: there app/compat provides the same API (see app/compat/boost/program_options.hpp).
# SCMP_FORCE_PROGRAM_OPTIONS_COMPAT=ON makes `scmp` use app/compat even where Boost is found; where Boost is
# found the build also makes `scmp_compat` (tests/app/compat_cli_tests compares both command lines).
option(SCMP_FORCE_PROGRAM_OPTIONS_COMPAT "Parse scmp's command line with app/compat even where Boost is found" OFF)
find_package(Boost CONFIG QUIET COMPONENTS program_options)
if(TARGET Boost::program_options AND NOT SCMP_FORCE_PROGRAM_OPTIONS_COMPAT)
  set(SCMP_PROGRAM_OPTIONS_COMPAT OFF)
else()
  set(SCMP_PROGRAM_OPTIONS_COMPAT ON)
  message(STATUS "scmp: the command line uses app/compat (Boost.Program_options library not found or not wanted)")
endif()
find_package(yaml-cpp REQUIRED)
# yaml-cpp 0.7 exports `yaml-cpp`, 0.8 `yaml-cpp::yaml-cpp`: give both one name.
if(TARGET yaml-cpp::yaml-cpp)
  set(SCMP_YAML_TARGET yaml-cpp::yaml-cpp)
else()
  set(SCMP_YAML_TARGET yaml-cpp)
endif()

# CUDA is optional: without nvcc everything but the kernels builds and is tested.
set(SCMP_HAVE_CUDA OFF)
if(SCMP_CUDA)
  if(NOT CMAKE_CUDA_COMPILER AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc)
  endif()
  include(CheckLanguage)
  check_language(CUDA)
  if(CMAKE_CUDA_COMPILER)
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
      # A100, L4/L40 (mma.sync kernels) and H100/H200 with the sm_90a features (wgmma) that plain 90 lacks;
      # the wgmma kernels compile only in the 90a pass and run where wgmma_supported() says so.
      # "native" fails where there is no GPU.
      set(CMAKE_CUDA_ARCHITECTURES "80;89;90a")
    endif()
    enable_language(CUDA)
    # CMake 3.25.1 does not know nvcc's C++20 flag; C++17 suffices for the kernels' translation units.
    set(CMAKE_CUDA_STANDARD 17)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    find_package(CUDAToolkit REQUIRED)
    set(SCMP_HAVE_CUDA ON)
  endif()
endif()
message(STATUS "scmp: CUDA kernels ${SCMP_HAVE_CUDA}")
