// Public apps (R13): ToolJet lets an app be public, and then anyone with its
// link opens the released app without signing in, whatever the roles and
// groups grant. Allowed, so a warning, at the `public: true` that does it.
#include <fmt/format.h>

#include "checks/access_internal.h"

namespace stagegate {
namespace access_checks_internal {

void CheckPublicApps(Context& ctx) {
  const Workspace& ws = ctx.ws;
  for (uint32_t a = 0; a < ws.apps.size(); ++a) {
    const App& app = ws.apps[a];
    if (!app.is_public) continue;
    const bool released = ctx.matrix.PublicAccessOf(a) == PublicAccess::kUse;
    std::string what =
        released ? "anyone with its link opens the released app without signing in"
                 : "it has no released version yet, and anyone with its link will open the "
                   "released app without signing in as soon as one is released";
    const bool located = app.public_location.valid();
    ctx.diags
        .Warning(Code::kPublicApp, located ? app.public_location : app.location,
                 fmt::format("app '{}' is public: {}, whatever the roles and groups grant (R13); "
                             "if only the workspace's users should open it, remove 'public: "
                             "true' (in ToolJet, turn off the app's public link)",
                             app.name, what))
        .Underline(located ? app.public_width : app.width);
  }
}

}  // namespace access_checks_internal
}  // namespace stagegate
