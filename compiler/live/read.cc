// ReadWorkspace: probe the layout, pick the workspace, read its rows, map
// them onto the format. Each query is filtered to the one workspace and its
// result sorted here, so nothing depends on the server's row order.
#include "live/read.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <tuple>
#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "live/lockbox.h"
#include "model/template.h"
#include "model/workspace.h"
#include "source/timings.h"
#include "source/wording.h"

namespace stagegate::live {
namespace {

// One row of a result: its values are read in place, never copied.
struct Row {
  const PgRows* rows;
  size_t index;
};

// The rows of `rows`, to loop over.
std::vector<Row> Each(const PgRows& rows) {
  std::vector<Row> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.push_back({&rows, i});
  return out;
}

std::string_view Text(const Row& row, int column) { return row.rows->Get(row.index, column); }
bool IsNull(const Row& row, int column) { return row.rows->IsNull(row.index, column); }
bool Bool(const Row& row, int column) { return Text(row, column) == "t"; }
std::string Str(const Row& row, int column) { return std::string(Text(row, column)); }

// A row id (ToolJet's ids are uuids) as a key without a string: the 128
// bits of a uuid, or for any other text two independent hashes of it.
struct Id {
  uint64_t hi = 0;
  uint64_t lo = 0;
  friend bool operator==(const Id& a, const Id& b) { return a.hi == b.hi && a.lo == b.lo; }
  friend bool operator<(const Id& a, const Id& b) {
    return a.hi != b.hi ? a.hi < b.hi : a.lo < b.lo;
  }
};

struct IdHash {
  size_t operator()(const Id& id) const { return id.hi * 0x9E3779B97F4A7C15ULL ^ id.lo; }
};

Id MakeId(std::string_view text) {
  Id id;
  int digits = 0;
  bool uuid = text.size() == 36;
  for (char c : text) {
    if (c == '-') continue;
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (v < 0 || digits >= 32) {
      uuid = false;
      break;
    }
    (digits < 16 ? id.hi : id.lo) = ((digits < 16 ? id.hi : id.lo) << 4) | static_cast<uint64_t>(v);
    ++digits;
  }
  if (uuid && digits == 32) return id;
  id = Id{1469598103934665603ULL, 1099511628211ULL};
  for (char c : text) {
    id.hi = (id.hi ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
    id.lo = (id.lo ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL + 0x9E37ULL;
  }
  return id;
}
Id IdOf(const Row& row, int column) { return MakeId(Text(row, column)); }

template <typename T>
using IdMap = std::unordered_map<Id, T, IdHash>;

// ---- the schema layout ----

struct TableSpec {
  const char* table;
  std::vector<const char*> columns;
};

// What every 3.x database has (ToolJet 3.0, April 2024, on).
const std::vector<TableSpec>& RequiredTables() {
  static const std::vector<TableSpec> kTables = {
      {"organizations", {"id", "name"}},
      {"app_environments", {"id", "organization_id", "name", "priority"}},
      {"users", {"id", "email", "first_name", "last_name", "status"}},
      {"organization_users", {"organization_id", "user_id", "status"}},
      {"permission_groups",
       {"id", "organization_id", "name", "type", "app_create", "app_delete", "workflow_create",
        "workflow_delete", "org_constant_crud", "data_source_create", "data_source_delete"}},
      {"group_users", {"group_id", "user_id"}},
      {"granular_permissions", {"id", "group_id", "name", "type", "is_all"}},
      {"apps_group_permissions",
       {"id", "granular_permission_id", "can_edit", "can_view", "hide_from_dashboard"}},
      {"group_apps", {"apps_group_permissions_id", "app_id"}},
      {"data_sources_group_permissions",
       {"id", "granular_permission_id", "can_use", "can_configure"}},
      {"group_data_sources", {"data_sources_group_permissions_id", "data_source_id"}},
      {"apps", {"id", "organization_id", "name", "current_version_id", "user_id"}},
      {"app_versions", {"id", "app_id", "name", "current_environment_id"}},
      {"data_sources", {"id", "organization_id", "name", "kind", "type", "scope"}},
      {"organization_constants", {"id", "organization_id", "constant_name", "type"}},
      {"org_environment_constant_values", {"organization_constant_id", "environment_id", "value"}},
      {"data_queries", {"app_version_id", "data_source_id", "options"}},
  };
  return kTables;
}

const std::vector<TableSpec>& OptionTables(bool branching) {
  static const std::vector<TableSpec> kLegacy = {
      {"data_source_options", {"data_source_id", "environment_id", "options"}}};
  static const std::vector<TableSpec> kBranching = {
      {"data_source_versions", {"id", "data_source_id", "is_default", "app_version_id"}},
      {"data_source_version_options", {"data_source_version_id", "environment_id", "options"}}};
  return branching ? kBranching : kLegacy;
}

constexpr const char* kFlagColumns[] = {"can_access_development", "can_access_staging",
                                        "can_access_production", "can_access_released"};

struct Layout {
  std::map<std::string, std::set<std::string>> columns;  // table -> columns
  std::map<std::string, bool> readable;                  // table -> SELECT allowed
  bool branching = false;

  bool Has(const std::string& table, const std::string& column) const {
    auto it = columns.find(table);
    return it != columns.end() && it->second.count(column) > 0;
  }
  bool HasTable(const std::string& table) const { return columns.count(table) > 0; }
};

// ---- the reader ----

class Reader {
 public:
  Reader(const ReadRequest& request, ImportedWorkspace* out, ReadSummary* summary,
         Diagnostics& diags)
      : request_(request), out_(*out), summary_(*summary), diags_(diags) {}

  bool Run() {
    if (!Connect()) return false;
    if (!ProbeLayout()) return false;
    if (!ParseKey()) return false;
    if (!PickWorkspace()) return false;
    // Constants before data sources: a secret made up for a credential must
    // not take the name of a real constant.
    return Timed("database: environments and users",
                 [&] { return ReadEnvironments() && ReadUsers(); }) &&
           Timed("database: groups", [&] { return ReadGroups(); }) &&
           Timed("database: apps and versions", [&] { return ReadApps(); }) &&
           Timed("database: constants", [&] { return ReadConstants(); }) &&
           Timed("database: data sources", [&] { return ReadDataSources(); }) &&
           AddCredentialConstants() &&
           Timed("database: grants", [&] { return ReadGrants(); }) &&
           Timed("database: what apps use", [&] { return ReadUsage(); }) && Finish();
  }

 private:
  std::string Shown() const { return RedactUrl(request_.url); }

  bool Fail(Code code, std::string message) {
    diags_.Error(code, Location{}, std::move(message));
    return false;
  }

  bool Connect() {
    PgError error;
    session_ = PgSession::Open(request_.url, request_.pg, &error);
    if (session_) {
      summary_.user = session_->user();
      summary_.database = session_->database();
      return true;
    }
    std::string what = fmt::format("cannot read the ToolJet database '{}': {}", Shown(),
                                   error.message);
    switch (error.failure) {
      case PgFailure::kBadUrl:
        return Fail(Code::kDatabaseConnection,
                    fmt::format("'{}' is not a valid PostgreSQL URL: {}; write it as "
                                "postgresql://USER@HOST:PORT/DATABASE",
                                Shown(), error.message));
      case PgFailure::kLoginRefused:
        return Fail(Code::kDatabaseConnection,
                    what + "; the server refused the login: check the user name, and give the "
                           "password in PGPASSWORD or ~/.pgpass rather than in the URL");
      case PgFailure::kNoDatabase:
        return Fail(Code::kDatabaseConnection,
                    what + "; name ToolJet's database in the URL (PG_DB in ToolJet's settings)");
      case PgFailure::kTimeout:
        return Fail(Code::kDatabaseConnection,
                    what + "; no answer within the connect time-out (connect_timeout in the "
                           "URL or PGCONNECT_TIMEOUT sets it)");
      default:
        return Fail(Code::kDatabaseConnection,
                    what + "; check the host and port (or the socket directory) and that the "
                           "server is running and accepts connections from here");
    }
  }

  bool Query(const std::string& what, const std::string& sql,
             const std::vector<std::string>& params, PgRows* rows) {
    PgError error;
    if (session_->Query(sql, params, rows, &error)) return true;
    if (error.failure == PgFailure::kPermission) {
      return Fail(Code::kDatabasePermission,
                  fmt::format("the role '{}' may not read {} ({}); grant it SELECT on ToolJet's "
                              "tables (docs/import.md shows the read-only role to create)",
                              session_->user(), what, error.message));
    }
    if (error.failure == PgFailure::kTimeout) {
      return Fail(Code::kDatabaseQuery,
                  fmt::format("reading {} took longer than the {} s statement time-out; retry "
                              "when the database is less busy, or allow more seconds with "
                              "STAGEGATE_DB_STATEMENT_TIMEOUT",
                              what, request_.pg.statement_timeout.count()));
    }
    return Fail(Code::kDatabaseQuery,
                fmt::format("reading {} failed: {}{}", what, error.message,
                            error.sqlstate.empty() ? "" : " (SQLSTATE " + error.sqlstate + ")"));
  }

  bool ProbeLayout() {
    std::vector<std::string> names;
    for (const TableSpec& t : RequiredTables()) names.push_back(t.table);
    for (bool b : {false, true}) {
      for (const TableSpec& t : OptionTables(b)) names.push_back(t.table);
    }
    names.push_back("group_permissions");  // ToolJet before 3.0
    std::string array = "{" + JoinComma(names) + "}";
    PgRows rows;
    if (!Query("the list of tables",
               "SELECT c.relname, a.attname, has_table_privilege(c.oid, 'SELECT') "
               "FROM pg_catalog.pg_class c "
               "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
               "AND NOT a.attisdropped "
               "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') "
               "AND pg_catalog.pg_table_is_visible(c.oid) AND c.relname = ANY($1::text[])",
               {array}, &rows)) {
      return false;
    }
    for (const Row& row : Each(rows)) {
      layout_.columns[Str(row, 0)].insert(Str(row, 1));
      layout_.readable[Str(row, 0)] = Bool(row, 2);
    }
    std::string db = fmt::format("'{}'", Shown());
    if (!layout_.HasTable("permission_groups")) {
      if (layout_.HasTable("group_permissions") && layout_.HasTable("organizations")) {
        return Fail(Code::kUnknownToolJetLayout,
                    fmt::format("the database {} is from ToolJet before 3.0 (it has the table "
                                "group_permissions, not permission_groups); stagegate reads "
                                "ToolJet 3.0 and later: upgrade ToolJet first",
                                db));
      }
      if (!layout_.HasTable("organizations") && !layout_.HasTable("app_versions")) {
        return Fail(Code::kNotToolJetDatabase,
                    fmt::format("the database {} is not a ToolJet database: it has none of "
                                "ToolJet's tables (organizations, permission_groups, apps, "
                                "...); check the database name in the URL and the search_path",
                                db));
      }
    }
    layout_.branching = layout_.HasTable("data_source_versions");
    std::vector<TableSpec> required = RequiredTables();
    for (const TableSpec& t : OptionTables(layout_.branching)) required.push_back(t);
    for (const TableSpec& t : required) {
      if (!layout_.HasTable(t.table)) {
        return Fail(Code::kUnknownToolJetLayout,
                    fmt::format("the database {} has no table '{}', which every ToolJet 3.x "
                                "database has; this is a schema layout stagegate does not know "
                                "(docs/import.md lists the tables and columns it reads)",
                                db, t.table));
      }
      for (const char* column : t.columns) {
        if (!layout_.Has(t.table, column)) {
          return Fail(Code::kUnknownToolJetLayout,
                      fmt::format("the table '{}' of {} has no column '{}'; this is a schema "
                                  "layout stagegate does not know (docs/import.md lists the "
                                  "tables and columns it reads)",
                                  t.table, db, column));
        }
      }
    }
    std::vector<std::string> unreadable;
    for (const TableSpec& t : required) {
      if (!layout_.readable[t.table]) unreadable.push_back(t.table);
    }
    if (!unreadable.empty()) {
      std::sort(unreadable.begin(), unreadable.end());
      std::vector<std::string_view> first(
          unreadable.begin(), unreadable.begin() + std::min<size_t>(unreadable.size(), 6));
      return Fail(Code::kDatabasePermission,
                  fmt::format("the role '{}' may not read the {} {}; grant it SELECT on "
                              "ToolJet's tables (docs/import.md shows the read-only role to "
                              "create)",
                              session_->user(), PluralWord(unreadable.size(), "table", "tables"),
                              QuoteList(first, unreadable.size())));
    }
    int flags = 0;
    for (const char* flag : kFlagColumns) flags += layout_.Has("apps_group_permissions", flag);
    has_flags_ = flags == 4;
    summary_.layout = layout_.branching ? "ToolJet 2026 (branch-aware)" : "ToolJet 3.x";
    return true;
  }

  static std::string JoinComma(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
    return out;
  }

  bool ParseKey() {
    if (!request_.master_key) return true;
    std::string problem;
    key_ = LockboxKey::Parse(*request_.master_key, &problem);
    if (!key_) {
      return Fail(Code::kLockboxKey,
                  fmt::format("LOCKBOX_MASTER_KEY is not a ToolJet master key: {}; set it to "
                              "the instance's LOCKBOX_MASTER_KEY, or unset it to import global "
                              "constant values as placeholders",
                              problem));
    }
    return true;
  }

  bool PickWorkspace() {
    PgRows rows;
    bool slug = layout_.Has("organizations", "slug");
    if (!Query("the workspaces (table organizations)",
               std::string("SELECT id::text, name, ") + (slug ? "slug" : "NULL") +
                   " FROM organizations",
               {}, &rows)) {
      return false;
    }
    std::vector<std::string> names;
    std::optional<Row> chosen;
    for (const Row& row : Each(rows)) {
      names.push_back(Str(row, 1));
      if (!request_.workspace.empty() &&
          (Text(row, 1) == request_.workspace || Text(row, 2) == request_.workspace)) {
        chosen = row;
      }
    }
    std::sort(names.begin(), names.end());
    std::vector<std::string_view> views(names.begin(), names.end());
    if (rows.size() == 0) {
      return Fail(Code::kUnknownWorkspace,
                  fmt::format("the ToolJet database '{}' has no workspace yet", Shown()));
    }
    if (request_.workspace.empty()) {
      if (rows.size() > 1) {
        return Fail(Code::kAmbiguousWorkspace,
                    fmt::format("the ToolJet database '{}' has {} workspaces ({}); choose one "
                                "with --workspace NAME",
                                Shown(), rows.size(), QuoteList(views)));
      }
      chosen = Row{&rows, 0};
    }
    if (!chosen) {
      return Fail(Code::kUnknownWorkspace,
                  fmt::format("the ToolJet database '{}' has no workspace named '{}'; its "
                              "{}: {}",
                              Shown(), request_.workspace,
                              PluralWord(names.size(), "workspace is", "workspaces are"),
                              QuoteList(views)));
    }
    org_ = Str(*chosen, 0);
    out_.name = Str(*chosen, 1);
    summary_.slug = Str(*chosen, 2);
    return true;
  }

  bool ReadEnvironments() {
    PgRows rows;
    bool enabled = layout_.Has("app_environments", "enabled");
    if (!Query("the environments (table app_environments)",
               std::string("SELECT id::text, name, priority, ") + (enabled ? "enabled" : "true") +
                   " FROM app_environments WHERE organization_id = $1 ORDER BY priority, name",
               {org_}, &rows)) {
      return false;
    }
    for (const Row& row : Each(rows)) {
      environment_names_[IdOf(row, 0)] = Str(row, 1);
      out_.environments.push_back(Str(row, 1));
      if (!Bool(row, 3)) {
        out_.notes.push_back(
            {Code::kImportUnsupported,
             fmt::format("the environment '{}' is disabled in ToolJet; stagegate has no "
                         "disabled environments and imports it like the others",
                         Text(row, 1))});
      }
    }
    if (out_.environments.empty()) {
      return Fail(Code::kUnknownToolJetLayout,
                  fmt::format("the workspace '{}' has no environments (table app_environments); "
                              "ToolJet creates development, staging and production for every "
                              "workspace, so this database is incomplete",
                              out_.name));
    }
    return true;
  }

  // The column a flag stands for: ToolJet's flags name development, staging
  // and production, the environments of priority 1 to 3.
  std::string FlagColumn(int flag) const {
    if (flag == 3) return "released";
    static const char* kNames[] = {"development", "staging", "production"};
    if (std::find(out_.environments.begin(), out_.environments.end(), kNames[flag]) !=
        out_.environments.end()) {
      return kNames[flag];
    }
    return flag < static_cast<int>(out_.environments.size()) ? out_.environments[flag] : "";
  }

  bool ReadUsers() {
    PgRows rows;
    bool legacy_role = layout_.Has("organization_users", "role");
    if (!Query("the users (tables organization_users and users)",
               std::string("SELECT u.id::text, u.email, u.first_name, u.last_name, "
                           "u.status::text, ou.status::text, ") +
                   (legacy_role ? "ou.role" : "NULL") +
                   " FROM organization_users ou JOIN users u ON u.id = ou.user_id "
                   "WHERE ou.organization_id = $1",
               {org_}, &rows)) {
      return false;
    }
    for (const Row& row : Each(rows)) {
      ImportedUser user;
      user.email = LowerAscii(Text(row, 1));
      std::string first = Str(row, 2);
      std::string last = Str(row, 3);
      user.name = first.empty() ? last : (last.empty() ? first : first + " " + last);
      user.disabled = Text(row, 4) == "archived" || Text(row, 5) == "archived";
      if (Text(row, 5) == "invited" || Text(row, 4) == "invited") {
        user.notes.push_back({Code::kImportUnsupported,
                              "invited, not yet active in ToolJet (stagegate has no invited "
                              "users; imported as an enabled user)"});
      }
      legacy_roles_[IdOf(row, 0)] = Str(row, 6);
      user_index_[IdOf(row, 0)] = out_.users.size();
      out_.users.push_back(std::move(user));
    }
    return true;
  }

  static std::string PermissionColumns(const Layout& layout) {
    std::string cols;
    for (const char* c : {"app_create", "app_delete", "app_promote", "app_release",
                          "data_source_create", "data_source_delete", "folder_crud",
                          "folder_create", "folder_delete", "org_constant_crud",
                          "workflow_create", "workflow_delete"}) {
      cols += ", ";
      cols += layout.Has("permission_groups", c) ? std::string("pg.") + c : "NULL";
    }
    return cols;
  }

  bool ReadGroups() {
    PgRows rows;
    if (!Query("the groups (table permission_groups)",
               "SELECT pg.id::text, pg.name, pg.type::text" + PermissionColumns(layout_) +
                   " FROM permission_groups pg WHERE pg.organization_id = $1",
               {org_}, &rows)) {
      return false;
    }
    if (!layout_.Has("permission_groups", "app_promote")) {
      out_.notes.push_back(
          {Code::kImportUnsupported,
           "this ToolJet has no appPromote and appRelease permissions (they came with 3.16); "
           "no group is imported with them"});
    }
    for (const Row& row : Each(rows)) {
      ImportedGrants grants;
      ImportNotes notes;
      ReadPermissions(row, &grants, &notes);
      std::string type = Str(row, 2);
      std::string name = Str(row, 1);
      if (type == "default") {
        group_role_[IdOf(row, 0)] = name;
        if (name == "builder" || name == "end-user") {
          ImportedRole& role = name == "builder" ? out_.builder : out_.end_user;
          role.found = true;
          role.name = name;
          role.grants = std::move(grants);
          role.notes = std::move(notes);
          group_slot_[IdOf(row, 0)] = {&role.grants, &role.notes};
        } else {
          group_slot_[IdOf(row, 0)] = {nullptr, nullptr};  // admin: everything (R6)
        }
        continue;
      }
      ImportedGroup group;
      group.name = name;
      group.grants = std::move(grants);
      group.notes = std::move(notes);
      custom_index_[IdOf(row, 0)] = out_.groups.size();
      out_.groups.push_back(std::move(group));
    }
    for (auto& [id, index] : custom_index_) {
      group_slot_[id] = {&out_.groups[index].grants, &out_.groups[index].notes};
    }
    // Members, and each user's role from the default group they are in.
    PgRows members;
    if (!Query("the group members (table group_users)",
               "SELECT gu.group_id::text, gu.user_id::text FROM group_users gu "
               "JOIN permission_groups pg ON pg.id = gu.group_id WHERE pg.organization_id = $1",
               {org_}, &members)) {
      return false;
    }
    IdMap<std::vector<std::string>> roles;  // user id -> role names
    for (const Row& row : Each(members)) {
      auto user = user_index_.find(IdOf(row, 1));
      if (user == user_index_.end()) continue;  // not a member of this workspace
      auto role = group_role_.find(IdOf(row, 0));
      if (role != group_role_.end()) {
        roles[IdOf(row, 1)].push_back(role->second);
        continue;
      }
      auto custom = custom_index_.find(IdOf(row, 0));
      if (custom != custom_index_.end()) {
        out_.groups[custom->second].members.push_back(out_.users[user->second].email);
      }
    }
    for (auto& [id, index] : user_index_) {
      ImportedUser& user = out_.users[index];
      std::vector<std::string>& names = roles[id];
      std::sort(names.begin(), names.end());
      names.erase(std::unique(names.begin(), names.end()), names.end());
      for (const char* role : {"admin", "builder", "end-user"}) {
        if (user.role.empty() && std::find(names.begin(), names.end(), role) != names.end()) {
          user.role = role;
        }
      }
      if (names.size() > 1) {
        user.notes.push_back(
            {Code::kImportUnsupported,
             fmt::format("in several role groups ({}); imported with the strongest, {}",
                         JoinAnd(names),
                         user.role)});
      }
      if (user.role.empty()) {
        std::string legacy = legacy_roles_[id];
        if (legacy == "admin" || legacy == "builder" || legacy == "end-user") {
          user.role = legacy;
          user.notes.push_back({Code::kImportUnsupported,
                                fmt::format("in no role group; imported with the role '{}' of "
                                            "organization_users.role",
                                            legacy)});
        } else {
          user.role = "end-user";
          user.notes.push_back({Code::kImportPlaceholder,
                                "in no role group and without a known role; imported as an "
                                "end-user: set the role ToolJet should give"});
        }
      }
    }
    for (ImportedGroup& group : out_.groups) {
      std::sort(group.members.begin(), group.members.end());
      group.members.erase(std::unique(group.members.begin(), group.members.end()),
                          group.members.end());
    }
    return true;
  }

  void ReadPermissions(const Row& row, ImportedGrants* grants, ImportNotes* notes) {
    // Columns 3.. are PermissionColumns' order.
    auto at = [&](int i) { return Bool(row, 3 + i); };
    auto null = [&](int i) { return IsNull(row, 3 + i); };
    std::vector<std::string>& p = grants->permissions;
    if (at(0)) p.push_back("appCreate");
    if (at(1)) p.push_back("appDelete");
    if (at(2)) p.push_back("appPromote");
    if (at(3)) p.push_back("appRelease");
    if (at(4)) p.push_back("dataSourceCreate");
    if (at(5)) p.push_back("dataSourceDelete");
    bool folder = at(6);
    if (null(6) && !null(7)) {
      folder = at(7) && at(8);
      if (at(7) != at(8)) {
        notes->push_back({Code::kImportUnsupported,
                          fmt::format("ToolJet grants folder {} but not folder {}; stagegate's "
                                      "folderCRUD is both, so it is left out",
                                      at(7) ? "create" : "delete", at(7) ? "delete" : "create")});
      }
    }
    if (folder) p.push_back("folderCRUD");
    if (at(9)) p.push_back("orgConstantCRUD");
    if (at(10)) p.push_back("workflowCreate");
    if (at(11)) p.push_back("workflowDelete");
  }

  bool ReadApps() {
    PgRows rows;
    bool type = layout_.Has("apps", "type");
    bool app_name = layout_.Has("app_versions", "app_name");
    std::string name = app_name ? "COALESCE(a.name, (SELECT v.app_name FROM app_versions v "
                                  "WHERE v.app_id = a.id AND v.app_name IS NOT NULL ORDER BY "
                                  "v.id = a.current_version_id DESC, v.name LIMIT 1))"
                                : "a.name";
    if (!Query("the apps (table apps)",
               "SELECT a.id::text, " + name + ", " + (type ? "a.type::text" : "'front-end'") +
                   ", a.current_version_id::text, a.user_id::text FROM apps a "
                   "WHERE a.organization_id = $1",
               {org_}, &rows)) {
      return false;
    }
    std::map<std::string, size_t> kinds;  // workflow / module -> count
    for (const Row& row : Each(rows)) {
      if (Text(row, 2) != "front-end") {
        ++kinds[Str(row, 2)];
        continue;
      }
      if (IsNull(row, 1) || Text(row, 1).empty()) {
        out_.notes.push_back({Code::kImportUnsupported,
                              fmt::format("the app with id {} has no name; it is left out",
                                          Text(row, 0))});
        continue;
      }
      ImportedApp app;
      app.name = Str(row, 1);
      if (!IsNull(row, 4)) {
        auto user = user_index_.find(IdOf(row, 4));
        if (user != user_index_.end()) {
          app.owner = out_.users[user->second].email;
        } else {
          app.notes.push_back({Code::kImportUnsupported,
                               "its creator is no longer a user of this workspace, so it is "
                               "imported without an owner"});
        }
      }
      if (!IsNull(row, 3)) released_[IdOf(row, 0)] = IdOf(row, 3);
      app_index_[IdOf(row, 0)] = out_.apps.size();
      out_.apps.push_back(std::move(app));
    }
    for (const auto& [kind, count] : kinds) {
      out_.notes.push_back(
          {Code::kImportUnsupported,
           fmt::format("{} {} of type '{}' {} left out: stagegate's format has front-end apps "
                       "only",
                       count, PluralWord(count, "app", "apps"), kind,
                       PluralWord(count, "is", "are"))});
    }
    return ReadVersions();
  }

  bool ReadVersions() {
    bool status = layout_.Has("app_versions", "status");
    bool vtype = layout_.Has("app_versions", "version_type");
    bool created = layout_.Has("app_versions", "created_at");
    PgRows rows;
    if (!Query("the app versions (table app_versions)",
               std::string("SELECT v.id::text, v.app_id::text, v.name, "
                           "v.current_environment_id::text, ") +
                   (status ? "v.status::text" : "NULL") + ", " +
                   (vtype ? "v.version_type::text" : "'version'") +
                   " FROM app_versions v JOIN apps a ON a.id = v.app_id "
                   "WHERE a.organization_id = $1 ORDER BY " +
                   (created ? "v.created_at, " : "") + "v.name, v.id",
               {org_}, &rows)) {
      return false;
    }
    if (!status) {
      out_.notes.push_back(
          {Code::kImportUnsupported,
           "this ToolJet keeps no version status (it came in September 2025): a version in the "
           "first environment is imported as a draft, the app's current version as released, "
           "every other one as published"});
    }
    for (const Row& row : Each(rows)) {
      auto app = app_index_.find(IdOf(row, 1));
      if (app == app_index_.end()) continue;
      if (Text(row, 5) == "branch") continue;  // a git branch head, not a version
      ImportedApp& target = out_.apps[app->second];
      ImportedVersion version;
      version.name = Str(row, 2);
      auto env = environment_names_.find(IdOf(row, 3));
      version.environment = env == environment_names_.end() ? "" : env->second;
      if (version.environment.empty()) {
        target.notes.push_back({Code::kImportUnsupported,
                                fmt::format("its version '{}' is in no environment; it is left "
                                            "out",
                                            version.name)});
        continue;
      }
      std::string_view state = Text(row, 4);
      auto released = released_.find(IdOf(row, 1));
      if (released != released_.end() && released->second == IdOf(row, 0)) {
        version.status = "released";
      } else if (state == "DRAFT") {
        version.status = "draft";
      } else if (state == "PUBLISHED" || state == "RELEASED") {
        version.status = "published";
      } else {
        version.status = version.environment == out_.environments.front() ? "draft" : "published";
      }
      target.versions.push_back(std::move(version));
    }
    return true;
  }

  bool ReadDataSources() {
    PgRows rows;
    bool dummy = layout_.Has("data_sources", "is_dummy");
    if (!Query("the data sources (table data_sources)",
               std::string("SELECT id::text, name, kind FROM data_sources WHERE organization_id = "
                           "$1 AND scope::text = 'global' AND type::text = 'default'") +
                   (dummy ? " AND NOT is_dummy" : ""),
               {org_}, &rows)) {
      return false;
    }
    for (const Row& row : Each(rows)) {
      ImportedDataSource ds;
      ds.name = Str(row, 1);
      ds.kind = Str(row, 2);
      data_source_index_[IdOf(row, 0)] = out_.data_sources.size();
      out_.data_sources.push_back(std::move(ds));
    }
    PgRows options;
    std::string sql =
        layout_.branching
            ? "SELECT dsv.data_source_id::text, o.environment_id::text, o.options::text "
              "FROM data_source_version_options o "
              "JOIN data_source_versions dsv ON dsv.id = o.data_source_version_id "
              "JOIN data_sources ds ON ds.id = dsv.data_source_id "
              "WHERE ds.organization_id = $1 AND dsv.is_default AND dsv.app_version_id IS NULL" +
                  std::string(layout_.Has("data_source_versions", "branch_id")
                                  ? " ORDER BY dsv.branch_id IS NOT NULL, dsv.id"
                                  : " ORDER BY dsv.id")
            : "SELECT o.data_source_id::text, o.environment_id::text, o.options::text "
              "FROM data_source_options o JOIN data_sources ds ON ds.id = o.data_source_id "
              "WHERE ds.organization_id = $1";
    if (!Query(layout_.branching ? "the data source options (table data_source_version_options)"
                                 : "the data source options (table data_source_options)",
               sql, {org_}, &options)) {
      return false;
    }
    std::set<std::pair<Id, Id>> seen;
    std::map<std::pair<size_t, int>, std::string> by_env;  // (data source, env index) -> json
    for (const Row& row : Each(options)) {
      auto ds = data_source_index_.find(IdOf(row, 0));
      if (ds == data_source_index_.end()) continue;
      if (!seen.insert({IdOf(row, 0), IdOf(row, 1)}).second) continue;  // the default branch's
      auto env = environment_names_.find(IdOf(row, 1));
      if (env == environment_names_.end()) continue;
      int index = static_cast<int>(std::find(out_.environments.begin(), out_.environments.end(),
                                             env->second) -
                                   out_.environments.begin());
      by_env[{ds->second, index}] = Str(row, 2);
    }
    for (const auto& [key, json] : by_env) {
      ImportedDataSource& ds = out_.data_sources[key.first];
      ImportedEnvironmentOptions env;
      env.environment = out_.environments[key.second];
      ReadOptions(ds, env.environment, json, &env.options);
      ds.environments.push_back(std::move(env));
    }
    return true;
  }

  // The secret constant an option ToolJet encrypts (or keeps in clear under
  // a credential's name) is imported as, named after the data source and
  // the option: its value never leaves the database.
  std::string CredentialConstant(const ImportedDataSource& ds, const std::string& key) {
    auto found = credential_constants_.find({ds.name, key});
    if (found != credential_constants_.end()) return found->second;
    std::string name = EnvironmentName(ds.name + "_" + key);
    if (name.empty() || (name[0] >= '0' && name[0] <= '9')) name = "DS_" + name;
    if (name.size() > 50) name.resize(50);
    auto taken = [&](const std::string& candidate) {
      if (credential_uses_.count(candidate) > 0) return true;
      return std::any_of(out_.constants.begin(), out_.constants.end(),
                         [&](const ImportedConstant& c) { return c.name == candidate; });
    };
    std::string unique = name;
    for (int n = 2; taken(unique); ++n) {
      std::string suffix = "_" + std::to_string(n);
      unique = name.substr(0, 50 - suffix.size()) + suffix;
    }
    credential_constants_[{ds.name, key}] = unique;
    credential_uses_[unique];
    return unique;
  }

  void ReadOptions(ImportedDataSource& ds, const std::string& environment, const std::string& text,
                   std::vector<ImportedOption>* options) {
    nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object()) {
      if (!json.is_null()) {
        ds.notes.push_back({Code::kImportUnsupported,
                            fmt::format("its options in {} are not a JSON object; they are left "
                                        "out",
                                        environment)});
      }
      return;
    }
    for (const auto& [key, entry] : json.items()) {
      bool encrypted = entry.is_object() && entry.contains("encrypted") &&
                       entry["encrypted"].is_boolean() && entry["encrypted"].get<bool>();
      if (encrypted) {
        const nlohmann::json* reference =
            entry.contains("workspace_constant") ? &entry["workspace_constant"] : nullptr;
        if (reference != nullptr && reference->is_string() &&
            IsSingleReference(reference->get<std::string>(), TemplateKind::kSecret)) {
          options->push_back({key, {ImportedScalar::Kind::kString, reference->get<std::string>()}});
        } else {
          std::string name = CredentialConstant(ds, key);
          options->push_back({key, {ImportedScalar::Kind::kString, "{{secrets." + name + "}}"}});
          credential_uses_[name].insert(environment);
        }
        continue;
      }
      const nlohmann::json& value =
          entry.is_object() && entry.contains("value") ? entry["value"] : entry;
      if (value.is_null()) continue;  // no value: nothing to configure
      ImportedScalar scalar;
      if (value.is_string()) {
        scalar.text = value.get<std::string>();
      } else if (value.is_boolean()) {
        scalar.kind = ImportedScalar::Kind::kBool;
        scalar.text = value.get<bool>() ? "true" : "false";
      } else if (value.is_number()) {
        scalar.kind = ImportedScalar::Kind::kNumber;
        scalar.text = value.dump();
      } else {
        ds.notes.push_back({Code::kImportUnsupported,
                            fmt::format("its option '{}' in {} is a JSON {}; option values are "
                                        "strings, numbers or booleans, so it is left out",
                                        key, environment, value.is_array() ? "list" : "object")});
        continue;
      }
      if (IsCredentialKey(key) && scalar.kind == ImportedScalar::Kind::kString &&
          !IsSingleReference(scalar.text, TemplateKind::kSecret)) {
        if (scalar.text.empty()) continue;  // an empty credential holds nothing
        std::string name = CredentialConstant(ds, key);
        options->push_back({key, {ImportedScalar::Kind::kString, "{{secrets." + name + "}}"}});
        credential_uses_[name].insert(environment);
        ds.notes.push_back({Code::kImportPlaceholder,
                            fmt::format("ToolJet stores its option '{}' in {} unencrypted; it is "
                                        "a credential, so it is imported as the secret '{}' and "
                                        "its value is not written",
                                        key, environment, name)});
        continue;
      }
      options->push_back({key, std::move(scalar)});
    }
    std::sort(options->begin(), options->end(),
              [](const ImportedOption& a, const ImportedOption& b) { return a.key < b.key; });
  }

  bool ReadGrants() {
    std::string flags;
    for (const char* flag : kFlagColumns) {
      flags += ", ";
      flags += has_flags_ ? std::string("agp.") + flag : "NULL";
    }
    bool app_type = layout_.Has("apps_group_permissions", "app_type");
    PgRows rows;
    if (!Query("the group permissions (tables granular_permissions and apps_group_permissions)",
               "SELECT gp.id::text, gp.group_id::text, gp.name, gp.type::text, gp.is_all, "
               "agp.id::text, " +
                   std::string(app_type ? "agp.app_type::text" : "'front-end'") +
                   ", agp.can_edit, agp.can_view, agp.hide_from_dashboard" + flags +
                   " FROM granular_permissions gp "
                   "JOIN permission_groups pg ON pg.id = gp.group_id "
                   "LEFT JOIN apps_group_permissions agp ON agp.granular_permission_id = gp.id "
                   "WHERE pg.organization_id = $1",
               {org_}, &rows)) {
      return false;
    }
    PgRows apps;
    if (!Query("the apps of each permission (table group_apps)",
               "SELECT ga.apps_group_permissions_id::text, ga.app_id::text FROM group_apps ga "
               "JOIN apps_group_permissions agp ON agp.id = ga.apps_group_permissions_id "
               "JOIN granular_permissions gp ON gp.id = agp.granular_permission_id "
               "JOIN permission_groups pg ON pg.id = gp.group_id WHERE pg.organization_id = $1",
               {org_}, &apps)) {
      return false;
    }
    IdMap<std::vector<std::string>> app_names;
    for (const Row& row : Each(apps)) {
      auto app = app_index_.find(IdOf(row, 1));
      if (app != app_index_.end()) app_names[IdOf(row, 0)].push_back(out_.apps[app->second].name);
    }
    PgRows ds_rows;
    if (!Query("the data source permissions (table data_sources_group_permissions)",
               "SELECT dsgp.granular_permission_id::text, dsgp.id::text, dsgp.can_use, "
               "dsgp.can_configure FROM data_sources_group_permissions dsgp "
               "JOIN granular_permissions gp ON gp.id = dsgp.granular_permission_id "
               "JOIN permission_groups pg ON pg.id = gp.group_id WHERE pg.organization_id = $1",
               {org_}, &ds_rows)) {
      return false;
    }
    PgRows ds_members;
    if (!Query("the data sources of each permission (table group_data_sources)",
               "SELECT gds.data_sources_group_permissions_id::text, gds.data_source_id::text "
               "FROM group_data_sources gds "
               "JOIN data_sources_group_permissions dsgp "
               "ON dsgp.id = gds.data_sources_group_permissions_id "
               "JOIN granular_permissions gp ON gp.id = dsgp.granular_permission_id "
               "JOIN permission_groups pg ON pg.id = gp.group_id WHERE pg.organization_id = $1",
               {org_}, &ds_members)) {
      return false;
    }
    IdMap<std::vector<std::string>> ds_names;
    for (const Row& row : Each(ds_members)) {
      auto ds = data_source_index_.find(IdOf(row, 1));
      if (ds != data_source_index_.end()) {
        ds_names[IdOf(row, 0)].push_back(out_.data_sources[ds->second].name);
      }
    }
    IdMap<Row> ds_by_granular;
    for (const Row& row : Each(ds_rows)) ds_by_granular[IdOf(row, 0)] = row;

    for (const Row& row : Each(rows)) {
      auto slot = group_slot_.find(IdOf(row, 1));
      if (slot == group_slot_.end() || slot->second.first == nullptr) continue;  // admin
      ImportedGrants& grants = *slot->second.first;
      ImportNotes& notes = *slot->second.second;
      std::string type = Str(row, 3);
      std::string label = fmt::format("'{}'", Text(row, 2));
      if (type == "app") {
        if (IsNull(row, 5)) continue;  // no apps_group_permissions row: grants nothing
        if (Text(row, 6) != "front-end") {
          notes.push_back({Code::kImportUnsupported,
                           fmt::format("its permission {} on {} apps is left out: stagegate's "
                                       "format has front-end apps only",
                                       label, Text(row, 6))});
          continue;
        }
        ImportedAppGrant grant;
        grant.all = Bool(row, 4);
        grant.edit = Bool(row, 7);
        if (!grant.edit && !Bool(row, 8)) {
          notes.push_back({Code::kImportUnsupported,
                           fmt::format("its permission {} neither views nor edits; it grants "
                                       "nothing and is left out",
                                       label)});
          continue;
        }
        grant.hide_from_dashboard = Bool(row, 9);  // as stored (R11: reports only)
        if (!grant.all) {
          grant.apps = app_names[IdOf(row, 5)];
          std::sort(grant.apps.begin(), grant.apps.end());
          grant.apps.erase(std::unique(grant.apps.begin(), grant.apps.end()), grant.apps.end());
          if (grant.apps.empty()) continue;  // a permission on no app grants nothing
        }
        if (has_flags_) {
          bool all = true;
          std::vector<std::string> columns;
          for (int f = 0; f < 4; ++f) {
            if (Bool(row, 10 + f)) {
              std::string column = FlagColumn(f);
              if (!column.empty()) columns.push_back(column);
            } else {
              all = false;
            }
          }
          if (!all) grant.environments = std::move(columns);
        }
        grants.apps.push_back(std::move(grant));
      } else if (type == "data_source") {
        auto ds = ds_by_granular.find(IdOf(row, 0));
        if (ds == ds_by_granular.end()) continue;
        const Row& d = ds->second;
        ImportedDataSourceGrant grant;
        grant.all = Bool(row, 4);
        grant.configure = Bool(d, 3);
        if (!grant.configure && !Bool(d, 2)) {
          notes.push_back({Code::kImportUnsupported,
                           fmt::format("its data source permission {} neither uses nor "
                                       "configures; it grants nothing and is left out",
                                       label)});
          continue;
        }
        if (!grant.all) {
          grant.data_sources = ds_names[IdOf(d, 1)];
          std::sort(grant.data_sources.begin(), grant.data_sources.end());
          grant.data_sources.erase(
              std::unique(grant.data_sources.begin(), grant.data_sources.end()),
              grant.data_sources.end());
          if (grant.data_sources.empty()) continue;
        }
        grants.data_sources.push_back(std::move(grant));
      } else {
        notes.push_back({Code::kImportUnsupported,
                         fmt::format("its {} permission {} is left out: stagegate's format has "
                                     "app and data source permissions only",
                                     type == "workflow" ? "workflow" : type, label)});
      }
    }
    return true;
  }

  bool ReadConstants() {
    PgRows rows;
    if (!Query("the workspace constants (tables organization_constants and "
               "org_environment_constant_values)",
               "SELECT c.id::text, c.constant_name, c.type::text, v.environment_id::text, "
               "v.value FROM organization_constants c "
               "LEFT JOIN org_environment_constant_values v ON v.organization_constant_id = c.id "
               "WHERE c.organization_id = $1",
               {org_}, &rows)) {
      return false;
    }
    // (name, secret) -> environment index -> value
    std::map<std::pair<std::string, bool>, std::map<int, std::string>> constants;
    for (const Row& row : Each(rows)) {
      bool secret = Text(row, 2) == "Secret";
      auto& values = constants[{Str(row, 1), secret}];
      auto env = environment_names_.find(IdOf(row, 3));
      if (env == environment_names_.end() || IsNull(row, 4) || Text(row, 4).empty()) continue;
      int index = static_cast<int>(
          std::find(out_.environments.begin(), out_.environments.end(), env->second) -
          out_.environments.begin());
      values[index] = Str(row, 4);
    }
    for (const auto& [key, values] : constants) {
      const auto& [name, secret] = key;
      if (!secret && constants.count({name, true}) > 0) {
        out_.notes.push_back({Code::kImportUnsupported,
                              fmt::format("ToolJet has a global constant and a secret both named "
                                          "'{}'; stagegate's names are unique, so the secret is "
                                          "imported and the global one left out",
                                          name)});
        continue;
      }
      ImportedConstant constant;
      constant.name = name;
      constant.secret = secret;
      for (const auto& [index, ciphertext] : values) {
        ImportedConstantValue value;
        value.environment = out_.environments[index];
        std::string var = EnvironmentName(value.environment);
        if (secret) {
          value.from_env = "TOOLJET_SECRET_" + EnvironmentName(name) + "_" + var;
        } else if (key_) {
          std::optional<std::string> plain =
              key_->Decrypt("org_environment_constant_values", org_, ciphertext);
          if (!plain) {
            return Fail(Code::kLockboxKey,
                        fmt::format("LOCKBOX_MASTER_KEY does not decrypt the value of the "
                                    "constant '{}' in {}: it is not the master key of this "
                                    "ToolJet instance (or the value is damaged); set it to the "
                                    "instance's LOCKBOX_MASTER_KEY, or unset it to import "
                                    "global constant values as placeholders",
                                    name, value.environment));
          }
          value.text = std::move(*plain);
        } else {
          value.from_env = "TOOLJET_CONSTANT_" + EnvironmentName(name) + "_" + var;
        }
        constant.values.push_back(std::move(value));
      }
      if (!secret && !key_ && !constant.values.empty() && !request_.for_comparison) {
        constant.notes.push_back(
            {Code::kImportPlaceholder,
             "its values are encrypted in ToolJet's database and LOCKBOX_MASTER_KEY is not set: "
             "each value is a {fromEnv: ...} placeholder; write in the values ToolJet shows "
             "(Workspace constants), or import again with LOCKBOX_MASTER_KEY set"});
      }
      out_.constants.push_back(std::move(constant));
    }
    std::sort(out_.constants.begin(), out_.constants.end(),
              [](const ImportedConstant& a, const ImportedConstant& b) { return a.name < b.name; });
    return true;
  }

  // The secrets that stand for data source credentials (CredentialConstant).
  bool AddCredentialConstants() {
    for (const auto& entry : credential_uses_) {
      ImportedConstant constant;
      constant.name = entry.first;
      constant.secret = true;
      for (const std::string& env : out_.environments) {
        constant.values.push_back(
            {env, std::nullopt, "TOOLJET_SECRET_" + constant.name + "_" + EnvironmentName(env)});
      }
      constant.notes.push_back(
          {Code::kImportPlaceholder,
           fmt::format("not a constant in ToolJet: it stands for the credential a data source "
                       "keeps encrypted without a {{{{secrets...}}}} reference (used in {}); "
                       "create this secret in ToolJet and use it in the data source, or set "
                       "the variables when a command needs the value",
                       JoinAnd(std::vector<std::string>(entry.second.begin(),
                                                        entry.second.end())))});
      out_.constants.push_back(std::move(constant));
    }
    std::sort(out_.constants.begin(), out_.constants.end(),
              [](const ImportedConstant& a, const ImportedConstant& b) { return a.name < b.name; });
    return true;
  }

  bool ReadUsage() {
    PgRows rows;
    if (!Query("the queries of each app (table data_queries)",
               "SELECT DISTINCT v.app_id::text, q.data_source_id::text FROM data_queries q "
               "JOIN app_versions v ON v.id = q.app_version_id JOIN apps a ON a.id = v.app_id "
               "WHERE a.organization_id = $1 AND q.data_source_id IS NOT NULL",
               {org_}, &rows)) {
      return false;
    }
    for (const Row& row : Each(rows)) {
      auto app = app_index_.find(IdOf(row, 0));
      auto ds = data_source_index_.find(IdOf(row, 1));
      if (app == app_index_.end() || ds == data_source_index_.end()) continue;
      out_.apps[app->second].data_sources.push_back(out_.data_sources[ds->second].name);
    }
    PgRows refs;
    if (!Query("the constants each app's queries use (table data_queries)",
               "SELECT v.app_id::text, q.options::text FROM data_queries q "
               "JOIN app_versions v ON v.id = q.app_version_id JOIN apps a ON a.id = v.app_id "
               "WHERE a.organization_id = $1 AND q.options::text LIKE '%constants.%'",
               {org_}, &refs)) {
      return false;
    }
    std::set<std::string> globals;
    for (const ImportedConstant& c : out_.constants) {
      if (!c.secret) globals.insert(c.name);
    }
    for (const Row& row : Each(refs)) {
      auto app = app_index_.find(IdOf(row, 0));
      if (app == app_index_.end()) continue;
      std::string_view text = Text(row, 1);
      size_t pos = 0;
      while ((pos = text.find("{{", pos)) != std::string::npos) {
        size_t start = pos + 2;
        while (start < text.size() && text[start] == ' ') ++start;
        pos = start;
        if (text.compare(start, 10, "constants.") != 0) continue;
        size_t end = start + 10;
        while (end < text.size() &&
               (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '_')) {
          ++end;
        }
        std::string name(text.substr(start + 10, end - start - 10));
        if (globals.count(name) > 0) out_.apps[app->second].constants.push_back(name);
      }
    }
    for (ImportedApp& app : out_.apps) {
      for (auto* list : {&app.data_sources, &app.constants}) {
        std::sort(list->begin(), list->end());
        list->erase(std::unique(list->begin(), list->end()), list->end());
      }
    }
    return true;
  }

  // Sorts what has no order of its own yet.
  bool Finish() {
    for (ImportedRole* role : {&out_.builder, &out_.end_user}) {
      if (role->found) continue;
      // Without the role group, the role grants nothing in ToolJet: say so
      // rather than let stagegate's built-in default apply.
      role->found = true;
      role->name = role == &out_.builder ? "builder" : "end-user";
      role->notes.push_back(
          {Code::kImportUnsupported,
           fmt::format("the workspace has no '{}' role group in ToolJet, so the role grants "
                       "nothing; imported as a role without permissions or grants",
                       role->name)});
    }
    std::sort(out_.users.begin(), out_.users.end(),
              [](const ImportedUser& a, const ImportedUser& b) { return a.email < b.email; });
    for (size_t i = 1; i < out_.users.size(); ++i) {
      if (out_.users[i].email == out_.users[i - 1].email) {
        out_.notes.push_back({Code::kImportUnsupported,
                              fmt::format("two users have the e-mail address '{}' apart from "
                                          "upper and lower case; the second is left out",
                                          out_.users[i].email)});
      }
    }
    out_.users.erase(std::unique(out_.users.begin(), out_.users.end(),
                                 [](const ImportedUser& a, const ImportedUser& b) {
                                   return a.email == b.email;
                                 }),
                     out_.users.end());
    auto by_name = [](const auto& a, const auto& b) { return a.name < b.name; };
    std::sort(out_.groups.begin(), out_.groups.end(), by_name);
    std::sort(out_.apps.begin(), out_.apps.end(), by_name);
    std::sort(out_.data_sources.begin(), out_.data_sources.end(), by_name);
    for (ImportedGrants* g : AllGrants()) SortGrants(g);
    return true;
  }

  std::vector<ImportedGrants*> AllGrants() {
    std::vector<ImportedGrants*> all = {&out_.builder.grants, &out_.end_user.grants};
    for (ImportedGroup& group : out_.groups) all.push_back(&group.grants);
    return all;
  }

  // Grants are a set (state-file.md): sorted, without repeats.
  static void SortGrants(ImportedGrants* g) {
    auto app_key = [](const ImportedAppGrant& a) {
      return std::make_tuple(!a.all, a.apps, !a.edit, a.environments.has_value(),
                             a.environments.value_or(std::vector<std::string>{}),
                             a.hide_from_dashboard);
    };
    std::sort(g->apps.begin(), g->apps.end(),
              [&](const auto& a, const auto& b) { return app_key(a) < app_key(b); });
    g->apps.erase(std::unique(g->apps.begin(), g->apps.end(),
                              [&](const auto& a, const auto& b) { return app_key(a) == app_key(b); }),
                  g->apps.end());
    auto ds_key = [](const ImportedDataSourceGrant& d) {
      return std::make_tuple(!d.all, d.data_sources, !d.configure);
    };
    std::sort(g->data_sources.begin(), g->data_sources.end(),
              [&](const auto& a, const auto& b) { return ds_key(a) < ds_key(b); });
    g->data_sources.erase(
        std::unique(g->data_sources.begin(), g->data_sources.end(),
                    [&](const auto& a, const auto& b) { return ds_key(a) == ds_key(b); }),
        g->data_sources.end());
  }

  const ReadRequest& request_;
  ImportedWorkspace& out_;
  ReadSummary& summary_;
  Diagnostics& diags_;
  std::unique_ptr<PgSession> session_;
  Layout layout_;
  bool has_flags_ = false;
  std::optional<LockboxKey> key_;
  std::string org_;
  IdMap<std::string> environment_names_;  // id -> name
  IdMap<size_t> user_index_;              // user id -> out_.users
  IdMap<std::string> legacy_roles_;       // user id -> ou.role
  IdMap<std::string> group_role_;         // default group id -> name
  std::map<Id, size_t> custom_index_;     // group id -> out_.groups (ordered: members stay stable)
  // group id -> where its grants and notes go (nullptr for admin)
  IdMap<std::pair<ImportedGrants*, ImportNotes*>> group_slot_;
  IdMap<size_t> app_index_;               // app id -> out_.apps
  IdMap<Id> released_;                    // app id -> its released version's id
  IdMap<size_t> data_source_index_;       // data source id -> out_.data_sources
  std::map<std::pair<std::string, std::string>, std::string> credential_constants_;
  std::map<std::string, std::set<std::string>> credential_uses_;  // constant -> environments
};

}  // namespace

std::string EnvironmentName(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    } else {
      out += '_';
    }
  }
  return out;
}

bool ReadWorkspace(const ReadRequest& request, ImportedWorkspace* out, ReadSummary* summary,
                   Diagnostics& diags) {
  Reader reader(request, out, summary, diags);
  return reader.Run();
}

}  // namespace stagegate::live
