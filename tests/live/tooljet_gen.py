#!/usr/bin/python3
"""Random legal ToolJet workspaces, written straight as ToolJet's rows (test fixture).

A workspace is drawn from a random.Random: users, role groups, custom groups with grants, data
sources with their options, constants, apps with versions and queries. It is a model of
ToolJet's rows, not of stagegate's format: it can hold what stagegate's state file cannot (a
constant without a value in an environment, a header list, a public app, a release in the first
environment of an unlicensed workspace, ...). `Writer` turns it into rows (`tooljet_seed.Tables`,
one psql script of COPY blocks for many workspaces); `Mutator` picks one of the single changes a
ToolJet user could make afterwards, with the SQL that makes it and the change `stagegate plan`
must show for it (`compare`).

Everything is reproducible from the Random: ids are uuid5 of a path (tooljet_seed.uid), and the
AES-GCM nonces of the ciphertexts come from the Random too.

The states of issue 22's facts page (tooljet-states.md: what ToolJet's server allows) that
stagegate did not accept when this was written can be switched off one by one (STATES;
`roundtrip.py --without`), so the generator can be used while they are being made to work. The
states stagegate read faithfully already are always on.

Used by tests/live/roundtrip.py; see tests/live/README.md.
"""

import datetime
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tooljet_seed as seed  # noqa: E402

ENVIRONMENTS = ["development", "staging", "production"]
FLAGS = seed.ACCESS_FLAGS  # development, staging, production, released

# The states that can be switched off, with the row of the facts page each comes from.
STATES = {
    "unlicensed": "1: a workspace without the multi-environment licence keeps every version "
                  "in the first environment and releases from there",
    "empty-constant-values": "2: a constant with no value ('') in some environments",
    "secret-one-environment": "3: a secret with a value in one environment only",
    "any-script-names": "5, 6: group names with '*', spaces and brackets, names in any "
                        "script, app names of 50 CJK characters",
    "public-apps": "7: public apps (apps.is_public; app_versions.is_public in 2026)",
    "slug-is-other-name": "8: a workspace's slug is another workspace's name",
    "odd-master-key": "9: a LOCKBOX_MASTER_KEY that is not 64 hex digits",
    "list-options": "10: data source options that are JSON lists or objects (headers, "
                    "query parameters, connection options)",
    "plain-options": "11: plain options beside encrypted ones, named like credentials "
                     "(access_token_url, add_token_to)",
    "app-level-data-sources": "12: app-level (scope local) and sample data sources used by "
                              "an app's queries",
    "same-name-constants": "13: a global and a secret constant with the same name",
    "import-without-key": "14: global constants imported without the key, then planned with "
                          "it and the TOOLJET_CONSTANT_* variables set",
    "encrypted-without-reference": "encrypted data source options without a {{secrets.X}} "
                                   "reference (a password typed into the form)",
    "folder-grants": "2026: a group's permission on app folders (folders_group_permissions, "
                     "group_folders) gives access to the apps in them",
}

VERSION_EPOCH = seed.VERSION_EPOCH

# ---------------------------------------------------------------------------------------
# The model: ToolJet's rows as objects


class User:
    def __init__(self, email, first, last, user_status, member_status, role, legacy_role):
        self.email, self.first, self.last = email, first, last
        self.user_status = user_status      # users.status: active, invited, archived
        self.member_status = member_status  # organization_users.status
        self.role = role                    # role group: admin, builder, end-user or None
        self.legacy_role = legacy_role      # organization_users.role
        self.id = None

    @property
    def end_user(self):
        """An end-user for ToolJet: in the end-user role group, or in none with the legacy
        role end-user (or none stagegate knows, which it reads as end-user)."""
        if self.role:
            return self.role == "end-user"
        return self.legacy_role not in ("admin", "builder")

    @property
    def disabled(self):
        return "archived" in (self.user_status, self.member_status)

    def display_name(self):
        first, last = self.first or "", self.last or ""
        return last if not first else (first if not last else first + " " + last)


class AppGrant:
    def __init__(self, all_apps, apps, edit, flags, hide):
        self.all, self.apps, self.edit, self.flags, self.hide = all_apps, apps, edit, flags, hide
        self.id = None  # the apps_group_permissions row


class DataSourceGrant:
    def __init__(self, all_sources, sources, configure):
        self.all, self.sources, self.configure = all_sources, sources, configure
        self.id = None  # the data_sources_group_permissions row


class FolderGrant:
    """A permission on app folders (2026): on every folder (is_all) or the folders named;
    can_edit_folder or can_edit_apps edit the apps in them, can_view_apps views them."""

    def __init__(self, all_folders, folders, edit_folder, edit_apps, view_apps):
        self.all, self.folders = all_folders, folders
        self.edit_folder, self.edit_apps, self.view_apps = edit_folder, edit_apps, view_apps

    @property
    def edit(self):
        return self.edit_folder or self.edit_apps


class Folder:
    def __init__(self, name, apps, creator=None):
        self.name, self.apps = name, apps  # apps: names
        self.creator = creator  # a User (2026: folders.created_by), or None
        self.id = None


class Group:
    def __init__(self, name, gtype, permissions, app_grants, ds_grants, members):
        self.name, self.type = name, gtype
        self.permissions = permissions  # stagegate's names (tooljet_seed.KNOWN_PERMISSIONS)
        self.app_grants, self.ds_grants, self.members = app_grants, ds_grants, members
        self.folder_grants = []  # FolderGrant (2026 only)
        self.everything = False  # the admin group
        self.id = None

    def builder_level(self):
        """ToolJet refuses end-users in such a group (or makes them builders)."""
        return bool(self.permissions) or any(g.edit for g in self.app_grants) or \
            bool(self.ds_grants) or any(f.edit for f in self.folder_grants)


class Option:
    """One data source option: plain (any JSON value), or encrypted (a credential row) with
    or without the {{secrets.NAME}} the user typed."""

    def __init__(self, value=None, encrypted=False, secret=None):
        self.value, self.encrypted, self.secret = value, encrypted, secret


class DataSource:
    def __init__(self, name, kind, options, dtype="default", scope="global"):
        self.name, self.kind, self.options = name, kind, options  # options: env -> key -> Option
        self.type, self.scope = dtype, scope
        self.app = None  # scope local: (app, version) it belongs to
        self.id = None


class Constant:
    def __init__(self, name, ctype, values):
        self.name, self.type, self.values = name, ctype, values  # values: env -> text ('' none)
        self.gaps = None  # the state that left it without a value in some environments
        self.id = None

    @property
    def secret(self):
        return self.type == "Secret"


class Version:
    def __init__(self, name, env, status):
        self.name, self.env, self.status = name, env, status  # status DRAFT/PUBLISHED/RELEASED/None
        self.id = None


class Query:
    def __init__(self, version, source, constants):
        self.version, self.source, self.constants = version, source, constants


class App:
    def __init__(self, name):
        self.name = name
        self.owner = None       # a User, or None
        self.public = False
        self.versions = []      # oldest first
        self.released = None    # a Version (apps.current_version_id)
        self.queries = []
        self.id = None


class Workspace:
    def __init__(self, name, slug, layout, licensed):
        self.name, self.slug, self.layout, self.licensed = name, slug, layout, licensed
        self.envs = list(ENVIRONMENTS)
        self.users = []          # members of the workspace
        self.departed = []       # users rows without a membership here (former app owners)
        self.groups = []         # admin, builder, end-user, then the custom groups
        self.data_sources = []   # global default ones first, then app-level and sample ones
        self.constants = []
        self.apps = []
        self.folders = []        # Folder: the apps' dashboard folders (an app in one at most)
        self.noise = False
        self.without_key = False  # state 14: imported without LOCKBOX_MASTER_KEY
        self.uses = set()         # the STATES it holds
        self.id = None
        self.env_ids = {}

    def group(self, name):
        return next(g for g in self.groups if g.name == name)

    def custom_groups(self):
        return [g for g in self.groups if g.type == "custom"]

    def global_sources(self):
        return [d for d in self.data_sources if d.scope == "global" and d.type == "default"]

    def user(self, email):
        return next(u for u in self.users if u.email == email)

    def release_env(self):
        return self.envs[-1] if self.licensed else self.envs[0]


# ---------------------------------------------------------------------------------------
# Names

WORDS = ["ops", "finance", "hr", "payroll", "crm", "billing", "support", "data", "growth",
         "audit", "sales", "legal", "risk", "infra", "mobile", "web", "ledger", "ml", "qa",
         "search", "orders", "stock", "fleet", "claims"]
