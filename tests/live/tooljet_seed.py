#!/usr/bin/python3
"""Seed ToolJet's tables from a stagegate state file (test fixture).

Reads a state file (`stagegate compile --format json`, see docs/state-file.md) and writes
to standard output a psql script of `COPY ... FROM stdin` blocks that fills the tables of
tests/live/schema-<layout>.sql for one workspace, the way ToolJet would store it. This is
the inverse of what stagegate's PostgreSQL importer reads.

    tooljet_seed.py [--layout 3x|2026] [--org-name NAME] [--master-key HEX]
                    [--extra-org NAME]... [--noise] [--without-multi-environment]
                    STATE_JSON > seed.sql
    tooljet_seed.py --selftest

Ids are uuid5 of a fixed namespace and a path ("user/<email>", "<org>/app/<name>", ...),
so two runs give the same rows; only the AES-GCM nonces (hence the ciphertexts) differ.

Default master key (LOCKBOX_MASTER_KEY): the hex of the ASCII text
"stagegate-tooljet-fixture-key-01", 7374616765676174652d746f6f6c6a65742d666978747572652d6b65792d3031.
--master-key takes any text, read as ToolJet's server reads it (Node's
Buffer.from(text, 'hex'): hex pairs up to the first pair that is not one, an odd last digit
dropped, no length check), e.g. 50 decimal digits.

Made-up secrets (a test asserts they never appear in stagegate's output):
  secret constant values   SEEDED-SECRET-<NAME>-<ENV>
  credentials              SEEDED-CREDENTIAL-<DATASOURCE>-<ENV>-<OPTION>

Mapping:
  workspace      organizations (slug = name); app_environments in the state's order, priority
                 1..n, "default" on the last
  users          users (email = the lower-cased key, name split at the first space, status
                 active), organization_users (status archived when disabled, role = role name),
                 role = membership of the default group admin / builder / end-user
  roles, groups  permission_groups (type default / custom, permission booleans), group_users;
                 each grant: granular_permissions (is_all for "*") + apps_group_permissions
                 (can_edit / can_view, hide_from_dashboard, can_access_* from `environments`:
                 absent = all four true) + group_apps, or data_sources_group_permissions
                 (can_use xor can_configure) + group_data_sources. admin: every permission and
                 an all-apps edit grant
  data sources   data_sources (global, default); options per environment as
                 {"key": {"value": V, "encrypted": false}} (V a list or object too), a
                 {{secrets.NAME}} option as {"credential_id", "workspace_constant",
                 "encrypted": true} + a credentials row, a {fromEnv: VAR} option as
                 {"credential_id", "encrypted": true} + a credentials row (no reference).
                 --app-level: queries of the first app's first version on an app-level
                 (scope local), the sample (type sample) and a static data source.
                 3x: data_source_options. 2026: data_source_versions (default) +
                 data_source_version_options, and STALE values in data_source_options
  constants      organization_constants + one org_environment_constant_values row per
                 environment (encrypted; '' in clear where the state gives no value); a
                 "secrets.NAME" key (a secret sharing its name with a global) is NAME
  apps           apps (2026: name NULL, app_versions.app_name), current_version_id = the
                 released version; app_versions (released and published are PUBLISHED, created_at
                 increasing in the state's order); data_queries on the newest version: one per
                 data source used, one per constant used (options contain {{constants.NAME}}).
                 `public`: 3x apps.is_public; 2026 app_versions.is_public on every version row
                 (apps.is_public false)

--without-multi-environment: the workspace as ToolJet keeps it without its multi-environment
licence (Community Edition, or an expired licence): every version in the priority-1
environment, whatever the state says, the released one released from there.

Names are written as they are (any script, `*VIP`, `QA (night)`): the state's names are
ToolJet's.

Needs Debian's /usr/bin/python3 with python3-cryptography (exit 77 without it).
"""

import argparse
import base64
import datetime
import json
import os
import re
import sys
import uuid

# The fixed test master key (LOCKBOX_MASTER_KEY): the ASCII text
# "stagegate-tooljet-fixture-key-01" as 64 hex digits.
TEST_MASTER_KEY = b"stagegate-tooljet-fixture-key-01".hex()
assert len(TEST_MASTER_KEY) == 64

# Namespace of every id the seeder makes (uuid5(NAMESPACE_URL, "stagegate:tooljet-fixture")).
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "stagegate:tooljet-fixture")

# Timestamp of the first version of every app; later versions follow a minute apart.
VERSION_EPOCH = datetime.datetime(2025, 1, 1, 0, 0, 0)

