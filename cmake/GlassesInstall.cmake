include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(GLASSES_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/glasses)

# Two export sets: glasses::nn, which needs LibTorch, is imported only where LibTorch is
# found, so that a project of the core and the app layer needs no LibTorch.
set(glasses_targets glasses_config glasses_safetensors)
if(TARGET glasses_app)
  list(APPEND glasses_targets glasses_app)
endif()
install(TARGETS ${glasses_targets} EXPORT glasses-targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(EXPORT glasses-targets NAMESPACE glasses:: DESTINATION ${GLASSES_CMAKE_DIR})
if(GLASSES_BUILD_NN)
  install(TARGETS glasses_nn EXPORT glasses-nn-targets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(EXPORT glasses-nn-targets NAMESPACE glasses:: DESTINATION ${GLASSES_CMAKE_DIR})
  install(TARGETS glasses_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(DIRECTORY include/glasses DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(GLASSES_WITH_NN ${GLASSES_BUILD_NN})
configure_package_config_file(cmake/glasses-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/glasses-config.cmake INSTALL_DESTINATION ${GLASSES_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/glasses-config-version.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/glasses-config.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/glasses-config-version.cmake
        DESTINATION ${GLASSES_CMAKE_DIR})
