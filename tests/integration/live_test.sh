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
  check "a malformed key exits 3" exit_is 3
  check "saying why, without echoing it" has "is 9 characters long" "$tmp/err"
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
  check "a list-valued option is named" \
    has "data source 'hr-api': its option 'headers' in development is a JSON list" "$tmp/err"
  check "an invited user is named" has "user 'priya.nair@nexora.io': invited" "$tmp/err"
  check "an encrypted option without a reference becomes a secret to fill in" \
    has 'api_key: "{{secrets.HR_API_API_KEY_2}}"' "$tmp/odd/datasources.yaml"
  check "named apart from the real constant HR_API_API_KEY" \
    has "production: {fromEnv: TOOLJET_SECRET_HR_API_API_KEY_PRODUCTION}" "$tmp/odd/constants.yaml"
  check "declared as a secret constant with a placeholder per environment" \
    has "production: {fromEnv: TOOLJET_SECRET_HR_API_API_KEY_2_PRODUCTION}" "$tmp/odd/constants.yaml"
  check "with a note saying what it stands for" has "constant 'HR_API_API_KEY_2': not a constant in ToolJet" "$tmp/err"
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
