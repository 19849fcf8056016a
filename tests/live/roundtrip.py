#!/usr/bin/python3
"""Randomized round trip of stagegate's PostgreSQL importer against a real PostgreSQL.

    roundtrip.py --stagegate BIN --server DIR [--seed N] [--count N] [--without STATE,...]
                 [--only WORKSPACE] [--keep DIR] [--jobs N]
    roundtrip.py --stagegate BIN --server DIR --case CASE [--keep DIR]
    roundtrip.py --list-states | --list-cases

DIR is a running `tests/live/pg-server` (its DIR/env). The randomized run draws --count legal
ToolJet workspaces (tests/live/tooljet_gen.py) from --seed (SG_ROUNDTRIP_SEED overrides it),
half in ToolJet's 3.x layout and half in the 2026 one, loads each layout's workspaces into one
database, and for every workspace checks that

  1. `stagegate import URL --workspace W -o OUT` exits 0 (written, no errors) and
     `stagegate check OUT` exits 0;
  2. `stagegate plan OUT --current URL --workspace W --format json --detailed-exitcode`
     exits 0 with no configuration change;
  3. after one random change in the database (a member added, a grant flag flipped, a header
     changed, a constant changed, an app made public, a version released, ...), the same plan
     exits 2 and its `configuration` is exactly the change made; a change the format has no
     place for (an app's query on an app-level or the sample data source) exits 0 and is
     named in a note on its standard error;
  4. no made-up secret (GEN-SECRET, GEN-CREDENTIAL) appears in any output or file.

The stagegate processes run --jobs at a time. A failure prints the seed, the workspace, the
command and how to run that workspace alone. `--case` runs one named regression case instead
(a small fixed workspace per state of the facts page; --list-cases lists them).

Exit 0 when everything holds, 1 when something does not, 2 on a usage error, 77 when
python3-cryptography or the server is missing.
"""

import argparse
import concurrent.futures
import json
import os
import random
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import tooljet_gen as gen  # noqa: E402
import tooljet_seed as seed  # noqa: E402

DEFAULT_SEED = 22
DEFAULT_COUNT = 300
SECRET_MARKERS = ("GEN-SECRET", "GEN-CREDENTIAL", "ro-secret-pw")
ODD_KEYS = [  # LOCKBOX_MASTER_KEY values ToolJet accepts that are not 64 hex digits
    "0123456789abcdef0123456789abcdef",                                      # 16 bytes
    "7374616765676174652d746f6f6c6a65742d666978747572652d6b65792d303199",    # 33 bytes
    "7374616765676174652D746F6F6C6A65742D666978747572652D6B65792D3031",      # upper case
    "7374616765676174652d746f6f6c6a65742d666978747572652d6b65792d30-prod",   # stops at '-p'
    "7374616765676174652d746f6f6c6a65742d666978747572652d6b65792d303",       # 63 digits
]


# ---------------------------------------------------------------------------------------
# What one database holds, and one workspace's expectations


class Case:
    """One workspace to check: its import must exit `import_exit` (with the finding codes
    `codes` on its standard error), and `mutation` is the change made afterwards."""

    def __init__(self, ws, mutation=None, import_exit=0, codes=(), check=None):
        self.ws, self.mutation, self.import_exit = ws, mutation, import_exit
        self.codes, self.check = list(codes), check  # check(case, out_dir, env) -> problems


class Database:
    def __init__(self, name, layout, master_key, seed_text):
        self.name, self.layout, self.master_key = name, layout, master_key
        self.writer = gen.Writer(layout, master_key, random.Random(seed_text + "/writer"))
        self.cases = []

    def add(self, ws):
        self.writer.workspace(ws)


# ---------------------------------------------------------------------------------------
# Running things


