include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(GLASSES_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/glasses)

set(glasses_targets glasses_config glasses_safetensors)
if(TARGET glasses_app)
  list(APPEND glasses_targets glasses_app)
endif()
if(GLASSES_BUILD_NN)
  list(APPEND glasses_targets glasses_nn)
endif()
install(TARGETS ${glasses_targets} EXPORT glasses-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
if(GLASSES_BUILD_NN)
  install(TARGETS glasses_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY include/glasses DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT glasses-targets NAMESPACE glasses:: DESTINATION ${GLASSES_CMAKE_DIR})

set(GLASSES_WITH_NN ${GLASSES_BUILD_NN})
configure_package_config_file(cmake/glasses-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/glasses-config.cmake INSTALL_DESTINATION ${GLASSES_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/glasses-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/glasses-config.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/glasses-config-version.cmake
        DESTINATION ${GLASSES_CMAKE_DIR})
