// Every name one entity uses for another resolves: group members, the apps,
// data sources and environments of group and role grants, app owners, and
// the data sources and constants apps use (apps may not use secrets).
#include <fmt/format.h>

#include "access/access.h"
#include "checks/check_context.h"

namespace stagegate {
namespace checks_internal {
namespace {

void CheckGrants(Context& ctx, const std::vector<AppGrant>& apps,
                 const std::vector<DataSourceGrant>& data_sources, const std::string& where) {
  for (const AppGrant& g : apps) {
    for (const Ref& app : g.apps) {
      if (!ctx.ws.FindApp(app.name)) ctx.Unknown(app, "app", where, Names::kApps);
    }
    if (g.environments && ctx.HasEnvironments()) {
      for (const Ref& env : *g.environments) {
        if (!ctx.ws.IsColumn(env.name)) ctx.Unknown(env, "environment", where, Names::kColumns);
      }
    }
  }
  for (const DataSourceGrant& g : data_sources) {
    for (const Ref& source : g.data_sources) {
      if (!ctx.ws.FindDataSource(source.name)) {
        ctx.Unknown(source, "data source", where, Names::kDataSources);
      }
    }
  }
}

}  // namespace

void CheckReferences(Context& ctx) {
  const Workspace& ws = ctx.ws;
  for (const Role* role : {&ws.builder, &ws.end_user}) {
    if (!role->configured) continue;
    CheckGrants(ctx, role->apps, role->data_sources,
                GrantHolderName(GrantSource::Kind::kRole, role->name.name));
  }
  for (const Group& group : ws.groups) {
    std::string where = GrantHolderName(GrantSource::Kind::kGroup, group.name);
    for (const Ref& member : group.members) {
      if (!ws.FindUser(member.name)) ctx.Unknown(member, "user", where, Names::kUsers);
    }
    CheckGrants(ctx, group.apps, group.data_sources, where);
  }
  for (const App& app : ws.apps) {
    std::string where = fmt::format("app '{}'", app.name);
    if (app.owner && !ws.FindUser(app.owner->name)) {
      ctx.Unknown(*app.owner, "user", where, Names::kUsers, "as owner of");
    }
    for (const Ref& source : app.data_sources) {
      if (!ws.FindDataSource(source.name))
        ctx.Unknown(source, "data source", where, Names::kDataSources);
    }
    for (const Ref& ref : app.constants) {
      // Apps use global constants; a secret of the name is the mismatch below.
      const Constant* constant = ws.ResolveConstant(ref.name, ConstantType::kGlobal);
      if (!constant) {
        ctx.Unknown(ref, "constant", where, Names::kConstants);
      } else if (constant->type == ConstantType::kSecret) {
        ctx.diags
            .Error(Code::kSecretOutsideDataSource, ref.location,
                   fmt::format("app '{}' uses secret '{}'; ToolJet does not let apps use secrets: "
                               "use it in a data source option instead",
                               app.name, ref.name))
            .Underline(ref.width);
      }
    }
  }
}

}  // namespace checks_internal
}  // namespace stagegate
