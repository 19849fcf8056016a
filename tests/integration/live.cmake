# stagegate against a real PostgreSQL holding ToolJet's tables (tests/live):
# a throw-away server on a Unix socket, started by the first test and stopped
# by the last, loaded with the nexora company in both schema layouts (3.x and
# the 2026 branch-aware one). The importer reads as a role that holds only
# SELECT rights. Skipped (exit 77) where PostgreSQL or python3-cryptography is
# not installed (`scripts/setup --with-test-clients` installs both).
set(live_dir ${CMAKE_BINARY_DIR}/live-pg)
set(live_test bash ${CMAKE_CURRENT_LIST_DIR}/live_test.sh ${PROJECT_SOURCE_DIR}
    $<TARGET_FILE:stagegate> ${live_dir})

add_test(NAME "live: start PostgreSQL and load the nexora fixtures" COMMAND ${live_test} setup)
set_tests_properties("live: start PostgreSQL and load the nexora fixtures" PROPERTIES
  FIXTURES_SETUP live_pg TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS live RESOURCE_LOCK live_pg_server)
add_test(NAME "live: stop PostgreSQL" COMMAND ${live_test} teardown)
set_tests_properties("live: stop PostgreSQL" PROPERTIES
  FIXTURES_CLEANUP live_pg TIMEOUT 120 SKIP_RETURN_CODE 77 LABELS live)

foreach(case
    "import of the 3.x layout checks clean and compiles to examples/nexora"
    "import of the 2026 layout checks clean and compiles to examples/nexora"
    "import writes the same bytes twice and refuses to overwrite"
    "plan against the database shows no change"
    "drift in the database shows in plan and report"
    "global constants without LOCKBOX_MASTER_KEY become placeholders"
    "older layouts without the flags and the version status degrade with notes"
    "rows the format cannot express are warnings at a comment"
    "errors of the database and the workspace exit 3 with their code"
    "secrets and passwords are never printed"
    "the importer only reads, in one read-only snapshot"
    "constants with values in some environments and a global and a secret of one name import as ToolJet holds them"
    "a reference to a deleted constant is an error, and the import writes everything else"
    "a master key ToolJet accepts that is not 64 hex digits decrypts"
    "import without the key, then plan with the key and the variables: no change"
    "data source options as ToolJet stores them, and the data sources apps use"
    # names ToolJet accepts, and a workspace without the multi-environment
    # licence (tests/live/names, seeded with and without it)
    "names ToolJet accepts import, check and plan unchanged"
    "a workspace without the multi-environment licence imports clean and plans no change"
    "public apps: import writes them, check warns, plan sees them")
  add_test(NAME "live: ${case}" COMMAND ${live_test} "${case}")
  set_tests_properties("live: ${case}" PROPERTIES
    FIXTURES_REQUIRED live_pg TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS live)
endforeach()
