# The GitHub Action (action.yml): validated with the real GitHub Actions
# validator together with the example workflow (skipped when the validator is
# not installed); run step by step by a simulated runner on a temporary
# repository (skipped without python3 and PyYAML); and the example workflow
# in README.md and docs/integrations.md kept identical to examples/github-workflow.yml.
add_test(NAME "integration: GitHub Action validates"
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/action_validate_test.sh ${PROJECT_SOURCE_DIR})
set_tests_properties("integration: GitHub Action validates" PROPERTIES
  TIMEOUT 60 SKIP_RETURN_CODE 77 LABELS client)

add_test(NAME "integration: GitHub Action simulated run"
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/action_test.sh
                 ${PROJECT_SOURCE_DIR} $<TARGET_FILE:stagegate>)
set_tests_properties("integration: GitHub Action simulated run" PROPERTIES
  TIMEOUT 600 SKIP_RETURN_CODE 77 LABELS client)

add_test(NAME "docs: README.md and integrations.md show examples/github-workflow.yml"
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/action_docs_test.sh ${PROJECT_SOURCE_DIR})
set_tests_properties("docs: README.md and integrations.md show examples/github-workflow.yml" PROPERTIES
  TIMEOUT 30)
