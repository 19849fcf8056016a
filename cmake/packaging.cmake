# Installation layout and the Debian package (docs/install.md).
#
#   cmake --install build --prefix /usr/local    (or DESTDIR=... cmake --install build)
#     bin/stagegate                              the binary (compiler/CMakeLists.txt)
#     share/stagegate/stagegate.schema.json      the JSON Schema (as `stagegate schema` prints it)
#     share/man/man1/stagegate.1.gz              the manual page (docs/man/stagegate.1)
#     share/doc/stagegate/copyright              the licence (Debian's format, from LICENSE)
#     share/doc/stagegate/README.md              the documentation; docs/ keeps its name
#     share/doc/stagegate/docs/*.md              so the README's links still resolve
#
#   cpack -G DEB --config build/CPackConfig.cmake   -> stagegate_<version>_<arch>.deb
#     packages the tree as built (cpack does not build; `cmake --build build
#     --target package` builds, then packages)
#
# Included from the root CMakeLists.txt after the targets are defined.
include(GNUInstallDirs)

# The manual page is installed gzipped (-n: no name or time stamp in the
# header, so the same source always gives the same bytes), as Debian policy
# wants in a package; man(1) reads it either way.
set(STAGEGATE_MAN_SOURCE ${PROJECT_SOURCE_DIR}/docs/man/stagegate.1)
find_program(STAGEGATE_GZIP gzip)
if(STAGEGATE_GZIP)
  set(man_dir ${PROJECT_BINARY_DIR}/docs/man)
  add_custom_command(
    OUTPUT ${man_dir}/stagegate.1.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${man_dir}
    COMMAND ${CMAKE_COMMAND} -E copy ${STAGEGATE_MAN_SOURCE} ${man_dir}/stagegate.1
    COMMAND ${STAGEGATE_GZIP} -9 -n -f ${man_dir}/stagegate.1
    DEPENDS ${STAGEGATE_MAN_SOURCE}
    COMMENT "Compressing the manual page"
    VERBATIM)
  add_custom_target(stagegate_man ALL DEPENDS ${man_dir}/stagegate.1.gz)
  install(FILES ${man_dir}/stagegate.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(WARNING "gzip not found: the manual page is installed uncompressed "
                  "(install the gzip package and configure again to compress it)")
  install(FILES ${STAGEGATE_MAN_SOURCE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endif()

install(FILES ${PROJECT_SOURCE_DIR}/schema/stagegate.schema.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/stagegate)

# The Debian copyright file (machine-readable format 1.0), its licence text
# taken from LICENSE: the lines after the title and the copyright line, each
# indented by one space, an empty line written " .".
file(READ ${PROJECT_SOURCE_DIR}/LICENSE license_text)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/LICENSE)
string(REGEX REPLACE "^[^\n]*\n\n[^\n]*\n\n" "" license_body "${license_text}")
string(STRIP "${license_body}" license_body)
string(REPLACE "\n\n" "\n.\n" license_body "${license_body}")
string(REPLACE "\n" "\n " license_body "${license_body}")
set(STAGEGATE_LICENSE_BODY " ${license_body}")
configure_file(${PROJECT_SOURCE_DIR}/cmake/debian/copyright.in ${PROJECT_BINARY_DIR}/copyright @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

# CONFIGURE_DEPENDS: a new docs/*.md is installed without a manual reconfigure.
file(GLOB stagegate_docs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${stagegate_docs} DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)

# ---- The Debian package --------------------------------------------------
# A placeholder until the project has a named maintainer, and no Homepage
# field until it has a public home (STAGEGATE_HOMEPAGE, in the root
# CMakeLists.txt); a release build sets them with -D on the cmake command line.
set(STAGEGATE_PACKAGE_MAINTAINER "stagegate maintainers <stagegate@example.invalid>"
    CACHE STRING "Maintainer field of the Debian package: Name <e-mail>")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME stagegate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT ${STAGEGATE_PACKAGE_MAINTAINER})
if(NOT STAGEGATE_HOMEPAGE STREQUAL "")
  set(CPACK_PACKAGE_HOMEPAGE_URL ${STAGEGATE_HOMEPAGE})
endif()
# The summary is Debian's short description (no article, no final full stop).
# The long description is plain text: CPackDeb indents it by one space for the
# control file and turns the empty line into the " ." paragraph separator.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "checker for ToolJet multi-environment access configuration in git")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION [=[
stagegate reads the access configuration of a ToolJet workspace with
several environments (development, staging, production) kept as YAML files
in version control: users and roles, groups with their app and data source
permissions, data sources and constants per environment, app versions per
environment, and assertions stating the intended access policy.

It reports every problem with file, line and column; compiles the effective
permission matrix and explains any user's access to an app; and compares a
change with the current state (a directory, a state file or a git revision)
to show who gains or loses access and the promotion steps it needs. Output
formats include JSON, SARIF, JUnit XML, GitHub annotations and Markdown for
pull request comments.]=])
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends comes from the libraries the binary links (dpkg-shlibdeps, in
# dpkg-dev; it reads the ELF file with `file`). git is run only for
# `--current git:REF`.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libpq and libcrypto are loaded when first used (dlopen), which
# dpkg-shlibdeps cannot see: their packages are named here (CMakeLists.txt
# finds them), and CPack adds what dpkg-shlibdeps finds.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${STAGEGATE_LIBPQ_PACKAGE}, ${STAGEGATE_LIBCRYPTO_PACKAGE}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS git)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_STRIP_FILES ON)
find_program(STAGEGATE_DPKG_SHLIBDEPS dpkg-shlibdeps)
find_program(STAGEGATE_FILE file)
if(NOT STAGEGATE_DPKG_SHLIBDEPS OR NOT STAGEGATE_FILE)
  message(STATUS "dpkg-shlibdeps or file not found: a .deb built now would have no Depends "
                 "(sudo apt-get install dpkg-dev file before running cpack)")
endif()

# `cpack --config CPackSourceConfig.cmake`: the sources without build trees.
# (CPack writes these regexes into that file as strings, so they use [.]
# rather than a backslash, which would not survive.)
set(CPACK_SOURCE_GENERATOR TXZ)
set(CPACK_SOURCE_PACKAGE_FILE_NAME stagegate-${PROJECT_VERSION})
set(CPACK_SOURCE_IGNORE_FILES
    "^${PROJECT_SOURCE_DIR}/[.]git/" "^${PROJECT_SOURCE_DIR}/build[^/]*/"
    "^${PROJECT_SOURCE_DIR}/[.]cache/" "^${PROJECT_SOURCE_DIR}/tools/node_modules/"
    "^${PROJECT_SOURCE_DIR}/compile_commands[.]json$" "/__pycache__/")

include(CPack)
