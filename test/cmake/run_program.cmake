# Runs PROGRAM and passes only when it exits with 0 and prints exactly the line EXPECTED.
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE status OUTPUT_VARIABLE output ERROR_VARIABLE errors)
if(NOT status STREQUAL "0")
  message(FATAL_ERROR "${PROGRAM} exited with ${status}\n${output}${errors}")
endif()
if(NOT output STREQUAL "${EXPECTED}\n")
  message(FATAL_ERROR "${PROGRAM} printed\n${output}instead of\n${EXPECTED}\n")
endif()
message(STATUS "${PROGRAM}: ${EXPECTED}")