class Env:
    """The server (DIR/env of pg-server) and the stagegate binary."""

    def __init__(self, server, stagegate):
        self.server, self.stagegate = server, os.path.abspath(stagegate)
        values = {}
        with open(os.path.join(server, "env")) as f:
            for word in shlex.split(f.read()):
                if "=" in word:
                    k, v = word.split("=", 1)
                    values[k] = v
        self.host, self.port = values["PGHOST"], values["PGPORT"]
        self.superuser, self.bindir = values["PGUSER"], values.get("PG_BINDIR", "")
        self.envfile = os.path.join(server, "env")

    def url(self, db):
        return "postgresql://stagegate_ro@/%s?host=%s&port=%s" % (db, self.host, self.port)

    def psql(self, db, script):
        psql = os.path.join(self.bindir, "psql") if self.bindir else "psql"
        subprocess.run([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-U", self.superuser,
                        "-h", self.host, "-p", self.port, "-d", db, "-f", "-"],
                       input=script.encode("utf-8"), check=True, stdout=subprocess.DEVNULL)

    def load(self, db, tmp):
        path = os.path.join(tmp, "%s.sql" % db.name)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            db.writer.script(f)
        proc = subprocess.run([os.path.join(HERE, "load-fixture"), self.envfile, db.name,
                               db.layout, path], stderr=subprocess.PIPE)
        if proc.returncode != 0:  # say why, not only that it failed
            sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
            raise subprocess.CalledProcessError(proc.returncode, proc.args)

    def stagegate_env(self, key):
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PG") and not k.startswith("TOOLJET_") and
               k != "LOCKBOX_MASTER_KEY"}
        env["PGPASSWORD"] = "ro-secret-pw"
        if key is not None:
            env["LOCKBOX_MASTER_KEY"] = key
        return env


class Step:
    """One stagegate run: its command line (for the failure report) and results."""

    def __init__(self, env, args, extra_env):
        self.args, self.extra_env = args, extra_env
        proc = subprocess.run([env.stagegate] + args, capture_output=True,
                              env=dict(env.stagegate_env(None), **extra_env))
        self.rc = proc.returncode
        self.out = proc.stdout.decode("utf-8", "replace")
        self.err = proc.stderr.decode("utf-8", "replace")

    def command(self):
        shown = {k: v for k, v in self.extra_env.items() if not k.startswith("TOOLJET_")}
        more = len(self.extra_env) - len(shown)
        return " ".join(["%s=%s" % (k, shlex.quote(v)) for k, v in sorted(shown.items())] +
                        (["(and %d TOOLJET_CONSTANT_* variables)" % more] if more else []) +
                        ["stagegate"] + [shlex.quote(a) for a in self.args])


class Failure(Exception):
    def __init__(self, what, step=None, details=""):
        super().__init__(what)
        self.what, self.step, self.details = what, step, details


def key_env(db, with_key=True):
    return {"PGPASSWORD": "ro-secret-pw", **({"LOCKBOX_MASTER_KEY": db.master_key}
                                             if with_key else {})}


def constant_variables(env, db, case, out_dir):
    """State 14: the TOOLJET_CONSTANT_* variables an import without the key asked for, set
    to the values the workspace holds."""
    step = Step(env, ["compile", "--format", "json", out_dir], {})
    if step.rc not in (0, 1):
        raise Failure("compile of the imported files exited %d" % step.rc, step)
    state = json.loads(step.out)
    values = {}
    for c in case.ws.constants:
        if c.secret:
            continue
        for env_name, v in state["constants"].get(c.name, {}).get("values", {}).items():
            if isinstance(v, dict) and "fromEnv" in v:
                values[v["fromEnv"]] = c.values[env_name]
    return values


def plan(env, db, case, out_dir, variables):
    ws = case.ws
    return Step(env, ["plan", out_dir, "--current", env.url(db.name), "--workspace", ws.name,
                      "--format", "json", "--detailed-exitcode"],
                dict(key_env(db), **variables))


def no_secrets(step, problems):
    for marker in SECRET_MARKERS:
        if marker in step.out or marker in step.err:
            problems.append("the output holds %s" % marker)


def first_phase(env, db, case, out_dir):
    """Import, check, plan: nothing to change. Returns the variables the second plan needs."""
    ws = case.ws
    step = Step(env, ["import", env.url(db.name), "--workspace", ws.name, "-o", out_dir],
                key_env(db, with_key=not ws.without_key))
    if step.rc != case.import_exit:
        raise Failure("import exited %d, not %d" % (step.rc, case.import_exit), step)
    for code in case.codes:
        if "[%s]" % code not in step.err:
            raise Failure("import did not report [%s]" % code, step)
    problems = []
    no_secrets(step, problems)
    for root, _, files in os.walk(out_dir):
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                text = f.read()
            for marker in SECRET_MARKERS:
                if marker in text:
                    problems.append("%s holds %s" % (name, marker))
    if case.check:
        problems += case.check(case, out_dir, env)
    if problems:
        raise Failure("; ".join(problems), step)
    if case.import_exit != 0:
        return None
    step = Step(env, ["check", out_dir], {})
    if step.rc != 0:
        raise Failure("check of the imported files exited %d" % step.rc, step)
    variables = constant_variables(env, db, case, out_dir) if ws.without_key else {}
    step = plan(env, db, case, out_dir, variables)
    if step.rc != 0:
        raise Failure("plan of the imported files exited %d, not 0 (no changes)" % step.rc,
                      step, plan_summary(step))
    return variables