PERMISSION_COLUMNS_COMMON = [
    ("appCreate", "app_create"),
    ("appDelete", "app_delete"),
    ("workflowCreate", "workflow_create"),
    ("workflowDelete", "workflow_delete"),
    ("orgConstantCRUD", "org_constant_crud"),
    ("dataSourceCreate", "data_source_create"),
    ("dataSourceDelete", "data_source_delete"),
    ("appPromote", "app_promote"),
    ("appRelease", "app_release"),
]
KNOWN_PERMISSIONS = {p for p, _ in PERMISSION_COLUMNS_COMMON} | {"folderCRUD"}

ACCESS_FLAGS = ["development", "staging", "production", "released"]

SECRET_REF = re.compile(r"^\{\{secrets\.([A-Za-z_][A-Za-z0-9_]*)\}\}$")

# stagegate's built-in role defaults (compiler/model/parse_entities.cc, BuiltInRole), used
# for the default groups of --extra-org workspaces.
BUILTIN_ROLES = {
    "builder": {
        "permissions": ["appCreate", "appDelete", "appPromote", "appRelease", "folderCRUD"],
        "apps": [{"apps": "*", "permission": "edit", "hideFromDashboard": False}],
        "dataSources": [{"dataSources": "*", "permission": "use"}],
    },
    "end-user": {
        "permissions": [],
        "apps": [{"apps": "*", "permission": "view", "environments": ["released"],
                  "hideFromDashboard": False}],
        "dataSources": [],
    },
}


# --------------------------------------------------------------------------------------
# Lockbox-compatible encryption (ToolJet's EncryptionService scheme)

_key_cache = {}


def need_crypto():
    try:
        import cryptography  # noqa: F401
    except ImportError:
        sys.stderr.write("tooljet_seed.py: needs python3-cryptography (run it with "
                         "/usr/bin/python3 on Debian)\n")
        sys.exit(77)


HEX_DIGITS = "0123456789abcdefABCDEF"


def node_hex_bytes(text):
    """The bytes of Node's Buffer.from(text, 'hex'), as ToolJet's server reads
    LOCKBOX_MASTER_KEY: pairs of hexadecimal digits up to the first pair that is not
    one; an odd last digit is dropped. Any text gives a key (maybe of no bytes)."""
    out = bytearray()
    for i in range(0, len(text) - 1, 2):
        if text[i] not in HEX_DIGITS or text[i + 1] not in HEX_DIGITS:
            break
        out.append(int(text[i:i + 2], 16))
    return bytes(out)


def hkdf_sha384(ikm, salt, info, length):
    """RFC 5869 with SHA-384, written out: the cryptography package's HKDF wants a
    non-empty key on some versions, and ToolJet's master key may read as no bytes."""
    import hashlib
    import hmac
    prk = hmac.new(salt, ikm, hashlib.sha384).digest()
    okm, block, counter = b"", b"", 1
    while len(okm) < length:
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha384).digest()
        okm += block
        counter += 1
    return okm[:length]


def lockbox_key(master_key, table, column):
    """HKDF-SHA384(master key as Node reads it, salt=table,
    info=0xB4*32 + "<column>_ciphertext"), 32 bytes."""
    cache_key = (master_key, table, column)
    key = _key_cache.get(cache_key)
    if key is None:
        info = b"\xb4" * 32 + (column + "_ciphertext").encode("utf-8")
        key = hkdf_sha384(node_hex_bytes(master_key), table.encode("utf-8"), info, 32)
        _key_cache[cache_key] = key
    return key


