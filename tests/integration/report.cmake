# The permission report in the clients that read it: the HTML in headless
# Chromium (DOM, screenshot, print), the Markdown (and plan's) through
# cmark-gfm's GitHub table extension. Each is skipped when its client is not
# installed (scripts/setup --with-test-clients installs both).
add_test(NAME "integration: report html in Chromium"
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/report_html_test.sh
                 ${PROJECT_SOURCE_DIR} $<TARGET_FILE:stagegate>)
set_tests_properties("integration: report html in Chromium"
                     PROPERTIES TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS client)
add_test(NAME "integration: markdown in cmark-gfm"
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/report_markdown_test.sh
                 ${PROJECT_SOURCE_DIR} $<TARGET_FILE:stagegate>)
set_tests_properties("integration: markdown in cmark-gfm"
                     PROPERTIES TIMEOUT 120 SKIP_RETURN_CODE 77 LABELS client)
