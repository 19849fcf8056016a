#!/usr/bin/env bash
# The live ToolJet tests (tests/integration/live.cmake): `stagegate import`
# and `--current postgresql://...` against a real PostgreSQL loaded with
# ToolJet's tables (tests/live). One case per CTest test:
#
#   live_test.sh SOURCE_DIR STAGEGATE_BINARY SERVER_DIR CASE
#
# `setup` starts the server in SERVER_DIR and loads the shared databases
# (nexora3x: 3.x layout with noise and a second workspace; nexora26: the
# 2026 layout with noise; single: one workspace, 3.x); `teardown` stops it.
# A case that changes a database loads its own copy first.
set -euo pipefail
if (($# != 4)); then
  echo "usage: $0 SOURCE_DIR STAGEGATE_BINARY SERVER_DIR CASE" >&2
  exit 2
fi
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source_and_binary "$1" "$2"
server="$3"
case_name="$4"
live="$src/tests/live"

# The fixture's master key (tests/live/README.md) and what the seeder put
# in the database that must never come out.
fixture_key=7374616765676174652d746f6f6c6a65742d666978747572652d6b65792d3031
secret_markers=(SEEDED-SECRET SEEDED-CREDENTIAL ro-secret-pw nopriv-pw STALE- SNAPSHOT-)

if [[ "$case_name" == setup ]]; then
  rm -f "$server/ready"  # set again only when this run's server is up and loaded
  if ! /usr/bin/python3 -c 'import cryptography' 2>/dev/null; then
    skip "python3-cryptography is not installed (scripts/setup --with-test-clients installs it)"
  fi
  rc=0
  "$live/pg-server" start "$server" || rc=$?
  if ((rc == 77)); then skip "PostgreSQL is not installed (scripts/setup --with-test-clients)"; fi
  ((rc == 0)) || exit "$rc"
  "$stagegate" compile --format json "$src/examples/nexora" -o "$server/nexora.json" 2>/dev/null
  "$live/load-fixture" "$server/env" nexora3x 3x "$server/nexora.json" --noise --extra-org other
  "$live/load-fixture" "$server/env" nexora26 2026 "$server/nexora.json" --noise
  "$live/load-fixture" "$server/env" single 3x "$server/nexora.json"
  touch "$server/ready"
  exit 0
fi
if [[ "$case_name" == teardown ]]; then
  [[ -d "$server" ]] || exit 0
  rm -f "$server/ready"
  "$live/pg-server" stop "$server"
  exit 0
fi

if [[ ! -f "$server/ready" ]]; then
  skip "the PostgreSQL fixture is not running (see 'live: start PostgreSQL and load the nexora fixtures')"
fi
# shellcheck source=/dev/null
source "$server/env"
superuser="$PGUSER"
unset PGUSER PGDATABASE LOCKBOX_MASTER_KEY PGPASSWORD

# url DB [USER]: the database as the read-only role (or USER) sees it.
url() { echo "postgresql://${2:-stagegate_ro}@/$1?host=$PGHOST&port=$PGPORT"; }
# sql DB STATEMENTS: as the superuser.
sql() { "$PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -U "$superuser" -d "$1" -c "$2" >/dev/null; }
# load DB LAYOUT [OPTIONS]: a database of the test's own.
load() {
  local db="$1" layout="$2"
  shift 2
  "$live/load-fixture" "$server/env" "$db" "$layout" "$server/nexora.json" "$@" 2>/dev/null
}
# sg ARGS...: stagegate as the read-only role; output in $tmp/out, $tmp/err,
# the exit code in $rc (never fails the script).
sg() {
  rc=0
  PGPASSWORD=ro-secret-pw "$stagegate" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  cat "$tmp/out" "$tmp/err" >>"$tmp/all"
}
has() { grep -qF -- "$1" "$2"; }
# wait_for TRIES QUERY VALUE DB: polls QUERY (as the superuser, a new session
# each time) every 0.1 s until it returns VALUE; fails after TRIES tries.
wait_for() {
  local tries="$1" query="$2" value="$3" db="$4" i
  for ((i = 0; i < tries; i++)); do
    [[ "$("$PG_BINDIR/psql" -X -At -U "$superuser" -d "$db" -c "$query" 2>/dev/null)" == "$value" ]] && return 0
    sleep 0.1
  done
  return 1
}
exit_is() { [[ "$rc" == "$1" ]]; }

# The state file of DIR with what ToolJet does not store set as nexora has it
# (versionRules, group descriptions, the variable names of secrets), so it
# can be compared with nexora's whole: users, roles, grants, data sources,
# constants, apps, versions and every cell of the matrix.
normalised_state() {
  "$stagegate" compile --format json "$1" 2>/dev/null | /usr/bin/python3 -c '
import json, sys
state = json.load(sys.stdin)
state["workspace"]["versionRules"] = "strict"
for group in state["groups"].values():
    group["description"] = ""
for constant in state["constants"].values():
    if constant["type"] == "secret":
        constant["values"] = {env: {"fromEnv": "-"} for env in constant["values"]}
json.dump(state, sys.stdout, indent=1, sort_keys=True)
'
}

expected_state() { normalised_state "$src/examples/nexora"; }

import_layout() {
  local db="$1" out="$tmp/imported"
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url "$db")" --workspace nexora -o "$out"
  check "import exits 0" exit_is 0
  check "import says the result checks clean" has "it checks clean" "$tmp/out"
  check "the summary counts what nexora has" \
    has "11 users, 5 groups, 2 data sources, 5 constants, 4 apps" "$tmp/out"
  check "check accepts the imported configuration" "$stagegate" check "$out"
  check "every file has the yaml-language-server modeline" \
    bash -c "for f in '$out'/*.yaml; do head -1 \"\$f\" | grep -q '^# yaml-language-server: \$schema=stagegate.schema.json' || exit 1; done"
  check "the schema the modeline names is written beside the files" test -s "$out/stagegate.schema.json"
  check "the state file equals examples/nexora's but for what ToolJet does not store" \
    diff <(expected_state) <(normalised_state "$out")
  check "compile prints the same matrix as for examples/nexora" \
    diff <("$stagegate" compile "$src/examples/nexora" 2>/dev/null | tail -n +2) \
    <("$stagegate" compile "$out" 2>/dev/null | tail -n +2)
  check "the noise rows are not imported" \
    bash -c "! grep -rqE 'noise|restapidefault|STALE|SNAPSHOT' '$out'"
}

# Constants as ToolJet holds them (issue 22): a configuration compiled from
# examples/nexora plus constants.yaml's extra documents, loaded as DB.
load_with_constants() {
  local db="$1" extra="$2"
  shift 2
  mkdir -p "$tmp/cfg"
  cp "$src"/examples/nexora/*.yaml "$tmp/cfg/"
  printf '%s\n' "$extra" >"$tmp/cfg/extra.yaml"
  "$stagegate" compile --format json "$tmp/cfg" -o "$tmp/cfg.json" 2>/dev/null
  "$live/load-fixture" "$server/env" "$db" 3x "$tmp/cfg.json" "$@" 2>/dev/null
}

case "$case_name" in
"import of the 3.x layout checks clean and compiles to examples/nexora")
  import_layout nexora3x
  ;;
"import of the 2026 layout checks clean and compiles to examples/nexora")
  import_layout nexora26
  ;;
"import writes the same bytes twice and refuses to overwrite")
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url single)" -o "$tmp/a"
  check "a database with one workspace needs no --workspace" exit_is 0
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url nexora26)" --workspace nexora -o "$tmp/b"
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url nexora26)" --workspace nexora -o "$tmp/c"
  check "two imports write byte-identical files" diff -r "$tmp/b" "$tmp/c"
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url nexora26)" --workspace nexora -o "$tmp/b"
  check "an import over existing files exits 3" exit_is 3
  check "and says to use --force" has "use --force" "$tmp/err"
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url nexora26)" --workspace nexora -o "$tmp/b" --force
  check "--force replaces them" exit_is 0
  (cd "$tmp" && LOCKBOX_MASTER_KEY=$fixture_key PGPASSWORD=ro-secret-pw \
    "$stagegate" import "$(url single)" -o relative >/dev/null 2>&1)
  check "a relative output directory works" diff -r "$tmp/a" "$tmp/relative"
  ;;
"plan against the database shows no change")
  for db in nexora3x nexora26; do
    LOCKBOX_MASTER_KEY=$fixture_key sg plan "$src/examples/nexora" --current "$(url "$db")" \
      --detailed-exitcode
    check "$db: plan of examples/nexora exits 0 (no changes)" exit_is 0
    check "$db: and says so" has "Plan: no changes." "$tmp/out"
    sg plan "$src/examples/nexora" --current "$(url "$db")" --detailed-exitcode
    check "$db: without LOCKBOX_MASTER_KEY too" exit_is 0
    check "$db: saying the constant values were not compared" has "not compared" "$tmp/err"
    LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url "$db")" --workspace nexora -o "$tmp/$db"
    LOCKBOX_MASTER_KEY=$fixture_key sg plan "$tmp/$db" --current "$(url "$db")" --detailed-exitcode
    check "$db: import -> plan against the same database: no changes" exit_is 0
    LOCKBOX_MASTER_KEY=$fixture_key sg report "$src/examples/nexora" --current "$(url "$db")" \
      --format json
    check "$db: report --current accepts the database" exit_is 0
  done
  LOCKBOX_MASTER_KEY=$fixture_key sg plan "$src/examples/nexora" --current "$(url nexora3x)" \
    --workspace other --detailed-exitcode
  check "--workspace picks another workspace of the database: everything changes" exit_is 2
  ;;
"drift in the database shows in plan and report")
  load drift 3x --extra-org other
  LOCKBOX_MASTER_KEY=$fixture_key sg plan "$src/examples/nexora" --current "$(url drift)" \
    --detailed-exitcode
  check "before the drift: no changes" exit_is 0
  # Someone adds dana to team-leads in ToolJet's UI.
  sql drift "INSERT INTO group_users (group_id, user_id)
             SELECT g.id, u.id FROM permission_groups g JOIN organizations o
               ON o.id = g.organization_id, users u
             WHERE o.name = 'nexora' AND g.name = 'team-leads' AND u.email = 'dana.kim@nexora.io'"
  LOCKBOX_MASTER_KEY=$fixture_key sg plan "$src/examples/nexora" --current "$(url drift)" \
    --detailed-exitcode
  check "after it: plan exits 2 (changes)" exit_is 2
  check "the drift section shows the access gained in production" \
    has "+ dana.kim@nexora.io on payroll in production: run (the configuration: none)" "$tmp/out"
  check "with the group it comes from" has "from group 'developers'" "$tmp/out"
  check "and the promote and release permissions gained" \
    has "+ dana.kim@nexora.io holds appRelease" "$tmp/out"
  check "the configuration change names the member" \
    has "groups.team-leads.members: [dana.kim@nexora.io, lee.chen@nexora.io" "$tmp/out"
  LOCKBOX_MASTER_KEY=$fixture_key sg plan "$src/examples/nexora" --current "$(url drift)" \
    --format json
  check "plan's JSON marks the current state as live" has '"currentLive": true' "$tmp/out"
  check "and lists dana's production change" has '"user": "dana.kim@nexora.io"' "$tmp/out"
  LOCKBOX_MASTER_KEY=$fixture_key sg plan "$src/examples/nexora" --current "$(url drift)" \
    --format markdown
  check "plan's markdown says losses are drift" has "an access loss below is drift" "$tmp/out"
  LOCKBOX_MASTER_KEY=$fixture_key sg report "$src/examples/nexora" --current "$(url drift)" \
    --format markdown
  check "report --current shows the change too" has "dana.kim@nexora.io" "$tmp/out"
  ;;
"global constants without LOCKBOX_MASTER_KEY become placeholders")
  sg import "$(url single)" -o "$tmp/x"
  check "import exits 0" exit_is 0
  check "each global constant is a placeholder warning" \
    has "constants.yaml:9:3: warning: constant 'API_BASE_URL': its values are encrypted" "$tmp/err"
  check "with the code import-placeholder" has "[import-placeholder]" "$tmp/err"
  check "the value to fill in has a predictable variable name" \
    has "production: {fromEnv: TOOLJET_CONSTANT_DB_HOST_PRODUCTION}" "$tmp/x/constants.yaml"
  check "secrets get TOOLJET_SECRET_<NAME>_<ENV>" \
    has "staging: {fromEnv: TOOLJET_SECRET_DB_PASSWORD_STAGING}" "$tmp/x/constants.yaml"
  check "and the result still checks" "$stagegate" check "$tmp/x"
  LOCKBOX_MASTER_KEY=$(printf '%064d' 7) sg import "$(url single)" -o "$tmp/y"
  check "a key that does not decrypt exits 3" exit_is 3
  check "with lockbox-key, naming the constant" \
    has "does not decrypt the value of the constant 'API_BASE_URL' in development" "$tmp/err"
  check "and writes nothing" test ! -e "$tmp/y/constants.yaml"
  LOCKBOX_MASTER_KEY=not-a-key sg import "$(url single)" -o "$tmp/z"
  check "a key ToolJet reads as no bytes, and that does not decrypt, exits 3" exit_is 3
  check "saying how it reads, without echoing it" \
    has "ToolJet reads this LOCKBOX_MASTER_KEY as 0 bytes" "$tmp/err"
  check "the key is not echoed" bash -c "! grep -q not-a-key '$tmp/err'"
  ;;
"older layouts without the flags and the version status degrade with notes")
  load old 3x
  sql old "ALTER TABLE apps_group_permissions DROP COLUMN can_access_development,
             DROP COLUMN can_access_staging, DROP COLUMN can_access_production,
             DROP COLUMN can_access_released;
           ALTER TABLE app_versions DROP COLUMN status, DROP COLUMN version_type;
           ALTER TABLE permission_groups DROP COLUMN app_promote, DROP COLUMN app_release;
           ALTER TABLE apps DROP COLUMN type"
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url old)" -o "$tmp/old"
  check "import exits 0" exit_is 0
  check "grants without environment flags cover every environment" \
    has '- {apps: "*", permission: edit}' "$tmp/old/groups.yaml"
  check "qa's staging-only grant is therefore not narrowed" \
    bash -c "! grep -q 'environments: \[staging\]' '$tmp/old/groups.yaml'"
  check "a note says the version status is derived" has "keeps no version status" "$tmp/err"
  check "v7 in development is then a draft" \
    has "{name: v7, environment: development, status: draft}" "$tmp/old/apps.yaml"
  check "the released version comes from apps.current_version_id" \
    has "{name: v5, environment: production, status: released}" "$tmp/old/apps.yaml"
  check "a note says appPromote and appRelease do not exist there" \
    has "no appPromote and appRelease permissions" "$tmp/err"
  check "the result checks" "$stagegate" check "$tmp/old"
  ;;
"rows the format cannot express are warnings at a comment")
  load odd 3x
  sql odd "INSERT INTO granular_permissions (group_id, name, type, is_all)
             SELECT g.id, 'Workflows', 'workflow', true FROM permission_groups g
             WHERE g.name = 'qa';
           UPDATE data_source_options o SET options = (o.options::jsonb ||
             '{\"headers\": {\"value\": [[\"X-Team\", \"hr\"]], \"encrypted\": false}}')::json
             FROM data_sources d WHERE d.id = o.data_source_id AND d.name = 'hr-api';
           UPDATE organization_users SET status = 'invited' WHERE user_id =
             (SELECT id FROM users WHERE email = 'priya.nair@nexora.io');
           UPDATE data_source_options o SET options = (o.options::jsonb ||
             '{\"api_key\": {\"credential_id\": \"00000000-0000-0000-0000-000000000001\",
               \"encrypted\": true}}')::json
             FROM data_sources d WHERE d.id = o.data_source_id AND d.name = 'hr-api';
           INSERT INTO organization_constants (organization_id, constant_name, type)
             SELECT id, 'HR_API_API_KEY', 'Secret' FROM organizations WHERE name = 'nexora';
           INSERT INTO org_environment_constant_values (organization_constant_id, environment_id, value)
             SELECT c.id, e.id, 'not-decrypted' FROM organization_constants c
             JOIN app_environments e ON e.organization_id = c.organization_id
             WHERE c.constant_name = 'HR_API_API_KEY';
           DELETE FROM group_users WHERE group_id IN
             (SELECT id FROM permission_groups WHERE name = 'end-user');
           DELETE FROM permission_groups WHERE name = 'end-user'"
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url odd)" -o "$tmp/odd"
  check "import exits 0" exit_is 0
  check "the workflow permission is a warning at its comment in groups.yaml" \
    grep -qE "^$tmp/odd/groups.yaml:[0-9]+:3: warning: group 'qa': its workflow permission 'Workflows' is left out" "$tmp/err"
  check "the comment is in the file" has "# stagegate import: its workflow permission 'Workflows'" "$tmp/odd/groups.yaml"
  check "a list-valued option is imported as ToolJet holds it" \
    has "headers: [[X-Team, hr]]" "$tmp/odd/datasources.yaml"
  check "an invited user is named" has "user 'priya.nair@nexora.io': invited" "$tmp/err"
  check "an encrypted option without a reference is a reference of the option itself" \
    has "api_key: {fromEnv: TOOLJET_DATASOURCE_HR_API_DEVELOPMENT_API_KEY}" "$tmp/odd/datasources.yaml"
  check "no secret is made up for it" bash -c "! grep -q HR_API_API_KEY_2 '$tmp/odd/constants.yaml'"
  check "a missing role group is a role that grants nothing, with a note" \
    has "the end-user role: the workspace has no 'end-user' role group in ToolJet" "$tmp/err"
  check "its users keep the legacy role of organization_users, with a note" \
    has "user 'eve.laurent@nexora.io': in no role group; imported with the role 'end-user'" "$tmp/err"
  check "eve is still an end-user" has "eve.laurent@nexora.io: {name: Eve Laurent, role: end-user}" "$tmp/odd/users.yaml"
  check "and the result checks" "$stagegate" check "$tmp/odd"
  ;;
"errors of the database and the workspace exit 3 with their code")
  # expect CODE TEXT ARGS...: stagegate ARGS exits 3 with finding CODE saying TEXT.
  expect() {
    local code="$1" text="$2"
    shift 2
    sg "$@"
    check "$code: exit 3" exit_is 3
    check "$code: [$code]" has "[$code]" "$tmp/err"
    check "$code: '$text'" has "$text" "$tmp/err"
  }
  expect database-connection "check the host and port" \
    import "postgresql://stagegate_ro@/nexora3x?host=$tmp/nowhere&port=$PGPORT" -o "$tmp/o"
  rc=0
  PGPASSWORD=wrong "$stagegate" import "$(url nexora3x)" -o "$tmp/o" >"$tmp/out" 2>"$tmp/err" || rc=$?
  check "refused login: exit 3" exit_is 3
  check "refused login: says so" has "the server refused the login" "$tmp/err"
  expect database-connection "name ToolJet's database in the URL" \
    import "$(url no_such_database)" -o "$tmp/o"
  expect database-connection "is not a valid PostgreSQL URL" \
    import "postgresql://stagegate_ro@/nexora3x?bogus_option=1" -o "$tmp/o"
  expect not-tooljet-database "is not a ToolJet database" \
    import "$(url postgres "$superuser")" -o "$tmp/o"
  load broken 3x
  sql broken "ALTER TABLE granular_permissions DROP COLUMN is_all"
  expect unknown-tooljet-layout "the table 'granular_permissions' of" \
    import "$(url broken)" -o "$tmp/o"
  check "unknown layout: names the missing column" has "has no column 'is_all'" "$tmp/err"
  load broken2 3x
  sql broken2 "DROP TABLE group_data_sources"
  expect unknown-tooljet-layout "has no table 'group_data_sources'" import "$(url broken2)" -o "$tmp/o"
  expect unknown-workspace "no workspace named 'nope'; its workspaces are: 'nexora' and 'other'" \
    import "$(url nexora3x)" --workspace nope -o "$tmp/o"
  expect ambiguous-workspace "has 2 workspaces ('nexora' and 'other'); choose one with --workspace" \
    import "$(url nexora3x)" -o "$tmp/o"
  rc=0
  PGPASSWORD=nopriv-pw "$stagegate" import "$(url nexora3x stagegate_nopriv)" -o "$tmp/o" \
    >"$tmp/out" 2>"$tmp/err" || rc=$?
  check "database-permission: exit 3" exit_is 3
  check "database-permission: names the role and the tables" \
    has "the role 'stagegate_nopriv' may not read the tables 'app_environments', 'app_versions'," "$tmp/err"
  check "database-permission: counts the rest" has "and 12 more; grant it SELECT" "$tmp/err"
  expect database-connection "check the host and port" \
    plan "$src/examples/nexora" --current "postgresql://x@/y?host=$tmp/nowhere&port=1"
  check "plan: the current state is named" has "cannot read the ToolJet database" "$tmp/err"
  # A query that waits longer than the statement time-out: another session
  # holds a lock on users.
  load locked 3x
  "$PG_BINDIR/psql" -X -q -U "$superuser" -d locked -c \
    "BEGIN; LOCK TABLE users IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(8); COMMIT;" \
    >/dev/null 2>&1 &
  locker=$!
  # Wait until the lock is held (at most 10 s), not for a guessed time.
  check "the other session holds the lock on users" wait_for 100 \
    "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
     WHERE c.relname = 'users' AND l.mode = 'AccessExclusiveLock' AND l.granted" 1 locked
  STAGEGATE_DB_STATEMENT_TIMEOUT=1 expect database-query "took longer than the 1 s statement time-out" \
    import "$(url locked)" -o "$tmp/o"
  check "database-query: names what it was reading" has "reading the users" "$tmp/err"
  kill "$locker" 2>/dev/null || true
  wait "$locker" 2>/dev/null || true
  sg import not-a-url -o "$tmp/o"
  check "import of something that is not a URL exits 3" exit_is 3
  check "nothing was written by any failed import" test ! -e "$tmp/o"
  ;;
"secrets and passwords are never printed")
  pw_url="postgresql://stagegate_ro:ro-secret-pw@/nexora26?host=$PGHOST&port=$PGPORT"
  : >"$tmp/all"
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$pw_url" --workspace nexora -o "$tmp/s"
  check "a password in the URL works" exit_is 0
  LOCKBOX_MASTER_KEY=$fixture_key sg plan "$src/examples/nexora" --current "$pw_url"
  check "plan shows the URL with the password replaced" \
    has "compared with postgresql://stagegate_ro:***@/nexora26" "$tmp/out"
  for format in json markdown; do
    LOCKBOX_MASTER_KEY=$fixture_key sg plan "$src/examples/nexora" --current "$pw_url" --format "$format"
    LOCKBOX_MASTER_KEY=$fixture_key sg report "$src/examples/nexora" --current "$pw_url" --format "$format"
  done
  wrong_url="postgresql://stagegate_ro:wrong-pw-123@/nexora26?host=$PGHOST&port=$PGPORT"
  sg import "$wrong_url" -o "$tmp/w"
  check "a refused password is not echoed" bash -c "! grep -q wrong-pw-123 '$tmp/err'"
  sg import "postgresql://stagegate_ro@/nexora26?host=$PGHOST&port=$PGPORT&password=wrong-pw-123" -o "$tmp/w"
  check "nor one given as ?password=" bash -c "! grep -q wrong-pw-123 '$tmp/err'"
  for marker in "${secret_markers[@]}"; do
    check "no output holds $marker" bash -c "! grep -q -- '$marker' '$tmp/all'"
    check "no imported file holds $marker" bash -c "! grep -rq -- '$marker' '$tmp/s'"
  done
  ;;
"the importer only reads, in one read-only snapshot")
  check "stagegate_ro holds SELECT and nothing else" \
    test "$("$PG_BINDIR/psql" -X -At -U "$superuser" -d nexora3x -c \
      "SELECT string_agg(DISTINCT privilege_type, ',') FROM information_schema.role_table_grants
       WHERE grantee = 'stagegate_ro'")" = SELECT
  load ro_check 3x
  sql ro_check "ALTER DATABASE ro_check SET log_statement = 'all'"
  sql postgres "ALTER SYSTEM SET log_line_prefix = '%m [%p] app=%a '"
  sql postgres "SELECT pg_reload_conf()"
  # The server applies the new prefix when it handles the signal: wait until
  # a new session sees it (at most 10 s).
  check "the server logs the application name" wait_for 100 "SHOW log_line_prefix" \
    '%m [%p] app=%a ' postgres
  log="$server/server.log"
  before=$(wc -l <"$log")
  # As the superuser, who could write: the session itself must refuse to.
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url ro_check "$superuser")" -o "$tmp/r"
  check "import as a superuser works" exit_is 0
  # Simple statements log as "statement: SQL", parameterised ones as
  # "execute <unnamed>: SQL".
  tail -n +"$((before + 1))" "$log" | grep 'app=stagegate' \
    | sed -nE 's/.*(statement|execute [^:]*): //p' >"$tmp/statements" || true
  check "the session opens one REPEATABLE READ, READ ONLY transaction" \
    test "$(grep -c '^BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY$' "$tmp/statements")" = 1
  check "it sets a statement time-out" has "SET statement_timeout" "$tmp/statements"
  check "every other statement is a SELECT" \
    bash -c "! grep -vE '^(SELECT |SET |BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY$)' '$tmp/statements'"
  check "about a dozen queries" test "$(grep -c '^SELECT' "$tmp/statements")" -ge 10
  ;;
"constants with values in some environments and a global and a secret of one name import as ToolJet holds them")
  load_with_constants partial '---
constants:
  NEW_FLAG: {type: global, values: {development: "on"}}
  NEW_SECRET: {type: secret, values: {production: {fromEnv: X}}}
  NONE_YET: {type: global}
---
constants:
  DB_HOST: {type: secret, values: {production: {fromEnv: Y}}}'
  check "ToolJet holds an empty value for each environment without one" \
    test "$("$PG_BINDIR/psql" -X -At -U "$superuser" -d partial -c \
      "SELECT count(*) FROM org_environment_constant_values v JOIN organization_constants c
       ON c.id = v.organization_constant_id WHERE v.value = ''")" = 9
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url partial)" -o "$tmp/p"
  check "import exits 0" exit_is 0
  check "and checks clean, with warnings" has "it checks clean" "$tmp/out"
  check "a global with a value in development only keeps only that" \
    grep -qzF $'  NEW_FLAG:\n    type: global\n    values:\n      development: "on"\n\n' "$tmp/p/constants.yaml"
  check "a secret in production only is a variable for production only" \
    grep -qzF $'  NEW_SECRET:\n    type: secret\n    values:\n      production: {fromEnv: TOOLJET_SECRET_NEW_SECRET_PRODUCTION}\n' "$tmp/p/constants.yaml"
  check "a constant with no value anywhere has values: {}" \
    grep -qzF $'  NONE_YET:\n    type: global\n    values: {}\n' "$tmp/p/constants.yaml"
  check "the secret named like a global constant is in a second document" \
    grep -qzF -e $'---\n# Secrets with the name of a global constant above' "$tmp/p/constants.yaml"
  check "the global DB_HOST is kept beside it" has "dev-db.nexora.internal" "$tmp/p/constants.yaml"
  check "the warning names the environments without a value" \
    has "warning: global constant 'NEW_FLAG' has no value for environments 'staging' and 'production'" "$tmp/err"
  check "and the secret's" \
    has "warning: secret 'NEW_SECRET' has no value for environments 'development' and 'staging'" "$tmp/err"
  check "nothing is an error" bash -c "! grep -q ': error:' '$tmp/err'"
  check "the state file equals the configuration's but for what ToolJet does not store" \
    diff <(normalised_state "$tmp/cfg") <(normalised_state "$tmp/p")
  LOCKBOX_MASTER_KEY=$fixture_key sg plan "$tmp/p" --current "$(url partial)" --detailed-exitcode
  check "plan of the import against the database: no changes" exit_is 0
  LOCKBOX_MASTER_KEY=$fixture_key sg plan "$tmp/cfg" --current "$(url partial)" --detailed-exitcode
  check "plan of the configuration, \"\" nowhere: no changes" exit_is 0
  sed -i 's/NEW_FLAG: {type: global, values: {development: "on"}}/NEW_FLAG: {type: global, values: {development: "on", staging: ""}}/' "$tmp/cfg/extra.yaml"
  LOCKBOX_MASTER_KEY=$fixture_key sg plan "$tmp/cfg" --current "$(url partial)" --detailed-exitcode
  check "\"\" for an environment is no value: still no changes" exit_is 0
  check "with a warning that suggests leaving it out" has "[empty-constant-value]" "$tmp/err"
  # SUPPORT_EMAIL's production value deleted in ToolJet, where apps use it.
  sql partial "UPDATE org_environment_constant_values v SET value = ''
               FROM organization_constants c, app_environments e
               WHERE c.id = v.organization_constant_id AND e.id = v.environment_id
                 AND c.constant_name = 'SUPPORT_EMAIL' AND e.name = 'production'"
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url partial)" -o "$tmp/q"
  check "a value a released version needs, missing: import writes it and exits 1" exit_is 1
  check "the error names the environment and the app's version" \
    grep -qE "error: global constant 'SUPPORT_EMAIL' has no value for 'production', where version '[^']+' of app '[^']+'" "$tmp/err"
  check "with its code" has "[used-constant-without-value]" "$tmp/err"
  check "every file is written" test -s "$tmp/q/apps.yaml"
  ;;
"a reference to a deleted constant is an error, and the import writes everything else")
  load deleted 3x
  sql deleted "DELETE FROM org_environment_constant_values WHERE organization_constant_id IN
                 (SELECT id FROM organization_constants WHERE constant_name = 'DB_HOST');
               DELETE FROM organization_constants WHERE constant_name = 'DB_HOST'"
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url deleted)" -o "$tmp/d"
  check "import exits 1: written, with errors" exit_is 1
  check "the reference to the deleted constant is an unknown-reference error" \
    has "error: unknown constant 'DB_HOST' in option 'host' of data source 'nexora-db'" "$tmp/err"
  check "the data source keeps the reference as ToolJet holds it" \
    has 'host: "{{constants.DB_HOST}}"' "$tmp/d/datasources.yaml"
  check "everything else is written" \
    has "11 users, 5 groups, 2 data sources, 4 constants, 4 apps" "$tmp/out"
  for f in workspace users roles groups datasources constants apps; do
    check "$f.yaml is written" test -s "$tmp/d/$f.yaml"
  done
  ;;
"a master key ToolJet accepts that is not 64 hex digits decrypts")
  decimal=12345678901234567890123456789012345678901234567890
  load oddkey 3x --master-key "$decimal"
  LOCKBOX_MASTER_KEY=$decimal sg import "$(url oddkey)" -o "$tmp/k"
  check "50 decimal digits (25 bytes, as ToolJet reads them) decrypt: exit 0" exit_is 0
  check "the values are decrypted" has "production: prod-db.nexora.internal" "$tmp/k/constants.yaml"
  LOCKBOX_MASTER_KEY="${decimal}zz-ignored" sg import "$(url oddkey)" -o "$tmp/k2"
  check "what follows the first non-hex pair is ignored, as by ToolJet" exit_is 0
  check "and gives the same files" diff -r "$tmp/k" "$tmp/k2"
  LOCKBOX_MASTER_KEY=${decimal%0} sg import "$(url oddkey)" -o "$tmp/k3"
  check "49 digits read as 24 bytes: another key, exit 3" exit_is 3
  check "lockbox-key names the constant's row" \
    grep -qE "tooljet:nexora/organization_constants/[0-9a-f-]+: error: LOCKBOX_MASTER_KEY does not decrypt" "$tmp/err"
  check "and says how ToolJet reads the key" \
    has "ToolJet reads this LOCKBOX_MASTER_KEY as 24 bytes" "$tmp/err"
  LOCKBOX_MASTER_KEY=$decimal sg plan "$src/examples/nexora" --current "$(url oddkey)" --detailed-exitcode
  check "plan with that key: no changes" exit_is 0
  ;;
"import without the key, then plan with the key and the variables: no change")
  sg import "$(url single)" -o "$tmp/nokey"
  check "import without LOCKBOX_MASTER_KEY exits 0" exit_is 0
  check "it writes placeholders" has "{fromEnv: TOOLJET_CONSTANT_DB_HOST_PRODUCTION}" "$tmp/nokey/constants.yaml"
  # The variables a deployment job would set: the real values, from nexora.
  "$stagegate" compile --format json "$src/examples/nexora" 2>/dev/null | /usr/bin/python3 -c '
import json, re, sys
for name, c in json.load(sys.stdin)["constants"].items():
    if c["type"] != "global":
        continue
    for env, value in c["values"].items():
        var = "TOOLJET_CONSTANT_%s_%s" % (re.sub("[^A-Za-z0-9]", "_", name).upper(),
                                          re.sub("[^A-Za-z0-9]", "_", env).upper())
        print("%s=%s" % (var, value))' >"$tmp/vars"
  check "nine values" test "$(wc -l <"$tmp/vars")" = 9
  LOCKBOX_MASTER_KEY=$fixture_key sg plan "$tmp/nokey" --current "$(url single)" --detailed-exitcode
  check "with the key and no variables: no changes" exit_is 0
  check "saying the values from unset variables were not compared" \
    has "9 values of global constants are read from environment variables ({fromEnv: VAR}) that are not set" "$tmp/err"
  rc=0
  env $(cat "$tmp/vars") LOCKBOX_MASTER_KEY=$fixture_key PGPASSWORD=ro-secret-pw "$stagegate" \
    plan "$tmp/nokey" --current "$(url single)" --detailed-exitcode >"$tmp/out" 2>"$tmp/err" || rc=$?
  check "with the key and the variables: no changes" exit_is 0
  check "and says so" has "Plan: no changes." "$tmp/out"
  check "comparing every value" bash -c "! grep -q 'not compared' '$tmp/err'"
  rc=0
  env $(sed 's/^TOOLJET_CONSTANT_DB_HOST_PRODUCTION=.*/TOOLJET_CONSTANT_DB_HOST_PRODUCTION=elsewhere/' "$tmp/vars") \
    LOCKBOX_MASTER_KEY=$fixture_key PGPASSWORD=ro-secret-pw "$stagegate" \
    plan "$tmp/nokey" --current "$(url single)" --detailed-exitcode >"$tmp/out" 2>"$tmp/err" || rc=$?
  check "a variable that differs from ToolJet's value is a change" exit_is 2
  check "on that value" has "constants.DB_HOST.values.production" "$tmp/out"
  ;;
"data source options as ToolJet stores them, and the data sources apps use")
  # A REST API source with header and URL parameter lists and an object
  # body, OAuth settings kept in clear beside an encrypted client secret
  # without a reference, and a PostgreSQL source with connection options.
  mkdir -p "$tmp/cfg"
  cat >"$tmp/cfg/workspace.yaml" <<'YAML'
version: 1
workspace: opts
environments: [development, staging, production]
users:
  ada@opts.io: {role: admin}
constants:
  DB_PASSWORD:
    type: secret
    values:
      development: {fromEnv: DEV_DB_PASSWORD}
      staging: {fromEnv: STG_DB_PASSWORD}
      production: {fromEnv: PROD_DB_PASSWORD}
apps:
  orders:
    dataSources: [crm-api, orders-db]
    versions:
      - {name: v1, environment: production, status: released}
YAML
  {
    echo "dataSources:"
    echo "  crm-api:"
    echo "    kind: restapi"
    echo "    environments:"
    for env in development staging production; do
      echo "      $env:"
      echo "        url: https://crm.$env.opts.io"
      echo "        headers: [[X-Env, $env], [Accept, application/json], [X-Flag, \"no\"]]"
      echo "        url_parameters: [[version, \"2\"]]"
      echo "        body: {filters: {active: true, tags: [a, \"007\", null]}, limit: 50}"
      echo "        auth_type: oauth2"
      echo "        access_token_url: https://auth.opts.io/token"
      echo "        add_token_to: header"
      echo "        client_id: crm-client"
      echo "        client_secret: {fromEnv: CRM_CLIENT_SECRET_${env^^}}"
    done
    echo "  orders-db:"
    echo "    kind: postgresql"
    echo "    environments:"
    for env in development staging production; do
      echo "      $env: {host: db.$env.opts.io, port: 5432, password: \"{{secrets.DB_PASSWORD}}\", connection_options: [[application_name, orders]]}"
    done
  } >"$tmp/cfg/datasources.yaml"
  check "the configuration checks clean" "$stagegate" check "$tmp/cfg"
  "$stagegate" compile --format json "$tmp/cfg" -o "$tmp/opts.json" 2>/dev/null
  "$live/load-fixture" "$server/env" opts 3x "$tmp/opts.json" --app-level 2>/dev/null
  LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url opts)" -o "$tmp/imp"
  check "import exits 0" exit_is 0
  check "and checks clean" has "it checks clean" "$tmp/out"
  check "check finds no warning in it but the notes" \
    bash -c "! grep -v 'import-unsupported' '$tmp/err' | grep -q 'warning:'"
  check "headers are a list of pairs, as ToolJet holds them" \
    has 'headers: [[X-Env, production], [Accept, application/json], [X-Flag, "no"]]' "$tmp/imp/datasources.yaml"
  check "an object option keeps its structure and its YAML-looking values" \
    has 'body: {filters: {active: true, tags: [a, "007", null]}, limit: 50}' "$tmp/imp/datasources.yaml"
  check "plain OAuth settings stay plain" has 'access_token_url: "https://auth.opts.io/token"' "$tmp/imp/datasources.yaml"
  check "an encrypted option without a reference is a reference of the option itself" \
    has "client_secret: {fromEnv: TOOLJET_DATASOURCE_CRM_API_STAGING_CLIENT_SECRET}" "$tmp/imp/datasources.yaml"
  check "no constant is made up" bash -c "! grep -q CRM_API '$tmp/imp/constants.yaml'"
  check "the app-level data source is named at the app" \
    has "app 'orders': its queries use the data source 'legacy-db' (postgresql; an app-level" "$tmp/err"
  check "and the sample one" has "its queries use the data source 'Sample data source' (postgresql; ToolJet's sample" "$tmp/err"
  check "the built-in static one is not" bash -c "! grep -q runjsdefault '$tmp/err'"
  check "no credential comes out" bash -c "! grep -rq SEEDED '$tmp/imp' '$tmp/all'"
  sg plan "$tmp/imp" --current "$(url opts)" --detailed-exitcode
  check "import -> plan: no change" exit_is 0
  sg plan "$tmp/cfg" --current "$(url opts)" --detailed-exitcode
  check "the configuration -> plan: no change (the variables are the configuration's)" exit_is 0
  # Someone changes one header of staging in ToolJet.
  sql opts "UPDATE data_source_options o SET options = jsonb_set(o.options::jsonb,
              '{headers,value,0,1}', '\"qa\"')::json
            FROM data_sources d, app_environments e
            WHERE d.id = o.data_source_id AND d.name = 'crm-api'
              AND e.id = o.environment_id AND e.name = 'staging'"
  sg plan "$tmp/cfg" --current "$(url opts)" --detailed-exitcode
  check "a header changed in ToolJet is a change" exit_is 2
  check "exactly that one" test "$(grep -c 'environments\.' "$tmp/out")" = 1
  check "shown as the list it is" \
    has 'dataSources.crm-api.environments.staging.headers: [["X-Env","qa"],["Accept","application/json"],["X-Flag","no"]] -> [["X-Env","staging"],["Accept","application/json"],["X-Flag","no"]]' "$tmp/out"
  ;;