# Names outside ASCII that stagegate read faithfully already (Latin letters with marks).
LATIN_NAMES = ["données", "équipe", "mañana", "Zürich-ops", "Ålesund", "façade", "Øresund"]
# State 5 and 6: what ToolJet's trimmed, non-empty names allow.
ANY_SCRIPT_NAMES = ["*VIP", "QA (night)", "Финансы", "مالية", "वित्त", "財務チーム", "재무",
                    "Ops & Data", "team #1", "🚀 launch", "a/b testing", "Ελληνικά", "ทีมขาย",
                    "50% off", "x.y.z", "quotes \"q\""]
CJK = "財務報告管理系統營業部門資料分析工作流程開發測試環境生產發布版本應用程式設計人事薪資採購庫存客戶服務品質稽核"
FIRST_NAMES = ["Ada", "Lee", "Maya", "Dana", "Eve", "Sam", "Quinn", "Sofia", "Noor", "Kenji",
               "Zoë", "José", "Ørjan", "Aiyana"]
LAST_NAMES = ["Okafor", "Chen", "Haddad", "Kim", "Laurent", "Reyes", "Berg", "Marin",
              "van der Berg", "Nakamura", "Østergaard"]
# Values that look like something else in YAML, and other awkward text.
TRICKY_VALUES = ["null", "007", "no", "- x", "#x", "true", "1e3", "~", "'quoted'", "a: b",
                 "line one\nline two", "tab\there", " leading space", "ünïcode ✓", "[x, y]",
                 "@at", "%percent", "x" * 10000]
SECRET_PLAINTEXT = "GEN-SECRET-%s-%s"
CREDENTIAL_PLAINTEXT = "GEN-CREDENTIAL-%s-%s-%s"


def constant_name(rng):
    first = rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
    rest = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
                   for _ in range(rng.randint(2, 14)))
    if rng.random() < 0.05:
        rest = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") for _ in range(49))
    return first + rest


# ---------------------------------------------------------------------------------------
# The generator