def encrypt(master_key_hex, table, column, plaintext, nonce=None):
    """base64(12-byte nonce || AES-256-GCM ciphertext || 16-byte tag), no associated data.

    The nonce is random unless given (12 bytes: a reproducible generator passes its own)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    if nonce is None:
        nonce = os.urandom(12)
    sealed = AESGCM(lockbox_key(master_key_hex, table, column)).encrypt(
        nonce, plaintext.encode("utf-8"), None)
    return base64.b64encode(nonce + sealed).decode("ascii")


def decrypt(master_key_hex, table, column, ciphertext):
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    raw = base64.b64decode(ciphertext)
    return AESGCM(lockbox_key(master_key_hex, table, column)).decrypt(
        raw[:12], raw[12:], None).decode("utf-8")


def selftest():
    org_id = str(uuid.uuid5(ID_NAMESPACE, "org/selftest"))
    for table, column, text in [
            ("org_environment_constant_values", org_id, "SEEDED-SECRET-X-development"),
            ("credentials", "value", "SEEDED-CREDENTIAL-db-production-password"),
            ("org_environment_constant_values", org_id, "ünïcode ✓"),
    ]:
        c1 = encrypt(TEST_MASTER_KEY, table, column, text)
        c2 = encrypt(TEST_MASTER_KEY, table, column, text)
        assert c1 != c2, "nonces must differ"
        assert len(base64.b64decode(c1)) == 12 + len(text.encode()) + 16
        assert decrypt(TEST_MASTER_KEY, table, column, c1) == text
        # Another table (salt) or column (info) must not decrypt.
        for t2, col2 in [(table + "x", column), (table, column + "x")]:
            try:
                decrypt(TEST_MASTER_KEY, t2, col2, c1)
            except Exception:
                pass
            else:
                raise AssertionError("decrypted with the wrong key")
    # HKDF itself against the cryptography package's (an independent implementation).
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    info = b"\xb4" * 32 + b"value_ciphertext"
    okm = HKDF(algorithm=hashes.SHA384(), length=32, salt=b"credentials",
               info=info).derive(bytes.fromhex(TEST_MASTER_KEY))
    assert okm == lockbox_key(TEST_MASTER_KEY, "credentials", "value")
    # Node's hex reading (known answers from Node 20's Buffer.from(text, 'hex')), and the
    # key it gives as ToolJet derives it (from Node 20 and futoin-hkdf 1.5.3).
    for text, hex_bytes in [("1ag123", "1a"), ("1a7", "1a"), ("", ""), ("zz", ""),
                            ("ABCDEF", "abcdef"), (" ab", ""), ("ab\u00e9cd", "ab"),
                            ("abc ", "ab")]:
        assert node_hex_bytes(text).hex() == hex_bytes, text
    org = "8f1c2d3e-0000-4000-8000-000000000001"
    for text, derived in [
            ("1ag123", "0d82999bdbc8e4f6cf7302d03efc898626c3b70b4040b2a6d6c1f346823ec32c"),
            ("", "9cd1c1285c8d0e2eab31145d0aa63e1551becb4285c578a6cb207d3fc1f277d1"),
            ("12345678901234567890123456789012345678901234567890",
             "5963a0a79861f43077337cdac84ba4cc9e3041417e35b32acfffe908538f6279")]:
        assert lockbox_key(text, "org_environment_constant_values", org).hex() == derived
    print("selftest ok: encrypt/decrypt round trip, key separation, HKDF-SHA384, "
          "Node's reading of the master key")
    return 0


def decrypt_main(args):
    """--decrypt TABLE COLUMN CIPHERTEXT: print the plaintext (for spot checks)."""
    table, column, ciphertext = args
    print(decrypt(MASTER_KEY, table, column, ciphertext))
    return 0


# --------------------------------------------------------------------------------------
# Reading the state file


def load_state(path):
    """json.load, but skips the (huge) "access" section of an indented state file unparsed.

    The state file is two-space indented with sorted keys, so "access" comes first and the
    next top-level key is the next line that starts with exactly two spaces and a quote
    (a JSON string holds no raw newline). Falls back to parsing everything otherwise.
    """
    with open(path, "rb") as f:
        data = f.read()
    head = b'{\n  "access": '
    if data.startswith(head):
        cut = data.find(b'\n  "', len(head))
        if cut > 0:
            try:
                state = json.loads(b"{" + data[cut + 1:])
                if isinstance(state, dict) and "stagegate_state" in state:
                    return state
            except ValueError:
                pass
    return json.loads(data)


# --------------------------------------------------------------------------------------
# Writing COPY blocks


def cp(v):
    """One field in COPY text format."""
    if v is None:
        return "\\N"
    if v is True:
        return "t"
    if v is False:
        return "f"
    s = str(v)
    if "\\" in s or "\t" in s or "\n" in s or "\r" in s:
        s = (s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
             .replace("\r", "\\r"))
    return s


def dumps(obj):
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": "))


class Tables:
    """Rows per table, written as COPY blocks in creation order."""

    def __init__(self):
        self.columns = {}
        self.rows = {}
        self.order = []

    def add(self, table, **row):
        cols = self.columns.get(table)
        if cols is None:
            cols = list(row)
            self.columns[table] = cols
            self.rows[table] = []
            self.order.append(table)
        elif list(row) != cols:
            raise AssertionError("columns of %s differ: %s / %s" % (table, list(row), cols))
        self.rows[table].append("\t".join(cp(row[c]) for c in cols))

    def write(self, out):
        for table in self.order:
            cols = ", ".join('"%s"' % c if c in ("default", "group") else c
                             for c in self.columns[table])
            out.write("COPY %s (%s) FROM stdin;\n" % (table, cols))
            rows = self.rows[table]
            for i in range(0, len(rows), 10000):
                out.write("\n".join(rows[i:i + 10000]))
                out.write("\n")
            out.write("\\.\n")


# --------------------------------------------------------------------------------------
# The seeder


def uid(path):
    return str(uuid.uuid5(ID_NAMESPACE, path))


def fail(msg):
    sys.stderr.write("tooljet_seed.py: %s\n" % msg)
    sys.exit(2)


def warn(msg):
    sys.stderr.write("tooljet_seed.py: warning: %s\n" % msg)


def version_row(layout, app_id, app_name, vid, vname, env_id, status, created_at,
                version_type="version", is_public=False):
    """One app_versions row; the 2026 layout keeps the app's name and public flag there."""
    row = dict(id=vid, app_id=app_id, name=vname, current_environment_id=env_id,
               promoted_from=None, status=status, version_type=version_type,
               created_at=created_at.strftime("%Y-%m-%d %H:%M:%S"))
    if layout == "2026":
        row["app_name"] = app_name
        row["is_public"] = is_public
    return row


