# check --format sarif, validated by the official SARIF validator from npm
# (@microsoft/sarif-multitool) with the SARIF and GitHub rule sets; skipped
# when tools/node_modules is not installed.
add_test(NAME "integration: SARIF validator"
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/sarif_test.sh
                 ${PROJECT_SOURCE_DIR} $<TARGET_FILE:stagegate>)
set_tests_properties("integration: SARIF validator" PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77
                     LABELS client)
