// The layout probe: which of ToolJet's tables and columns the database has
// (from its catalogue, not a version number), whether the role may read
// them, and so which layout it is: 3.x, or the 2026 branch-aware one, with
// the columns that came later degraded one by one.
#include <fmt/format.h>

#include <algorithm>

#include "live/reader.h"
#include "source/wording.h"

namespace stagegate::live {
namespace {

std::string JoinComma(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

}  // namespace

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

const std::vector<TableSpec>& FolderTables() {
  static const std::vector<TableSpec> kTables = {
      {"folders_group_permissions",
       {"id", "granular_permission_id", "can_edit_folder", "can_edit_apps", "can_view_apps"}},
      {"group_folders", {"folder_id", "folders_group_permissions_id"}},
      {"folders", {"id", "organization_id", "name", "type"}},
      {"folder_apps", {"folder_id", "app_id"}}};
  return kTables;
}

bool Reader::ProbeLayout() {
  std::vector<std::string> names;
  for (const TableSpec& t : RequiredTables()) names.push_back(t.table);
  for (bool branching : {false, true}) {
    for (const TableSpec& t : OptionTables(branching)) names.push_back(t.table);
  }
  for (const TableSpec& t : FolderTables()) names.push_back(t.table);
  names.push_back("group_permissions");  // ToolJet before 3.0
  std::unique_ptr<Rows> rows;
  if (!Run(LayoutQuery(), {"{" + JoinComma(names) + "}"}, &rows)) return false;
  const int table = rows->Column("table_name"), column = rows->Column("column_name"),
            readable = rows->Column("readable");
  for (size_t r = 0; r < rows->size(); ++r) {
    layout_.columns[rows->Str(r, table)].insert(rows->Str(r, column));
    layout_.readable[rows->Str(r, table)] = rows->Bool(r, readable);
  }
  std::string db = fmt::format("'{}'", RedactUrl(request_.url));
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
                              "ToolJet's tables (organizations, permission_groups, apps, ...); "
                              "check the database name in the URL and the search_path",
                              db));
    }
  }
  layout_.branching = layout_.HasTable("data_source_versions");
  std::vector<TableSpec> required = RequiredTables();
  for (const TableSpec& t : OptionTables(layout_.branching)) required.push_back(t);
  // Where folder permissions exist they decide access: read them whole or fail.
  layout_.folder_grants = layout_.HasTable("folders_group_permissions");
  if (layout_.folder_grants) {
    for (const TableSpec& t : FolderTables()) required.push_back(t);
  }
  for (const TableSpec& t : required) {
    if (!layout_.HasTable(t.table)) {
      return Fail(Code::kUnknownToolJetLayout,
                  fmt::format("the database {} has no table '{}', which every ToolJet 3.x "
                              "database has; this is a schema layout stagegate does not know "
                              "(docs/import.md lists the tables and columns it reads)",
                              db, t.table));
    }
    for (const char* c : t.columns) {
      if (!layout_.Has(t.table, c)) {
        return Fail(Code::kUnknownToolJetLayout,
                    fmt::format("the table '{}' of {} has no column '{}'; this is a schema "
                                "layout stagegate does not know (docs/import.md lists the "
                                "tables and columns it reads)",
                                t.table, db, c));
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
                fmt::format("the role '{}' may not read the {} {}; grant it SELECT on ToolJet's "
                            "tables (docs/import.md shows the read-only role to create)",
                            session_.user(), PluralWord(unreadable.size(), "table", "tables"),
                            QuoteList(first, unreadable.size())));
  }
  layout_.has_flags = std::all_of(std::begin(kFlagColumns), std::end(kFlagColumns),
                                  [&](const char* flag) {
                                    return layout_.Has("apps_group_permissions", flag);
                                  });
  summary_.layout = layout_.branching ? "ToolJet 2026 (branch-aware)" : "ToolJet 3.x";
  return true;
}

}  // namespace stagegate::live