class Seeder:
    def __init__(self, layout, master_key, tables, multi_environment=True):
        self.layout = layout
        self.key = master_key
        self.t = tables
        self.app_level = False
        # False: every version in the priority-1 environment (no licence).
        self.multi_environment = multi_environment

    # -- pieces shared by the main and the extra workspaces

    def permission_row(self, permissions, everything=False):
        unknown = set(permissions) - KNOWN_PERMISSIONS
        if unknown:
            fail("unknown workspace permission(s): %s" % ", ".join(sorted(unknown)))
        row = {}
        for name, column in PERMISSION_COLUMNS_COMMON:
            row[column] = everything or name in permissions
        folder = everything or "folderCRUD" in permissions
        if self.layout == "3x":
            row["folder_crud"] = folder
        else:
            row["folder_create"] = folder
            row["folder_delete"] = folder
            row["folder_data_source_create"] = everything
            row["folder_data_source_delete"] = everything
        return row

    def organization(self, name, is_default, environments):
        org = uid("org/" + name)
        self.t.add("organizations", id=org, name=name, slug=name, status="active",
                   is_default=is_default, created_at="2025-01-01 00:00:00")
        envs = {}
        for i, env in enumerate(environments):
            envs[env] = uid("%s/env/%s" % (name, env))
            self.t.add("app_environments", id=envs[env], organization_id=org, name=env,
                       default=(i == len(environments) - 1), priority=i + 1, enabled=True)
        return org, envs

    def group(self, org_name, org, name, gtype, permissions, app_grants, ds_grants,
              app_ids, ds_ids, everything=False):
        gid = uid("%s/group/%s" % (org_name, name))
        self.t.add("permission_groups", id=gid, organization_id=org, name=name, type=gtype,
                   **self.permission_row(permissions, everything))
        for i, grant in enumerate(app_grants):
            gp = uid("%s/group/%s/apps/%d" % (org_name, name, i))
            is_all = grant["apps"] == "*"
            self.t.add("granular_permissions", id=gp, group_id=gid,
                       name="%s apps %d" % (name, i + 1), type="app", is_all=is_all)
            envs = grant.get("environments")
            flags = {}
            for col in ACCESS_FLAGS:
                flags["can_access_" + col] = envs is None or col in envs
            if envs is not None:
                odd = [e for e in envs if e not in ACCESS_FLAGS]
                if odd:
                    fail("group %s: grant environments %s have no can_access_* column in "
                         "ToolJet (only development, staging, production, released)"
                         % (name, odd))
            agp = uid("%s/group/%s/apps/%d/agp" % (org_name, name, i))
            edit = grant["permission"] == "edit"
            self.t.add("apps_group_permissions", id=agp, granular_permission_id=gp,
                       app_type="front-end", can_edit=edit, can_view=not edit,
                       hide_from_dashboard=bool(grant.get("hideFromDashboard", False)),
                       **flags)
            if not is_all:
                for app in grant["apps"]:
                    if app not in app_ids:
                        warn("group %s grants unknown app %s: skipped" % (name, app))
                        continue
                    self.t.add("group_apps", id=uid("%s/%s" % (agp, app)),
                               apps_group_permissions_id=agp, app_id=app_ids[app])
        for i, grant in enumerate(ds_grants):
            gp = uid("%s/group/%s/data-sources/%d" % (org_name, name, i))
            is_all = grant["dataSources"] == "*"
            self.t.add("granular_permissions", id=gp, group_id=gid,
                       name="%s data sources %d" % (name, i + 1), type="data_source",
                       is_all=is_all)
            dgp = uid("%s/group/%s/data-sources/%d/dsgp" % (org_name, name, i))
            self.t.add("data_sources_group_permissions", id=dgp, granular_permission_id=gp,
                       can_use=grant["permission"] == "use",
                       can_configure=grant["permission"] == "configure")
            if not is_all:
                for ds in grant["dataSources"]:
                    if ds not in ds_ids:
                        warn("group %s grants unknown data source %s: skipped" % (name, ds))
                        continue
                    self.t.add("group_data_sources", id=uid("%s/%s" % (dgp, ds)),
                               data_sources_group_permissions_id=dgp, data_source_id=ds_ids[ds])
        return gid

    def default_groups(self, org_name, org, roles, app_ids, ds_ids):
        ids = {}
        ids["admin"] = self.group(org_name, org, "admin", "default", [],
                                  [{"apps": "*", "permission": "edit",
                                    "hideFromDashboard": False}], [],
                                  app_ids, ds_ids, everything=True)
        for role in ("builder", "end-user"):
            r = roles[role]
            ids[role] = self.group(org_name, org, role, "default", r.get("permissions", []),
                                   r.get("apps", []), r.get("dataSources", []), app_ids, ds_ids)
        return ids

    # -- data sources

    def option_json(self, org_name, ds, env, options):
        out = {}
        for key, value in options.items():
            if isinstance(value, str) and SECRET_REF.match(value):
                cred = uid("%s/credential/%s/%s/%s" % (org_name, ds, env, key))
                self.t.add("credentials", id=cred, value_ciphertext=encrypt(
                    self.key, "credentials", "value",
                    "SEEDED-CREDENTIAL-%s-%s-%s" % (ds, env, key)))
                out[key] = {"credential_id": cred, "workspace_constant": value,
                            "encrypted": True}
            elif isinstance(value, dict) and list(value) == ["fromEnv"]:
                # Encrypted without a {{secrets.NAME}} reference.
                cred = uid("%s/credential/%s/%s/%s" % (org_name, ds, env, key))
                self.t.add("credentials", id=cred, value_ciphertext=encrypt(
                    self.key, "credentials", "value",
                    "SEEDED-CREDENTIAL-%s-%s-%s" % (ds, env, key)))
                out[key] = {"credential_id": cred, "encrypted": True}
            else:
                out[key] = {"value": value, "encrypted": False}
        return out

    def app_level_sources(self, org_name, org, envs, app_name, version_id):
        """Data sources an app's queries use beside the workspace's own: an app-level one
        (legacy scope local), ToolJet's sample one (type sample) and a built-in static one."""
        local = self.data_source(org_name, org, envs, "legacy-db", "postgresql",
                                 {e: {"host": "legacy-%s.invalid" % e} for e in envs},
                                 scope="local", app_version_id=version_id)
        sample = self.data_source(org_name, org, envs, "Sample data source", "postgresql",
                                  {e: {"host": {"fromEnv": "X"}, "database": "sample_db"}
                                   for e in envs}, dtype="sample")
        static = self.data_source(org_name, org, envs, "runjsdefault", "runjs", {},
                                  dtype="static")
        for name, ds in (("legacy", local), ("sample", sample), ("static", static)):
            self.t.add("data_queries", id=uid("%s/app/%s/query/%s" % (org_name, app_name, name)),
                       app_version_id=version_id, data_source_id=ds, name="query_" + name,
                       options="{}")

    @staticmethod
    def stale_json(options):
        """2026 layout: what data_source_options holds (NOT the configuration)."""
        out = {key: {"value": "STALE-" + key, "encrypted": False} for key in options}
        out["stale_marker"] = {"value": "data_source_options is stale in the 2026 layout",
                               "encrypted": False}
        return out

    def data_source(self, org_name, org, envs, name, kind, env_options, dtype="default",
                    scope="global", app_version_id=None, is_dummy=False):
        ds = uid("%s/ds/%s" % (org_name, name))
        row = dict(id=ds, organization_id=org, name=name, kind=kind, type=dtype, scope=scope,
                   app_version_id=app_version_id, co_relation_id=None)
        if self.layout == "2026":
            row["is_dummy"] = is_dummy
        self.t.add("data_sources", **row)
        if self.layout == "2026":
            dsv = uid("%s/ds/%s/version/default" % (org_name, name))
            self.t.add("data_source_versions", id=dsv, data_source_id=ds, name="default",
                       is_default=True, is_active=True, branch_id=None, app_version_id=None,
                       version_from_id=None)
        for env, env_id in envs.items():
            options = env_options.get(env, {})
            real = dumps(self.option_json(org_name, name, env, options))
            if self.layout == "3x":
                self.t.add("data_source_options", id=uid("%s/ds/%s/options/%s" % (
                    org_name, name, env)), data_source_id=ds, environment_id=env_id,
                    options=real)
            else:
                self.t.add("data_source_version_options", id=uid(
                    "%s/ds/%s/version/default/options/%s" % (org_name, name, env)),
                    data_source_version_id=dsv, environment_id=env_id, options=real)
                self.t.add("data_source_options", id=uid("%s/ds/%s/options/%s" % (
                    org_name, name, env)), data_source_id=ds, environment_id=env_id,
                    options=dumps(self.stale_json(options)))
        return ds

    # -- the workspace of the state file

    def main_workspace(self, state, org_name, noise):
        env_names = list(state["workspace"]["environments"])
        org, envs = self.organization(org_name, True, env_names)

        # Users
        user_ids = {}
        for email, u in state.get("users", {}).items():
            uid_ = uid("user/" + email)
            user_ids[email] = uid_
            name = u.get("name") or ""
            if not name:
                first, last = None, None
            elif " " in name:
                first, last = name.split(" ", 1)
            else:
                first, last = name, None
            self.t.add("users", id=uid_, email=email, first_name=first, last_name=last,
                       status="active", organization_id=org, user_type="workspace", role=None)
            self.t.add("organization_users", id=uid("%s/org-user/%s" % (org_name, email)),
                       organization_id=org, user_id=uid_,
                       status="archived" if u.get("disabled") else "active",
                       role=u["role"])

        # Ids of apps and data sources (grants refer to them)
        apps = state.get("apps", {})
        app_ids = {a: uid("%s/app/%s" % (org_name, a)) for a in apps}
        data_sources = state.get("dataSources", {})
        ds_ids = {d: uid("%s/ds/%s" % (org_name, d)) for d in data_sources}

        # Default groups and role membership
        roles = state["roles"]
        role_groups = self.default_groups(org_name, org, roles, app_ids, ds_ids)
        for email, u in state.get("users", {}).items():
            self.t.add("group_users", id=uid("%s/member/%s/%s" % (org_name, u["role"], email)),
                       group_id=role_groups[u["role"]], user_id=user_ids[email])

        # Custom groups
        for gname, g in state.get("groups", {}).items():
            if gname in role_groups:
                fail("custom group %s has the name of a default group" % gname)
            gid = self.group(org_name, org, gname, "custom", g.get("permissions", []),
                             g.get("apps", []), g.get("dataSources", []), app_ids, ds_ids)
            for email in g.get("members", []):
                if email not in user_ids:
                    warn("group %s: unknown member %s skipped" % (gname, email))
                    continue
                self.t.add("group_users", id=uid("%s/member/%s/%s" % (org_name, gname, email)),
                           group_id=gid, user_id=user_ids[email])

        # Data sources
        for dname, d in data_sources.items():
            self.data_source(org_name, org, envs, dname, d["kind"], d.get("environments", {}))

        # Constants. A secret sharing its name with a global constant is keyed
        # "secrets.NAME" in the state file (ToolJet keeps the two apart).
        for key, c in state.get("constants", {}).items():
            cname = key[len("secrets."):] if key.startswith("secrets.") else key
            cid = uid("%s/constant/%s" % (org_name, key))
            secret = c["type"] == "secret"
            self.t.add("organization_constants", id=cid, organization_id=org,
                       constant_name=cname, type="Secret" if secret else "Global")
            values = c.get("values", {})
            for env, env_id in envs.items():
                if env not in values:
                    value = ""
                elif secret:
                    value = encrypt(self.key, "org_environment_constant_values", org,
                                    "SEEDED-SECRET-%s-%s" % (cname, env))
                else:
                    v = values[env]
                    value = encrypt(self.key, "org_environment_constant_values", org, v) \
                        if v != "" else ""
                self.t.add("org_environment_constant_values",
                           id=uid("%s/constant/%s/%s" % (org_name, key, env)),
                           organization_constant_id=cid, environment_id=env_id, value=value)

        # Apps, versions, queries
        first_version = None  # (app name, version id) of the first version of the first app
        for aname, a in apps.items():
            aid = app_ids[aname]
            versions = a.get("versions", {})
            version_ids = {v: uid("%s/app/%s/version/%s" % (org_name, aname, v))
                           for v in versions}
            released = [v for v, vv in versions.items() if vv["status"] == "released"]
            owner = a.get("owner")
            if owner is not None and owner not in user_ids:
                warn("app %s: unknown owner %s: user_id NULL" % (aname, owner))
            self.t.add("apps", id=aid, organization_id=org,
                       name=aname if self.layout == "3x" else None, slug=aname,
                       type="front-end",
                       current_version_id=version_ids[released[0]] if released else None,
                       user_id=user_ids.get(owner) if owner else None,
                       is_public=self.apps_is_public(a, bool(versions), noise))
            for i, (vname, v) in enumerate(versions.items()):
                if v["environment"] not in envs:
                    fail("app %s version %s: unknown environment %s"
                         % (aname, vname, v["environment"]))
                env_id = envs[v["environment"]] if self.multi_environment \
                    else envs[env_names[0]]
                self.version(aid, aname, version_ids[vname], vname, env_id,
                             "DRAFT" if v["status"] == "draft" else "PUBLISHED",
                             VERSION_EPOCH + datetime.timedelta(minutes=i),
                             is_public=a.get("public", False))
            if first_version is None and versions:
                first_version = (aname, version_ids[next(iter(versions))])
            used_ds = a.get("dataSources", [])
            used_constants = a.get("constants", [])
            if not versions:
                if used_ds or used_constants:
                    warn("app %s has no version: its data sources and constants cannot be "
                         "stored (data_queries belong to a version)" % aname)
                continue
            newest = version_ids[list(versions)[-1]]
            for ds in used_ds:
                if ds not in ds_ids:
                    warn("app %s uses unknown data source %s: skipped" % (aname, ds))
                    continue
                self.t.add("data_queries", id=uid("%s/app/%s/query/ds/%s" % (
                    org_name, aname, ds)), app_version_id=newest, data_source_id=ds_ids[ds],
                    name="query_" + ds, options="{}")
            first_ds = next((ds_ids[d] for d in used_ds if d in ds_ids), None)
            for cname in used_constants:
                self.t.add("data_queries", id=uid("%s/app/%s/query/constant/%s" % (
                    org_name, aname, cname)), app_version_id=newest, data_source_id=first_ds,
                    name="constant_" + cname,
                    options=dumps({"url": "{{constants.%s}}/x" % cname, "method": "get"}))

        if noise:
            self.noise(org_name, org, envs, env_names, first_version, data_sources, ds_ids)
        if self.app_level and first_version:
            self.app_level_sources(org_name, org, envs, *first_version)
        return org

    def apps_is_public(self, app, has_versions, noise):
        """apps.is_public: the flag in 3x. In 2026 ToolJet no longer writes it for a front-end
        app (its version rows hold the flag): false, or with --noise, for an app with versions,
        the stale opposite, which an importer must not read."""
        public = app.get("public", False)
        if self.layout == "3x":
            return public
        return (not public) if noise and has_versions else False

    def version(self, app_id, app_name, vid, vname, env_id, status, created_at,
                version_type="version", is_public=False):
        self.t.add("app_versions", **version_row(self.layout, app_id, app_name, vid, vname,
                                                 env_id, status, created_at, version_type,
                                                 is_public))

    # -- rows the importer must ignore

    def noise(self, org_name, org, envs, env_names, first_version, data_sources, ds_ids):
        first_env = envs[env_names[0]]
        # A built-in static data source (type static), global so only `type` excludes it.
        self.data_source(org_name, org, envs, "restapidefault", "restapi", {},
                         dtype="static", scope="global")
        # A legacy app-local data source (scope local), type default.
        self.data_source(org_name, org, envs, "noise-local-db", "postgresql",
                         {e: {"host": "local-%s.invalid" % e, "port": 5432} for e in envs},
                         scope="local",
                         app_version_id=first_version[1] if first_version else None)
        if self.layout == "2026":
            # A dummy data source (is_dummy), otherwise global and default.
            self.data_source(org_name, org, envs, "noise-dummy", "restapi",
                             {e: {"url": "https://dummy.invalid"} for e in envs},
                             is_dummy=True)

        # A workflow and a module, each with one released version.
        for kind in ("workflow", "module"):
            aname = "noise-" + kind
            aid = uid("%s/app/%s" % (org_name, aname))
            vid = uid("%s/app/%s/version/v1" % (org_name, aname))
            name = aname if self.layout == "3x" or kind == "workflow" else None
            self.t.add("apps", id=aid, organization_id=org, name=name, slug=aname, type=kind,
                       current_version_id=vid, user_id=None, is_public=False)
            self.version(aid, aname, vid, "v1", envs[env_names[-1]], "PUBLISHED",
                         VERSION_EPOCH)

        # The deprecated pre-3.0 group table.
        for group in ("admin", "all_users"):
            self.t.add("group_permissions", id=uid("%s/legacy-group/%s" % (org_name, group)),
                       organization_id=org, group=group, app_create=True,
                       app_delete=group == "admin", folder_create=True,
                       created_at="2023-01-01 00:00:00")

        if self.layout == "2026" and first_version is not None:
            aname, _ = first_version
            # A git-branch head: version_type branch, name a uuid, newest of its app.
            bid = uid("%s/app/%s/branch-head" % (org_name, aname))
            # It says public: a git branch's flag, which an importer must not read.
            self.version(uid("%s/app/%s" % (org_name, aname)), aname, bid, bid, first_env,
                         "DRAFT", datetime.datetime(2026, 6, 1, 0, 0, 0), "branch",
                         is_public=True)
            # A frozen per-version snapshot of the first data source, with other options.
            if data_sources:
                dname = next(iter(data_sources))
                snap = uid("%s/ds/%s/version/snapshot" % (org_name, dname))
                self.t.add("data_source_versions", id=snap, data_source_id=ds_ids[dname],
                           name="snapshot", is_default=False, is_active=True, branch_id=None,
                           app_version_id=first_version[1],
                           version_from_id=uid("%s/ds/%s/version/default" % (org_name, dname)))
                for env, env_id in envs.items():
                    opts = data_sources[dname].get("environments", {}).get(env, {})
                    snapshot = {k: {"value": "SNAPSHOT-" + k, "encrypted": False}
                                for k in opts}
                    snapshot["snapshot_marker"] = {"value": "per-version snapshot",
                                                   "encrypted": False}
                    self.t.add("data_source_version_options", id=uid(
                        "%s/ds/%s/version/snapshot/options/%s" % (org_name, dname, env)),
                        data_source_version_id=snap, environment_id=env_id,
                        options=dumps(snapshot))

    # -- --extra-org

    def extra_workspace(self, name, env_names):
        org, _ = self.organization(name, False, env_names)
        self.default_groups(name, org, BUILTIN_ROLES, {}, {})