def plan_summary(step):
    try:
        p = json.loads(step.out)
    except ValueError:
        return ""
    return json.dumps({"summary": p["summary"]["text"], "configuration": p["configuration"],
                       "steps": p["steps"]}, ensure_ascii=False, indent=1)[:6000]


def second_phase(env, db, case, out_dir, variables):
    step = plan(env, db, case, out_dir, variables)
    problems = []
    no_secrets(step, problems)
    mutation = case.mutation
    want = 2 if mutation.changes else 0
    if step.rc != want:
        problems.append("plan exited %d, not %d (%s)" % (
            step.rc, want, "changes" if want else "no changes"))
    else:
        problems += gen.compare(mutation.changes, json.loads(step.out)["configuration"])
    lines = step.err.splitlines()
    for texts in mutation.notes:
        if not any(all(t in line for t in texts) for line in lines):
            problems.append("its standard error has no line with %s" % " and ".join(
                repr(t) for t in texts))
    if problems:
        raise Failure("after the change (%s): %s" % (case.mutation.what, "; ".join(problems)),
                      step, plan_summary(step))


# ---------------------------------------------------------------------------------------
# The randomized run


def uses(case):
    states = set(case.ws.uses)
    if case.mutation is not None and case.mutation.state:
        states.add(case.mutation.state)
    return ", ".join(sorted(states)) or "none"


def undefined_constant_noted(case, out_dir, env):
    """The noise query names {{constants.NOT_A_CONSTANT}}, which no workspace defines: the
    imported files must say so in a comment (import-unsupported), not drop it silently."""
    for root, _, files in os.walk(out_dir):
        for name in files:
            with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
                if "no global constant 'NOT_A_CONSTANT'" in f.read():
                    return []
    return ["no imported file names the undefined constant NOT_A_CONSTANT of the noise query"]


def build_random(seed_value, count, states):
    """Two databases, the 3.x and the 2026 layout, count workspaces between them."""
    rng = random.Random("%d/keys" % seed_value)
    dbs = []
    odd_db = rng.choice(["3x", "2026"])
    for layout in ("3x", "2026"):
        key = seed.TEST_MASTER_KEY
        if "odd-master-key" in states and (layout == odd_db or rng.random() < 0.5):
            key = rng.choice(ODD_KEYS)
        dbs.append(Database("sg_roundtrip_%s" % layout, layout, key,
                            "%d/%s" % (seed_value, layout)))
    for db in dbs:
        n = count // 2 + (count % 2 if db.layout == "3x" else 0)
        names = ["rt%s-%03d" % (db.layout, i) for i in range(n)]
        slugs = list(names)
        if "slug-is-other-name" in states:
            # Every fifth workspace has the name of the one before as its slug.
            for i in range(1, n, 5):
                slugs[i - 1] = names[i - 1] + "-hq"
                slugs[i] = names[i - 1]
        for i, name in enumerate(names):
            wrng = random.Random("%d/%s/%d" % (seed_value, db.layout, i))
            g = gen.Generator(wrng, states, db.layout, name, slugs[i],
                              "%s.example" % name.replace("rt", "w"))
            ws = g.workspace()
            if slugs[i] != name:
                ws.uses.add("slug-is-other-name")
            if db.master_key != seed.TEST_MASTER_KEY:
                ws.uses.add("odd-master-key")
            db.add(ws)
            noted = ws.noise and any(a.versions for a in ws.apps)
            db.cases.append(Case(ws, check=undefined_constant_noted if noted else None))
        for case in db.cases:
            mrng = random.Random("%d/%s/%s/change" % (seed_value, db.layout, case.ws.name))
            case.mutation = gen.Mutator(mrng, case.ws, db.writer).pick(states)
    return dbs