"names ToolJet accepts import, check and plan unchanged")
  # *VIP, QA (night), an app of 50 Japanese characters, a unicode e-mail
  # domain (tests/live/names): what ToolJet holds, stagegate imports exactly.
  names="$src/tests/live/names"
  "$stagegate" compile --format json "$names" -o "$tmp/names.json" 2>/dev/null
  for layout in 3x 2026; do
    "$live/load-fixture" "$server/env" "names$layout" "$layout" "$tmp/names.json" 2>/dev/null
    sg import "$(url "names$layout")" -o "$tmp/names-$layout"
    check "$layout: import exits 0" exit_is 0
    check "$layout: the import checks clean" has "it checks clean" "$tmp/out"
    check "$layout: check exits 0" "$stagegate" check "$tmp/names-$layout"
    check "$layout: the state equals the configuration's but for what ToolJet does not store" \
      diff <(normalised_state "$names") <(normalised_state "$tmp/names-$layout")
    check "$layout: *VIP is a quoted key" has '"*VIP":' "$tmp/names-$layout/groups.yaml"
    check "$layout: the 50-character app is there" \
      has "\"$(printf 'あいうえおかきくけこ%.0s' 1 2 3 4 5)\":" "$tmp/names-$layout/apps.yaml"
    check "$layout: it promotes (no multiEnvironment key)" \
      bash -c "! grep -q multiEnvironment '$tmp/names-$layout/workspace.yaml'"
    sg plan "$tmp/names-$layout" --current "$(url "names$layout")" --detailed-exitcode
    check "$layout: plan of the import against the database: no change" exit_is 0
    sg plan "$names" --current "$(url "names$layout")" --detailed-exitcode
    check "$layout: plan of the configuration against the database: no change" exit_is 0
  done
  ;;