MASTER_KEY = TEST_MASTER_KEY


def main(argv):
    global MASTER_KEY
    ap = argparse.ArgumentParser(
        description="Write a psql script that seeds ToolJet's tables from a stagegate "
                    "state file (test fixture).")
    ap.add_argument("state", nargs="?", help="stagegate state file (JSON)")
    ap.add_argument("--layout", choices=["3x", "2026"], default="3x")
    ap.add_argument("--org-name", help="workspace name (default: the state's)")
    ap.add_argument("--master-key", default=TEST_MASTER_KEY,
                    help="LOCKBOX_MASTER_KEY as ToolJet's server has it: any text, read as "
                         "Node's Buffer.from(text, 'hex') reads it (default: the fixed test "
                         "key %s)" % TEST_MASTER_KEY)
    ap.add_argument("--extra-org", action="append", default=[], metavar="NAME",
                    help="also create an empty workspace NAME (repeatable)")
    ap.add_argument("--noise", action="store_true",
                    help="add rows the importer must ignore")
    ap.add_argument("--app-level", action="store_true",
                    help="give the first app's first version queries on an app-level, the "
                         "sample and a static data source")
    ap.add_argument("--without-multi-environment", action="store_true",
                    help="every version in the priority-1 environment, as ToolJet keeps a "
                         "workspace without its multi-environment licence")
    ap.add_argument("--selftest", action="store_true",
                    help="check the encryption round trip and exit")
    ap.add_argument("--decrypt", nargs=3, metavar=("TABLE", "COLUMN", "CIPHERTEXT"),
                    help="decrypt one value with --master-key and exit")
    args = ap.parse_args(argv)

    MASTER_KEY = args.master_key
    need_crypto()
    if args.selftest:
        return selftest()
    if args.decrypt:
        return decrypt_main(args.decrypt)
    if not args.state:
        ap.error("a state file is required")

    state = load_state(args.state)
    if state.get("stagegate_state") != 1:
        fail("%s: not a version 1 stagegate state file" % args.state)
    org_name = args.org_name if args.org_name is not None else state["workspace"]["name"]
    if not org_name:
        fail("the state's workspace has no name: pass --org-name")
    if org_name in args.extra_org or len(set(args.extra_org)) != len(args.extra_org):
        fail("workspace names must differ")

    tables = Tables()
    seeder = Seeder(args.layout, MASTER_KEY, tables,
                    multi_environment=not args.without_multi_environment)
    seeder.app_level = args.app_level
    seeder.main_workspace(state, org_name, args.noise)
    for extra in args.extra_org:
        seeder.extra_workspace(extra, list(state["workspace"]["environments"]))

    out = sys.stdout
    out.reconfigure(encoding="utf-8", newline="\n")
    out.write("-- generated by tests/live/tooljet_seed.py --layout %s (workspace %s)\n"
              % (args.layout, org_name))
    out.write("SET client_encoding = 'UTF8';\nSET client_min_messages = warning;\nBEGIN;\n")
    tables.write(out)
    out.write("COMMIT;\nANALYZE;\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