# ---------------------------------------------------------------------------------------
# Main


def run(env, dbs, jobs, only, keep, describe):
    """Loads the databases, runs both phases; returns the failures as text."""
    tmp = keep or tempfile.mkdtemp(prefix="sg-roundtrip-")
    os.makedirs(tmp, exist_ok=True)
    failures = []
    by_state = {}
    try:
        t0 = time.monotonic()
        for db in dbs:
            env.load(db, tmp)
        t_load = time.monotonic() - t0
        cases = [(db, c) for db in dbs for c in db.cases if only is None or c.ws.name == only]
        if only is not None and not cases:
            return ["no workspace named %s" % only]
        out = {id(c): os.path.join(tmp, c.ws.name) for _, c in cases}
        for _, c in cases:
            shutil.rmtree(out[id(c)], ignore_errors=True)
        variables, failed = {}, set()

        def phase(function, items):
            with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
                futures = {pool.submit(function, db, c): (db, c) for db, c in items}
                for fut in concurrent.futures.as_completed(futures):
                    db, c = futures[fut]
                    try:
                        result = fut.result()
                    except Failure as f:
                        failed.add(id(c))
                        failures.append(describe(db, c, f))
                        for state in uses(c).split(", "):
                            by_state[state] = by_state.get(state, 0) + 1
                        continue
                    if result is not None or c.import_exit == 0:
                        variables[id(c)] = result

        phase(lambda db, c: first_phase(env, db, c, out[id(c)]), cases)
        t_first = time.monotonic() - t0 - t_load
        changed = [(db, c) for db, c in cases
                   if id(c) not in failed and c.mutation is not None and id(c) in variables]
        for db in dbs:
            script = "\n".join(c.mutation.sql for d, c in changed if d is db)
            if script:
                env.psql(db.name, "BEGIN;\n%s\nCOMMIT;\n" % script)
        phase(lambda db, c: second_phase(env, db, c, out[id(c)], variables[id(c)]), changed)
        total = time.monotonic() - t0
        print("roundtrip: %d workspaces (%s), %d changed; load %.1f s, import + check + plan "
              "%.1f s, plan after the change %.1f s; %.1f s in all; %d failed" % (
                  len(cases), ", ".join("%d in %s" % (
                      sum(1 for d, _ in cases if d is db), db.name) for db in dbs),
                  len(changed), t_load, t_first, total - t_load - t_first, total,
                  len(failures)))
        if by_state:
            print("roundtrip: failed workspaces by the states they hold: %s" % ", ".join(
                "%s %d" % kv for kv in sorted(by_state.items())))
    finally:
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return failures


def text_of(step, with_stdout):
    """The step's standard error (and output), at most 40 lines."""
    lines = step.err.strip().splitlines()
    if with_stdout:
        lines += [""] + step.out.strip().splitlines()
    shown = [ln[:400] for ln in lines[:40]]
    if len(lines) > 40:
        shown.append("... (%d more lines)" % (len(lines) - 40))
    return "\n".join("      " + ln for ln in shown)


def report(header, db, case, failure, reproduce):
    parts = ["FAILED %s %s (database %s, %s layout, master key %s; states it uses: %s)" % (
        header, case.ws.name, db.name, db.layout,
        "the test key" if db.master_key == seed.TEST_MASTER_KEY else repr(db.master_key),
        uses(case)),
        "  what: %s" % failure.what]
    if case.mutation is not None:
        parts.append("  the change made in the database: %s" % case.mutation.what)
    if failure.step is not None:
        parts.append("  command: %s" % failure.step.command())
        parts.append("  its output:\n%s" % text_of(failure.step, failure.details == ""))
    if failure.details:
        parts.append("  the plan:\n" + "\n".join("      " + ln
                                                for ln in failure.details.splitlines()))
    parts.append("  reproduce: %s" % reproduce(case))
    return "\n".join(parts)


