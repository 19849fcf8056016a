# The pre-commit hook (.pre-commit-hooks.yaml), run by the real pre-commit
# client against a temporary copy of this repository (reported as skipped
# when pre-commit is not installed).
add_test(NAME "integration: pre-commit hook"
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/pre_commit_test.sh
                 ${PROJECT_SOURCE_DIR} $<TARGET_FILE:stagegate>)
set_tests_properties("integration: pre-commit hook" PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77
                     LABELS client)
