"""The named regression cases of tests/live/roundtrip.py --case: one small fixed workspace per
state of the facts page (/work/shared/design/tooljet-states.md), and the states stagegate read
faithfully already, built from tooljet_gen's pieces. Each case runs in both of ToolJet's
layouts, each layout in a database of its own (sg_case_<case>_<layout>), through the same
round trip as the randomized run: import, check, plan without changes, one change in the
database, plan showing exactly that change.

CASES maps a case to (title, the STATES switch it depends on or None, build); build() returns
the roundtrip.Database objects to load.
"""

import random

import tooljet_gen as gen
import tooljet_seed as seed
from tooljet_gen import (App, AppGrant, Constant, DataSource, DataSourceGrant, Folder,
                         FolderGrant, Group, Option, Query, User, Version, Workspace, FLAGS)

ALL = {f: True for f in FLAGS}
RELEASED_ONLY = {f: f == "released" for f in FLAGS}


def user(ws, local, role, first="Ann", last="Lee", user_status="active",
         member_status="active", legacy=None):
    u = User("%s@%s.example" % (local, ws.name), first, last, user_status, member_status, role,
             legacy or role or "")
    ws.users.append(u)
    return u


def role_groups(ws, builder=None):
    """admin, builder and end-user as ToolJet creates them (or the builder given)."""
    admin = Group("admin", "default", set(), [AppGrant(True, [], True, dict(ALL), False)], [],
                  [])
    admin.everything = True
    ws.groups[:0] = [admin, builder or Group(
        "builder", "default", set(gen.BUILTIN_BUILDER_PERMISSIONS),
        [AppGrant(True, [], True, dict(ALL), False)], [DataSourceGrant(True, [], False)], []),
        Group("end-user", "default", set(),
              [AppGrant(True, [], False, dict(RELEASED_ONLY), False)], [], [])]
    for u in ws.users:
        if u.role:
            ws.group(u.role).members.append(u)


def base(name, layout, licensed=True):
    """A small workspace: an admin, a builder, an end-user; a secret and a global constant; a
    PostgreSQL data source using both; an app with a released, a published and a draft
    version whose query uses the data source and the constant; a custom group."""
    ws = Workspace(name, name, layout, licensed)
    user(ws, "ada", "admin", "Ada", "Okafor")
    builder = user(ws, "lee", "builder", "Lee", "Chen")
    user(ws, "eve", "end-user", "Eve", "Laurent")
    ws.constants += [Constant("DB_PASSWORD", "Secret", {e: gen.SECRET_PLAINTEXT % ("DB", e)
                                                         for e in ws.envs}),
                     Constant("API_URL", "Global", {e: "https://api.%s.example" % e
                                                    for e in ws.envs})]
    ws.data_sources.append(DataSource("main-db", "postgresql", {e: {
        "host": Option("db.%s.example" % e), "port": Option(5432),
        "database": Option("main_%s" % e), "username": Option("app"),
        "password": Option(encrypted=True, secret="DB_PASSWORD")} for e in ws.envs}))
    app = App("payroll")
    app.owner = builder
    last = ws.envs[-1] if licensed else ws.envs[0]
    app.versions = [Version("v1", last, "RELEASED"), Version("v2", last, "PUBLISHED"),
                    Version("v3", ws.envs[0], "DRAFT")]
    app.released = app.versions[0]
    app.queries = [Query(app.versions[2], ws.data_sources[0], ["API_URL"])]
    ws.apps.append(app)
    ws.groups.append(Group("finance", "custom", {"appPromote"},
                           [AppGrant(False, ["payroll"], True, dict(ALL), False)],
                           [DataSourceGrant(False, ["main-db"], False)], [builder]))
    return ws


def databases(case, build, key=None):
    """Both layouts: build(layout) -> [(workspace, change(mutator) or None, case options)]."""
    import roundtrip
    out = []
    for layout in ("3x", "2026"):
        db = roundtrip.Database("sg_case_%s_%s" % (case.replace("-", "_"), layout), layout,
                                key or seed.TEST_MASTER_KEY, "case/%s/%s" % (case, layout))
        for ws, change, options in build(layout):
            if not any(g.name == "admin" for g in ws.groups):
                role_groups(ws)
            db.add(ws)
            mutator = gen.Mutator(random.Random(ws.name), ws, db.writer)
            db.cases.append(roundtrip.Case(ws, change(mutator) if change else None,
                                           **options))
        out.append(db)
    return out


