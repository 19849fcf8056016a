// Folder permissions (ToolJet 2026: granular_permissions of type folder,
// folders_group_permissions + group_folders): stagegate's format has no
// folders, so a permission on folders becomes an app grant on the apps the
// folders hold when the database is read, as ToolJet's ability gives them:
// can_edit_apps or can_edit_folder edit, can_view_apps views, every
// environment (ToolJet gives a folder's apps all four), is_all meaning the
// apps of every front-end folder of the workspace. A note at the group says
// where the grant came from and that an app moved into the folder later
// gains it (plan --current then shows the change).
#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "live/reader.h"
#include "source/wording.h"

namespace stagegate::live {
namespace {

constexpr size_t kFolderNamesShown = 10;  // apps or folders named in one note

std::string QuotedNames(const std::set<std::string>& names) {
  std::vector<std::string_view> shown;
  for (const std::string& n : names) {
    if (shown.size() == kFolderNamesShown) break;
    shown.push_back(n);
  }
  return QuoteList(shown, names.size());
}

// Whether the group's own grant on every app, in every environment, already
// gives `level`.
bool GivenOnEveryApp(const std::vector<AppGrant>& grants, AppLevel level) {
  return std::any_of(grants.begin(), grants.end(), [&](const AppGrant& g) {
    return g.all_apps && !g.environments && g.level &&
           (*g.level == AppLevel::kEdit || level == AppLevel::kView);
  });
}

// "its folder permission 'X' on folder 'f' gives view on the apps in it, in
// every environment".
std::string FolderGrantText(std::string_view label, bool all_folders,
                            const std::set<std::string>& folders, bool edit) {
  const bool several = all_folders || folders.size() > 1;
  return fmt::format(
      "its folder permission {} on {} gives {} on the apps in {}, in every environment", label,
      all_folders ? "all folders"
                  : fmt::format("{} {}", several ? "folders" : "folder", QuotedNames(folders)),
      edit ? "edit" : "view", all_folders ? "any folder" : several ? "them" : "it");
}

}  // namespace

bool Reader::ReadFolders() {
  std::unique_ptr<Rows> grants, folders;
  if (!Run(queries_.folder_grants, &grants) || !Run(queries_.folders, &folders)) return false;
  {
    const int id = folders->Column("id"), name = folders->Column("name"),
              type = folders->Column("type"), app = folders->Column("app_id"),
              creator = folders->Column("created_by");
    for (size_t r = 0; r < folders->size(); ++r) {
      Folder& folder = folders_[MakeId(folders->Get(r, id))];
      folder.id = folders->Str(r, id);
      folder.name = folders->Str(r, name);
      folder.front_end = folders->Get(r, type) == "front-end";
      auto user = user_index_.find(MakeId(folders->Get(r, creator)));
      if (!folders->IsNull(r, creator) && user != user_index_.end()) {
        folder.creator = user->second;
      }
      if (folders->IsNull(r, app)) continue;
      auto found = app_index_.find(MakeId(folders->Get(r, app)));
      if (found != app_index_.end()) folder.apps.push_back(ws_.apps[found->second].name);
    }
  }
  const int permission = grants->Column("granular_permission_id"),
            edit_folder = grants->Column("can_edit_folder"),
            edit_apps = grants->Column("can_edit_apps"),
            view_apps = grants->Column("can_view_apps"), folder = grants->Column("folder_id");
  for (size_t r = 0; r < grants->size(); ++r) {
    FolderPermission& p = folder_permissions_[MakeId(grants->Get(r, permission))];
    p.edit_folder = grants->Bool(r, edit_folder);
    p.edit_apps = grants->Bool(r, edit_apps);
    p.view_apps = grants->Bool(r, view_apps);
    if (!grants->IsNull(r, folder)) p.folders.push_back(MakeId(grants->Get(r, folder)));
  }
  return true;
}

void Reader::AddFolderGrants(const std::vector<FolderGrant>& grants) {
  for (const FolderGrant& fg : grants) {
    auto found = folder_permissions_.find(fg.permission);
    if (found != folder_permissions_.end()) AddFolderGrant(fg, found->second);
    // else no folders_group_permissions row: it grants nothing
  }
  NoteCreatedFolders();
}

void Reader::AddFolderGrant(const FolderGrant& fg, const FolderPermission& p) {
  auto note = [&](std::string message) {
    Note(fg.to->scope, EntityKind::kGroup, fg.to->name, Code::kImportUnsupported,
         std::move(message), fg.origin);
  };
  const bool edit = p.edit_apps || p.edit_folder;
  if (!edit && !p.view_apps) {
    note(fmt::format("its folder permission {} neither views nor edits apps; it grants "
                     "nothing and is left out",
                     fg.label));
    return;
  }
  std::set<std::string> folder_names, apps;
  for (const auto& [id, folder] : folders_) {
    bool named = std::find(p.folders.begin(), p.folders.end(), id) != p.folders.end();
    if (fg.all_folders ? !folder.front_end : !named) continue;
    folder_names.insert(folder.name);
    apps.insert(folder.apps.begin(), folder.apps.end());
  }
  if (!fg.all_folders && folder_names.empty()) return;  // on no folder: nothing
  const bool several = fg.all_folders || folder_names.size() > 1;
  const AppLevel level = edit ? AppLevel::kEdit : AppLevel::kView;
  std::string message = FolderGrantText(fg.label, fg.all_folders, folder_names, edit);
  const char* later = fg.all_folders ? "any folder" : several ? "one of them" : "the folder";
  if (apps.empty()) {
    message += ": none now";
  } else if (GivenOnEveryApp(*fg.to->apps, level)) {
    message += fmt::format(
        " ({}), which its grant on every app in every environment gives already, so nothing "
        "is added; stagegate's format has no folders: narrowing that grant leaves the apps "
        "in {} this access in ToolJet",
        QuotedNames(apps), later);
    later = nullptr;
  } else {
    message += fmt::format(", imported as an app grant on {}", QuotedNames(apps));
    AppGrant grant;
    grant.level = level;
    for (const std::string& app : apps) grant.apps.push_back(NameRef(app));
    fg.to->apps->push_back(std::move(grant));
  }
  if (later != nullptr) {
    message += fmt::format(
        "; stagegate's format has no folders: an app moved into {} later gets this access "
        "in ToolJet, and plan --current then shows it as a change",
        later);
  }
  if (p.edit_folder) {
    message += fmt::format("; can_edit_folder also lets its members manage {}, which the "
                           "format has no place for",
                           several ? "the folders themselves" : "the folder itself");
  }
  note(std::move(message));
}

void Reader::NoteCreatedFolders() {
  // By name: the notes' order does not depend on the rows'.
  std::vector<const Folder*> created;
  for (const auto& [id, folder] : folders_) {
    if (folder.creator && folder.front_end && !folder.apps.empty()) {
      created.push_back(&folder);
    }
  }
  std::sort(created.begin(), created.end(), [](const Folder* a, const Folder* b) {
    return std::tie(a->name, a->id) < std::tie(b->name, b->id);
  });
  for (const Folder* folder : created) {
    const User& user = ws_.users[*folder->creator];
    if (user.role == UserRole::kAdmin) continue;  // admins edit every app anyway
    NoteOn(EntityKind::kUser, user.email, Code::kImportUnsupported,
           fmt::format("created the folder {}, and ToolJet lets a folder's creator edit the apps "
                       "in it ({}), in every environment, unless a grant gives them edit on "
                       "every app; stagegate's format has no place for this, so the matrix "
                       "leaves it out",
                       Quote(folder->name),
                       QuotedNames({folder->apps.begin(), folder->apps.end()})),
           Row("folders", folder->id));
  }
}

}  // namespace stagegate::live