"a workspace without the multi-environment licence imports clean and plans no change")
  # ToolJet without the licence (Community Edition, or an expired one): every
  # version in the priority-1 environment, the released ones released there.
  names="$src/tests/live/names"
  "$stagegate" compile --format json "$names" -o "$tmp/names.json" 2>/dev/null
  for layout in 3x 2026; do
    db="single$layout"
    "$live/load-fixture" "$server/env" "$db" "$layout" "$tmp/names.json" \
      --without-multi-environment 2>/dev/null
    sg import "$(url "$db")" -o "$tmp/$db"
    check "$layout: import exits 0" exit_is 0
    check "$layout: the import checks clean" has "it checks clean" "$tmp/out"
    check "$layout: workspace.yaml says the workspace does not promote" \
      has "multiEnvironment: false" "$tmp/$db/workspace.yaml"
    check "$layout: every version is in development" \
      bash -c "! grep -qE 'environment: (staging|production)' '$tmp/$db/apps.yaml'"
    check "$layout: the released versions are released from development" \
      has "{name: v1, environment: development, status: released}" "$tmp/$db/apps.yaml"
    check "$layout: check exits 0" "$stagegate" check "$tmp/$db"
    sg plan "$tmp/$db" --current "$(url "$db")" --detailed-exitcode
    check "$layout: plan against the database: no change" exit_is 0
    check "$layout: and says so" has "Plan: no changes." "$tmp/out"
    # Promoting needs the licence: the plan refuses rather than proposes it.
    sed -i 's/{name: v2, environment: development, status: published}/{name: v2, environment: staging, status: published}/' \
      "$tmp/$db/apps.yaml"
    sg plan "$tmp/$db" --current "$(url "$db")"
    check "$layout: a promotion is refused (exit 1)" exit_is 1
    check "$layout: naming the licence" has "only with its multi-environment licence" "$tmp/err"
  done
  ;;