def one(build_ws, change, **options):
    """A case of one workspace named after the layout."""
    return lambda layout: [(build_ws("case-" + layout, layout), change, options)]


# ---------------------------------------------------------------------------------------
# The states of the facts page


def unlicensed(name, layout):
    return base(name, layout, licensed=False)


def empty_constant(name, layout):
    ws = base(name, layout)
    ws.constants[1].values["staging"] = ""
    ws.data_sources[0].options["staging"]["host"] = Option("{{constants.API_URL}}")
    return ws


def secret_one_environment(name, layout):
    """A secret created for production only: the data source's production password refers
    to it; the other environments' passwords are typed into the form (ToolJet keeps options
    per environment), since a version there that used the secret would get ''."""
    ws = base(name, layout)
    ws.constants[0].values = {e: (v if e == "production" else "")
                              for e, v in ws.constants[0].values.items()}
    for env, options in ws.data_sources[0].options.items():
        if env != "production":
            options["password"] = Option(encrypted=True)
    return ws


def deleted_constant(name, layout):
    ws = base(name, layout)
    ws.data_sources[0].options["production"]["password"] = Option(encrypted=True,
                                                                  secret="DELETED_SECRET")
    return ws


def imported_everything(case, out_dir, env):
    """State 4: everything but the broken reference is written."""
    import os
    problems = []
    for name, text in [("users.yaml", "lee@"), ("groups.yaml", "finance"),
                       ("datasources.yaml", "main-db"), ("constants.yaml", "API_URL"),
                       ("apps.yaml", "payroll"), ("datasources.yaml", "DELETED_SECRET")]:
        path = os.path.join(out_dir, name)
        if not os.path.exists(path):
            problems.append("%s was not written" % name)
        elif text not in open(path, encoding="utf-8").read():
            problems.append("%s does not hold %s" % (name, text))
    return problems


def any_script_names(name, layout):
    ws = base(name, layout)
    for group in ["*VIP", "QA (night)", "財務チーム", "Ops & Data", "مالية", "🚀 launch"]:
        ws.groups.append(Group(group, "custom", set(),
                               [AppGrant(False, ["payroll"], False, dict(ALL), False)], [],
                               [ws.users[0]] if group != "*VIP" else []))
    ws.data_sources[0].name = "données ☁"
    ws.groups[0].ds_grants[0].sources = ["données ☁"]
    return ws


def cjk_app(name, layout):
    ws = base(name, layout)
    app = ws.apps[0]
    app.name = gen.CJK[:50]
    ws.groups[0].app_grants[0].apps = [app.name]
    return ws


def public_app(name, layout):
    ws = base(name, layout)
    ws.apps[0].public = True
    other = App("handbook")
    other.owner = ws.users[1]
    other.versions = [Version("v1", ws.envs[-1], "PUBLISHED")]
    other.released = other.versions[0]
    ws.apps.append(other)
    return ws


def slug_is_other_name(layout):
    acme = base("case-acme-" + layout, layout)
    acme.slug = acme.name + "-hq"
    beta = base("case-beta-" + layout, layout)
    beta.slug = acme.name  # the slug of one is the name of the other

    def right_workspace(case, out_dir, env):
        import os
        text = open(os.path.join(out_dir, "workspace.yaml"), encoding="utf-8").read()
        if "workspace: %s\n" % case.ws.name not in text:
            return ["workspace.yaml does not name %s" % case.ws.name]
        return []
    return [(acme, lambda m: m.member_added(acme.group("finance")),
             {"check": right_workspace}),
            (beta, lambda m: m.member_added(beta.group("finance")),
             {"check": right_workspace})]


def list_options(name, layout):
    ws = base(name, layout)
    for env in ws.envs:
        ws.data_sources[0].options[env]["connection_options"] = Option(
            [["sslmode", "require"], ["application_name", "tooljet"]])
    ws.data_sources.append(DataSource("hr-api", "restapi", {e: {
        "url": Option("https://hr.%s.example" % e), "auth_type": Option("none"),
        "headers": Option([["X-Env", e], ["X-Team", "hr"]]),
        "custom_query_params": Option([["region", "eu"]]),
        "custom_auth_params": Option({"audience": "api://%s" % e})} for e in ws.envs}))
    ws.apps[0].queries.append(Query(ws.apps[0].versions[0], ws.data_sources[1], []))
    return ws


