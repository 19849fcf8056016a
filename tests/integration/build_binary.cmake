# scripts/build-binary, the build the pre-commit hook and the GitHub Action
# share: a Release build from scratch on a clean copy of the sources (two runs
# at once build once), the binary checks examples/nexora, and a second run is
# the fast path. Compiles all of stagegate, so it is slow: label `slow`
# (`ctest -LE slow` leaves it out).
add_test(NAME "integration: build-binary"
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/build_binary_test.sh ${PROJECT_SOURCE_DIR})
set_tests_properties("integration: build-binary" PROPERTIES
  TIMEOUT 900 LABELS slow SKIP_RETURN_CODE 77)