class Generator:
    """Draws one workspace. `states` is the set of STATES switched on."""

    def __init__(self, rng, states, layout, name, slug, domain):
        self.rng, self.states, self.layout = rng, set(states), layout
        self.name, self.slug, self.domain = name, slug, domain
        self.used = set()

    def on(self, state):
        return state in self.states

    def use(self, state, value=True):
        """Notes that the workspace holds `state` (when value is true); returns value."""
        if value:
            self.used.add(state)
        return value

    def chance(self, p):
        return self.rng.random() < p

    def unique(self, taken, make):
        for _ in range(100):
            name = make()
            if name not in taken:
                taken.add(name)
                return name
        raise AssertionError("no unique name")

    def entity_name(self, taken, cjk_app=False):
        """A group, data source or app name."""
        rng = self.rng

        def make():
            r = rng.random()
            if self.on("any-script-names") and cjk_app and r < 0.1:
                self.use("any-script-names")
                return "".join(rng.choice(CJK) for _ in range(50))
            if self.on("any-script-names") and r < 0.3:
                self.use("any-script-names")
                return rng.choice(ANY_SCRIPT_NAMES) + ("" if rng.random() < 0.5 else
                                                       " %d" % rng.randint(2, 99))
            if r < 0.4:
                return rng.choice(LATIN_NAMES) + "-%d" % rng.randint(1, 99)
            return "%s-%s" % (rng.choice(WORDS), rng.choice(WORDS + [str(rng.randint(1, 9))]))
        return self.unique(taken, make)

    def workspace(self):
        licensed = not self.use("unlicensed", self.on("unlicensed") and self.chance(0.3))
        ws = Workspace(self.name, self.slug, self.layout, licensed)
        ws.noise = self.chance(0.5)
        ws.without_key = self.use("import-without-key",
                                  self.on("import-without-key") and self.chance(0.25))
        self.users(ws)
        self.constants(ws)
        self.data_sources(ws)
        self.apps(ws)
        self.app_level_sources(ws)
        self.give_used_values(ws)
        self.groups(ws)
        self.folders(ws)
        ws.uses = self.used
        return ws

    # -- users

    def users(self, ws):
        rng = self.rng
        taken = set()
        for i in range(rng.randint(1, 10)):
            local = self.unique(taken, lambda: "%s.%s%d" % (
                rng.choice(FIRST_NAMES).lower().encode("ascii", "ignore").decode() or "u",
                rng.choice(WORDS), rng.randint(1, 99)))
            email = "%s@%s" % (local, self.domain)
            r = rng.random()
            first, last = (None, None) if r < 0.1 else \
                ("", "") if r < 0.15 else \
                (rng.choice(FIRST_NAMES), None) if r < 0.3 else \
                (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
            role = "admin" if i == 0 else rng.choice(["admin", "builder", "builder", "end-user",
                                                      "end-user"])
            user_status, member_status = "active", "active"
            if i > 0:
                r = rng.random()
                if r < 0.1:
                    user_status = member_status = "invited"
                elif r < 0.15:
                    member_status = "invited"
                elif r < 0.25:
                    member_status = "archived"
                elif r < 0.3:
                    user_status = "archived"
            legacy = role
            if i > 0 and self.chance(0.05):
                role = None  # in no role group: the legacy role counts
                legacy = rng.choice(["builder", "end-user", "admin"])
            ws.users.append(User(email, first, last, user_status, member_status, role, legacy))
        if self.chance(0.2):
            ws.departed.append(User("gone%d@%s" % (rng.randint(1, 99), self.domain), "Former",
                                    "Owner", "active", None, None, None))

    # -- constants

    def constants(self, ws):
        rng = self.rng
        taken = set()
        for _ in range(rng.randint(0, 5)):
            secret = self.chance(0.4)
            name = self.unique(taken, lambda: constant_name(rng))
            values = {}
            for env in ws.envs:
                if secret:
                    values[env] = SECRET_PLAINTEXT % (name, env)
                elif self.chance(0.15):
                    values[env] = rng.choice(TRICKY_VALUES)
                else:
                    values[env] = "https://%s.%s.example/%d" % (env, rng.choice(WORDS),
                                                              rng.randint(1, 999))
            gaps = None
            if self.on("empty-constant-values") and self.chance(0.3):
                gaps = "empty-constant-values"
                # Now and then no value anywhere (a constant created before its values).
                empty = ws.envs if self.chance(0.1) else \
                    rng.sample(ws.envs, rng.randint(1, len(ws.envs) - 1))
                for env in empty:
                    values[env] = ""
            if secret and self.on("secret-one-environment") and self.chance(0.3):
                gaps = "secret-one-environment"
                keep = rng.choice(ws.envs)
                values = {e: (v if e == keep else "") for e, v in values.items()}
            ws.constants.append(Constant(name, "Secret" if secret else "Global", values))
            ws.constants[-1].gaps = gaps
        if self.use("same-name-constants",
                    self.on("same-name-constants") and ws.constants and self.chance(0.4)):
            other = rng.choice(ws.constants)
            twin_type = "Global" if other.secret else "Secret"
            values = {e: (SECRET_PLAINTEXT % (other.name, e) if twin_type == "Secret"
                          else "twin-%s" % e) for e in ws.envs}
            ws.constants.append(Constant(other.name, twin_type, values))

    def full(self, constant):
        return all(constant.values[e] != "" for e in constant.values)

    def usable_constants(self, ws, ctype, envs):
        """Constants a reference used in `envs` may name: with every value unless a state
        allows gaps; then mostly those with a value in each of `envs`, as a user would pick
        them, and now and then any (a reference where nothing runs yet, or one
        give_used_values makes good)."""
        gaps = self.on("empty-constant-values") or self.on("secret-one-environment")
        out = [c for c in ws.constants if c.type == ctype and (gaps or self.full(c))]
        if gaps and self.chance(0.85):
            out = [c for c in out if all(c.values[e] != "" for e in envs)]
        return out

    def give_used_values(self, ws):
        """ToolJet lets a constant lack a value in an environment, but a version there that
        uses it gets '' (stagegate's used-constant-without-value error): a legal workspace
        is not broken, so each such value is given. Then notes the states of the constants
        still without a value somewhere."""
        used = constants_used(ws)
        for c in ws.constants:
            for env in ws.envs:
                if c.values[env] == "" and (c.type, c.name, env) in used:
                    c.values[env] = SECRET_PLAINTEXT % (c.name, env) if c.secret else \
                        "https://%s.given.example" % env
            if c.gaps and any(v == "" for v in c.values.values()):
                self.use(c.gaps)

    # -- data sources

    def data_sources(self, ws):
        rng = self.rng
        taken = set()
        for _ in range(rng.randint(0, 4)):
            name = self.entity_name(taken)
            kind = rng.choice(["postgresql", "restapi", "mysql", "restapi", "mongodb"])
            ds = DataSource(name, kind, {})
            for env in ws.envs:
                ds.options[env] = self.options(ws, kind, env)
            if self.chance(0.05):
                ds.options[rng.choice(ws.envs)] = {}  # options {}
            ws.data_sources.append(ds)

    def credential(self, ws, env):
        """An encrypted option: a secret's reference, or (a state) none."""
        secrets = self.usable_constants(ws, "Secret", [env])
        if self.use("encrypted-without-reference", self.on("encrypted-without-reference") and
                    (not secrets or self.chance(0.3))):
            return Option(encrypted=True)
        if not secrets:
            return None
        return Option(encrypted=True, secret=self.rng.choice(secrets).name)

    def text_value(self, ws, env, base):
        rng = self.rng
        r = rng.random()
        globals_ = self.usable_constants(ws, "Global", [env])
        if globals_ and r < 0.2:
            return "{{constants.%s}}" % rng.choice(globals_).name
        if r < 0.3:
            return rng.choice(TRICKY_VALUES)
        return "%s-%s" % (base, env)

    def options(self, ws, kind, env):
        """One environment's options of a data source of `kind`, as the plugin's form
        stores them, with now and then a null value or an awkward text."""
        o = {"postgresql": self.database_options, "mysql": self.database_options,
             "restapi": self.rest_options}.get(kind, self.mongo_options)(ws, kind, env)
        if self.chance(0.1):
            o["note"] = Option(None)
        if self.chance(0.1):
            o["comment"] = Option(self.rng.choice(TRICKY_VALUES))
        return o

    def database_options(self, ws, kind, env):
        rng = self.rng
        o = {"connection_type": Option("manual"),
             "host": Option(self.text_value(ws, env, "db.%s" % rng.choice(WORDS))),
             "port": Option(rng.choice([5432, 3306, "5432", 6543])),
             "database": Option(self.text_value(ws, env, rng.choice(WORDS))),
             "username": Option("app_%s" % env),
             "ssl_enabled": Option(rng.choice([True, False])),
             "ssl_certificate": Option("none")}
        cred = self.credential(ws, env)
        if cred:
            o["password"] = cred
        if kind == "postgresql" and self.use("list-options", self.on("list-options") and
                                             self.chance(0.5)):
            o["connection_options"] = Option([["sslmode", rng.choice(["require", "prefer"])],
                                              ["application_name", "tooljet-%s" % env]])
        return o

    def rest_options(self, ws, kind, env):
        rng = self.rng
        auth = rng.choice(["none", "bearer", "oauth2", "none"])
        o = {"url": Option(self.text_value(ws, env, "https://api.%s.example" %
                                           rng.choice(WORDS))),
             "auth_type": Option(auth), "multiple_auth_enabled": Option(False),
             "ssl_certificate": Option("none")}
        cred = self.credential(ws, env) if auth != "none" else None
        if auth == "bearer" and cred:
            o["bearer_token"] = cred
        if auth == "oauth2":
            o.update({"grant_type": Option("client_credentials"),
                      "client_id": Option("client-%s" % env), "scopes": Option("read, write"),
                      "header_prefix": Option("Bearer ")})
            if cred:
                o["client_secret"] = cred
            if self.use("plain-options", self.on("plain-options")):
                o["access_token_url"] = Option("https://auth.example/%s/token" % env)
                o["add_token_to"] = Option(rng.choice(["header", "url"]))
        if self.use("list-options", self.on("list-options")):
            o["headers"] = Option([["X-Env", env], ["X-Team", rng.choice(WORDS)]]
                                  if self.chance(0.8) else [["", ""]])
            o["custom_query_params"] = Option([["region", rng.choice(["eu", "us"])]])
            if self.chance(0.3):
                o["custom_auth_params"] = Option({"audience": "api://%s" % env})
        return o

    def mongo_options(self, ws, kind, env):
        o = {"connection_type": Option("manual"),
             "host": Option(self.text_value(ws, env, "mongo")), "port": Option(27017),
             "database": Option(self.rng.choice(WORDS)), "username": Option("mongo_%s" % env)}
        cred = self.credential(ws, env)
        if cred:
            o["password"] = cred
        return o

    # -- apps

    def apps(self, ws):
        rng = self.rng
        taken = set()
        owners = [u for u in ws.users if u.role in ("admin", "builder")]
        for _ in range(rng.randint(0, 5)):
            app = App(self.entity_name(taken, cjk_app=True))
            r = rng.random()
            if owners and r < 0.7:
                app.owner = rng.choice(owners)
            elif ws.departed and r < 0.85:
                app.owner = ws.departed[0]
            app.public = self.use("public-apps", self.on("public-apps") and self.chance(0.3))
            self.versions(ws, app)
            self.queries(ws, app)
            ws.apps.append(app)

    def versions(self, ws, app):
        rng = self.rng
        low = 1 if ws.layout == "2026" else 0  # a 2026 app's name is on its versions
        count = rng.randint(low, 4)
        names = set()
        for i in range(count):
            name = self.unique(names, lambda: rng.choice(
                ["v%d" % (i + 1), "v%d" % (i + 1), "%d.%d.0" % (i + 1, rng.randint(0, 9)),
                 "release %d" % (i + 1), "v%d – hotfix" % (i + 1)]))
            if ws.licensed:
                # Older versions tend to be further along the pipeline.
                env = rng.choice(ws.envs[max(0, len(ws.envs) - 1 - (count - 1 - i)):]
                                 if rng.random() < 0.6 else ws.envs)
            else:
                env = ws.envs[0]
            if env == ws.envs[0]:
                status = rng.choice(["DRAFT", "DRAFT", "PUBLISHED", None])
            else:
                status = rng.choice(["PUBLISHED", "PUBLISHED", None])
            app.versions.append(Version(name, env, status))
        candidates = [v for v in app.versions
                      if v.env == ws.release_env() and v.status != "DRAFT" and
                      not (v.status is None and v.env == ws.envs[0])]
        if candidates and rng.random() < 0.7:
            app.released = rng.choice(candidates)
            app.released.status = rng.choice(["PUBLISHED", "RELEASED"])
        # A version released before, still marked RELEASED.
        for v in app.versions:
            if v is not app.released and v.env == ws.envs[-1] and v.status == "PUBLISHED" \
                    and self.chance(0.1):
                v.status = "RELEASED"

    def queries(self, ws, app):
        rng = self.rng
        if not app.versions:
            return
        # An app's queries use their constants wherever the app has a version.
        globals_ = self.usable_constants(ws, "Global", {v.env for v in app.versions})
        for _ in range(rng.randint(0, 3)):
            version = rng.choice(app.versions)
            sources = ws.global_sources()
            source = rng.choice(sources) if sources and self.chance(0.8) else None
            used = rng.sample(globals_, rng.randint(0, min(2, len(globals_))))
            app.queries.append(Query(version, source, [c.name for c in used]))

    def app_level_sources(self, ws):
        """State 12: a legacy data source of one app version, and the sample data source."""
        if not self.on("app-level-data-sources"):
            return
        rng = self.rng
        taken = {d.name for d in ws.data_sources}
        with_versions = [a for a in ws.apps if a.versions]
        if self.use("app-level-data-sources", with_versions and self.chance(0.3)):
            app = rng.choice(with_versions)
            version = rng.choice(app.versions)
            ds = DataSource(self.entity_name(taken), "postgresql",
                            {e: self.options(ws, "postgresql", e) for e in ws.envs},
                            scope="local")
            ds.app = (app, version)
            ws.data_sources.append(ds)
            app.queries.append(Query(version, ds, []))
        if self.use("app-level-data-sources", with_versions and self.chance(0.3)):
            app = rng.choice(with_versions)
            ds = DataSource("Sample data source", "postgresql",
                            {e: {"host": Option("sample.tooljet.example"),
                                 "port": Option(5432), "database": Option("sample_db")}
                             for e in ws.envs}, dtype="sample")
            ws.data_sources.append(ds)
            app.queries.append(Query(rng.choice(app.versions), ds, []))

    # -- groups

    def flags(self, released_only):
        """A grant's can_access_* flags: every combination, or (for end-users without the
        multi-environment licence: ToolJet refuses the others) released alone or none."""
        rng = self.rng
        if released_only:
            return {f: f == "released" and self.chance(0.9) for f in FLAGS}
        r = rng.random()
        if r < 0.3:
            return {f: True for f in FLAGS}
        if r < 0.4:
            return {f: False for f in FLAGS}
        return {f: self.chance(0.5) for f in FLAGS}

    def app_grant(self, ws, edit, end_user=False):
        rng = self.rng
        apps = [a.name for a in ws.apps]
        all_apps = not apps or self.chance(0.4)
        chosen = [] if all_apps else rng.sample(apps, rng.randint(0, len(apps)))
        return AppGrant(all_apps, chosen, edit, self.flags(end_user and not ws.licensed),
                        self.chance(0.2))

    def ds_grant(self, ws):
        rng = self.rng
        names = [d.name for d in ws.global_sources()]
        all_sources = not names or self.chance(0.4)
        chosen = [] if all_sources else rng.sample(names, rng.randint(0, len(names)))
        return DataSourceGrant(all_sources, chosen, self.chance(0.4))

    def groups(self, ws):
        rng = self.rng
        admin = Group("admin", "default", set(), [AppGrant(True, [], True,
                                                           {f: True for f in FLAGS}, False)],
                      [], [])
        admin.everything = True
        ws.groups.append(admin)
        # builder: ToolJet's default or changed
        if self.chance(0.5):
            builder = Group("builder", "default", set(BUILTIN_BUILDER_PERMISSIONS),
                            [AppGrant(True, [], True, {f: True for f in FLAGS}, False)],
                            [DataSourceGrant(True, [], False)], [])
        else:
            builder = Group("builder", "default", self.permissions(),
                            [self.app_grant(ws, self.chance(0.6))
                             for _ in range(rng.randint(0, 2))],
                            [self.ds_grant(ws) for _ in range(rng.randint(0, 1))], [])
        ws.groups.append(builder)
        if self.chance(0.5):
            end_user = Group("end-user", "default", set(),
                             [AppGrant(True, [], False, {f: f == "released" for f in FLAGS},
                                       False)], [], [])
        else:
            end_user = Group("end-user", "default", set(),
                             [self.app_grant(ws, False, end_user=True)
                              for _ in range(rng.randint(0, 2))], [], [])
        ws.groups.append(end_user)
        for u in ws.users:
            if u.role:
                ws.group(u.role).members.append(u)
        taken = set()
        for _ in range(rng.randint(0, 5)):
            name = self.entity_name(taken)
            if name.lower() in ("admin", "builder", "end-user", "end user", "all users"):
                continue
            self.custom_group(ws, name)
            if self.chance(0.1) and name.swapcase() not in taken and name.swapcase() != name:
                taken.add(name.swapcase())
                self.custom_group(ws, name.swapcase())  # groups differing only in case

    def permissions(self):
        return {p for p in sorted(seed.KNOWN_PERMISSIONS) if self.chance(0.3)}

    def granular(self, ws, g, what, i, label, kind, is_all):
        """Group g's i-th grant of `what` as a granular_permissions row; its id."""
        gp = self.uid(ws, "group/%s/%s/%d" % (g.name, what, i))
        self.t.add("granular_permissions", id=gp, group_id=g.id,
                   name="%s %d" % (label, i + 1), type=kind, is_all=is_all)
        return gp

    def folders(self, ws):
        """Folders of the apps (some created by an admin or builder), and (2026) permissions
        on them: the builder's as ToolJet's migration seeds it (every folder,
        can_edit_folder), and some custom groups'. Drawn from a Random of their own, so the
        rest of the workspace is what it was without."""
        if not self.on("folder-grants"):
            return
        rng = random.Random("folders/" + ws.name)
        apps = [a.name for a in ws.apps]
        rng.shuffle(apps)
        creators = [u for u in ws.users if u.role in ("admin", "builder")]
        for i in range(rng.randint(0, 3)):
            ws.folders.append(Folder("folder-%d" % (i + 1), apps[i::3] if rng.random() < 0.8
                                     else [],
                                     rng.choice(creators) if creators and rng.random() < 0.5
                                     else None))
        if ws.layout != "2026" or not ws.folders:
            return
        self.use("folder-grants")
        if rng.random() < 0.8:
            ws.group("builder").folder_grants.append(FolderGrant(True, [], True, False, False))
        names = [f.name for f in ws.folders]
        for g in ws.custom_groups():
            if rng.random() < 0.4:
                continue
            end_users = any(u.end_user for u in g.members)
            edit = not end_users and rng.random() < 0.5
            folder_flag = edit and rng.random() < 0.5
            g.folder_grants.append(FolderGrant(
                rng.random() < 0.3, rng.sample(names, rng.randint(0, len(names))),
                folder_flag, edit and not folder_flag, not edit or rng.random() < 0.3))

    def custom_group(self, ws, name):
        rng = self.rng
        view_only = self.chance(0.4)
        if view_only:
            group = Group(name, "custom", set(),
                          [self.app_grant(ws, False, end_user=True)
                           for _ in range(rng.randint(0, 2))], [], [])
        else:
            group = Group(name, "custom", self.permissions(),
                          [self.app_grant(ws, self.chance(0.5)) for _ in range(rng.randint(0, 3))],
                          [self.ds_grant(ws) for _ in range(rng.randint(0, 2))], [])
        candidates = [u for u in ws.users if not u.end_user or not group.builder_level()]
        group.members = rng.sample(candidates, rng.randint(0, len(candidates)))
        ws.groups.append(group)


REFERENCE = re.compile(r"\{\{\s*(constants|secrets)\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def option_references(options):
    """(type, name) of the constants one environment's options reference."""
    out = set()
    for o in options.values():
        if o.encrypted and o.secret:
            out.add(("Secret", o.secret))
        elif isinstance(o.value, str):
            out |= {("Global" if kind == "constants" else "Secret", name)
                    for kind, name in REFERENCE.findall(o.value)}
    return out


def constants_used(ws):
    """(type, name, environment) of every constant a version uses, by stagegate's rule
    (compiler/checks/check_constant_uses.cc): an app with a version in the environment uses
    the global constants its queries (of any version) name, and the constants referenced in
    that environment's options of the workspace's data sources its queries use."""
    out = set()
    own = ws.global_sources()
    for app in ws.apps:
        named = {("Global", n) for qu in app.queries for n in qu.constants}
        sources = [qu.source for qu in app.queries if any(qu.source is d for d in own)]
        for env in {v.env for v in app.versions}:
            refs = set(named)
            for ds in sources:
                refs |= option_references(ds.options[env])
            out |= {(t, n, env) for t, n in refs}
    return out


# ---------------------------------------------------------------------------------------
# Rows


def node_hex_key(key):
    """The bytes ToolJet's Buffer.from(key, 'hex') makes of LOCKBOX_MASTER_KEY, as hex:
    pairs of hex digits up to the first pair that is not one (no length check)."""
    out = []
    for i in range(0, len(key) - 1, 2):
        pair = key[i:i + 2]
        if not re.fullmatch(r"[0-9a-fA-F]{2}", pair):
            break
        out.append(pair.lower())
    return "".join(out)


class Writer:
    """Writes workspaces as rows of one layout into one Tables (one database)."""

    def __init__(self, layout, master_key, rng):
        self.layout = layout
        self.key = node_hex_key(master_key)  # what the derivation sees
        self.rng = rng
        self.t = seed.Tables()
        self.seeder = seed.Seeder(layout, self.key, self.t)  # for permission_row

    def encrypt(self, table, column, text):
        return seed.encrypt(self.key, table, column, text, nonce=self.rng.randbytes(12))

    def uid(self, ws, path):
        return seed.uid("gen/%s/%s" % (ws.name, path))

    def workspace(self, ws):
        ws.id = self.uid(ws, "org")
        self.t.add("organizations", id=ws.id, name=ws.name, slug=ws.slug, status="active",
                   is_default=False, created_at="2025-01-01 00:00:00")
        for i, env in enumerate(ws.envs):
            ws.env_ids[env] = self.uid(ws, "env/" + env)
            self.t.add("app_environments", id=ws.env_ids[env], organization_id=ws.id, name=env,
                       default=(i == len(ws.envs) - 1), priority=i + 1, enabled=True)
        self.users(ws)
        self.constants(ws)
        self.apps(ws)  # before the data sources: app-level ones point at a version
        self.data_sources(ws)
        self.queries(ws)
        self.folders(ws)
        self.groups(ws)
        if ws.noise:
            self.noise(ws)

    def users(self, ws):
        for u in ws.users + ws.departed:
            u.id = self.uid(ws, "user/" + u.email)
            self.t.add("users", id=u.id, email=u.email, first_name=u.first, last_name=u.last,
                       status=u.user_status, organization_id=ws.id, user_type="workspace",
                       role=None)
        for u in ws.users:
            self.t.add("organization_users", id=self.uid(ws, "org-user/" + u.email),
                       organization_id=ws.id, user_id=u.id, status=u.member_status,
                       role=u.legacy_role or "")

    def constants(self, ws):
        for c in ws.constants:
            c.id = self.uid(ws, "constant/%s/%s" % (c.type, c.name))
            self.t.add("organization_constants", id=c.id, organization_id=ws.id,
                       constant_name=c.name, type=c.type)
            for env in ws.envs:
                self.t.add("org_environment_constant_values",
                           id=self.uid(ws, "constant/%s/%s/%s" % (c.type, c.name, env)),
                           organization_constant_id=c.id, environment_id=ws.env_ids[env],
                           value=self.constant_value(ws, c.values[env]))

    def constant_value(self, ws, text):
        return "" if text == "" else self.encrypt("org_environment_constant_values", ws.id, text)

    def option_json(self, ws, ds, env, options):
        out = {}
        for key, o in options.items():
            if not o.encrypted:
                out[key] = {"value": o.value, "encrypted": False}
                continue
            cred = self.uid(ws, "credential/%s/%s/%s" % (ds.name, env, key))
            self.t.add("credentials", id=cred, value_ciphertext=self.encrypt(
                "credentials", "value", CREDENTIAL_PLAINTEXT % (ds.name, env, key)))
            out[key] = {"credential_id": cred, "encrypted": True}
            if o.secret:
                out[key]["workspace_constant"] = "{{secrets.%s}}" % o.secret
        return out

    def data_sources(self, ws):
        for ds in ws.data_sources:
            ds.id = self.uid(ws, "ds/" + ds.name)
            self.data_source(ws, ds.id, ds.name, ds.kind, ds.type, ds.scope,
                             ds.app[1].id if ds.app else None,
                             {env: self.option_json(ws, ds, env, ds.options[env])
                              for env in ws.envs})

    def data_source(self, ws, ds_id, name, kind, dtype, scope, version_id, env_options,
                    is_dummy=False):
        row = dict(id=ds_id, organization_id=ws.id, name=name, kind=kind, type=dtype,
                   scope=scope, app_version_id=version_id, co_relation_id=None)
        if self.layout == "2026":
            row["is_dummy"] = is_dummy
        self.t.add("data_sources", **row)
        if self.layout == "2026":
            dsv = self.uid(ws, "dsv/%s/default" % name)
            self.t.add("data_source_versions", id=dsv, data_source_id=ds_id, name="default",
                       is_default=True, is_active=True, branch_id=None, app_version_id=None,
                       version_from_id=None)
        for env in ws.envs:
            options = env_options.get(env, {})
            if self.layout == "3x":
                self.t.add("data_source_options", id=self.uid(ws, "dso/%s/%s" % (name, env)),
                           data_source_id=ds_id, environment_id=ws.env_ids[env],
                           options=seed.dumps(options))
            else:
                self.t.add("data_source_version_options",
                           id=self.uid(ws, "dsvo/%s/%s" % (name, env)),
                           data_source_version_id=dsv, environment_id=ws.env_ids[env],
                           options=seed.dumps(options))
                self.t.add("data_source_options", id=self.uid(ws, "dso/%s/%s" % (name, env)),
                           data_source_id=ds_id, environment_id=ws.env_ids[env],
                           options=seed.dumps(seed.Seeder.stale_json(options)))

    def apps(self, ws):
        for app in ws.apps:
            app.id = self.uid(ws, "app/" + app.name)
            for v in app.versions:
                v.id = self.uid(ws, "app/%s/version/%s" % (app.name, v.name))
            self.t.add("apps", id=app.id, organization_id=ws.id,
                       name=app.name if self.layout == "3x" else None, slug=app.id,
                       type="front-end",
                       current_version_id=app.released.id if app.released else None,
                       user_id=app.owner.id if app.owner else None, is_public=app.public)
            for i, v in enumerate(app.versions):
                self.version(ws, app.id, app.name, v.id, v.name, ws.env_ids[v.env], v.status,
                             VERSION_EPOCH + datetime.timedelta(minutes=i), public=app.public)

    def version(self, ws, app_id, app_name, vid, name, env_id, status, created_at,
                version_type="version", public=False):
        self.t.add("app_versions", **seed.version_row(self.layout, app_id, app_name, vid, name,
                                                      env_id, status, created_at, version_type,
                                                      public))

    def queries(self, ws):
        for app in ws.apps:
            for i, q in enumerate(app.queries):
                options = {"method": "get"}
                if q.constants:
                    options["url"] = "/".join("{{constants.%s}}" % c for c in q.constants)
                self.t.add("data_queries", id=self.uid(ws, "app/%s/query/%d" % (app.name, i)),
                           app_version_id=q.version.id,
                           data_source_id=q.source.id if q.source else None,
                           name="query%d" % (i + 1), options=seed.dumps(options))

    def groups(self, ws):
        for g in ws.groups:
            g.id = self.uid(ws, "group/" + g.name)
            self.t.add("permission_groups", id=g.id, organization_id=ws.id, name=g.name,
                       type=g.type, **self.seeder.permission_row(sorted(g.permissions),
                                                                 g.everything))
            for u in g.members:
                self.t.add("group_users", id=self.uid(ws, "member/%s/%s" % (g.name, u.email)),
                           group_id=g.id, user_id=u.id)
            apps = {a.name: a.id for a in ws.apps}
            for i, grant in enumerate(g.app_grants):
                gp = self.granular(ws, g, "apps", i, "Apps", "app", grant.all)
                grant.id = self.uid(ws, "group/%s/apps/%d/agp" % (g.name, i))
                self.t.add("apps_group_permissions", id=grant.id, granular_permission_id=gp,
                           app_type="front-end", can_edit=grant.edit, can_view=not grant.edit,
                           hide_from_dashboard=grant.hide,
                           **{"can_access_" + f: grant.flags[f] for f in FLAGS})
                for name in grant.apps:
                    self.t.add("group_apps", id=self.uid(ws, "agp/%s/%d/%s" % (g.name, i, name)),
                               apps_group_permissions_id=grant.id, app_id=apps[name])
            sources = {d.name: d.id for d in ws.data_sources}
            for i, grant in enumerate(g.ds_grants):
                gp = self.granular(ws, g, "ds", i, "Data sources", "data_source", grant.all)
                grant.id = self.uid(ws, "group/%s/ds/%d/dsgp" % (g.name, i))
                self.t.add("data_sources_group_permissions", id=grant.id,
                           granular_permission_id=gp, can_use=not grant.configure,
                           can_configure=grant.configure)
                for name in grant.sources:
                    self.t.add("group_data_sources",
                               id=self.uid(ws, "dsgp/%s/%d/%s" % (g.name, i, name)),
                               data_sources_group_permissions_id=grant.id,
                               data_source_id=sources[name])
            self.folder_grants(ws, g)

    def granular(self, ws, g, what, i, label, kind, is_all):
        """Group g's i-th grant of `what` as a granular_permissions row; its id."""
        gp = self.uid(ws, "group/%s/%s/%d" % (g.name, what, i))
        self.t.add("granular_permissions", id=gp, group_id=g.id,
                   name="%s %d" % (label, i + 1), type=kind, is_all=is_all)
        return gp

    def folders(self, ws):
        apps = {a.name: a.id for a in ws.apps}
        for folder in ws.folders:
            folder.id = self.uid(ws, "folder/" + folder.name)
            created = {} if self.layout == "3x" else {
                "created_by": folder.creator.id if folder.creator else None}
            self.t.add("folders", id=folder.id, name=folder.name, organization_id=ws.id,
                       type="front-end", **created)
            for name in folder.apps:
                self.t.add("folder_apps", id=self.uid(ws, "folder/%s/%s" % (folder.name, name)),
                           folder_id=folder.id, app_id=apps[name])

    def folder_grants(self, ws, g):
        if self.layout != "2026":
            return  # 3.x has folders but no permissions on them
        folders = {f.name: f.id for f in ws.folders}
        for i, grant in enumerate(g.folder_grants):
            gp = self.granular(ws, g, "folders", i, "Folders", "folder", grant.all)
            grant.id = self.uid(ws, "group/%s/folders/%d/fgp" % (g.name, i))
            self.t.add("folders_group_permissions", id=grant.id, granular_permission_id=gp,
                       can_edit_folder=grant.edit_folder, can_edit_apps=grant.edit_apps,
                       can_view_apps=grant.view_apps)
            for name in grant.folders:
                self.t.add("group_folders", id=self.uid(ws, "fgp/%s/%d/%s" % (g.name, i, name)),
                           folder_id=folders[name], folders_group_permissions_id=grant.id)

    def noise(self, ws):
        """Rows the importer must ignore: a static data source and a query on it, a workflow,
        the deprecated group table; on 2026 a dummy data source, a git branch head and a
        frozen per-version snapshot of a data source's options."""
        self.data_source(ws, self.uid(ws, "ds/noise-static"), "restapidefault", "restapi",
                         "static", "global", None, {})
        flow = self.uid(ws, "app/noise-workflow")
        flow_v = self.uid(ws, "app/noise-workflow/v1")
        self.t.add("apps", id=flow, organization_id=ws.id, name="noise-workflow",
                   slug=flow, type="workflow", current_version_id=flow_v, user_id=None,
                   is_public=False)
        self.version(ws, flow, "noise-workflow", flow_v, "v1", ws.env_ids[ws.envs[-1]],
                     "PUBLISHED", VERSION_EPOCH)
        self.t.add("group_permissions", id=self.uid(ws, "legacy-group"), organization_id=ws.id,
                   group="all_users", app_create=True, app_delete=False, folder_create=True,
                   created_at="2023-01-01 00:00:00")
        first = next((a for a in ws.apps if a.versions), None)
        if first:
            self.t.add("data_queries", id=self.uid(ws, "noise-query"),
                       app_version_id=first.versions[0].id,
                       data_source_id=self.uid(ws, "ds/noise-static"), name="runjs1",
                       options=seed.dumps({"code": "return {{constants.NOT_A_CONSTANT}}"}))
        if self.layout != "2026":
            return
        self.data_source(ws, self.uid(ws, "ds/noise-dummy"), "noise-dummy", "restapi",
                         "default", "global", None,
                         {e: {"url": {"value": "https://dummy.invalid", "encrypted": False}}
                          for e in ws.envs}, is_dummy=True)
        if first:
            branch = self.uid(ws, "app/%s/branch" % first.name)
            self.version(ws, first.id, first.name, branch, branch, ws.env_ids[ws.envs[0]],
                         "DRAFT", datetime.datetime(2026, 6, 1), "branch", public=first.public)
        sources = ws.global_sources()
        if first and sources:
            ds = sources[0]
            snap = self.uid(ws, "dsv/%s/snapshot" % ds.name)
            self.t.add("data_source_versions", id=snap, data_source_id=ds.id, name="snapshot",
                       is_default=False, is_active=True, branch_id=None,
                       app_version_id=first.versions[0].id,
                       version_from_id=self.uid(ws, "dsv/%s/default" % ds.name))
            for env in ws.envs:
                self.t.add("data_source_version_options",
                           id=self.uid(ws, "dsvo/%s/snapshot/%s" % (ds.name, env)),
                           data_source_version_id=snap, environment_id=ws.env_ids[env],
                           options=seed.dumps({"snapshot_marker": {"value": "SNAPSHOT-x",
                                                                   "encrypted": False}}))

    def script(self, out):
        """The psql script: what the schema files lack, then the rows."""
        out.write("SET client_encoding = 'UTF8';\nSET client_min_messages = warning;\n")
        # ToolJet's enum has RELEASED; the 2026 layout has app_versions.is_public (default
        # true). Both are no-ops where the schema has them.
        out.write("ALTER TYPE version_status_enum ADD VALUE IF NOT EXISTS 'RELEASED';\n")
        if self.layout == "2026":
            out.write("ALTER TABLE app_versions ADD COLUMN IF NOT EXISTS is_public boolean "
                      "DEFAULT true;\n")
        out.write("BEGIN;\n")
        self.t.write(out)
        out.write("COMMIT;\nANALYZE;\n")


# ---------------------------------------------------------------------------------------
# Changes made in the database after the import, and what plan must show for each


def plain_word(key):
    return bool(key) and all(c.isascii() and (c.isalnum() or c in "_-") for c in key)


def join(path, key):
    """stagegate's path of field `key` under `path` (compiler/diff/entity_diff.cc, Join)."""
    if plain_word(key):
        return "%s.%s" % (path, key) if path else key
    return "%s[%s]" % (path, json.dumps(key, ensure_ascii=False))


ANY = object()  # any value


class ListOf:
    """A value shown as a list, `[a, b]`, compared as a set of its items."""

    def __init__(self, items):
        self.items = set(items)

    def __repr__(self):
        return "ListOf(%s)" % sorted(self.items)


class Field:
    def __init__(self, path, before=ANY, after=ANY, secret=ANY):
        self.path, self.before, self.after = path, before, after  # path: text or re.Pattern
        self.secret = secret  # the field's `secret` flag (absent: false)


class Change:
    """An entity change of `plan --format json`'s `configuration`."""

    def __init__(self, kind, name, change, fields, fields_any=False, optional=False):
        self.kind, self.name, self.change, self.fields = kind, name, change, fields
        self.fields_any = fields_any  # only kind, name (ANY: any) and change are compared
        self.optional = optional      # the plan may leave it out


class Mutation:
    """One change made in the database: `changes` is what the plan's `configuration` must be;
    with none, the plan exits 0 and `notes` says why: each is the texts one line of its
    standard error must hold (a change the format has no place for is named in a note)."""

    def __init__(self, what, sql, changes, state=None, notes=()):
        self.what, self.sql, self.changes = what, sql, changes
        self.state = state  # the STATES entry the change exercises, if any
        self.notes = list(notes)


def variable_part(name):
    """NAME or ENVIRONMENT of an import's TOOLJET_CONSTANT_<NAME>_<ENVIRONMENT> (docs/import.md:
    upper-cased, each character but an ASCII letter or digit made '_')."""
    return "".join(c.upper() if c.isascii() and c.isalnum() else "_" for c in name)


def show_text(text):
    return '""' if text == "" else text


def parse_list(shown):
    if shown is None or shown == "null":
        return None
    if not (shown.startswith("[") and shown.endswith("]")):
        return None
    inner = shown[1:-1]
    return set() if inner == "" else set(inner.split(", "))


def value_matches(expected, actual):
    if expected is ANY:
        return True
    if isinstance(expected, ListOf):
        return parse_list(actual) == expected.items
    return expected == actual


def path_matches(expected, actual):
    if isinstance(expected, re.Pattern):
        return expected.fullmatch(actual) is not None
    return expected == actual


def compare(expected, configuration):
    """Problems (a list of text) between the expected Changes and plan's `configuration`."""
    problems = []
    left = list(configuration)
    for change in expected:
        match = next((c for c in left if c["kind"] == change.kind and
                      value_matches(change.name, c["name"]) and c["change"] == change.change),
                     None)
        if match is None:
            if change.optional:
                continue
            problems.append("missing: %s %r %s" % (change.kind, change.name, change.change))
            continue
        left.remove(match)
        if change.fields_any:
            continue
        fields = list(match["fields"])
        for f in change.fields:
            hit = next((x for x in fields if path_matches(f.path, x["path"]) and
                        value_matches(f.before, x["before"]) and
                        value_matches(f.after, x["after"]) and
                        value_matches(f.secret, x.get("secret", False))), None)
            if hit is None:
                problems.append("%s %r: no field %s before=%r after=%r%s among %s" % (
                    change.kind, change.name, getattr(f.path, "pattern", f.path), f.before,
                    f.after, "" if f.secret is ANY else " secret=%r" % f.secret,
                    json.dumps(fields, ensure_ascii=False)))
            else:
                fields.remove(hit)
        for x in fields:
            problems.append("%s %r: unexpected field %s" % (
                change.kind, change.name, json.dumps(x, ensure_ascii=False)))
    for c in left:
        problems.append("unexpected change: %s" % json.dumps(c, ensure_ascii=False))
    return problems


BUILTIN_BUILDER_PERMISSIONS = {"appCreate", "appDelete", "appPromote", "appRelease", "folderCRUD"}


def builtin_builder(group, permissions):
    """Whether the builder group with `permissions` is stagegate's built-in builder role."""
    return permissions == BUILTIN_BUILDER_PERMISSIONS and \
        [grant_key(a) for a in group.app_grants] == [(True, (), True, (True,) * 4, False)] and \
        [(d.all, d.configure) for d in group.ds_grants] == [(True, False)]


def environments(flags):
    """A grant's `environments` as plan shows it: absent (None) when every flag is set."""
    if all(flags.values()):
        return None
    return ListOf(f for f in FLAGS if flags[f])


def grant_key(grant, **changes):
    """What stagegate reads of an app grant (a set: equal grants are one), with `changes`
    (flags=..., hide=...) made; None for a grant on no apps, which it leaves out."""
    all_apps = grant.all
    apps = () if all_apps else tuple(sorted(grant.apps))
    if not all_apps and not apps:
        return None
    flags = changes.get("flags", grant.flags)
    return (all_apps, apps, grant.edit, tuple(flags[f] for f in FLAGS),
            changes.get("hide", grant.hide))


def q(text):
    """An SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def grant_path(prefix, kind, field):
    """The path of `field` of any grant of kind apps / dataSources under prefix."""
    return re.compile(re.escape(join(prefix, kind)) + r"\[\d+\]\." + re.escape(field))


class Mutator:
    """The single changes a ToolJet user could make to a written workspace."""

    def __init__(self, rng, ws, writer):
        self.rng, self.ws, self.writer = rng, ws, writer

    def candidates(self, states):
        """(kind, function) for each change that applies to this workspace."""
        return (self.group_candidates() + self.user_candidates() +
                self.source_candidates(states) + self.constant_candidates(states) +
                self.app_candidates(states) +
                [("builder-permission-flipped",
                  lambda: self.permission_flipped(self.ws.group("builder"))),
                 ("group-added", self.group_added), ("constant-added", self.constant_added)])

    def group_candidates(self):
        out = []
        active = [u for u in self.ws.users if not u.disabled and u.role]
        for g in self.ws.custom_groups():
            if any(u not in g.members and (not u.end_user or not g.builder_level())
                   for u in active):
                out.append(("member-added", lambda g=g: self.member_added(g)))
            if g.members:
                out.append(("member-removed", lambda g=g: self.member_removed(g)))
            if not any(u.end_user for u in g.members):
                out.append(("permission-flipped", lambda g=g: self.permission_flipped(g)))
            out += self.grant_changes(g)
        return out

    def user_candidates(self):
        out = []
        for u in self.ws.users:
            if u.display_name() and u.first:
                out.append(("user-renamed", lambda u=u: self.user_renamed(u)))
            if not u.disabled and u.role and u.role != "admin":
                out.append(("user-archived", lambda u=u: self.user_archived(u)))
        return out

    def source_candidates(self, states):
        out = []
        secrets = [c for c in self.ws.constants if c.secret]
        plain = ("host", "url", "database", "username") + (
            ("access_token_url", "add_token_to") if "plain-options" in states else ())
        for ds in self.ws.global_sources():
            for env in self.ws.envs:
                for key, o in ds.options[env].items():
                    if not o.encrypted and isinstance(o.value, str) and \
                            not seed.SECRET_REF.match(o.value) and len(o.value) < 200 and \
                            key in plain:
                        out.append(("option-changed",
                                    lambda d=ds, e=env, k=key: self.option_changed(d, e, k)))
                    if key == "headers" and o.value and o.value[0][0]:
                        out.append(("header-changed",
                                    lambda d=ds, e=env: self.header_changed(d, e)))
                    if o.encrypted and not o.secret and \
                            any(c.values[env] != "" for c in secrets):
                        out.append(("credential-referenced", lambda d=ds, e=env, k=key:
                                    self.credential_referenced(d, e, k)))
        return out

    def constant_candidates(self, states):
        return [("constant-changed", lambda c=c, e=env: self.constant_changed(c, e))
                for c in self.ws.constants if not c.secret for env in self.ws.envs
                if c.values[env] != "" or "empty-constant-values" in states]

    def app_candidates(self, states):
        out = []
        ws = self.ws
        for app in ws.apps:
            if "public-apps" in states and not app.public:
                out.append(("app-made-public", lambda a=app: self.app_made_public(a)))
            # Another release replaces the released version (plan would refuse to take a
            # release back to no released version at all: forbidden-version-action).
            for v in app.versions:
                if app.released is not None and v is not app.released and \
                        v.env == ws.release_env() and v.status != "DRAFT" and \
                        not (v.status is None and v.env == ws.envs[0]):
                    out.append(("version-released", lambda a=app, v=v: self.released(a, v)))
            for ds in ws.data_sources:
                if (ds.scope == "local" or ds.type == "sample") and app.versions and \
                        not any(qu.source is ds for qu in app.queries):
                    out.append(("app-level-source-used",
                                lambda a=app, d=ds: self.app_level_source_used(a, d)))
            owners = [u for u in ws.users if u.role in ("admin", "builder") and
                      u is not app.owner]
            if owners:
                out.append(("owner-changed", lambda a=app, o=owners: self.owner_changed(a, o)))
        return out

    def grant_changes(self, g):
        """Flag and hide changes of g's app grants that change one grant into another: not
        of a grant on no apps (left out), nor of or into one equal to another grant of g
        (grants are a set)."""
        out = []
        if g.folder_grants:
            return out  # a folder's grant may equal one of them, or be given by it
        keys = [grant_key(a) for a in g.app_grants]
        end_users = any(u.end_user for u in g.members)
        for i, grant in enumerate(g.app_grants):
            others = keys[:i] + keys[i + 1:]
            if keys[i] is None or keys[i] in others:
                continue
            for flag in FLAGS:
                flags = dict(grant.flags, **{flag: not grant.flags[flag]})
                # With end-users in the group, ToolJet makes them builders for anything
                # beyond the released app without the licence, and for edit always.
                if end_users and (grant.edit or (flag != "released" and flags[flag] and
                                                 not self.ws.licensed)):
                    continue
                if grant_key(grant, flags=flags) not in others:
                    out.append(("grant-flag-flipped",
                                lambda g=g, a=grant, f=flag: self.flag_flipped(g, a, f)))
            if grant_key(grant, hide=not grant.hide) not in others:
                out.append(("hide-flipped", lambda g=g, a=grant: self.hide_flipped(g, a)))
        return out

    def pick(self, states):
        options = self.candidates(states)
        kinds = sorted({k for k, _ in options})
        kind = self.rng.choice(kinds)  # each kind equally likely, then one instance
        return self.rng.choice([f for k, f in options if k == kind])()

    # -- groups

    def member_added(self, g):
        ws = self.ws
        users = [u for u in ws.users if not u.disabled and u.role and u not in g.members and
                 (not u.end_user or not g.builder_level())]
        u = self.rng.choice(users)
        sql = "INSERT INTO group_users (group_id, user_id) VALUES (%s, %s);" % (q(g.id), q(u.id))
        before = [m.email for m in g.members]
        return Mutation("%s added to group %r" % (u.email, g.name), sql, [
            Change("group", g.name, "changed", [Field(
                join(join("groups", g.name), "members"), ListOf(before + [u.email]),
                ListOf(before))])])

    def member_removed(self, g):
        u = self.rng.choice(g.members)
        sql = "DELETE FROM group_users WHERE group_id = %s AND user_id = %s;" % (q(g.id), q(u.id))
        before = [m.email for m in g.members]
        rest = [e for e in before if e != u.email]
        return Mutation("%s removed from group %r" % (u.email, g.name), sql, [
            Change("group", g.name, "changed", [Field(
                join(join("groups", g.name), "members"), ListOf(rest), ListOf(before))])])

    def permission_flipped(self, g):
        perm = self.rng.choice(sorted(seed.KNOWN_PERMISSIONS))
        has = perm in g.permissions
        columns = {p: c for p, c in seed.PERMISSION_COLUMNS_COMMON}
        if perm == "folderCRUD":
            cols = ["folder_crud"] if self.ws.layout == "3x" else ["folder_create",
                                                                    "folder_delete"]
        else:
            cols = [columns[perm]]
        sql = "UPDATE permission_groups SET %s WHERE id = %s;" % (
            ", ".join("%s = %s" % (c, "false" if has else "true") for c in cols), q(g.id))
        now = set(g.permissions) ^ {perm}
        kind, section = ("group", "groups") if g.type == "custom" else ("role", "roles")
        fields = [Field(join(join(section, g.name), "permissions"), ListOf(now),
                        ListOf(g.permissions))]
        if g.type == "default":
            # A role group as stagegate's built-in default is no role section in the files.
            was, will = builtin_builder(g, g.permissions), builtin_builder(g, now)
            if was != will:
                fields.append(Field(join(join(section, g.name), "configured"),
                                    "false" if will else "true", "false" if was else "true"))
        return Mutation("permission %s %s on %s %r" % (perm, "off" if has else "on", kind,
                                                        g.name), sql,
                        [Change(kind, g.name, "changed", fields)])

    def flag_flipped(self, g, grant, flag):
        sql = "UPDATE apps_group_permissions SET can_access_%s = NOT can_access_%s " \
              "WHERE id = %s;" % (flag, flag, q(grant.id))
        flipped = dict(grant.flags, **{flag: not grant.flags[flag]})
        return Mutation("grant flag %s flipped on group %r" % (flag, g.name), sql, [
            Change("group", g.name, "changed", [Field(
                grant_path(join("groups", g.name), "apps", "environments"),
                environments(flipped), environments(grant.flags))])])

    def hide_flipped(self, g, grant):
        sql = "UPDATE apps_group_permissions SET hide_from_dashboard = %s WHERE id = %s;" % (
            "false" if grant.hide else "true", q(grant.id))
        return Mutation("hideFromDashboard flipped on group %r" % g.name, sql, [
            Change("group", g.name, "changed", [Field(
                grant_path(join("groups", g.name), "apps", "hideFromDashboard"),
                "true" if not grant.hide else "false", "true" if grant.hide else "false")])])

    def group_added(self):
        name = "added-in-tooljet"
        sql = "INSERT INTO permission_groups (organization_id, name, type) " \
              "VALUES (%s, %s, 'custom');" % (q(self.ws.id), q(name))
        return Mutation("group %r created" % name, sql,
                        [Change("group", name, "removed", [], fields_any=True)])

    # -- users

    def user_renamed(self, u):
        new_first = "Renamed"
        sql = "UPDATE users SET first_name = %s WHERE id = %s;" % (q(new_first), q(u.id))
        after = u.display_name()
        before = new_first + (" " + u.last if u.last else "")
        return Mutation("user %s renamed" % u.email, sql, [
            Change("user", u.email, "changed", [Field(join(join("users", u.email), "name"),
                                                      before, show_text(after))])])

    def user_archived(self, u):
        sql = "UPDATE organization_users SET status = 'archived' WHERE user_id = %s AND " \
              "organization_id = %s;" % (q(u.id), q(self.ws.id))
        return Mutation("user %s archived" % u.email, sql, [
            Change("user", u.email, "changed", [Field(join(join("users", u.email), "disabled"),
                                                      "true", "false")])])

    # -- data sources and constants

    def option_changed(self, ds, env, key):
        old = ds.options[env][key].value
        new = "changed-in-tooljet"
        sql = self.option_sql(ds, env, "jsonb_set(options::jsonb, %s, %s)::%s" % (
            q("{%s,value}" % key), q(json.dumps(new)), "%s"))
        path = join(join(join(join("dataSources", ds.name), "environments"), env), key)
        return Mutation("option %s of %r in %s changed" % (key, ds.name, env), sql, [
            Change("dataSource", ds.name, "changed", [Field(path, new, show_text(old))])],
            "plain-options" if key in ("access_token_url", "add_token_to") else None)

    def option_sql(self, ds, env, expression):
        """UPDATE of one environment's options row; expression has a %s for the cast."""
        env_id = self.ws.env_ids[env]
        if self.ws.layout == "3x":
            return "UPDATE data_source_options SET options = %s WHERE data_source_id = %s " \
                   "AND environment_id = %s;" % (expression % "json", q(ds.id), q(env_id))
        return "UPDATE data_source_version_options o SET options = %s FROM " \
               "data_source_versions v WHERE v.id = o.data_source_version_id AND v.is_default " \
               "AND v.app_version_id IS NULL AND v.data_source_id = %s AND " \
               "o.environment_id = %s;" % (expression % "jsonb", q(ds.id), q(env_id))

    def header_changed(self, ds, env):
        headers = [list(h) for h in ds.options[env]["headers"].value]
        headers[0][1] = "changed-in-tooljet"
        sql = self.option_sql(ds, env, "jsonb_set(options::jsonb, '{headers,value}', %s)::%s" % (
            q(json.dumps(headers)), "%s"))
        path = join(join(join(join("dataSources", ds.name), "environments"), env), "headers")
        return Mutation("header %s of %r in %s changed" % (headers[0][0], ds.name, env), sql, [
            Change("dataSource", ds.name, "changed", [Field(path)])], "list-options")

    def credential_referenced(self, ds, env, key):
        """Someone typed {{secrets.X}} into an encrypted option that had a typed value: a
        secret with a value in that environment (one without would break the versions
        there that use the data source)."""
        secret = self.rng.choice([c for c in self.ws.constants
                                  if c.secret and c.values[env] != ""]).name
        ref = "{{secrets.%s}}" % secret
        sql = self.option_sql(ds, env, "jsonb_set(options::jsonb, %s, %s)::%s" % (
            q("{%s,workspace_constant}" % key), q(json.dumps(ref)), "%s"))
        path = join(join(join(join("dataSources", ds.name), "environments"), env), key)
        # The secret made up for the typed values goes when no typed value is left.
        return Mutation("option %s of %r in %s now refers to %s" % (key, ds.name, env, ref), sql,
                        [Change("dataSource", ds.name, "changed", [Field(path, ref)]),
                         Change("constant", ANY, "added", [], fields_any=True, optional=True)],
                        "encrypted-without-reference")

    def constant_changed(self, c, env):
        new = "changed-in-tooljet"
        w = self.writer
        sql = "UPDATE org_environment_constant_values SET value = %s WHERE id = %s;" % (
            q(w.constant_value(self.ws, new)),
            q(w.uid(self.ws, "constant/%s/%s/%s" % (c.type, c.name, env))))
        path = join(join(join("constants", c.name), "values"), env)
        # How a constant without a value in an environment shows is the reader's to say.
        if c.values[env] == "":
            field, state = Field(path, new), "empty-constant-values"
        elif self.ws.without_key:
            # Imported without the key, the files read it from a variable: the plan shows
            # the variable (docs/import.md), never the value it holds.
            field = Field(path, new, "fromEnv: TOOLJET_CONSTANT_%s_%s" % (
                variable_part(c.name), variable_part(env)), secret=True)
            state = "import-without-key"
        else:
            field, state = Field(path, new, show_text(c.values[env]), secret=False), None
        return Mutation("constant %s changed in %s" % (c.name, env), sql, [
            Change("constant", c.name, "changed", [field])], state)

    def constant_added(self):
        ws, w = self.ws, self.writer
        name = "ADDED_IN_TOOLJET"
        cid = w.uid(ws, "constant/added")
        sql = ["INSERT INTO organization_constants (id, organization_id, constant_name, type) "
               "VALUES (%s, %s, %s, 'Global');" % (q(cid), q(ws.id), q(name))]
        for env in ws.envs:
            sql.append("INSERT INTO org_environment_constant_values (organization_constant_id, "
                       "environment_id, value) VALUES (%s, %s, %s);" % (
                           q(cid), q(ws.env_ids[env]), q(w.constant_value(ws, "added-" + env))))
        return Mutation("constant %s created" % name, "\n".join(sql),
                        [Change("constant", name, "removed", [], fields_any=True)])

    # -- apps

    def app_level_source_used(self, app, ds):
        """An app's query starts using an app-level or the sample data source. The format
        has no place for either (docs/import.md): the plan shows no change, and names it in
        a note at the app."""
        sql = "INSERT INTO data_queries (app_version_id, data_source_id, name, options) " \
              "VALUES (%s, %s, 'query_added', '{}');" % (q(app.versions[-1].id), q(ds.id))
        return Mutation("app %r queries %s data source %r" % (
            app.name, "the sample" if ds.type == "sample" else "the app-level", ds.name), sql,
            [], "app-level-data-sources",
            notes=[("app '%s': its queries use the data source '%s' (" % (app.name, ds.name),
                    "[import-unsupported]")])

    def owner_changed(self, app, owners):
        owner = self.rng.choice(owners)
        sql = "UPDATE apps SET user_id = %s WHERE id = %s;" % (q(owner.id), q(app.id))
        old = app.owner.email if app.owner and app.owner in self.ws.users else "null"
        return Mutation("owner of %r now %s" % (app.name, owner.email), sql, [
            Change("app", app.name, "changed", [Field(join(join("apps", app.name), "owner"),
                                                      owner.email, old)])])

    def app_made_public(self, app):
        sql = "UPDATE apps SET is_public = true WHERE id = %s;" % q(app.id)
        if self.ws.layout == "2026":
            sql += " UPDATE app_versions SET is_public = true WHERE app_id = %s;" % q(app.id)
        return Mutation("app %r made public" % app.name, sql, [
            Change("app", app.name, "changed", [Field(re.compile(
                re.escape(join("apps", app.name)) + r"\.\w*[pP]ublic\w*"))])], "public-apps")

    def released(self, app, v):
        sql = "UPDATE apps SET current_version_id = %s WHERE id = %s;" % (q(v.id), q(app.id))
        vpath = join(join("apps", app.name), "versions")
        changes = [Change("version", v.name, "changed", [
            Field(join(join(vpath, v.name), "status"), "released",
                  "draft" if v.status is None and v.env == self.ws.envs[0] else "published")])]
        if app.released is not None:
            changes.append(Change("version", app.released.name, "changed", [
                Field(join(join(vpath, app.released.name), "status"), "published",
                      "released")]))
        return Mutation("version %r of %r released" % (v.name, app.name), sql, changes)
