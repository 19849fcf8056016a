// Definitions nothing uses, reported at their name so they can be removed or
// put to use: groups without members (their grants reach nobody), data
// sources no app lists, constants no app lists and no data source option
// references. Only names are compared; no option value is ever quoted.
#include <fmt/format.h>

#include "checks/access_internal.h"
#include "model/template.h"

namespace stagegate {
namespace access_checks_internal {

void CheckUnused(Context& ctx) {
  const Workspace& ws = ctx.ws;
  for (const Group& group : ws.groups) {
    if (!group.members.empty()) continue;
    ctx.diags
        .Warning(Code::kUnusedGroup, group.location,
                 fmt::format("{} has no members, so its grants and permissions reach "
                             "nobody; add members, or remove the group",
                             GrantHolderName(GrantSource::Kind::kGroup, group.name)))
        .Underline(group.width);
  }

  std::vector<bool> source_used(ws.data_sources.size(), false);
  std::vector<bool> constant_used(ws.constants.size(), false);
  // By the reference's kind: a global and a secret may share a name.
  auto use_constant = [&](std::string_view name, ConstantType kind) {
    if (const Constant* c = ws.ResolveConstant(name, kind)) {
      constant_used[c - ws.constants.data()] = true;
    }
  };
  for (const App& app : ws.apps) {
    for (const Ref& ref : app.data_sources) {
      if (const DataSource* d = ws.FindDataSource(ref.name)) {
        source_used[d - ws.data_sources.data()] = true;
      }
    }
    for (const Ref& ref : app.constants) use_constant(ref.name, ConstantType::kGlobal);
  }
  for (const DataSource& source : ws.data_sources) {
    for (const DataSourceEnvironment& env : source.environments) {
      for (const DataSourceOption& option : env.options) {
        ForEachOptionText(option, [&](std::string_view text, Location, uint32_t) {
          for (const TemplateRef& t : FindTemplates(text)) {
            if (t.kind != TemplateKind::kInvalid) use_constant(t.name, ConstantTypeOf(t.kind));
          }
        });
      }
    }
  }

  for (size_t i = 0; i < ws.data_sources.size(); ++i) {
    if (source_used[i]) continue;
    const DataSource& source = ws.data_sources[i];
    ctx.diags
        .Warning(Code::kUnusedDataSource, source.location,
                 fmt::format("data source '{}' is not used by any app; list it in the "
                             "'dataSources' of the apps that query it, or remove it",
                             source.name))
        .Underline(source.width);
  }
  for (size_t i = 0; i < ws.constants.size(); ++i) {
    if (constant_used[i]) continue;
    const Constant& constant = ws.constants[i];
    std::string message =
        constant.type == ConstantType::kSecret
            ? fmt::format("secret '{}' is not referenced by any data source option; reference it "
                          "as '{{{{secrets.{}}}}}' in an option, or remove it",
                          constant.name, constant.name)
            : fmt::format("constant '{}' is not referenced by any app or data source option; list "
                          "it in the 'constants' of the apps that use it, reference it as "
                          "'{{{{constants.{}}}}}' in an option, or remove it",
                          constant.name, constant.name);
    ctx.diags.Warning(Code::kUnusedConstant, constant.location, std::move(message))
        .Underline(constant.width);
  }
}

}  // namespace access_checks_internal
}  // namespace stagegate