def plain_options(name, layout):
    ws = base(name, layout)
    ws.constants.append(Constant("HR_CLIENT_SECRET", "Secret",
                                 {e: gen.SECRET_PLAINTEXT % ("HR", e) for e in ws.envs}))
    ws.data_sources.append(DataSource("hr-api", "restapi", {e: {
        "url": Option("https://hr.%s.example" % e), "auth_type": Option("oauth2"),
        "grant_type": Option("client_credentials"), "client_id": Option("hr-%s" % e),
        "client_secret": Option(encrypted=True, secret="HR_CLIENT_SECRET"),
        "access_token_url": Option("https://auth.%s.example/token" % e),
        "add_token_to": Option("header")} for e in ws.envs}))
    ws.apps[0].queries.append(Query(ws.apps[0].versions[0], ws.data_sources[1], []))
    return ws


def app_level_sources(name, layout):
    ws = base(name, layout)
    app = ws.apps[0]
    local = DataSource("legacy-db", "postgresql", {e: {"host": Option("legacy.example"),
                                                       "port": Option(5432)}
                                                   for e in ws.envs}, scope="local")
    local.app = (app, app.versions[0])
    sample = DataSource("Sample data source", "postgresql",
                        {e: {"host": Option("sample.example")} for e in ws.envs},
                        dtype="sample")
    ws.data_sources += [local, sample]
    app.queries += [Query(app.versions[0], local, []), Query(app.versions[1], sample, [])]
    other = App("handbook")
    other.owner = ws.users[1]
    other.versions = [Version("v1", ws.envs[0], "DRAFT")]
    ws.apps.append(other)
    return ws


def same_name_constants(name, layout):
    ws = base(name, layout)
    ws.constants.append(Constant("DB_PASSWORD", "Global", {e: "not-a-password-%s" % e
                                                           for e in ws.envs}))
    ws.data_sources[0].options["development"]["database"] = Option("{{constants.DB_PASSWORD}}")
    return ws


def without_key(name, layout):
    ws = base(name, layout)
    ws.without_key = True
    return ws


# ---------------------------------------------------------------------------------------
# Faithful already


def users_and_groups(name, layout):
    ws = base(name, layout)
    user(ws, "ivy", "builder", "Ivy", "Park", user_status="invited", member_status="invited")
    user(ws, "ian", "end-user", "Ian", None, member_status="invited")
    user(ws, "arc", "builder", "Arc", "Hive", member_status="archived")
    user(ws, "old", "end-user", "Old", "Timer", user_status="archived")
    user(ws, "nameless", "builder", None, None)
    user(ws, "blank", "end-user", "", "")
    user(ws, "norole", None, "No", "Role", legacy="builder")
    everyone = list(ws.users)
    ws.groups += [
        Group("empty", "custom", set(), [], [], []),
        Group("nothing-granted", "custom", set(),
              [AppGrant(False, [], True, dict(ALL), False)],
              [DataSourceGrant(False, [], False)], [ws.users[1]]),
        Group("flags-off", "custom", set(),
              [AppGrant(True, [], False, {f: False for f in FLAGS}, False)], [],
              [u for u in everyone if u.end_user]),
        Group("Ops", "custom", {"appCreate"}, [], [], [ws.users[1]]),
        Group("ops", "custom", set(), [AppGrant(True, [], False, dict(RELEASED_ONLY), True)], [],
              []),
        Group("équipe données", "custom", set(), [], [], [])]
    ws.data_sources[0].name = "base de données"
    ws.groups[0].ds_grants[0].sources = ["base de données"]
    return ws


def apps_and_options(name, layout):
    ws = base(name, layout)
    app = ws.apps[0]
    app.versions.insert(0, Version("v0", ws.envs[-1], "RELEASED"))  # released before
    app.versions.append(Version("v4", ws.envs[1], None))            # no status
    if layout == "3x":
        empty = App("no versions")  # the 2026 layout keeps an app's name on its versions
        empty.owner = ws.users[0]
        ws.apps.append(empty)
    options = ws.data_sources[0].options
    options["development"] = {}
    options["staging"].update({
        "note": Option(None), "yes": Option("no"), "zero": Option("007"),
        "dash": Option("- x"), "hash": Option("#x"), "nil": Option("null"),
        "multi": Option("line one\nline two\n"), "long": Option("x" * 10000)})
    ws.constants.append(Constant("LONG_VALUE", "Global", {e: ("%s:" % e).ljust(10000, "y")
                                                          for e in ws.envs}))
    ws.constants.append(Constant("YAMLISH", "Global", {"development": "null",
                                                       "staging": "- x", "production": "#x"}))
    return ws


