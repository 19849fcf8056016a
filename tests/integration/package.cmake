# Installation and the Debian package (cmake/packaging.cmake), tested on this
# build tree: what `cmake --install` installs and that it runs, the manual page
# (renders without warnings; documents every command and option the binary
# has) and the .deb cpack builds (control fields, contents, the binary in it
# runs). Each part is skipped (77) when the tool it needs is missing: groff
# (groff-base), dpkg-deb / dpkg-shlibdeps (dpkg-dev) and file for the .deb.
foreach(part install man sync deb)
  set(name "integration: package ${part}")
  add_test(NAME "${name}"
           COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/package_test.sh ${part}
                   ${PROJECT_SOURCE_DIR} ${CMAKE_BINARY_DIR} $<TARGET_FILE:stagegate>)
  set_tests_properties("${name}" PROPERTIES
    TIMEOUT 300 SKIP_RETURN_CODE 77
    ENVIRONMENT "STAGEGATE_CMAKE=${CMAKE_COMMAND};STAGEGATE_CPACK=${CMAKE_CPACK_COMMAND}")
endforeach()
# `cmake --install` and cpack both run the build tree's cmake_install.cmake,
# which rewrites install_manifest.txt in it: one at a time.
set_tests_properties("integration: package install" "integration: package deb"
                     PROPERTIES RESOURCE_LOCK stagegate_build_tree_install)
