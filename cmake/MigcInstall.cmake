# Install rules: `cmake --install <build> [--prefix DIR]` puts down
#   bin/migc                                    the generator
#   lib/libmigc_runtime.a                       the runtime, include/migc/migc.h its header
#   share/migc/templates/                       the built-in Lua templates, to copy and customise
#   lib/cmake/migc/                             find_package(migc): migc::runtime, migc::migc,
#                                               MIGC_EXECUTABLE, migc_add_migrator()
#   lib/pkgconfig/migc-runtime.pc               pkg-config for builds without CMake
# Everything is relocatable: the package and the .pc file find the prefix from where they are.
include(CMakePackageConfigHelpers)

set(MIGC_INSTALL_CMAKEDIR ${CMAKE_INSTALL_LIBDIR}/cmake/migc)
set(MIGC_INSTALL_TEMPLATESDIR ${CMAKE_INSTALL_DATADIR}/migc/templates)

install(TARGETS migc migc_runtime EXPORT migcTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/runtime/include/migc
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} FILES_MATCHING PATTERN "*.h")
install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/templates/
  DESTINATION ${MIGC_INSTALL_TEMPLATESDIR} FILES_MATCHING PATTERN "*.lua")
install(EXPORT migcTargets NAMESPACE migc:: DESTINATION ${MIGC_INSTALL_CMAKEDIR})

configure_package_config_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/migcConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/migcConfig.cmake
  INSTALL_DESTINATION ${MIGC_INSTALL_CMAKEDIR}
  PATH_VARS CMAKE_INSTALL_BINDIR MIGC_INSTALL_TEMPLATESDIR)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/migcConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/migcConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/migcConfigVersion.cmake
  ${CMAKE_CURRENT_SOURCE_DIR}/cmake/MigcMigrator.cmake
  DESTINATION ${MIGC_INSTALL_CMAKEDIR})

# pkg-config: prefix relative to the .pc file's own directory, so --prefix at install works.
file(RELATIVE_PATH MIGC_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/migc_runtime.pc.in
  ${CMAKE_CURRENT_BINARY_DIR}/migc-runtime.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/migc-runtime.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
