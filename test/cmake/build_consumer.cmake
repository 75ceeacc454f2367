# Configures and builds test/cmake/consumer against glasses, as an outside project would:
#   MODE=find_package      after `cmake --install GLASSES_BUILD` into WORK/prefix
#   MODE=find_package_core the same, where no LibTorch is found: the core and the app layer
#                          need none
#   MODE=add_subdirectory  with the source tree GLASSES_SOURCE
# The programs land in WORK/build; the tests that run them need this one (a CTest fixture).
file(REMOVE_RECURSE ${WORK})
if(MODE MATCHES "^find_package")
  execute_process(COMMAND ${CMAKE_COMMAND} --install ${GLASSES_BUILD} --prefix ${WORK}/prefix
                  RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "cmake --install failed")
  endif()
  set(configure_args -DCMAKE_PREFIX_PATH=${WORK}/prefix)
  if(MODE STREQUAL "find_package_core")
    list(APPEND configure_args -DCMAKE_DISABLE_FIND_PACKAGE_Torch=ON)
  endif()
else()
  # The LibTorch layer is left out here: the same CMake code builds it in this project, and
  # a second build of its torch units would double CI's time. find_package covers it.
  set(configure_args -DGLASSES_SOURCE_DIR=${GLASSES_SOURCE} -DGLASSES_BUILD_NN=OFF)
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${CONSUMER} -B ${WORK}/build -G Ninja ${configure_args}
                RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "configuring the consumer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK}/build RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "building the consumer failed")
endif()
if(MODE STREQUAL "find_package_core" AND EXISTS ${WORK}/build/consumer_nn)
  message(FATAL_ERROR "glasses::nn was imported although no LibTorch was to be found")
endif()
