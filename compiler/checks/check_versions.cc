// App versions as the desired state lists them (P1, P4): names unique per
// app, environments declared, drafts only in the first environment, at most
// one released version and only in the last. The P7 rules (versionRules)
// concern changes between states and are checked by the plan. In a
// workspace without the multi-environment licence (multiEnvironment: false)
// ToolJet edits every version in the first environment and releases from
// there, and versions an expired licence left elsewhere stay legal: where a
// draft or the released version is does not matter.
#include <fmt/format.h>

#include <map>

#include "checks/check_context.h"

namespace stagegate {
namespace checks_internal {

void CheckVersions(Context& ctx) {
  const Workspace& ws = ctx.ws;
  if (ws.environments.empty()) return;
  const std::string& first = ws.environments.front().name;
  const std::string& last = ws.environments.back().name;
  const int last_index = static_cast<int>(ws.environments.size()) - 1;
  for (const App& app : ws.apps) {
    std::map<std::string_view, const AppVersion*> names;
    const AppVersion* released = nullptr;
    for (const AppVersion& v : app.versions) {
      std::string version = v.name.name.empty()
                                ? fmt::format("a version of app '{}'", app.name)
                                : fmt::format("version '{}' of app '{}'", v.name.name, app.name);
      if (!v.name.name.empty()) {
        auto [it, inserted] = names.emplace(v.name.name, &v);
        if (!inserted) {
          ctx.diags
              .Error(Code::kDuplicateVersion, v.name.location,
                     fmt::format("{} is defined twice; rename one", version))
              .Underline(v.name.width)
              .Related(it->second->name.location, "first defined here");
        }
      }
      int index = v.environment.name.empty() ? -1 : ws.EnvironmentIndex(v.environment.name);
      if (!v.environment.name.empty() && index < 0) {
        ctx.Unknown(v.environment, "environment", version, Names::kEnvironments);
      }
      const bool promotes = ws.multi_environment;
      if (promotes && v.status == VersionStatus::kDraft && index > 0) {
        ctx.diags
            .Error(Code::kDraftOutsideFirstEnvironment, v.environment.location,
                   fmt::format("draft {} is in '{}'; a draft lives only in the first environment "
                               "'{}': publish it before promoting it",
                               version, v.environment.name, first))
            .Underline(v.environment.width);
      }
      if (v.status != VersionStatus::kReleased) continue;
      if (promotes && index >= 0 && index != last_index) {
        ctx.diags
            .Error(Code::kReleaseOutsideLastEnvironment, v.environment.location,
                   fmt::format("released {} is in '{}'; only a version in the last environment "
                               "'{}' can be released",
                               version, v.environment.name, last))
            .Underline(v.environment.width);
      }
      if (released) {
        ctx.diags
            .Error(Code::kMultipleReleases, v.status_location,
                   fmt::format("{} is released, but '{}' already is; at most one version of an "
                               "app is released: mark the other 'published'",
                               version, released->name.name))
            .Underline(v.status_width)
            .Related(released->status_location, "first released version");
      } else {
        released = &v;
      }
    }
  }
}

}  // namespace checks_internal
}  // namespace stagegate
