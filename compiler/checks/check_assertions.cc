// Assertions that cannot be evaluated as written: unknown users, apps and
// columns; `expect` without an app; capabilities a column can never hold
// (R4); can/cannot entries of the wrong kind (workspace permissions without
// `app`, promote/release with it); assertions that check nothing; a user's
// checks in an assertion without a user (`public` alone needs none). Whether an
// assertion holds is the access stage's question.
#include <fmt/format.h>

#include "checks/check_context.h"
#include "source/suggest.h"

namespace stagegate {
namespace checks_internal {
namespace {

const std::vector<std::string_view> kCapabilities = {"none", "use", "preview", "run", "edit"};
const std::vector<std::string_view> kAppActions = {"promote", "release"};

Diagnostic& Invalid(Context& ctx, const Ref& at, std::string message) {
  return ctx.diags.Error(Code::kInvalidAssertion, at.location, std::move(message))
      .Underline(at.width);
}

// R4: what each column can hold. The first environment shows edit access as
// `edit`, later ones as `run`; `use` exists only in the released column.
void CheckExpectEntry(Context& ctx, const ExpectEntry& e) {
  const Workspace& ws = ctx.ws;
  if (!e.value) {
    Invalid(ctx, e.capability,
            fmt::format("unknown capability '{}' for '{}'{}; capabilities are none, use, preview, "
                        "run and edit",
                        e.capability.name, e.column.name,
                        DidYouMean(e.capability.name, kCapabilities)));
    return;
  }
  Capability c = *e.value;
  if (e.column.name == kReleasedColumn) {
    if (c != Capability::kNone && c != Capability::kUse) {
      Invalid(
          ctx, e.capability,
          fmt::format("the 'released' column is 'use' or 'none', never '{}'", e.capability.name));
    }
    return;
  }
  int index = ws.EnvironmentIndex(e.column.name);
  if (index < 0) return;  // reported as unknown
  const std::string& first = ws.environments.front().name;
  if (c == Capability::kUse) {
    Invalid(ctx, e.capability,
            fmt::format("'use' applies only to the 'released' column; for '{}' write none, preview "
                        "or {}",
                        e.column.name, index == 0 ? "edit" : "run"));
  } else if (c == Capability::kRun && index == 0) {
    Invalid(ctx, e.capability,
            fmt::format("'run' never applies to the first environment '{}': edit access there is "
                        "'edit'",
                        first));
  } else if (c == Capability::kEdit && index > 0) {
    Invalid(ctx, e.capability,
            fmt::format("'edit' applies only to the first environment '{}': edit access in '{}' is "
                        "'run'",
                        first, e.column.name));
  }
}

void CheckActions(Context& ctx, const Assertion& a, const std::vector<Ref>& entries,
                  std::string_view list) {
  for (const Ref& entry : entries) {
    if (a.app) {
      if (entry.name == "promote" || entry.name == "release") continue;
      Invalid(ctx, entry,
              fmt::format("'{}' in '{}' is not an app action{}; with 'app', can and cannot name "
                          "promote and release",
                          entry.name, list, DidYouMean(entry.name, kAppActions)));
    } else if (!ParseWorkspacePermission(entry.name)) {
      if (entry.name == "promote" || entry.name == "release") {
        Invalid(
            ctx, entry,
            fmt::format("'{}' in '{}' needs an 'app'; add the app, or check the workspace "
                        "permission '{}'",
                        entry.name, list, entry.name == "promote" ? "appPromote" : "appRelease"));
        continue;
      }
      Invalid(ctx, entry,
              fmt::format("'{}' in '{}' is not a workspace permission{}; without 'app', can and "
                          "cannot name workspace permissions",
                          entry.name, list, DidYouMean(entry.name, WorkspacePermissionNames())));
    }
  }
}

void CheckAssertion(Context& ctx, const Assertion& a) {
  const Workspace& ws = ctx.ws;
  if (a.user && !ws.FindUser(a.user->name))
    ctx.Unknown(*a.user, "user", "assertion", Names::kUsers);
  if (a.app && !ws.FindApp(a.app->name)) ctx.Unknown(*a.app, "app", "assertion", Names::kApps);
  if (a.expect) {
    if (!a.app) {
      Invalid(ctx, Ref{"expect", a.expect_location, 6},
              "'expect' needs an 'app': add the app whose access it checks");
    }
    for (const ExpectEntry& e : *a.expect) {
      if (ctx.HasEnvironments() && !ws.IsColumn(e.column.name)) {
        ctx.Unknown(e.column, "environment", "assertion", Names::kColumns);
      }
      CheckExpectEntry(ctx, e);
    }
  }
  if (a.can) CheckActions(ctx, a, *a.can, "can");
  if (a.cannot) {
    CheckActions(ctx, a, *a.cannot, "cannot");
    for (const Ref& entry : *a.cannot) {
      if (!a.can) break;
      for (const Ref& other : *a.can) {
        if (other.name != entry.name) continue;
        Invalid(ctx, entry, fmt::format("'{}' is in both 'can' and 'cannot'; keep one", entry.name))
            .Related(other.location, "also in 'can' here");
        break;
      }
    }
  }
  if (!a.user && a.is_public && (a.expect || a.can || a.cannot)) {
    Invalid(ctx, Ref{"", a.location, 1},
            "'expect', 'can' and 'cannot' check a user: add the 'user', or put 'public' in an "
            "assertion of its own");
  }
  if (!a.expect && !a.can && !a.cannot && !a.is_public) {
    std::string who = a.user ? fmt::format(" for user '{}'", a.user->name) : "";
    Ref at{"", a.location, 1};
    Invalid(ctx, at,
            a.app ? fmt::format("assertion{} on app '{}' checks nothing; add 'expect', 'can' or "
                                "'cannot'",
                                who, a.app->name)
                  : fmt::format("assertion{} checks nothing; add 'can' or 'cannot', or an 'app' "
                                "and 'expect'",
                                who));
  }
}

}  // namespace

void CheckAssertions(Context& ctx) {
  for (const Assertion& a : ctx.ws.assertions) CheckAssertion(ctx, a);
}

}  // namespace checks_internal
}  // namespace stagegate
