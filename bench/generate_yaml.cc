// The YAML entries of the generated configuration, written as a person
// would: flow style for short lists and one-line users and versions, block
// style for the rest. Only "*" and `{{...}}` templates are quoted, because
// plain YAML would read them as an alias and a mapping.
#include "generate_yaml.h"

#include <iterator>

namespace stagegate::bench {
namespace {

std::string_view ColumnName(int c) {
  return c == kEnvCount ? std::string_view("released") : kEnvNames[c];
}

// The names of the bits set in `bits`, of `count`, as a flow list.
template <typename NameOf>
std::string BitList(unsigned bits, int count, NameOf name_of) {
  std::string s = "[";
  bool first = true;
  for (int i = 0; i < count; ++i) {
    if (!(bits & (1u << i))) continue;
    if (!first) s += ", ";
    first = false;
    s += name_of(i);
  }
  return s + "]";
}

std::string Columns(uint8_t columns) { return BitList(columns, kEnvCount + 1, ColumnName); }

std::string PermList(uint16_t perms) {
  return BitList(perms, static_cast<int>(std::size(kPermNames)),
                 [](int p) { return kPermNames[p]; });
}

// A list of names under `key` at `indent` (the key's column): flow style when
// short, block style otherwise (long flow lists hit the parser's limits).
template <typename NameOf>
void NameList(Buffer& b, int indent, std::string_view key, const std::vector<uint32_t>& ids,
              NameOf name_of) {
  if (ids.size() <= 8) {
    Out(b, "{}: [", key);
    for (size_t i = 0; i < ids.size(); ++i) Out(b, "{}{}", i ? ", " : "", name_of(ids[i]));
    b += "]\n";
    return;
  }
  Out(b, "{}:\n", key);
  for (uint32_t id : ids) Out(b, "{:{}}- {}\n", "", indent + 2, name_of(id));
}

// The target of a grant, the first key of its entry: "*" or the names.
template <typename NameOf>
void GrantTarget(Buffer& b, std::string_view key, bool all, const std::vector<uint32_t>& ids,
                 NameOf name_of) {
  b += "      - ";
  if (all) {
    Out(b, "{}: \"*\"\n", key);
  } else {
    NameList(b, 8, key, ids, name_of);
  }
}

}  // namespace

void Writer::Workspace(Buffer& b, std::string_view comment) const {
  Out(b, "# {}\n\nversion: 1\nworkspace: {}\n", comment, o_.workspace);
  b += "environments: [development, staging, production]\nversionRules: default\n\n";
  b += "# Builders and end-users get their app access from groups only.\n";
  b += "roles:\n  builder:\n    permissions: [appCreate, folderCRUD]\n    apps: []\n"
       "    dataSources: []\n  end-user:\n    permissions: []\n    apps: []\n";
}

void Writer::Users(Buffer& b, const std::vector<uint32_t>& ids) const {
  for (uint32_t u : ids) {
    const User& user = o_.users[u];
    std::string_view role = user.role == Role::kAdmin     ? "admin"
                            : user.role == Role::kBuilder ? "builder"
                                                          : "end-user";
    Out(b, "  {}: {{name: {}, role: {}{}}}\n", user.email, user.name, role,
        user.disabled ? ", disabled: true" : "");
  }
}

void Writer::GroupEntry(Buffer& b, const Group& g) const {
  Out(b, "  {}:\n    description: {}\n    members:\n", g.name, g.description);
  for (uint32_t m : g.members) Out(b, "      - {}\n", o_.users[m].email);
  Out(b, "    permissions: {}\n", PermList(g.perms));
  b += "    apps:\n";
  for (const AppGrant& grant : g.apps) {
    GrantTarget(b, "apps", grant.all, grant.apps,
                [&](uint32_t a) -> const std::string& { return o_.apps[a].name; });
    Out(b, "        permission: {}\n", grant.edit ? "edit" : "view");
    if (grant.has_envs) Out(b, "        environments: {}\n", Columns(grant.columns));
    if (grant.hide) b += "        hideFromDashboard: true\n";
  }
  if (!g.sources.empty()) {
    b += "    dataSources:\n";
    for (const SourceGrant& grant : g.sources) {
      GrantTarget(b, "dataSources", grant.all, grant.sources,
                  [&](uint32_t s) -> const std::string& { return o_.sources[s].name; });
      Out(b, "        permission: {}\n", grant.configure ? "configure" : "use");
    }
  }
}

void Writer::SourceEntry(Buffer& b, const DataSource& s) const {
  const SourceKindInfo& k = kSourceKinds[static_cast<int>(s.kind)];
  Out(b, "  {}:\n    kind: {}\n    environments:\n", s.name, k.kind);
  for (int e = 0; e < kEnvCount; ++e) {
    Out(b, "      {}:\n", kEnvNames[e]);
    SourceSettings(b, s, e);
  }
}

// The settings of one environment, in the shape ToolJet has for the kind:
// the address and credential through the source's constants, production
// stricter (TLS, shorter timeouts) than development.
void Writer::SourceSettings(Buffer& b, const DataSource& s, int e) const {
  const Area& area = o_.areas[s.area];
  const std::string& address = o_.constants[s.address].name;
  const std::string& secret = o_.constants[s.secret].name;
  switch (s.kind) {
    case SourceKind::kRest:
      Out(b,
          "        url: \"{{{{constants.{}}}}}\"\n        auth_type: bearer\n"
          "        bearer_token: \"{{{{secrets.{}}}}}\"\n        timeout_ms: {}\n"
          "        retry_on_network_error: true\n        ssl_certificate: ca_certificate\n",
          address, secret, e == 2 ? 10000 : 30000);
      break;
    case SourceKind::kGraphql:
      Out(b,
          "        url: \"{{{{constants.{}}}}}graphql\"\n        api_token: "
          "\"{{{{secrets.{}}}}}\"\n",
          address, secret);
      break;
    case SourceKind::kRedis:
      Out(b,
          "        host: \"{{{{constants.{}}}}}\"\n        port: 6379\n"
          "        password: \"{{{{secrets.{}}}}}\"\n        tls: {}\n",
          address, secret, e == 0 ? "false" : "true");
      break;
    default: {
      const int port = s.kind == SourceKind::kMysql   ? 3306
                       : s.kind == SourceKind::kMongo ? 27017
                       : s.kind == SourceKind::kMssql ? 1433
                                                      : 5432;
      Out(b,
          "        host: \"{{{{constants.{}}}}}\"\n        port: {}\n        database: {}_{}\n"
          "        username: {}_{}_app\n        password: \"{{{{secrets.{}}}}}\"\n"
          "        ssl_enabled: {}\n        connection_limit: {}\n        "
          "statement_timeout_ms: {}\n",
          address, port, area.name, kEnvShort[e], area.name, kEnvShort[e], secret,
          e == 0 ? "false" : "true", e == 2 ? 50 : 10, e == 2 ? 15000 : 60000);
      break;
    }
  }
}

void Writer::ConstantEntry(Buffer& b, const Constant& c) const {
  Out(b, "  {}:\n    type: {}\n    values:\n", c.name, c.secret ? "secret" : "global");
  for (int e = 0; e < kEnvCount; ++e) {
    if (c.secret) {
      Out(b, "      {}: {{fromEnv: {}}}\n", kEnvNames[e], c.values[e]);
    } else {
      Out(b, "      {}: {}\n", kEnvNames[e], c.values[e]);
    }
  }
}

void Writer::AppEntry(Buffer& b, const App& app) const {
  Out(b, "  {}:\n", app.name);
  if (app.owner >= 0) Out(b, "    owner: {}\n", o_.users[app.owner].email);
  b += "    ";
  NameList(b, 4, "dataSources", app.sources,
           [&](uint32_t s) -> const std::string& { return o_.sources[s].name; });
  if (!app.constants.empty()) {
    b += "    ";
    NameList(b, 4, "constants", app.constants,
             [&](uint32_t c) -> const std::string& { return o_.constants[c].name; });
  }
  b += "    versions:\n";
  for (const Version& v : app.versions) {
    Out(b, "      - {{name: v{}, environment: {}, status: {}}}\n", v.number, kEnvNames[v.env],
        kStatusNames[v.status]);
  }
}

size_t Writer::AssertionEntry(Buffer& b, const Assertion& a) const {
  const size_t before = b.size();
  if (!a.comment.empty()) Out(b, "\n  # {}\n", a.comment);
  const std::string& email = o_.users[a.user].email;
  if (a.app >= 0) {
    const Access access = Evaluate(o_, a.user, static_cast<uint32_t>(a.app));
    const Access on_server = EvaluateOnServer(o_, a.user, static_cast<uint32_t>(a.app));
    const std::string& app = o_.apps[a.app].name;
    std::vector<std::string> cells;  // where the documented rules and the server agree
    for (int c = 0; c <= kEnvCount; ++c) {
      if (access.cells[c] != on_server.cells[c]) continue;
      cells.push_back(fmt::format("{}: {}", ColumnName(c), kCapNames[access.cells[c]]));
    }
    if (a.expect && !cells.empty()) {
      Out(b, "  - user: {}\n    app: {}\n    expect: {{{}}}\n", email, app,
          fmt::join(cells, ", "));
    }
    if (a.app_actions) AppActions(b, a, access);
  }
  if (a.perms_checked) {
    const uint16_t held = Permissions(o_, a.user);
    if (a.perms_checked & held)
      Out(b, "  - user: {}\n    can: {}\n", email, PermList(a.perms_checked & held));
    if (a.perms_checked & ~held)
      Out(b, "  - user: {}\n    cannot: {}\n", email, PermList(a.perms_checked & ~held));
  }
  size_t entries = 0;
  for (size_t at = b.find("  - user: ", before); at != std::string::npos;
       at = b.find("  - user: ", at + 1)) {
    ++entries;
  }
  return entries;
}

// Whether the user can promote and release the app: a builder with edit on
// it and the workspace permission (docs/semantics.md R9, R10), and on
// ToolJet's server a builder with the permission (S4).
void Writer::AppActions(Buffer& b, const Assertion& a, const Access& access) const {
  const std::string& email = o_.users[a.user].email;
  const std::string& app = o_.apps[a.app].name;
  const uint16_t perms = Permissions(o_, a.user);
  const User& user = o_.users[a.user];
  const bool builder = !user.disabled && user.role != Role::kEndUser;
  std::vector<std::string_view> can, cannot;
  // S4: ToolJet's server asks for the permission alone; a `cannot` the
  // server breaks is left out.
  for (auto [perm, action] : {std::pair{kAppPromote, "promote"}, std::pair{kAppRelease, "release"}}) {
    if (builder && access.edit && (perms & perm)) {
      can.push_back(action);
    } else if (!(builder && (perms & perm))) {
      cannot.push_back(action);
    }
  }
  if (!can.empty())
    Out(b, "  - user: {}\n    app: {}\n    can: [{}]\n", email, app, fmt::join(can, ", "));
  if (!cannot.empty())
    Out(b, "  - user: {}\n    app: {}\n    cannot: [{}]\n", email, app, fmt::join(cannot, ", "));
}

}  // namespace stagegate::bench
