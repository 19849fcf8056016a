// Inside the live reader (live/read.h): the probed layout, the queries
// composed for it, and the Reader, whose parts are in one file per kind of
// entity: layout.cc (the layout probe), users.cc (users and roles),
// groups.cc (groups and grants), data_sources.cc, constants.cc, apps.cc
// (apps, versions and what they use), read.cc (the workspace, its
// environments, and the order of it all). Not for use outside live/.
#ifndef STAGEGATE_LIVE_READER_H_
#define STAGEGATE_LIVE_READER_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "live/lockbox.h"
#include "live/read.h"
#include "live/session.h"
#include "model/workspace.h"
#include "source/diagnostic.h"

namespace stagegate::live {

// ---- the schema layout (layout.cc) ----

struct TableSpec {
  const char* table;
  std::vector<const char*> columns;
};

// What every 3.x database has (ToolJet 3.0, April 2024, on).
const std::vector<TableSpec>& RequiredTables();
// Where the data source options are: data_source_options (3.x), or the
// default version's data_source_version_options (2026, `branching`).
const std::vector<TableSpec>& OptionTables(bool branching);
// Folder permissions (2026: granular_permissions of type folder): the
// permission rows, the folders they name, and the folders' apps. Read
// whenever folders_group_permissions exists, and then required whole.
const std::vector<TableSpec>& FolderTables();

// permission_groups' permission columns, read where the layout has them
// (NULL otherwise), in the order of format.md's permissions but for the
// folder ones: folder_crud (3.x), or folder_create and folder_delete (2026).
inline constexpr const char* kPermissionColumns[] = {
    "app_create",         "app_delete",  "app_promote",   "app_release",
    "data_source_create", "data_source_delete", "folder_crud", "folder_create",
    "folder_delete",      "org_constant_crud", "workflow_create", "workflow_delete"};
// apps_group_permissions' environment flags: development, staging,
// production (priority 1 to 3), released.
inline constexpr const char* kFlagColumns[] = {"can_access_development", "can_access_staging",
                                               "can_access_production", "can_access_released"};

struct Layout {
  std::map<std::string, std::set<std::string>> columns;  // table -> columns
  std::map<std::string, bool> readable;                  // table -> SELECT allowed
  bool branching = false;  // the 2026 layout: options in data_source_versions
  bool has_flags = false;  // all four kFlagColumns
  bool folder_grants = false;  // FolderTables(): folder permissions give app access

  bool Has(const std::string& table, const std::string& column) const {
    auto it = columns.find(table);
    return it != columns.end() && it->second.count(column) > 0;
  }
  bool HasTable(const std::string& table) const { return columns.count(table) > 0; }
};

// ---- the queries (queries.cc) ----

struct Queries {
  Query environments, users, groups, members, apps, versions, data_sources, options, grants,
      grant_apps, grant_data_sources, grant_data_source_members, app_data_sources,
      app_constant_refs, constants, folder_grants, folders;
};

// The catalogue query (its parameter: a text array of table names).
Query LayoutQuery();
Query WorkspacesQuery(const Layout& layout);
Queries ComposeQueries(const Layout& layout);

// ---- row ids ----

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
Id MakeId(std::string_view text);
// A uuid's text again (ToolJet's ids are uuids, read as ::text), to name
// the row a note is about.
std::string IdText(const Id& id);
template <typename T>
using IdMap = std::unordered_map<Id, T, IdHash>;

// ---- the reader ----

class Reader {
 public:
  Reader(QuerySession& session, const ReadRequest& request, LiveWorkspace* out,
         ReadSummary* summary, Diagnostics& diags)
      : session_(session), request_(request), out_(*out), ws_(out->model), summary_(*summary),
        diags_(diags) {}

  bool Run();

 private:
  // Where grants and notes of a permission group go: a custom group, a
  // role's group, or nowhere (admin: it has every permission, R6).
  struct GroupSlot {
    std::vector<PermissionRef>* permissions = nullptr;
    std::vector<AppGrant>* apps = nullptr;
    std::vector<DataSourceGrant>* data_sources = nullptr;
    EntityNote::Scope scope = EntityNote::Scope::kEntity;
    std::string name;  // the group's, or the role's
  };

