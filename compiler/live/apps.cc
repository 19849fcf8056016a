// Apps and versions: the workspace's front-end apps (apps), their owner (the
// creator), whether they are public (R13), their versions (app_versions) with
// the status each is in, and the data sources and constants their queries use
// (data_queries).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "live/reader.h"
#include "model/template.h"
#include "source/wording.h"

namespace stagegate::live {

bool Reader::ReadApps() {
  std::unique_ptr<Rows> rows;
  if (!Run(queries_.apps, &rows)) return false;
  const int id = rows->Column("id"), name = rows->Column("name"), type = rows->Column("type"),
            current_version = rows->Column("current_version_id"),
            creator = rows->Column("user_id"), is_public = rows->Column("is_public");
  std::map<std::string, size_t> kinds;  // workflow / module -> count
  for (size_t r = 0; r < rows->size(); ++r) {
    if (rows->Get(r, type) != "front-end") {
      ++kinds[rows->Str(r, type)];
      continue;
    }
    RowOrigin origin = Row("apps", rows->Get(r, id));
    if (rows->IsNull(r, name) || rows->Get(r, name).empty()) {
      NoteWorkspace(Code::kImportUnsupported,
                    fmt::format("the app with id {} has no name; it is left out",
                                rows->Get(r, id)),
                    origin);
      continue;
    }
    App app;
    app.name = rows->Str(r, name);
    app.is_public = rows->Bool(r, is_public);  // R13
    if (!rows->IsNull(r, creator)) {
      auto user = user_index_.find(MakeId(rows->Get(r, creator)));
      if (user != user_index_.end()) {
        app.owner = NameRef(ws_.users[user->second].email);
      } else {
        NoteOn(EntityKind::kApp, app.name, Code::kImportUnsupported,
               "its creator is no longer a user of this workspace, so it is imported without "
               "an owner",
               origin);
      }
    }
    Id app_id = MakeId(rows->Get(r, id));
    if (!rows->IsNull(r, current_version)) released_[app_id] = MakeId(rows->Get(r, current_version));
    app_index_[app_id] = ws_.apps.size();
    ws_.apps.push_back(std::move(app));
  }
  for (const auto& [kind, count] : kinds) {
    NoteWorkspace(Code::kImportUnsupported,
                  fmt::format("{} {} of type '{}' {} left out: stagegate's format has front-end "
                              "apps only",
                              count, PluralWord(count, "app", "apps"), kind,
                              PluralWord(count, "is", "are")),
                  Row("apps"));
  }
  return true;
}

bool Reader::ReadVersions() {
  std::unique_ptr<Rows> rows;
  if (!Run(queries_.versions, &rows)) return false;
  if (!layout_.Has("app_versions", "status")) {
    NoteWorkspace(Code::kImportUnsupported,
                  "this ToolJet keeps no version status (it came in September 2025): a version "
                  "in the first environment is imported as a draft, the app's current version "
                  "as released, every other one as published",
                  Row("app_versions"));
  }
  const int id = rows->Column("id"), app_id = rows->Column("app_id"), name = rows->Column("name"),
            environment = rows->Column("environment_id"), status = rows->Column("status"),
            version_type = rows->Column("version_type");
  for (size_t r = 0; r < rows->size(); ++r) {
    Id owner = MakeId(rows->Get(r, app_id));
    auto app = app_index_.find(owner);
    if (app == app_index_.end()) continue;
    if (rows->Get(r, version_type) == "branch") continue;  // a git branch head, not a version
    App& target = ws_.apps[app->second];
    AppVersion version;
    version.name = NameRef(rows->Str(r, name));
    auto env = environment_names_.find(MakeId(rows->Get(r, environment)));
    if (env == environment_names_.end()) {
      NoteOn(EntityKind::kApp, target.name, Code::kImportUnsupported,
             fmt::format("its version '{}' is in no environment; it is left out",
                         version.name.name),
             Row("app_versions", rows->Get(r, id)));
      continue;
    }
    version.environment = NameRef(env->second);
    std::string_view state = rows->Get(r, status);
    auto released = released_.find(owner);
    if (released != released_.end() && released->second == MakeId(rows->Get(r, id))) {
      version.status = VersionStatus::kReleased;
      // ToolJet with its multi-environment licence releases only from its
      // release environment; a release elsewhere was made without it.
      if (env->second != release_environment_) ws_.multi_environment = false;
    } else if (state == "DRAFT") {
      version.status = VersionStatus::kDraft;
    } else if (state == "PUBLISHED" || state == "RELEASED") {
      version.status = VersionStatus::kPublished;
    } else {
      // No status column: the first environment holds drafts.
      version.status = env->second == ws_.environments.front().name ? VersionStatus::kDraft
                                                                    : VersionStatus::kPublished;
    }
    target.versions.push_back(std::move(version));
  }
  return true;
}

void Reader::ReadAppDataSources(const Rows& uses) {
  const int app_id = uses.Column("app_id"), ds_id = uses.Column("data_source_id"),
            name = uses.Column("data_source_name"), kind = uses.Column("data_source_kind"),
            scope = uses.Column("scope"), type = uses.Column("type");
  // app -> the data sources its queries use that the format has no place
  // for, by name (ordered: the notes come in that order).
  std::map<size_t, std::map<std::string, std::pair<std::string, RowOrigin>>> unlisted;
  for (size_t r = 0; r < uses.size(); ++r) {
    auto app = app_index_.find(MakeId(uses.Get(r, app_id)));
    if (app == app_index_.end()) continue;
    auto ds = data_source_index_.find(MakeId(uses.Get(r, ds_id)));
    if (ds != data_source_index_.end()) {
      ws_.apps[app->second].data_sources.push_back(NameRef(ws_.data_sources[ds->second].name));
      continue;
    }
    // ToolJet's built-in restapidefault, runjsdefault, ... (type static):
    // every workspace has them and they hold no configuration.
    if (uses.Get(r, type) == "static") continue;
    std::string what =
        uses.Get(r, type) == "sample"
            ? "ToolJet's sample data source, which ToolJet configures and every user may use"
        : uses.Get(r, scope) == "local"
            ? "an app-level data source (ToolJet's legacy data_sources.scope 'local'), kept with "
              "a version of the app"
            : "a data source ToolJet does not list among the workspace's data sources";
    unlisted[app->second][uses.Str(r, name)] = {
        fmt::format("'{}' ({}; {})", OneLine(uses.Str(r, name)), uses.Str(r, kind), what),
        Row("data_sources", uses.Get(r, ds_id))};
  }
  for (const auto& [app, sources] : unlisted) {
    for (const auto& [source, note] : sources) {
      NoteOn(EntityKind::kApp, ws_.apps[app].name, Code::kImportUnsupported,
             fmt::format("its queries use the data source {}: the format has the workspace's "
                         "own data sources only, so it is not listed in 'dataSources'",
                         note.first),
             note.second);
    }
  }
}

// A query that names a constant the workspace does not define (deleted, or
// never made) is allowed: ToolJet renders the reference as empty text. The
// format cannot list it in the app's `constants` (that would be an unknown
// reference), so the import names it.
void Reader::NoteUndefinedConstants(
    const std::map<size_t, std::map<std::string, std::string>>& undefined) {
  for (const auto& [app, names] : undefined) {
    for (const auto& [name, query] : names) {
      const std::string shown = OneLine(name);
      const bool secret = ws_.FindConstant(name, ConstantType::kSecret) != nullptr;
      NoteOn(EntityKind::kApp, ws_.apps[app].name, Code::kImportUnsupported,
             fmt::format("its queries use '{{{{constants.{0}}}}}', and the workspace has no global "
                         "constant '{0}': ToolJet renders it as empty text, so it is not listed "
                         "in 'constants'; {1}",
                         shown,
                         secret ? fmt::format("'{0}' is a secret, which a query names as "
                                              "'{{{{secrets.{0}}}}}'",
                                              shown)
                                : std::string("define the constant or correct the query in "
                                              "ToolJet")),
             Row("data_queries", query));
    }
  }
}

bool Reader::ReadUsage() {
  std::unique_ptr<Rows> uses, refs;
  if (!Run(queries_.app_data_sources, &uses) || !Run(queries_.app_constant_refs, &refs)) {
    return false;
  }
  ReadAppDataSources(*uses);
  std::set<std::string_view> globals;
  for (const Constant& c : ws_.constants) {
    if (c.type == ConstantType::kGlobal) globals.insert(c.name);
  }
  const int app_id = refs->Column("app_id"), options = refs->Column("options"),
            query_id = refs->Column("query_id");
  // app -> the constants its queries name that the workspace does not
  // define -> the first query (by id) naming it.
  std::map<size_t, std::map<std::string, std::string>> undefined;
  for (size_t r = 0; r < refs->size(); ++r) {
    auto app = app_index_.find(MakeId(refs->Get(r, app_id)));
    if (app == app_index_.end()) continue;
    // The `{{constants.NAME}}` references in the query's options, by the
    // rules the checks use.
    for (const TemplateRef& ref : FindTemplates(refs->Get(r, options))) {
      if (ref.kind != TemplateKind::kConstant) continue;
      if (globals.count(ref.name) > 0) {
        ws_.apps[app->second].constants.push_back(NameRef(std::string(ref.name)));
      } else {
        std::string& query = undefined[app->second][std::string(ref.name)];
        std::string id = refs->Str(r, query_id);
        if (query.empty() || id < query) query = std::move(id);
      }
    }
  }
  NoteUndefinedConstants(undefined);
  for (App& app : ws_.apps) {
    SortUniqueRefs(&app.data_sources);
    SortUniqueRefs(&app.constants);
  }
  return true;
}

}  // namespace stagegate::live
