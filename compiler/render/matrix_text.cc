// Plain-text matrix tables for review.
#include "render/matrix_text.h"

#include <fmt/format.h>

#include <algorithm>

#include "source/wording.h"

namespace stagegate {
namespace {

using Row = std::vector<std::string>;

// Rows (the first is the header) as aligned columns, each line indented.
void Table(const std::vector<Row>& rows, std::string_view indent, std::string* out) {
  std::vector<size_t> widths;
  for (const Row& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max<size_t>(widths[i], CodePoints(row[i]));
  }
  for (const Row& row : rows) {
    std::string line(indent);
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line.append(widths[i] - CodePoints(row[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    *out += line + "\n";
  }
}

std::string List(const std::vector<std::string>& names) {
  return names.empty() ? std::string("nobody") : fmt::format("{}", fmt::join(names, ", "));
}

bool Enabled(const User& u) { return !u.disabled; }

std::string RoleOf(const User& u) { return std::string(RoleName(u.role)); }

// "no access (disabled): a@x.io, b@x.io", or nothing when nobody is disabled.
void DisabledLine(const Workspace& ws, std::string_view indent, std::string* out) {
  std::vector<std::string> disabled;
  for (const User& u : ws.users) {
    if (!Enabled(u)) disabled.push_back(u.email);
  }
  if (!disabled.empty())
    *out += fmt::format("{}no access (disabled): {}\n", indent, List(disabled));
}

// R13: a public app opens for anyone with its link, signed in or not.
void PublicLine(const AccessMatrix& m, uint32_t a, std::string* out) {
  switch (m.PublicAccessOf(a)) {
    case PublicAccess::kNone:
      return;
    case PublicAccess::kUse:
      *out += "  PUBLIC: anyone with its link opens the released app without signing in (R13)\n";
      return;
    case PublicAccess::kOnceReleased:
      *out += "  PUBLIC: anyone with its link will open the released app without signing in once "
              "a version is released (R13)\n";
      return;
  }
}

void AppSection(const AccessMatrix& m, uint32_t a, std::string* out) {
  const Workspace& ws = m.workspace();
  const App& app = ws.apps[a];
  std::optional<uint32_t> owner = m.OwnerOf(a);
  *out += fmt::format("app {}", app.name);
  if (owner) *out += fmt::format(" (owner {})", ws.users[*owner].email);
  *out += "\n";

  if (app.versions.empty()) {
    *out += "  versions: none\n";
  } else {
    *out += "  versions:\n";
    std::vector<Row> rows;
    for (const AppVersion* v : SortedVersions(ws, app)) {
      bool released = v->status == VersionStatus::kReleased;
      rows.push_back({v->name.name, v->environment.name,
                      std::string(VersionStatusName(v->status)),
                      released ? "<- the released app" : ""});
    }
    Table(rows, "    ", out);
  }
  if (!m.Released(a)) *out += "  not released: the released column is none for everyone\n";
  PublicLine(m, a, out);

  std::vector<Row> rows;
  Row header = {"user", "role"};
  for (size_t c = 0; c < m.column_count(); ++c) header.emplace_back(m.ColumnName(c));
  rows.push_back(std::move(header));
  if (app.is_public) {  // R13: anyone's row first, the widest access
    Row row = {std::string(kAnyone), "-"};
    for (size_t c = 0; c < m.column_count(); ++c) {
      row.emplace_back(CapabilityName(m.AnyoneAt(a, c)));
    }
    rows.push_back(std::move(row));
  }
  std::vector<std::string> promote, release;
  for (uint32_t u = 0; u < ws.users.size(); ++u) {
    const User& user = ws.users[u];
    if (!Enabled(user)) continue;
    Row row = {owner == u ? user.email + " (owner)" : user.email, RoleOf(user)};
    for (size_t c = 0; c < m.column_count(); ++c) row.emplace_back(CapabilityName(m.At(u, a, c)));
    rows.push_back(std::move(row));
    if (m.CanPromote(u, a)) promote.push_back(user.email);
    if (m.CanRelease(u, a)) release.push_back(user.email);
  }
  *out += "  access:\n";
  Table(rows, "    ", out);
  DisabledLine(ws, "    ", out);
  const AccessRules rules = m.rules();
  *out += fmt::format("  can promote ({}): {}\n", PromoteRule(rules), List(promote));
  *out += fmt::format("  can release ({}): {}\n", ReleaseRule(rules), List(release));
}

void PermissionSection(const AccessMatrix& m, std::string* out) {
  const Workspace& ws = m.workspace();
  std::vector<WorkspacePermission> held;
  for (int p = 0; p < kWorkspacePermissionCount; ++p) {
    auto permission = static_cast<WorkspacePermission>(p);
    for (uint32_t u = 0; u < ws.users.size(); ++u) {
      if (m.HasPermission(u, permission)) {
        held.push_back(permission);
        break;
      }
    }
  }
  *out += "workspace permissions (R8):\n";
  if (held.empty()) {
    *out += "  nobody holds any workspace permission\n";
  } else {
    std::vector<Row> rows;
    Row header = {"user", "role"};
    for (WorkspacePermission p : held) header.emplace_back(WorkspacePermissionName(p));
    rows.push_back(std::move(header));
    for (uint32_t u = 0; u < ws.users.size(); ++u) {
      if (!Enabled(ws.users[u])) continue;
      Row row = {ws.users[u].email, RoleOf(ws.users[u])};
      for (WorkspacePermission p : held) row.emplace_back(m.HasPermission(u, p) ? "yes" : "-");
      rows.push_back(std::move(row));
    }
    Table(rows, "  ", out);
  }
  DisabledLine(ws, "  ", out);
}

void DataSourceSection(const AccessMatrix& m, std::string* out) {
  const Workspace& ws = m.workspace();
  *out += "data source access (R12):\n";
  if (ws.data_sources.empty()) {
    *out += "  no data sources\n";
  } else {
    std::vector<Row> rows;
    Row header = {"user", "role"};
    for (const DataSource& d : ws.data_sources) header.push_back(d.name);
    rows.push_back(std::move(header));
    for (uint32_t u = 0; u < ws.users.size(); ++u) {
      if (!Enabled(ws.users[u])) continue;
      Row row = {ws.users[u].email, RoleOf(ws.users[u])};
      for (uint32_t d = 0; d < ws.data_sources.size(); ++d) {
        std::optional<DataSourceLevel> level = m.DataSourceAccess(u, d);
        row.emplace_back(level ? DataSourceLevelName(*level) : "none");
      }
      rows.push_back(std::move(row));
    }
    Table(rows, "  ", out);
  }
  DisabledLine(ws, "  ", out);
}

}  // namespace

std::vector<const AppVersion*> SortedVersions(const Workspace& ws, const App& app) {
  std::vector<const AppVersion*> versions;
  for (const AppVersion& v : app.versions) versions.push_back(&v);
  std::stable_sort(versions.begin(), versions.end(), [&](const AppVersion* a, const AppVersion* b) {
    int ea = ws.EnvironmentIndex(a->environment.name),
        eb = ws.EnvironmentIndex(b->environment.name);
    if (ea != eb) return ea > eb;
    return a->name.name < b->name.name;
  });
  return versions;
}

std::string MatrixToText(const AccessMatrix& matrix) {
  const Workspace& ws = matrix.workspace();
  std::vector<std::string> envs;
  for (const Ref& e : ws.environments) envs.push_back(e.name);
  size_t disabled = static_cast<size_t>(
      std::count_if(ws.users.begin(), ws.users.end(), [](const User& u) { return u.disabled; }));
  std::string out = fmt::format(
      "workspace {}: environments {}, version rules {}{}\n{} ({} disabled), {}, {}, {}\n",
      ws.name.name.empty() ? "(unnamed)" : ws.name.name, fmt::join(envs, " -> "),
      VersionRulesName(ws.version_rules), // Shown only when not the default, so documented output stays as it was.
      ws.access_rules == AccessRules::kServer ? ", access rules server" : "",
      Plural(ws.users.size(), "user", "users"), disabled,
      Plural(ws.groups.size(), "group", "groups"), Plural(ws.apps.size(), "app", "apps"),
      Plural(ws.data_sources.size(), "data source", "data sources"));
  for (uint32_t a = 0; a < ws.apps.size(); ++a) {
    out += "\n";
    AppSection(matrix, a, &out);
  }
  out += "\n";
  PermissionSection(matrix, &out);
  out += "\n";
  DataSourceSection(matrix, &out);
  return out;
}

}  // namespace stagegate