  // read.cc
  bool Fail(Code code, std::string message, RowOrigin origin = {});
  bool Run(const Query& query, std::unique_ptr<Rows>* rows);  // with the workspace's id
  bool Run(const Query& query, const std::vector<std::string>& params,
           std::unique_ptr<Rows>* rows);
  bool ParseKey();
  bool PickWorkspace();
  bool ReadEnvironments();
  void FindReleaseEnvironment(const Rows& rows);
  void Finish();
  void Note(EntityNote::Scope scope, EntityKind kind, std::string name, Code code,
            std::string message, RowOrigin origin);
  void NoteWorkspace(Code code, std::string message, RowOrigin origin);
  void NoteOn(EntityKind kind, std::string name, Code code, std::string message,
              RowOrigin origin);
  RowOrigin Row(std::string_view table, std::string_view id = {}) const;
  // The column ToolJet's environment flag `flag` (kFlagColumns) stands for.
  std::string FlagColumn(int flag) const;
  int EnvironmentIndex(const std::string& name) const;

  // layout.cc
  bool ProbeLayout();

  // users.cc
  bool ReadUsers();
  void AssignRoles(IdMap<std::vector<std::string>>& roles);
  void FinishRoles();

  // groups.cc
  bool ReadGroups();
  bool ReadMembers();
  void ReadPermissions(const Rows& rows, size_t row, const std::vector<int>& columns,
                       std::vector<PermissionRef>* out, const GroupSlot& slot,
                       const RowOrigin& origin);
  bool ReadGrants();

  // folders.cc
  // A group's folder permission (granular_permissions of type folder),
  // turned into an app grant once the group's app grants are read.
  struct FolderGrant {
    Id permission;           // granular_permissions.id
    bool all_folders = false;  // is_all
    std::string label;       // its name, quoted
    const GroupSlot* to = nullptr;
    RowOrigin origin;
  };
  bool ReadFolders();
  struct FolderPermission;
  void AddFolderGrants(const std::vector<FolderGrant>& grants);
  void AddFolderGrant(const FolderGrant& grant, const FolderPermission& permission);
  void NoteCreatedFolders();

  // apps.cc
  bool ReadApps();
  bool ReadVersions();
  bool ReadUsage();
  void ReadAppDataSources(const Rows& uses);
  void NoteUndefinedConstants(
      const std::map<size_t, std::map<std::string, std::string>>& undefined);

  // constants.cc
  bool ReadConstants();

  // data_sources.cc
  bool ReadDataSources();
  void ReadOptions(size_t ds, const std::string& environment, std::string_view text,
                   const RowOrigin& origin, DataSourceEnvironment* env);

  QuerySession& session_;
  const ReadRequest& request_;
  LiveWorkspace& out_;
  Workspace& ws_;
  ReadSummary& summary_;
  Diagnostics& diags_;
  Layout layout_;
  Queries queries_;
  std::optional<LockboxKey> key_;
  std::string org_;
  IdMap<std::string> environment_names_;  // id -> name
  // The environment ToolJet releases from (app_environments.default; the
  // last when none is marked).
  std::string release_environment_;
  IdMap<size_t> user_index_;              // user id -> ws_.users
  std::vector<std::string> legacy_roles_;  // ws_.users index -> organization_users.role
  IdMap<std::string> group_role_;          // default group id -> its name
  std::map<Id, size_t> custom_index_;      // group id -> ws_.groups (ordered: members stay stable)
  IdMap<GroupSlot> group_slot_;            // group id -> where its grants go
  bool role_found_[2] = {false, false};    // builder, end-user
  IdMap<size_t> app_index_;                // app id -> ws_.apps
  IdMap<Id> released_;                     // app id -> its released version's id
  IdMap<size_t> data_source_index_;        // data source id -> ws_.data_sources
  std::vector<std::string> data_source_ids_;  // ws_.data_sources index -> its id
  // Folder permissions (layout_.folder_grants): folders_group_permissions
  // by granular permission id, and the workspace's folders by id.
  struct FolderPermission {
    bool edit_folder = false, edit_apps = false, view_apps = false;
    std::vector<Id> folders;  // group_folders
  };
  struct Folder {
    std::string name;
    bool front_end = false;         // folders.type: what "all folders" covers
    std::vector<std::string> apps;  // the front-end apps in it, by name
    std::optional<size_t> creator;  // folders.created_by (2026): ws_.users' index
    std::string id;                 // its row
  };
  IdMap<FolderPermission> folder_permissions_;
  IdMap<Folder> folders_;
};

// References sorted by name without repeats: the order of a list the model
// keeps as written (members, an app's data sources and constants, a grant's
// targets), so the same rows give the same files in any order.
void SortUniqueRefs(std::vector<Ref>* refs);

}  // namespace stagegate::live

#endif  // STAGEGATE_LIVE_READER_H_
