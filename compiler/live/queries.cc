// The reader's SQL, each statement a named constant. What differs between
// ToolJet's layouts (a column that came later, the 2026 options tables) is a
// {placeholder} in the text, filled in one place: ComposeQueries. Every
// column the reader reads has a name (AS ...), so a result is read by name
// whatever the layout, and a test can record it.
#include <fmt/format.h>

#include "live/reader.h"

namespace stagegate::live {
namespace {

constexpr std::string_view kLayoutSql =
    "SELECT c.relname AS table_name, a.attname AS column_name, "
    "has_table_privilege(c.oid, 'SELECT') AS readable "
    "FROM pg_catalog.pg_class c "
    "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
    "AND NOT a.attisdropped "
    "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') "
    "AND pg_catalog.pg_table_is_visible(c.oid) AND c.relname = ANY($1::text[])";

constexpr std::string_view kWorkspacesSql =
    "SELECT id::text AS id, name, {slug} AS slug FROM organizations";

constexpr std::string_view kEnvironmentsSql =
    "SELECT id::text AS id, name, priority, {enabled} AS enabled, {release} AS is_default "
    "FROM app_environments WHERE organization_id = $1 ORDER BY priority, name";

constexpr std::string_view kUsersSql =
    "SELECT u.id::text AS id, u.email, u.first_name, u.last_name, "
    "u.status::text AS user_status, ou.status::text AS membership_status, "
    "{legacy_role} AS legacy_role "
    "FROM organization_users ou JOIN users u ON u.id = ou.user_id "
    "WHERE ou.organization_id = $1";

constexpr std::string_view kGroupsSql =
    "SELECT pg.id::text AS id, pg.name, pg.type::text AS type{permissions} "
    "FROM permission_groups pg WHERE pg.organization_id = $1";

constexpr std::string_view kMembersSql =
    "SELECT gu.group_id::text AS group_id, gu.user_id::text AS user_id FROM group_users gu "
    "JOIN permission_groups pg ON pg.id = gu.group_id WHERE pg.organization_id = $1";

constexpr std::string_view kAppsSql =
    "SELECT a.id::text AS id, {name} AS name, {type} AS type, "
    "a.current_version_id::text AS current_version_id, a.user_id::text AS user_id, "
    "{is_public} AS is_public "
    "FROM apps a WHERE a.organization_id = $1";

constexpr std::string_view kVersionsSql =
    "SELECT v.id::text AS id, v.app_id::text AS app_id, v.name, "
    "v.current_environment_id::text AS environment_id, {status} AS status, "
    "{version_type} AS version_type "
    "FROM app_versions v JOIN apps a ON a.id = v.app_id "
    "WHERE a.organization_id = $1 ORDER BY {created_at}v.name, v.id";

constexpr std::string_view kDataSourcesSql =
    "SELECT id::text AS id, name, kind FROM data_sources WHERE organization_id = $1 "
    "AND scope::text = 'global' AND type::text = 'default'{not_dummy}";

// 3.x: one row per data source and environment.
constexpr std::string_view kOptionsSql =
    "SELECT o.data_source_id::text AS data_source_id, o.environment_id::text AS environment_id, "
    "o.options::text AS options "
    "FROM data_source_options o JOIN data_sources ds ON ds.id = o.data_source_id "
    "WHERE ds.organization_id = $1";

// 2026: the default version's options (not frozen per-version snapshots),
// the default branch's first.
constexpr std::string_view kVersionOptionsSql =
    "SELECT dsv.data_source_id::text AS data_source_id, "
    "o.environment_id::text AS environment_id, o.options::text AS options "
    "FROM data_source_version_options o "
    "JOIN data_source_versions dsv ON dsv.id = o.data_source_version_id "
    "JOIN data_sources ds ON ds.id = dsv.data_source_id "
    "WHERE ds.organization_id = $1 AND dsv.is_default AND dsv.app_version_id IS NULL "
    "ORDER BY {branch_first}dsv.id";

constexpr std::string_view kGrantsSql =
    "SELECT gp.id::text AS id, gp.group_id::text AS group_id, gp.name, gp.type::text AS type, "
    "gp.is_all, agp.id::text AS app_permission_id, {app_type} AS app_type, agp.can_edit, "
    "agp.can_view, agp.hide_from_dashboard{flags} "
    "FROM granular_permissions gp "
    "JOIN permission_groups pg ON pg.id = gp.group_id "
    "LEFT JOIN apps_group_permissions agp ON agp.granular_permission_id = gp.id "
    "WHERE pg.organization_id = $1";

constexpr std::string_view kGrantAppsSql =
    "SELECT ga.apps_group_permissions_id::text AS app_permission_id, ga.app_id::text AS app_id "
    "FROM group_apps ga "
    "JOIN apps_group_permissions agp ON agp.id = ga.apps_group_permissions_id "
    "JOIN granular_permissions gp ON gp.id = agp.granular_permission_id "
    "JOIN permission_groups pg ON pg.id = gp.group_id WHERE pg.organization_id = $1";

constexpr std::string_view kGrantDataSourcesSql =
    "SELECT dsgp.granular_permission_id::text AS granular_permission_id, "
    "dsgp.id::text AS id, dsgp.can_use, dsgp.can_configure "
    "FROM data_sources_group_permissions dsgp "
    "JOIN granular_permissions gp ON gp.id = dsgp.granular_permission_id "
    "JOIN permission_groups pg ON pg.id = gp.group_id WHERE pg.organization_id = $1";

constexpr std::string_view kGrantDataSourceMembersSql =
    "SELECT gds.data_sources_group_permissions_id::text AS data_source_permission_id, "
    "gds.data_source_id::text AS data_source_id "
    "FROM group_data_sources gds "
    "JOIN data_sources_group_permissions dsgp "
    "ON dsgp.id = gds.data_sources_group_permissions_id "
    "JOIN granular_permissions gp ON gp.id = dsgp.granular_permission_id "
    "JOIN permission_groups pg ON pg.id = gp.group_id WHERE pg.organization_id = $1";

// Folder permissions (2026): what each gives, and the folders it names (none
// when is_all). The flags may be NULL (the migration gives them no NOT NULL):
// false, as ToolJet reads them.
constexpr std::string_view kFolderGrantsSql =
    "SELECT fgp.granular_permission_id::text AS granular_permission_id, fgp.can_edit_folder, "
    "fgp.can_edit_apps, fgp.can_view_apps, gf.folder_id::text AS folder_id "
    "FROM folders_group_permissions fgp "
    "JOIN granular_permissions gp ON gp.id = fgp.granular_permission_id "
    "JOIN permission_groups pg ON pg.id = gp.group_id "
    "LEFT JOIN group_folders gf ON gf.folders_group_permissions_id = fgp.id "
    "WHERE pg.organization_id = $1";

// The workspace's folders and their apps (one row per app; NULL for none),
// and who created each (2026: its creator edits the apps in it).
constexpr std::string_view kFoldersSql =
    "SELECT f.id::text AS id, f.name, f.type::text AS type, fa.app_id::text AS app_id, "
    "{created_by} AS created_by "
    "FROM folders f LEFT JOIN folder_apps fa ON fa.folder_id = f.id "
    "WHERE f.organization_id = $1";

// With what each data source is, so one that is not a global data source of
// the workspace (app-level, sample) can be named.
constexpr std::string_view kAppDataSourcesSql =
    "SELECT DISTINCT v.app_id::text AS app_id, q.data_source_id::text AS data_source_id, "
    "ds.name AS data_source_name, ds.kind AS data_source_kind, ds.scope::text AS scope, "
    "ds.type::text AS type "
    "FROM data_queries q "
    "JOIN app_versions v ON v.id = q.app_version_id JOIN apps a ON a.id = v.app_id "
    "JOIN data_sources ds ON ds.id = q.data_source_id "
    "WHERE a.organization_id = $1";

constexpr std::string_view kAppConstantRefsSql =
    "SELECT v.app_id::text AS app_id, q.id::text AS query_id, q.options::text AS options "
    "FROM data_queries q "
    "JOIN app_versions v ON v.id = q.app_version_id JOIN apps a ON a.id = v.app_id "
    "WHERE a.organization_id = $1 AND q.options::text LIKE '%constants.%'";

constexpr std::string_view kConstantsSql =
    "SELECT c.id::text AS id, c.constant_name, c.type::text AS type, "
    "v.environment_id::text AS environment_id, v.value "
    "FROM organization_constants c "
    "LEFT JOIN org_environment_constant_values v ON v.organization_constant_id = c.id "
    "WHERE c.organization_id = $1";

// Whether an app is public (R13). 3.x: apps.is_public. 2026: a front-end
// app's flag is on its version rows (app_versions.is_public, one value ToolJet
// keeps on every row; it reads whichever row carries the slug, and NULL is
// private), so the app is public when any version row, git branch heads
// aside, says so; an app without such rows falls back to apps.is_public, as
// ToolJet's slug lookup does. A layout without either column: false.
std::string IsPublicSql(const Layout& layout) {
  std::string apps = layout.Has("apps", "is_public") ? "a.is_public" : "false";
  if (!layout.Has("app_versions", "is_public")) return apps;
  return fmt::format(
      "COALESCE((SELECT bool_or(v.is_public IS TRUE) FROM app_versions v WHERE v.app_id = a.id{}), "
      "{})",
      layout.Has("app_versions", "version_type") ? " AND v.version_type::text <> 'branch'" : "",
      apps);
}

// `table.column` when the layout has it, otherwise `fallback`.
std::string ColumnOr(const Layout& layout, const char* table, const char* alias,
                     const char* column, const char* fallback) {
  return layout.Has(table, column) ? fmt::format("{}.{}", alias, column) : fallback;
}

}  // namespace

Query LayoutQuery() { return {"layout", std::string(kLayoutSql), "the list of tables"}; }

Query WorkspacesQuery(const Layout& layout) {
  return {"workspaces",
          fmt::format(fmt::runtime(kWorkspacesSql),
                      fmt::arg("slug", layout.Has("organizations", "slug") ? "slug" : "NULL")),
          "the workspaces (table organizations)"};
}

Queries ComposeQueries(const Layout& layout) {
  // Every layout-dependent part of every query, in one place.
  std::string permissions;
  for (const char* column : kPermissionColumns) {
    permissions += fmt::format(", {} AS {}",
                               ColumnOr(layout, "permission_groups", "pg", column, "NULL"), column);
  }
  std::string flags;
  for (const char* flag : kFlagColumns) {
    flags += fmt::format(", {} AS {}", layout.has_flags ? fmt::format("agp.{}", flag) : "NULL",
                         flag);
  }
  std::string app_name =
      layout.Has("app_versions", "app_name")
          ? "COALESCE(a.name, (SELECT v.app_name FROM app_versions v WHERE v.app_id = a.id AND "
            "v.app_name IS NOT NULL ORDER BY v.id = a.current_version_id DESC, v.name LIMIT 1))"
          : "a.name";
  Queries q;
  // The environment ToolJet releases from: the column is literally named
  // `default` (the entity's isDefault); is_default in case a build renames it.
  const char* release = layout.Has("app_environments", "default")
                            ? "app_environments.\"default\""
                            : layout.Has("app_environments", "is_default")
                                  ? "app_environments.is_default"
                                  : "NULL::boolean";
  q.environments = {
      "environments",
      fmt::format(fmt::runtime(kEnvironmentsSql),
                  fmt::arg("enabled", ColumnOr(layout, "app_environments", "app_environments",
                                               "enabled", "true")),
                  fmt::arg("release", release)),
      "the environments (table app_environments)"};
  q.users = {"users",
             fmt::format(fmt::runtime(kUsersSql),
                         fmt::arg("legacy_role",
                                  ColumnOr(layout, "organization_users", "ou", "role", "NULL"))),
             "the users (tables organization_users and users)"};
  q.groups = {"groups",
              fmt::format(fmt::runtime(kGroupsSql), fmt::arg("permissions", permissions)),
              "the groups (table permission_groups)"};
  q.members = {"members", std::string(kMembersSql), "the group members (table group_users)"};
  q.apps = {"apps",
            fmt::format(fmt::runtime(kAppsSql), fmt::arg("name", app_name),
                        fmt::arg("type", layout.Has("apps", "type") ? "a.type::text"
                                                                    : "'front-end'"),
                        fmt::arg("is_public", IsPublicSql(layout))),
            "the apps (table apps)"};
  q.versions = {
      "versions",
      fmt::format(fmt::runtime(kVersionsSql),
                  fmt::arg("status",
                           layout.Has("app_versions", "status") ? "v.status::text" : "NULL"),
                  fmt::arg("version_type", layout.Has("app_versions", "version_type")
                                               ? "v.version_type::text"
                                               : "'version'"),
                  fmt::arg("created_at",
                           layout.Has("app_versions", "created_at") ? "v.created_at, " : "")),
      "the app versions (table app_versions)"};
  q.data_sources = {
      "data_sources",
      fmt::format(fmt::runtime(kDataSourcesSql),
                  fmt::arg("not_dummy",
                           layout.Has("data_sources", "is_dummy") ? " AND NOT is_dummy" : "")),
      "the data sources (table data_sources)"};
  if (layout.branching) {
    q.options = {"options",
                 fmt::format(fmt::runtime(kVersionOptionsSql),
                             fmt::arg("branch_first", layout.Has("data_source_versions", "branch_id")
                                                          ? "dsv.branch_id IS NOT NULL, "
                                                          : "")),
                 "the data source options (table data_source_version_options)"};
  } else {
    q.options = {"options", std::string(kOptionsSql),
                 "the data source options (table data_source_options)"};
  }
  q.grants = {"grants",
              fmt::format(fmt::runtime(kGrantsSql),
                          fmt::arg("app_type", layout.Has("apps_group_permissions", "app_type")
                                                   ? "agp.app_type::text"
                                                   : "'front-end'"),
                          fmt::arg("flags", flags)),
              "the group permissions (tables granular_permissions and apps_group_permissions)"};
  q.grant_apps = {"grant_apps", std::string(kGrantAppsSql),
                  "the apps of each permission (table group_apps)"};
  q.grant_data_sources = {"grant_data_sources", std::string(kGrantDataSourcesSql),
                          "the data source permissions (table data_sources_group_permissions)"};
  q.grant_data_source_members = {
      "grant_data_source_members", std::string(kGrantDataSourceMembersSql),
      "the data sources of each permission (table group_data_sources)"};
  q.folder_grants = {"folder_grants", std::string(kFolderGrantsSql),
                     "the folder permissions (tables folders_group_permissions and "
                     "group_folders)"};
  q.folders = {"folders",
               fmt::format(fmt::runtime(kFoldersSql),
                           fmt::arg("created_by", ColumnOr(layout, "folders", "f", "created_by",
                                                           "NULL"))),
               "the folders and their apps (tables folders and folder_apps)"};
  q.app_data_sources = {"app_data_sources", std::string(kAppDataSourcesSql),
                        "the queries of each app (table data_queries)"};
  q.app_constant_refs = {"app_constant_refs", std::string(kAppConstantRefsSql),
                         "the constants each app's queries use (table data_queries)"};
  q.constants = {"constants", std::string(kConstantsSql),
                 "the workspace constants (tables organization_constants and "
                 "org_environment_constant_values)"};
  return q;
}

}  // namespace stagegate::live
