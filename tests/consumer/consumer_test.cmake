# CTest `consumer_package` (cmake -P): scmp as a library for others.
#  1. configures the sim layer alone (SCMP_SIM_ONLY) with HDF5, Boost, yaml-cpp, Catch2 and CUDA made
#     unfindable — sim must need none of them;
#  2. installs component `sim` of the main build (BUILD) to a fresh prefix;
#  3. configures, builds and runs tests/consumer against it (find_package(scmp CONFIG) → scmp::sim);
#  4. installs component `mp` too and builds and runs the consumer of scmp::mp with yaml-cpp made unfindable —
#     mp reads parameter trees and must need no YAML library.
# Inputs: SRC (repository root), BUILD (the main build tree), WORK (scratch folder), GENERATOR.
foreach(v SRC BUILD WORK GENERATOR)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "consumer_test.cmake: -D${v}=... missing")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer_package: ${what} failed (${rc}):\n${out}\n${err}")
  endif()
  message(STATUS "consumer_package: ${what}: ok")
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

step("configure sim alone without HDF5/Boost/yaml-cpp/Catch2/CUDA"
     ${CMAKE_COMMAND} -S ${SRC} -B ${WORK}/sim_only -G ${GENERATOR} -DSCMP_SIM_ONLY=ON -DSCMP_CUDA=OFF
     -DCMAKE_DISABLE_FIND_PACKAGE_HDF5=ON -DCMAKE_DISABLE_FIND_PACKAGE_Boost=ON
     -DCMAKE_DISABLE_FIND_PACKAGE_yaml-cpp=ON -DCMAKE_DISABLE_FIND_PACKAGE_Catch2=ON
     -DCMAKE_DISABLE_FIND_PACKAGE_CUDAToolkit=ON)
step("install component sim" ${CMAKE_COMMAND} --install ${BUILD} --component sim --prefix ${WORK}/prefix)
step("configure the consumer"
     ${CMAKE_COMMAND} -S ${SRC}/tests/consumer -B ${WORK}/consumer -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release
     -DCMAKE_PREFIX_PATH=${WORK}/prefix)
step("build the consumer" ${CMAKE_COMMAND} --build ${WORK}/consumer)
step("run the consumer" ${WORK}/consumer/consumer)
message(STATUS "consumer_package: accumulators ${step_output}")
step("install component mp" ${CMAKE_COMMAND} --install ${BUILD} --component mp --prefix ${WORK}/prefix)
step("configure the mp consumer without yaml-cpp"
     ${CMAKE_COMMAND} -S ${SRC}/tests/consumer -B ${WORK}/consumer_mp -G ${GENERATOR} -DCMAKE_BUILD_TYPE=Release
     -DCMAKE_PREFIX_PATH=${WORK}/prefix -DSCMP_CONSUMER_LAYER=mp -DCMAKE_DISABLE_FIND_PACKAGE_yaml-cpp=ON)
step("build the mp consumer" ${CMAKE_COMMAND} --build ${WORK}/consumer_mp)
step("run the mp consumer" ${WORK}/consumer_mp/consumer)
message(STATUS "consumer_package: mp stream lengths ${step_output}")