def folder_grants(name, layout):
    """Folders hr (handbook, expenses; created by the builder lee) and empty; group readers (the end-user eve) may view
    the apps in hr, and nothing else gives eve any app (the end-user role grants none); the
    builder holds ToolJet's seeded permission on every folder. 3.x: the same folders, no
    folder permissions (the readers give nothing)."""
    ws = base(name, layout)
    for app_name in ("handbook", "expenses"):
        app = App(app_name)
        app.owner = ws.users[1]
        app.versions = [Version("v1", ws.envs[-1], "PUBLISHED")]
        app.released = app.versions[0]
        ws.apps.append(app)
    ws.folders += [Folder("hr", ["handbook", "expenses"], creator=ws.users[1]),
                   Folder("empty", [])]
    readers = Group("readers", "custom", set(), [], [], [ws.users[2]])
    readers.folder_grants = [FolderGrant(False, ["hr"], False, False, True)]
    ws.groups.append(readers)
    role_groups(ws)
    ws.group("end-user").app_grants = []
    ws.group("builder").folder_grants = [FolderGrant(True, [], True, False, False)]
    return ws


def folder_access_shown(case, out_dir, env):
    """The imported files give eve view on handbook through the folder (2026) and nothing in
    3.x, as `stagegate explain` shows; the group's note names the folder."""
    import json
    import os
    import roundtrip
    ws = case.ws
    step = roundtrip.Step(env, ["explain", out_dir, "--user", ws.users[2].email, "--app",
                                "handbook", "--format", "json"], {})
    problems = [] if step.rc == 0 else ["explain exited %d: %s" % (step.rc, step.err[-500:])]
    want = "view" if ws.layout == "2026" else "none"
    level = json.loads(step.out).get("level") if step.rc == 0 else None
    if level != want:
        problems.append("explain gives eve %r on handbook, not %r" % (level, want))
    with open(os.path.join(out_dir, "groups.yaml"), encoding="utf-8") as f:
        groups = f.read()
    note = ("its folder permission 'Folders 1' on folder 'hr' gives view on the apps in it, "
            "in every environment, imported as an app grant on 'expenses' and 'handbook'")
    with open(os.path.join(out_dir, "users.yaml"), encoding="utf-8") as f:
        users = f.read()
    creator = ("created the folder 'hr', and ToolJet lets a folder's creator edit the apps in "
               "it ('expenses' and 'handbook')")
    for text, name, written in ((note, "groups.yaml", groups), (creator, "users.yaml", users)):
        if (text in written) != (ws.layout == "2026"):
            problems.append("%s %s the note %r" % (
                name, "lacks" if ws.layout == "2026" else "holds", text))
    return problems


def payroll_moved_into_hr(m):
    """2026: the readers now view payroll too, which plan shows as their grant's change; 3.x:
    eve joins the readers instead (a folder gives nothing there)."""
    ws = m.ws
    if ws.layout != "2026":
        return m.member_added(ws.group("readers"))
    payroll, hr = ws.apps[0], ws.folders[0]
    sql = "INSERT INTO folder_apps (folder_id, app_id) VALUES (%s, %s);" % (gen.q(hr.id),
                                                                          gen.q(payroll.id))
    return gen.Mutation("payroll moved into the folder hr", sql, [
        gen.Change("group", "readers", "changed", [gen.Field(
            "groups.readers.apps[0].apps", gen.ListOf(["expenses", "handbook", "payroll"]),
            gen.ListOf(["expenses", "handbook"]))])], "folder-grants")


def no_apps(layout):
    ws = Workspace("case-empty-" + layout, "case-empty-" + layout, layout, True)
    user(ws, "solo", "admin", "Solo", None)
    return ws


