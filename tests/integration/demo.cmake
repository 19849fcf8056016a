# scripts/demo builds only the binary and checks examples/nexora with it (a
# stub cmake: nothing is compiled).
add_test(NAME "integration: demo builds only the binary"
         COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/demo_test.sh
                 ${PROJECT_SOURCE_DIR} $<TARGET_FILE:stagegate>)
set_tests_properties("integration: demo builds only the binary" PROPERTIES TIMEOUT 300
                     SKIP_RETURN_CODE 77)
