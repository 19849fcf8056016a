// Groups and grants: the permission groups (custom groups, and the role
// groups whose permissions are the roles'), their members, and what each
// grants: workspace permissions, app and data source grants
// (granular_permissions with apps_group_permissions + group_apps and
// data_sources_group_permissions + group_data_sources; folder permissions
// become app grants in folders.cc).
#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "live/reader.h"

namespace stagegate::live {
namespace {

// Names sorted and without repeats, as references.
std::vector<Ref> SortedRefs(const std::vector<std::string>& names) {
  std::vector<Ref> refs;
  refs.reserve(names.size());
  for (const std::string& n : names) refs.push_back(NameRef(n));
  SortUniqueRefs(&refs);
  return refs;
}

// Grants are a set (state-file.md): sorted, without repeats, so the same
// database always gives the same files.
void SortGrants(std::vector<AppGrant>* apps, std::vector<DataSourceGrant>* data_sources) {
  auto app_key = [](const AppGrant& a) {
    std::vector<std::string> environments;
    if (a.environments) environments = NamesOf(*a.environments);
    return std::make_tuple(!a.all_apps, NamesOf(a.apps), a.level != AppLevel::kEdit,
                           a.environments.has_value(), std::move(environments),
                           a.hide_from_dashboard);
  };
  std::sort(apps->begin(), apps->end(),
            [&](const AppGrant& a, const AppGrant& b) { return app_key(a) < app_key(b); });
  apps->erase(std::unique(apps->begin(), apps->end(),
                          [&](const AppGrant& a, const AppGrant& b) {
                            return app_key(a) == app_key(b);
                          }),
              apps->end());
  auto ds_key = [](const DataSourceGrant& d) {
    return std::make_tuple(!d.all_data_sources, NamesOf(d.data_sources),
                           d.level != DataSourceLevel::kConfigure);
  };
  std::sort(data_sources->begin(), data_sources->end(),
            [&](const DataSourceGrant& a, const DataSourceGrant& b) {
              return ds_key(a) < ds_key(b);
            });
  data_sources->erase(std::unique(data_sources->begin(), data_sources->end(),
                                  [&](const DataSourceGrant& a, const DataSourceGrant& b) {
                                    return ds_key(a) == ds_key(b);
                                  }),
                      data_sources->end());
}

}  // namespace

bool Reader::ReadGroups() {
  std::unique_ptr<Rows> rows;
  if (!Run(queries_.groups, &rows)) return false;
  if (!layout_.Has("permission_groups", "app_promote")) {
    NoteWorkspace(Code::kImportUnsupported,
                  "this ToolJet has no appPromote and appRelease permissions (they came with "
                  "3.16); no group is imported with them",
                  Row("permission_groups"));
  }
  const int id = rows->Column("id"), name = rows->Column("name"), type = rows->Column("type");
  std::vector<int> permission_columns;
  for (const char* column : kPermissionColumns) {
    permission_columns.push_back(rows->Column(column));
  }
  for (size_t r = 0; r < rows->size(); ++r) {
    Id group = MakeId(rows->Get(r, id));
    RowOrigin origin = Row("permission_groups", rows->Get(r, id));
    std::string group_name = rows->Str(r, name);
    if (rows->Get(r, type) == "default") {
      group_role_[group] = group_name;
      std::optional<UserRole> which = ParseRole(group_name);
      if (!which || *which == UserRole::kAdmin) {
        group_slot_[group] = GroupSlot{};  // admin: everything (R6)
        continue;
      }
      Role& role = *which == UserRole::kBuilder ? ws_.builder : ws_.end_user;
      role_found_[*which == UserRole::kBuilder ? 0 : 1] = true;
      role = Role{};
      role.role = *which;
      role.configured = true;
      role.name = NameRef(group_name);
      GroupSlot slot{&role.permissions, &role.apps, &role.data_sources, EntityNote::Scope::kRole,
                     group_name};
      ReadPermissions(*rows, r, permission_columns, &role.permissions, slot, origin);
      group_slot_[group] = std::move(slot);
      continue;
    }
    Group custom;
    custom.name = group_name;
    GroupSlot slot;
    slot.name = group_name;
    ReadPermissions(*rows, r, permission_columns, &custom.permissions, slot, origin);
    custom_index_[group] = ws_.groups.size();
    ws_.groups.push_back(std::move(custom));
  }
  // Now that ws_.groups no longer grows, where each custom group's grants go.
  for (const auto& [group, index] : custom_index_) {
    Group& g = ws_.groups[index];
    group_slot_[group] = GroupSlot{&g.permissions, &g.apps, &g.data_sources,
                                   EntityNote::Scope::kEntity, g.name};
  }
  return true;
}

void Reader::ReadPermissions(const Rows& rows, size_t row, const std::vector<int>& columns,
                             std::vector<PermissionRef>* out, const GroupSlot& slot,
                             const RowOrigin& origin) {
  // `columns` are kPermissionColumns' in their order.
  auto at = [&](int i) { return rows.Bool(row, columns[i]); };
  auto null = [&](int i) { return rows.IsNull(row, columns[i]); };
  auto add = [&](WorkspacePermission p) { out->push_back({p, Location{}, 1}); };
  if (at(0)) add(WorkspacePermission::kAppCreate);
  if (at(1)) add(WorkspacePermission::kAppDelete);
  if (at(2)) add(WorkspacePermission::kAppPromote);
  if (at(3)) add(WorkspacePermission::kAppRelease);
  if (at(4)) add(WorkspacePermission::kDataSourceCreate);
  if (at(5)) add(WorkspacePermission::kDataSourceDelete);
  bool folder = at(6);  // folder_crud
  if (null(6) && !null(7)) {
    // folder_create and folder_delete: the format's folderCRUD is both.
    folder = at(7) && at(8);
    if (at(7) != at(8)) {
      Note(slot.scope, EntityKind::kGroup, slot.name, Code::kImportUnsupported,
           fmt::format("ToolJet grants folder {} but not folder {}; stagegate's folderCRUD is "
                       "both, so it is left out",
                       at(7) ? "create" : "delete", at(7) ? "delete" : "create"),
           origin);
    }
  }
  if (folder) add(WorkspacePermission::kFolderCrud);
  if (at(9)) add(WorkspacePermission::kOrgConstantCrud);
  if (at(10)) add(WorkspacePermission::kWorkflowCreate);
  if (at(11)) add(WorkspacePermission::kWorkflowDelete);
}

bool Reader::ReadMembers() {
  std::unique_ptr<Rows> rows;
  if (!Run(queries_.members, &rows)) return false;
  const int group_id = rows->Column("group_id"), user_id = rows->Column("user_id");
  IdMap<std::vector<std::string>> roles;  // user id -> role group names
  for (size_t r = 0; r < rows->size(); ++r) {
    Id user = MakeId(rows->Get(r, user_id));
    auto member = user_index_.find(user);
    if (member == user_index_.end()) continue;  // not a member of this workspace
    Id group = MakeId(rows->Get(r, group_id));
    auto role = group_role_.find(group);
    if (role != group_role_.end()) {
      roles[user].push_back(role->second);
      continue;
    }
    auto custom = custom_index_.find(group);
    if (custom != custom_index_.end()) {
      ws_.groups[custom->second].members.push_back(NameRef(ws_.users[member->second].email));
    }
  }
  AssignRoles(roles);
  for (Group& group : ws_.groups) SortUniqueRefs(&group.members);
  return true;
}

bool Reader::ReadGrants() {
  std::unique_ptr<Rows> grants, apps, ds_grants, ds_members;
  if (!Run(queries_.grants, &grants) || !Run(queries_.grant_apps, &apps) ||
      !Run(queries_.grant_data_sources, &ds_grants) ||
      !Run(queries_.grant_data_source_members, &ds_members) ||
      (layout_.folder_grants && !ReadFolders())) {
    return false;
  }
  std::vector<FolderGrant> folder_grants;  // after the loop: they may duplicate an app grant
  IdMap<std::vector<std::string>> app_names;  // apps_group_permissions id -> app names
  {
    const int permission = apps->Column("app_permission_id"), app = apps->Column("app_id");
    for (size_t r = 0; r < apps->size(); ++r) {
      auto found = app_index_.find(MakeId(apps->Get(r, app)));
      if (found != app_index_.end()) {
        app_names[MakeId(apps->Get(r, permission))].push_back(ws_.apps[found->second].name);
      }
    }
  }
  IdMap<std::vector<std::string>> ds_names;  // data_sources_group_permissions id -> names
  {
    const int permission = ds_members->Column("data_source_permission_id"),
              ds = ds_members->Column("data_source_id");
    for (size_t r = 0; r < ds_members->size(); ++r) {
      auto found = data_source_index_.find(MakeId(ds_members->Get(r, ds)));
      if (found != data_source_index_.end()) {
        ds_names[MakeId(ds_members->Get(r, permission))].push_back(
            ws_.data_sources[found->second].name);
      }
    }
  }
  const int ds_granular = ds_grants->Column("granular_permission_id"),
            ds_id = ds_grants->Column("id"), can_use = ds_grants->Column("can_use"),
            can_configure = ds_grants->Column("can_configure");
  IdMap<size_t> ds_by_granular;  // granular permission id -> its ds_grants row
  for (size_t r = 0; r < ds_grants->size(); ++r) {
    ds_by_granular[MakeId(ds_grants->Get(r, ds_granular))] = r;
  }

  const Rows& g = *grants;
  const int id = g.Column("id"), group_id = g.Column("group_id"), name = g.Column("name"),
            type = g.Column("type"), is_all = g.Column("is_all"),
            app_permission = g.Column("app_permission_id"), app_type = g.Column("app_type"),
            can_edit = g.Column("can_edit"), can_view = g.Column("can_view"),
            hide = g.Column("hide_from_dashboard");
  int flags[4];
  for (int f = 0; f < 4; ++f) flags[f] = g.Column(kFlagColumns[f]);
  for (size_t r = 0; r < g.size(); ++r) {
    auto slot = group_slot_.find(MakeId(g.Get(r, group_id)));
    if (slot == group_slot_.end() || slot->second.apps == nullptr) continue;  // admin
    const GroupSlot& to = slot->second;
    RowOrigin origin = Row("granular_permissions", g.Get(r, id));
    auto note = [&](std::string message) {
      Note(to.scope, EntityKind::kGroup, to.name, Code::kImportUnsupported, std::move(message),
           origin);
    };
    std::string_view kind = g.Get(r, type);
    std::string label = fmt::format("'{}'", g.Get(r, name));
    if (kind == "app") {
      if (g.IsNull(r, app_permission)) continue;  // no apps_group_permissions row: nothing
      if (g.Get(r, app_type) != "front-end") {
        note(fmt::format("its permission {} on {} apps is left out: stagegate's format has "
                         "front-end apps only",
                         label, g.Get(r, app_type)));
        continue;
      }
      AppGrant grant;
      grant.all_apps = g.Bool(r, is_all);
      bool edit = g.Bool(r, can_edit);
      if (!edit && !g.Bool(r, can_view)) {
        note(fmt::format("its permission {} neither views nor edits; it grants nothing and is "
                         "left out",
                         label));
        continue;
      }
      grant.level = edit ? AppLevel::kEdit : AppLevel::kView;
      grant.hide_from_dashboard = g.Bool(r, hide);  // as stored (R11: reports only)
      if (!grant.all_apps) {
        grant.apps = SortedRefs(app_names[MakeId(g.Get(r, app_permission))]);
        if (grant.apps.empty()) continue;  // a permission on no app grants nothing
      }
      if (layout_.has_flags) {
        bool every = true;
        std::vector<Ref> columns;
        for (int f = 0; f < 4; ++f) {
          if (g.Bool(r, flags[f])) {
            std::string column = FlagColumn(f);
            if (!column.empty()) columns.push_back(NameRef(std::move(column)));
          } else {
            every = false;
          }
        }
        if (!every) grant.environments = std::move(columns);
      }
      to.apps->push_back(std::move(grant));
    } else if (kind == "data_source") {
      auto found = ds_by_granular.find(MakeId(g.Get(r, id)));
      if (found == ds_by_granular.end()) continue;
      size_t d = found->second;
      DataSourceGrant grant;
      grant.all_data_sources = g.Bool(r, is_all);
      bool configure = ds_grants->Bool(d, can_configure);
      if (!configure && !ds_grants->Bool(d, can_use)) {
        note(fmt::format("its data source permission {} neither uses nor configures; it grants "
                         "nothing and is left out",
                         label));
        continue;
      }
      grant.level = configure ? DataSourceLevel::kConfigure : DataSourceLevel::kUse;
      if (!grant.all_data_sources) {
        grant.data_sources = SortedRefs(ds_names[MakeId(ds_grants->Get(d, ds_id))]);
        if (grant.data_sources.empty()) continue;
      }
      to.data_sources->push_back(std::move(grant));
    } else if (kind == "folder" && layout_.folder_grants) {
      folder_grants.push_back({MakeId(g.Get(r, id)), g.Bool(r, is_all), label, &to, origin});
    } else {
      note(fmt::format("its {} permission {} is left out: stagegate's format has app and data "
                       "source permissions only",
                       kind, label));
    }
  }
  AddFolderGrants(folder_grants);
  for (auto& [group, slot] : group_slot_) {
    if (slot.apps != nullptr) SortGrants(slot.apps, slot.data_sources);
  }
  return true;
}

}  // namespace stagegate::live