"public apps: import writes them, check warns, plan sees them")
  # nexora with payroll public (released) and onboarding-portal public (no
  # released version), seeded into both layouts (2026: the flag on every
  # version row; with --noise a stale apps.is_public and a public git-branch
  # head, neither of which counts).
  cp -r "$src/examples/nexora" "$tmp/nexora-public"
  sed -i -e 's/^  payroll:$/  payroll:\n    public: true/' \
    -e 's/^  onboarding-portal:$/  onboarding-portal:\n    public: true/' "$tmp/nexora-public/apps.yaml"
  "$stagegate" compile --format json "$tmp/nexora-public" -o "$tmp/public.json" 2>/dev/null
  for layout in 3x 2026; do
    db=public$layout
    "$live/load-fixture" "$server/env" "$db" "$layout" "$tmp/public.json" --noise 2>/dev/null
    LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url "$db")" --workspace nexora -o "$tmp/$db"
    check "$layout: import exits 0" exit_is 0
    check "$layout: and the result checks clean" has "it checks clean" "$tmp/out"
    check "$layout: the imported state equals the public configuration's" \
      diff <(normalised_state "$tmp/nexora-public") <(normalised_state "$tmp/$db")
    check "$layout: apps.yaml says payroll is public" \
      bash -c "grep -A4 '^  payroll:' '$tmp/$db/apps.yaml' | grep -qx '    public: true'"
    sg check "$tmp/$db"
    check "$layout: check warns about payroll" \
      has "warning: app 'payroll' is public: anyone with its link opens the released app" "$tmp/out"
    check "$layout: and about onboarding-portal, not released yet" \
      has "app 'onboarding-portal' is public: it has no released version yet" "$tmp/out"
    LOCKBOX_MASTER_KEY=$fixture_key sg plan "$tmp/$db" --current "$(url "$db")" --detailed-exitcode
    check "$layout: plan of the import against the database: no changes" exit_is 0
    # Someone makes inventory public in ToolJet's UI (2026: on its version rows).
    if [[ "$layout" == 3x ]]; then
      sql "$db" "UPDATE apps SET is_public = true WHERE name = 'inventory'"
    else
      sql "$db" "UPDATE app_versions SET is_public = true WHERE app_name = 'inventory'
                 AND version_type = 'version'"
    fi
    LOCKBOX_MASTER_KEY=$fixture_key sg plan "$tmp/$db" --current "$(url "$db")" --detailed-exitcode
    check "$layout: made public in ToolJet: plan exits 2" exit_is 2
    check "$layout: the drift section's first line is the public app" \
      test "$(grep -A1 '^Drift:' "$tmp/out" | tail -1)" = \
      "  + anyone on inventory: public in ToolJet, anyone with the link opens it without signing in (the configuration: not public)"
    LOCKBOX_MASTER_KEY=$fixture_key sg import "$(url "$db")" --workspace nexora -o "$tmp/$db-now"
    LOCKBOX_MASTER_KEY=$fixture_key sg plan "$tmp/$db-now" --current "$tmp/$db" \
      --deny-gain public
    check "$layout: the import after it plans inventory as the first gain" \
      test "$(grep -A1 '^Access changes' "$tmp/out" | tail -1)" = \
      "  + anyone on inventory in released: none -> use (made public: anyone with the link opens it without signing in, R13)"
    check "$layout: which --deny-gain public refuses" has "denied by --deny-gain public" "$tmp/err"
  done
  ;;
*)
  echo "unknown case: $case_name" >&2
  exit 2
  ;;
esac

if ((failures > 0)); then
  echo "--- last stderr:"
  cat "$tmp/err" 2>/dev/null || true
  exit 1
fi
