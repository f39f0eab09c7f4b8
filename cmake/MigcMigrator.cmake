# migc_add_migrator(<target> MODULE <dir> [VERIFY_GENERATED] [TEMPLATES <dir>])
# Builds the executable <target> from <dir>/generated/*.c and the migc runtime.
# Works from this tree, through add_subdirectory(<migc source>) and after find_package(migc).
#
# With VERIFY_GENERATED, or when the option MIGC_VERIFY_GENERATED is ON, the build first runs
# `migc check -C <dir>` (with `--templates <dir>` when TEMPLATES is given) and fails when
# generated/ is not byte-identical to what migc writes, or schema.yaml has pending changes.
# It reruns whenever a YAML file or a generated file of the module changes; it writes nothing.
function(migc_add_migrator target)
  cmake_parse_arguments(ARG "VERIFY_GENERATED" "MODULE;TEMPLATES" "" ${ARGN})
  if(NOT ARG_MODULE)
    message(FATAL_ERROR "migc_add_migrator(${target}): MODULE <dir> is required")
  endif()
  get_filename_component(dir "${ARG_MODULE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  file(GLOB sources CONFIGURE_DEPENDS "${dir}/generated/*.c")
  if(NOT sources)
    message(FATAL_ERROR "migc_add_migrator(${target}): ${dir}/generated has no C files; run `migc generate -C ${dir}`")
  endif()
  list(SORT sources)
  add_executable(${target} ${sources})
  target_compile_definitions(${target} PRIVATE MIGC_MIGRATOR_MAIN)
  target_link_libraries(${target} PRIVATE migc::runtime)
  if(ARG_VERIFY_GENERATED OR MIGC_VERIFY_GENERATED)
    migc_verify_generated(${target} "${dir}" "${ARG_TEMPLATES}")
  endif()
endfunction()

# Adds <target>_migc_check, which runs `migc check` on dir, and makes target depend on it.
function(migc_verify_generated target dir templates)
  if(NOT TARGET migc::migc)
    message(FATAL_ERROR "migc_add_migrator(${target}): VERIFY_GENERATED needs the migc executable (migc::migc)")
  endif()
  set(tool migc::migc)
  get_target_property(aliased migc::migc ALIASED_TARGET)
  if(aliased)
    set(tool ${aliased}) # a target built here: DEPENDS then orders the build
  endif()
  set(args check -C "${dir}")
  if(templates)
    get_filename_component(templates "${templates}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND args --templates "${templates}")
    file(GLOB_RECURSE template_files CONFIGURE_DEPENDS "${templates}/*.lua")
  endif()
  file(GLOB_RECURSE inputs CONFIGURE_DEPENDS "${dir}/*.yaml" "${dir}/generated/*")
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${target}_migc_check.stamp")
  add_custom_command(OUTPUT "${stamp}"
    COMMAND ${tool} ${args}
    COMMAND ${CMAKE_COMMAND} -E touch "${stamp}"
    DEPENDS ${inputs} ${template_files} ${tool}
    COMMENT "migc check -C ${dir}: committed generated/ must match what migc writes"
    VERBATIM)
  add_custom_target(${target}_migc_check DEPENDS "${stamp}")
  add_dependencies(${target} ${target}_migc_check)
endfunction()