def parse_states(text):
    if not text:
        return set()
    names = {s.strip() for s in text.replace(" ", ",").split(",") if s.strip()}
    unknown = names - set(gen.STATES)
    if unknown:
        raise SystemExit("roundtrip.py: unknown state(s) %s; --list-states lists them"
                         % ", ".join(sorted(unknown)))
    return names


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stagegate", help="the stagegate binary")
    ap.add_argument("--server", help="the pg-server directory (with its env file)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED,
                    help="the seed (default %d; SG_ROUNDTRIP_SEED overrides it)" % DEFAULT_SEED)
    ap.add_argument("--count", type=int, default=DEFAULT_COUNT,
                    help="workspaces in all, half per layout (default %d)" % DEFAULT_COUNT)
    ap.add_argument("--without", default="", metavar="STATE,...",
                    help="states the generator leaves out (default: none)")
    ap.add_argument("--states", default=None, metavar="STATE,...",
                    help="the only states the generator uses (default: all)")
    ap.add_argument("--only", metavar="WORKSPACE", help="check this workspace only")
    ap.add_argument("--keep", metavar="DIR", help="write the imported files and the SQL "
                    "here and keep them")
    ap.add_argument("--jobs", type=int, default=2, help="stagegate runs at a time (2)")
    ap.add_argument("--case", help="run one named regression case (see --list-cases)")
    ap.add_argument("--fixture", action="store_true",
                    help="run as a CTest live test: skip (exit 77) unless the fixture loaded "
                         "the server (DIR/ready)")
    ap.add_argument("--list-states", action="store_true", help="the states and exit")
    ap.add_argument("--list-cases", action="store_true",
                    help="the cases (CASE, the state it needs, title) and exit")
    args = ap.parse_args(argv)

    import tooljet_cases as cases_module
    if args.list_states:
        for name, text in gen.STATES.items():
            print("%-28s %s" % (name, text))
        return 0
    if args.list_cases:
        # CASE<TAB>STATE (or -)<TAB>TITLE: tests/integration/live_roundtrip.cmake reads it.
        for name, (title, state, _) in cases_module.CASES.items():
            print("%s\t%s\t%s" % (name, state or "-", title))
        return 0
    if not args.stagegate or not args.server:
        ap.error("--stagegate and --server are required")
    seed.need_crypto()
    if not os.path.exists(os.path.join(args.server, "env")):
        print("SKIPPED: no PostgreSQL server in %s (tests/live/pg-server start DIR)"
              % args.server)
        return 77
    if args.fixture and not os.path.exists(os.path.join(args.server, "ready")):
        print("SKIPPED: the PostgreSQL fixture is not running (see 'live: start PostgreSQL "
              "and load the nexora fixtures')")
        return 77
    env = Env(args.server, args.stagegate)

    if args.case:
        if args.case not in cases_module.CASES:
            ap.error("unknown case %s; --list-cases lists them" % args.case)
        title = cases_module.CASES[args.case][0]
        print("roundtrip: case %s: %s" % (args.case, title))
        dbs = cases_module.builder(args.case)()

        def describe(db, case, failure):
            return report("case %s:" % args.case, db, case, failure, lambda c: (
                "tests/live/roundtrip.py --stagegate %s --server %s --case %s --keep DIR"
                % (shlex.quote(env.stagegate), shlex.quote(env.server), args.case)))
        failures = run(env, dbs, args.jobs, args.only, args.keep, describe)
    else:
        seed_value = int(os.environ.get("SG_ROUNDTRIP_SEED") or args.seed)
        states = parse_states(args.states) if args.states is not None else set(gen.STATES)
        states -= parse_states(args.without)
        off = sorted(set(gen.STATES) - states)
        print("roundtrip: seed %d (SG_ROUNDTRIP_SEED=N changes it), %d workspaces; states off: "
              "%s" % (seed_value, args.count, ", ".join(off) or "none"))
        sys.stdout.flush()
        dbs = build_random(seed_value, args.count, states)
        again = ["tests/live/roundtrip.py", "--stagegate", shlex.quote(env.stagegate),
                 "--server", shlex.quote(env.server),
                 "--seed", str(seed_value), "--count", str(args.count)]
        if off:
            again += ["--without", ",".join(off)]

        def describe(db, case, failure):
            return report("(seed %d)" % seed_value, db, case, failure, lambda c: " ".join(
                again + ["--only", c.ws.name, "--keep", "/tmp/sg-roundtrip"]))
        failures = run(env, dbs, args.jobs, args.only, args.keep, describe)

    for f in sorted(failures):
        print(f)
    if failures:
        print("roundtrip: %d failure(s)" % len(failures))
        return 1
    print("roundtrip: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