CASES = {
    "unlicensed": (
        "live state 1: an unlicensed workspace releases from its first environment",
        "unlicensed",
        one(unlicensed, lambda m: m.released(m.ws.apps[0], m.ws.apps[0].versions[1]))),
    "empty-constant-values": (
        "live state 2: a constant without a value in some environments is read and planned",
        "empty-constant-values",
        one(empty_constant, lambda m: m.constant_changed(m.ws.constants[1], "staging"))),
    "secret-one-environment": (
        "live state 3: a secret with a value in one environment only is read and planned",
        "secret-one-environment",
        one(secret_one_environment,
            lambda m: m.option_changed(m.ws.data_sources[0], "staging", "host"))),
    "deleted-constant-reference": (
        "live state 4: an option naming a deleted secret is an error, everything else is "
        "imported",
        None,
        one(deleted_constant, None, import_exit=1, codes=["unknown-reference"],
            check=imported_everything)),
    "any-script-names": (
        "live state 5: group names ToolJet allows ('*VIP', 'QA (night)', any script)",
        "any-script-names",
        one(any_script_names, lambda m: m.member_added(m.ws.group("*VIP")))),
    "cjk-app-name": (
        "live state 6: an app name of 50 CJK characters is read and planned",
        "any-script-names",
        one(cjk_app, lambda m: m.owner_changed(m.ws.apps[0], [m.ws.users[0]]))),
    "public-apps": (
        "live state 7: a public app is read and planned",
        "public-apps",
        one(public_app, lambda m: m.app_made_public(m.ws.apps[1]))),
    "slug-is-other-name": (
        "live state 8: --workspace reads the workspace of that name, not the one with that "
        "slug",
        "slug-is-other-name",
        lambda layout: slug_is_other_name(layout)),
    "odd-master-key": (
        "live state 9: a LOCKBOX_MASTER_KEY that is not 64 hex digits decrypts as in ToolJet",
        "odd-master-key",
        None),  # its own databases, below
    "list-options": (
        "live state 10: options that are JSON lists or objects are read and planned",
        "list-options",
        one(list_options, lambda m: m.header_changed(m.ws.data_sources[1], "staging"))),
    "plain-options": (
        "live state 11: plain options beside encrypted ones keep their values",
        "plain-options",
        one(plain_options,
            lambda m: m.option_changed(m.ws.data_sources[1], "production",
                                       "access_token_url"))),
    "app-level-data-sources": (
        "live state 12: app-level and sample data sources used by an app's queries",
        "app-level-data-sources",
        one(app_level_sources,
            lambda m: m.app_level_source_used(m.ws.apps[1], m.ws.data_sources[2]))),
    "same-name-constants": (
        "live state 13: a global and a secret constant with the same name",
        "same-name-constants",
        one(same_name_constants,
            lambda m: m.constant_changed(m.ws.constants[2], "development"))),
    "import-without-key": (
        "live state 14: constants imported without the key plan clean with it and the "
        "TOOLJET_CONSTANT_* variables",
        "import-without-key",
        one(without_key, lambda m: m.constant_changed(m.ws.constants[1], "production"))),
    "folder-grants": (
        "live: a group's view on a folder (2026) gives its apps, as an app grant with a note, "
        "and an app moved into the folder shows in plan",
        "folder-grants",
        one(folder_grants, payroll_moved_into_hr, check=folder_access_shown)),
    "faithful-users-groups": (
        "live: invited, archived, nameless and roleless users, empty groups, grants on "
        "nothing, case-twin and unicode groups are read and planned",
        None,
        one(users_and_groups, lambda m: m.member_added(m.ws.group("ops")))),
    "faithful-apps-options": (
        "live: RELEASED and NULL versions, apps without versions, workspaces without apps, "
        "{} and null options, YAML-like, multi-line and 10,000-character values",
        None,
        lambda layout: [
            (apps_and_options("case-" + layout, layout),
             lambda m: m.option_changed(m.ws.data_sources[0], "staging", "host"), {}),
            (no_apps(layout), lambda m: m.group_added(), {})]),
}


def build_odd_key():
    import roundtrip
    out = []
    for layout, key in (("3x", roundtrip.ODD_KEYS[0]), ("2026", roundtrip.ODD_KEYS[3])):
        db = roundtrip.Database("sg_case_odd_master_key_%s" % layout, layout, key,
                                "case/odd/%s" % layout)
        ws = base("case-" + layout, layout)
        role_groups(ws)
        db.add(ws)
        mutator = gen.Mutator(random.Random(ws.name), ws, db.writer)
        db.cases.append(roundtrip.Case(ws, mutator.constant_changed(ws.constants[1],
                                                                    "staging")))
        out.append(db)
    return out


def builder(case):
    title, state, build = CASES[case]
    if case == "odd-master-key":
        return build_odd_key
    return lambda: databases(case, build)
