# The hardening build (scripts/hardening): stagegate and this whole test suite
# compiled with clang, AddressSanitizer, UndefinedBehaviorSanitizer and
# libFuzzer instrumentation into <build>/hardening, then
#   - the test suite run there (any sanitizer report fails it), and
#   - each libFuzzer target run for 60 s from the seed corpus (any crash,
#     leak, hang or runaway memory fails it).
# About 7 minutes for the build beside the rest of the suite, then the suite
# (1 minute) with the fuzz runs beside it (docs/development.md): label `slow`
# (`ctest -LE slow` leaves it out). Skipped when clang is not installed
# (`scripts/setup --with-test-clients` installs it).
if(STAGEGATE_SANITIZE OR STAGEGATE_FUZZ)
  return()  # this is the hardening build itself
endif()

set(hardening_dir ${CMAKE_BINARY_DIR}/hardening)
set(hardening bash ${PROJECT_SOURCE_DIR}/scripts/hardening)

add_test(NAME "hardening: build with clang, ASan, UBSan and libFuzzer"
         COMMAND ${hardening} build --dir ${hardening_dir} --skip-without-clang)
# The longest chain in the suite: COST starts it first.
set_tests_properties("hardening: build with clang, ASan, UBSan and libFuzzer" PROPERTIES
  FIXTURES_SETUP hardening TIMEOUT 3600 COST 10000 LABELS "slow;hardening"
  SKIP_RETURN_CODE 77)

add_test(NAME "hardening: the test suite under ASan and UBSan"
         COMMAND ${hardening} test --dir ${hardening_dir} --no-build --skip-without-clang)
set_tests_properties("hardening: the test suite under ASan and UBSan" PROPERTIES
  FIXTURES_REQUIRED hardening TIMEOUT 3600 COST 9000 LABELS "slow;hardening"
  SKIP_RETURN_CODE 77)

foreach(target loader readers check plan)
  add_test(NAME "hardening: fuzz_${target} for 60 s"
           COMMAND ${hardening} fuzz --dir ${hardening_dir} --no-build --seconds 60
                   --skip-without-clang ${target})
  set_tests_properties("hardening: fuzz_${target} for 60 s" PROPERTIES
    FIXTURES_REQUIRED hardening TIMEOUT 600 LABELS "slow;hardening" SKIP_RETURN_CODE 77)
endforeach()
