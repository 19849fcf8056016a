# The live round trip (tests/live/roundtrip.py, tests/live/README.md): random legal ToolJet
# workspaces in both of ToolJet's layouts, in the PostgreSQL server of live.cmake (fixture
# live_pg): each imported, checked and planned without changes, then changed once in the
# database and planned again, showing exactly that change. Plus one named case per state of
# the ToolJet states facts page. Skipped (exit 77) where the fixture cannot run.

# ---- THE ONE PLACE TO EDIT: states stagegate does not accept (none: every state is on) -----
# (names as `tests/live/roundtrip.py --list-states` prints them). The randomized run leaves
# these out, and the named case of each is disabled. Remove a state when its work is merged.
set(live_roundtrip_states_off)
# -------------------------------------------------------------------------------------------

# The seed of the CI run; SG_ROUNDTRIP_SEED in the environment overrides it. Under the
# sanitizers (the hardening build runs this suite too) fewer workspaces keep its time down.
set(live_roundtrip_seed 22)
if(STAGEGATE_SANITIZE OR STAGEGATE_FUZZ)
  set(live_roundtrip_count 40)
else()
  set(live_roundtrip_count 300)
endif()

set(live_roundtrip_server ${CMAKE_BINARY_DIR}/live-pg)
set(live_roundtrip ${PROJECT_SOURCE_DIR}/tests/live/roundtrip.py
    --stagegate $<TARGET_FILE:stagegate> --server ${live_roundtrip_server} --fixture)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/tests/live/tooljet_cases.py)

string(REPLACE ";" "," live_roundtrip_without "${live_roundtrip_states_off}")
set(live_roundtrip_name
  "live: ${live_roundtrip_count} random workspaces round-trip through import, check and plan")
add_test(NAME "${live_roundtrip_name}"
  COMMAND ${live_roundtrip} --seed ${live_roundtrip_seed} --count ${live_roundtrip_count}
          --without "${live_roundtrip_without}")
set_tests_properties("${live_roundtrip_name}" PROPERTIES
  FIXTURES_REQUIRED live_pg TIMEOUT 900 COST 1000 SKIP_RETURN_CODE 77 LABELS live)

# The named cases: CASE<TAB>STATE<TAB>TITLE per line.
if(Python3_FOUND)
  execute_process(
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/live/roundtrip.py --list-cases
    OUTPUT_VARIABLE live_roundtrip_cases RESULT_VARIABLE live_roundtrip_listed)
  if(NOT live_roundtrip_listed EQUAL 0)
    message(FATAL_ERROR "tests/live/roundtrip.py --list-cases failed")
  endif()
  string(REPLACE "\n" ";" live_roundtrip_cases "${live_roundtrip_cases}")
  foreach(line IN LISTS live_roundtrip_cases)
    if(NOT line MATCHES "^([^\t]+)\t([^\t]+)\t(.+)$")
      continue()
    endif()
    set(case "${CMAKE_MATCH_1}")
    set(state "${CMAKE_MATCH_2}")
    set(title "${CMAKE_MATCH_3}")
    add_test(NAME "${title}" COMMAND ${live_roundtrip} --case ${case})
    set_tests_properties("${title}" PROPERTIES
      FIXTURES_REQUIRED live_pg TIMEOUT 300 SKIP_RETURN_CODE 77 LABELS live)
    if(state IN_LIST live_roundtrip_states_off)
      set_tests_properties("${title}" PROPERTIES DISABLED TRUE)
    endif()
  endforeach()
endif()
