// Evaluates the configuration's assertions (format.md, Assertions) against
// the matrix: `expect` compares capabilities per column (R1-R7), `can` /
// `cannot` workspace permissions (R8) or, with an app, promote and release
// (R9, R10). A failure is an error at the failing entry that shows the
// expected and the actual value and the grants behind the actual one, with a
// note at each of them. Under `accessRules: documented` an assertion must
// hold on ToolJet's server too (S1-S6): one that holds under the documented
// rules only fails with the S rule that breaks it and the grants it reads. Assertions checks.cc already reported as malformed
// (unknown user, app or column, impossible capability, wrong kind of entry)
// are skipped here.
#include <algorithm>

#include <fmt/format.h>

#include "checks/access_internal.h"
#include "source/wording.h"

namespace stagegate {
namespace access_checks_internal {
namespace {

struct Subject {
  const User* user = nullptr;
  uint32_t u = 0;
  const App* app = nullptr;  // when the assertion names one
  uint32_t a = 0;
};

// Mirrors checks' CheckExpectEntry: only entries it accepts are evaluated.
std::optional<size_t> ExpectColumn(const Workspace& ws, const ExpectEntry& e) {
  if (!e.value) return std::nullopt;
  const Capability c = *e.value;
  if (e.column.name == kReleasedColumn) {
    if (c != Capability::kNone && c != Capability::kUse) return std::nullopt;
    return ws.environments.size();
  }
  int index = ws.EnvironmentIndex(e.column.name);
  if (index < 0 || c == Capability::kUse) return std::nullopt;
  if ((c == Capability::kRun && index == 0) || (c == Capability::kEdit && index > 0)) {
    return std::nullopt;
  }
  return static_cast<size_t>(index);
}

// Where a note about grant `g` points: its `permission` value when it gave
// only the level, the entry of `column` in its `environments` when it gave
// only the column, else the grant itself.
Location NoteLocation(const Workspace& ws, const GrantSource& g, bool level_only,
                      const std::string* column_only) {
  const AppGrant* entry = FindAppGrant(ws, g);
  if (!entry) return g.location;
  if (level_only && entry->level_location.valid()) return entry->level_location;
  if (column_only && entry->environments) {
    for (const Ref& env : *entry->environments) {
      if (env.name == *column_only) return env.location;
    }
  }
  return g.location;
}

// "group 'a'", "group 'a' and role 'builder'": distinct grant names.
std::string Names(const Explanation& x, const std::vector<size_t>& grants, std::string_view app) {
  std::vector<std::string> names;
  for (size_t i : grants) {
    std::string name = GrantName(x.grants[i], app);
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  }
  return JoinAnd(names);
}

void ReportExpect(Context& ctx, const Subject& s, const ExpectEntry& e, size_t col,
                  Capability actual, const Explanation& x) {
  const std::string& column = e.column.name;
  std::string why;
  // Grant, what it gave (kLevel, kColumn or both), note text.
  enum Gave { kLevel = 1, kColumn = 2 };
  struct Note {
    size_t grant;
    int gave;
    std::string text;
  };
  std::vector<Note> notes;
  const ColumnExplanation* cx = col < x.columns.size() ? &x.columns[col] : nullptr;
  const bool in_columns = x.access.columns & (1u << col);
  if (actual == Capability::kNone) {
    if (s.user->disabled) {
      why = fmt::format("'{}' is disabled (R7)", s.user->email);
    } else if (x.access.level == Level::kNone) {
      why = fmt::format("no grant gives them access to '{}'", s.app->name);
    } else if (!in_columns) {
      why = fmt::format("no grant that reaches them includes '{}' (R3)", column);
    } else if (column == kReleasedColumn && !ctx.matrix.Released(s.a)) {
      why = fmt::format("'{}' has no released version (R4)", s.app->name);
    } else {
      why = cx && !cx->note.empty() ? cx->note : "no access";
    }
  } else if (cx) {
    const std::string level(LevelName(x.access.level));
    if (cx->level_from == cx->columns_from && !cx->level_from.empty()) {
      why = fmt::format("level {} and '{}' from {}", level, column,
                        Names(x, cx->level_from, s.app->name));
      for (size_t g : cx->level_from) {
        notes.push_back({g, kLevel | kColumn, fmt::format("level {} and '{}' from here", level, column)});
      }
    } else {
      why = fmt::format("level {}", level);
      if (!cx->level_from.empty()) why += " from " + Names(x, cx->level_from, s.app->name);
      why += fmt::format(", '{}'", column);
      if (!cx->server_default.empty()) {
        // accessRules: server: the column is a default of ToolJet's server.
        // The first S rule is the default's (S1, S2, S3, S5 sort before S6).
        auto rule = std::find_if(cx->rules.begin(), cx->rules.end(),
                                 [](const std::string& r) { return r[0] == 'S'; });
        why += fmt::format(" because {} ({})", cx->server_default,
                           rule != cx->rules.end() ? *rule : "");
      } else if (!cx->columns_from.empty()) {
        why += " from " + Names(x, cx->columns_from, s.app->name);
      }
      for (size_t g : cx->level_from) {
        notes.push_back({g, kLevel, fmt::format("level {} from here", level)});
      }
      for (size_t g : cx->columns_from) {
        notes.push_back({g, kColumn, fmt::format("'{}' from here", column)});
      }
    }
    if (std::find(cx->rules.begin(), cx->rules.end(), "R5") != cx->rules.end()) {
      why += " (R5: end-users get view at most)";
    }
  }
  Diagnostic& d =
      ctx.diags
          .Error(Code::kAssertionFailed, e.column.location,
                 fmt::format("expected {} in '{}' for '{}' on '{}', but it is {}: {}",
                             CapabilityName(*e.value), column, s.user->email, s.app->name,
                             CapabilityName(actual), why))
          .Underline(e.column.width);
  std::stable_sort(notes.begin(), notes.end(),
                   [](const Note& l, const Note& r) { return l.grant < r.grant; });
  for (const Note& note : notes) {
    const GrantSource& g = x.grants[note.grant];
    if (!g.location.valid()) continue;
    d.Related(NoteLocation(ctx.ws, g, note.gave == kLevel, note.gave == kColumn ? &column : nullptr),
              note.text);
  }
}

// The S rules a cell of the server's matrix can differ by, in a few words.
std::string_view ServerRuleText(std::string_view rule) {
  if (rule == "S1") return "every edit grant includes the first environment";
  if (rule == "S2") {
    return "a grant with 'environments: []' gets the server's defaults, edit the first "
           "environment and released, view released";
  }
  if (rule == "S3") return "an end-user opens the released app from any view grant";
  if (rule == "S5") {
    return "an owner gets the columns of their grants and the builder defaults, not every column";
  }
  if (rule == "S6") return "an edit grant that reaches an end-user is refused";
  return "the server's rules differ from the documented ones";
}

// Why ToolJet's server gives another capability in column `col` than the
// documented rules: the S rule the server's explanation `sx` cites (an owner
// with fewer columns cites none: S5), the grants it reads and how to say so.
struct ServerCause {
  std::string rule;
  std::vector<size_t> grants;  // indexes into sx.grants
  std::string who;             // "group 'qa' grants edit", "they own 'payroll'"
};

ServerCause CauseOf(const Explanation& sx, size_t col, std::string_view app) {
  const ColumnExplanation& cx = sx.columns[col];
  ServerCause cause;
  auto rule = std::find_if(cx.rules.begin(), cx.rules.end(),
                           [](const std::string& r) { return r[0] == 'S'; });
  auto owner = std::find_if(sx.grants.begin(), sx.grants.end(), [](const GrantSource& g) {
    return g.kind == GrantSource::Kind::kOwner;
  });
  if (rule != cx.rules.end()) cause.rule = *rule;
  if (cause.rule.empty() && owner != sx.grants.end()) cause.rule = "S5";
  if (cause.rule == "S5" && owner != sx.grants.end()) {
    cause.grants = {static_cast<size_t>(owner - sx.grants.begin())};
    cause.who = fmt::format("they own '{}'", app);
    return cause;
  }
  Level level = sx.access.level;
  if (cause.rule == "S6") {
    level = Level::kEdit;
    for (size_t i = 0; i < sx.grants.size(); ++i) {
      if (sx.grants[i].refused) cause.grants.push_back(i);
    }
  } else {
    cause.grants = cx.level_from;
  }
  if (!cause.grants.empty()) {
    cause.who = fmt::format("{} {} {}", Names(sx, cause.grants, app),
                            PluralWord(cause.grants.size(), "grants", "grant"), LevelName(level));
  }
  return cause;
}

// An `expect` entry that holds under the documented rules but not on
// ToolJet's server: `actual` is the server's capability, `sx` its explanation.
void ReportServerExpect(Context& ctx, const Subject& s, const ExpectEntry& e, size_t col,
                        Capability actual, const Explanation& sx) {
  const ServerCause cause = CauseOf(sx, col, s.app->name);
  const std::string& column = e.column.name;
  Diagnostic& d =
      ctx.diags
          .Error(Code::kAssertionFailed, e.column.location,
                 fmt::format("expected {} in '{}' for '{}' on '{}', but ToolJet's server gives {} "
                             "there ({}: {}{}{})",
                             CapabilityName(*e.value), column, s.user->email, s.app->name,
                             CapabilityName(actual), cause.rule, ServerRuleText(cause.rule),
                             cause.who.empty() ? "" : "; ", cause.who))
          .Underline(e.column.width);
  for (size_t g : cause.grants) {
    const GrantSource& grant = sx.grants[g];
    if (!grant.location.valid()) continue;
    d.Related(NoteLocation(ctx.ws, grant, /*level_only=*/true, nullptr),
              actual == Capability::kNone
                  ? fmt::format("ToolJet's server gives nothing in '{}' from this ({})", column,
                                cause.rule)
                  : fmt::format("ToolJet's server gives {} in '{}' from this ({})",
                                CapabilityName(actual), column, cause.rule));
  }
}

// Where a user's workspace permission comes from (R8): entries of their role
// and groups that list it.
struct PermissionSource {
  std::string name;
  Location location;  // invalid for a built-in role
};

std::vector<PermissionSource> SourcesOf(const Context& ctx, uint32_t u, WorkspacePermission perm) {
  std::vector<PermissionSource> out;
  const Workspace& ws = ctx.ws;
  const Profile& p = ctx.matrix.profiles()[ctx.matrix.ProfileOf(u)];
  if (const Role* role = ws.RoleOf(p.role)) {
    for (const PermissionRef& ref : role->permissions) {
      if (ref.permission != perm) continue;
      out.push_back({GrantHolderName(GrantSource::Kind::kRole, RoleName(p.role)) +
                         (role->configured ? "" : " (built-in default)"),
                     ref.location});
      break;
    }
  }
  for (uint32_t g : p.groups) {
    for (const PermissionRef& ref : ws.groups[g].permissions) {
      if (ref.permission != perm) continue;
      out.push_back({GrantHolderName(GrantSource::Kind::kGroup, ws.groups[g].name), ref.location});
      break;
    }
  }
  return out;
}

std::string SourceNames(const std::vector<PermissionSource>& sources) {
  return JoinAnd(sources, [](const PermissionSource& s) { return s.name; });
}

// A note at each entry that grants permission `name`.
void NoteSources(Diagnostic& d, const std::vector<PermissionSource>& sources,
                 std::string_view name) {
  for (const PermissionSource& src : sources) {
    if (src.location.valid()) d.Related(src.location, fmt::format("{} granted here", name));
  }
}

// Why user `u` lacks a workspace permission.
std::string WhyNot(const Context& ctx, const User& user, uint32_t u) {
  if (user.disabled) return fmt::format("'{}' is disabled (R7)", user.email);
  if (!user.role) return fmt::format("'{}' has no valid role", user.email);
  const Profile& p = ctx.matrix.profiles()[ctx.matrix.ProfileOf(u)];
  std::vector<std::string_view> groups;
  for (uint32_t g : p.groups) groups.push_back(ctx.ws.groups[g].name);
  if (groups.empty()) {
    return fmt::format("{} does not grant it, and they are in no group (R8)",
                       GrantHolderName(GrantSource::Kind::kRole, RoleName(*user.role)));
  }
  return fmt::format("neither {} nor {} {} {} it (R8)",
                     GrantHolderName(GrantSource::Kind::kRole, RoleName(*user.role)),
                     PluralWord(groups.size(), "group", "groups"), QuoteList(groups),
                     PluralWord(groups.size(), "grants", "grant"));
}

void EvaluatePermission(Context& ctx, const Subject& s, const Ref& entry, bool expected) {
  std::optional<WorkspacePermission> perm = ParseWorkspacePermission(entry.name);
  if (!perm) return;
  const bool actual = ctx.matrix.HasPermission(s.u, *perm);
  if (actual == expected) return;
  const std::string_view name = WorkspacePermissionName(*perm);
  if (expected) {
    ctx.diags
        .Error(Code::kAssertionFailed, entry.location,
               fmt::format("expected '{}' to hold {}, but they do not: {}", s.user->email, name,
                           WhyNot(ctx, *s.user, s.u)))
        .Underline(entry.width);
    return;
  }
  if (s.user->role == UserRole::kAdmin) {
    ctx.diags
        .Error(Code::kAssertionFailed, entry.location,
               fmt::format("expected '{}' not to hold {}, but they do: admins hold every "
                           "workspace permission (R6)",
                           s.user->email, name))
        .Underline(entry.width);
    return;
  }
  std::vector<PermissionSource> sources = SourcesOf(ctx, s.u, *perm);
  Diagnostic& d = ctx.diags
                      .Error(Code::kAssertionFailed, entry.location,
                             fmt::format("expected '{}' not to hold {}, but they do: from {} (R8)",
                                         s.user->email, name, SourceNames(sources)))
                      .Underline(entry.width);
  NoteSources(d, sources, name);
}

void EvaluateAppAction(Context& ctx, const Subject& s, const Ref& entry, bool expected) {
  const bool promote = entry.name == "promote";
  if (!promote && entry.name != "release") return;
  const AccessMatrix& m = ctx.matrix;
  const bool actual = promote ? m.CanPromote(s.u, s.a) : m.CanRelease(s.u, s.a);
  if (actual == expected) return;
  const WorkspacePermission perm =
      promote ? WorkspacePermission::kAppPromote : WorkspacePermission::kAppRelease;
  const std::string_view perm_name = WorkspacePermissionName(perm);
  const std::string_view rule = promote ? "R9" : "R10";
  const std::string& email = s.user->email;
  const std::string& app = s.app->name;
  if (expected) {
    std::string why;
    const Access access = m.AccessOf(s.u, s.a);
    const bool has_perm = m.HasPermission(s.u, perm);
    if (s.user->disabled) {
      why = fmt::format("'{}' is disabled (R7)", email);
    } else if (s.user->role == UserRole::kEndUser) {
      why = fmt::format("end-users never can ({}); make the user a builder", rule);
    } else if (!has_perm && access.level != Level::kEdit) {
      why = fmt::format("they hold neither {} nor edit on '{}' ({})", perm_name, app, rule);
    } else if (!has_perm) {
      why = fmt::format("they do not hold {} ({}): {}", perm_name, rule, WhyNot(ctx, *s.user, s.u));
    } else {
      why = fmt::format("their level on '{}' is {}, and {} needs edit ({})", app,
                        LevelName(access.level), promote ? "promoting" : "releasing", rule);
    }
    ctx.diags
        .Error(Code::kAssertionFailed, entry.location,
               fmt::format("expected '{}' to be able to {} '{}', but they cannot: {}", email,
                           entry.name, app, why))
        .Underline(entry.width);
    return;
  }
  if (s.user->role == UserRole::kAdmin) {
    ctx.diags
        .Error(Code::kAssertionFailed, entry.location,
               fmt::format("expected '{}' not to be able to {} '{}', but they can: admins can "
                           "{} every app (R6)",
                           email, entry.name, app, entry.name))
        .Underline(entry.width);
    return;
  }
  std::vector<PermissionSource> sources = SourcesOf(ctx, s.u, perm);
  Explanation x = Explain(m, s.u, s.a);
  std::vector<size_t> edit_from;
  for (size_t i = 0; i < x.grants.size(); ++i) {
    if (x.grants[i].access.level == Level::kEdit) edit_from.push_back(i);
  }
  Diagnostic& d = ctx.diags
                      .Error(Code::kAssertionFailed, entry.location,
                             fmt::format("expected '{}' not to be able to {} '{}', but they can: "
                                         "{} from {}, level edit from {} ({})",
                                         email, entry.name, app, perm_name, SourceNames(sources),
                                         Names(x, edit_from, app), rule))
                      .Underline(entry.width);
  NoteSources(d, sources, perm_name);
  for (size_t g : edit_from) {
    if (x.grants[g].location.valid()) {
      d.Related(NoteLocation(ctx.ws, x.grants[g], true, nullptr), "level edit from here");
    }
  }
}

// S4: a `cannot` promote or release that holds under the documented rules
// (R9, R10: the permission and edit) but not on ToolJet's server, which asks
// for the permission alone. The server only allows more, so a `can` that
// holds under the documented rules holds there too.
void EvaluateAppActionOnServer(Context& ctx, const Subject& s, const Ref& entry, bool expected) {
  const bool promote = entry.name == "promote";
  if (!ctx.server || expected || (!promote && entry.name != "release")) return;
  auto can = [&](const AccessMatrix& m) {
    return promote ? m.CanPromote(s.u, s.a) : m.CanRelease(s.u, s.a);
  };
  if (can(ctx.matrix) || !can(*ctx.server)) return;
  const WorkspacePermission perm =
      promote ? WorkspacePermission::kAppPromote : WorkspacePermission::kAppRelease;
  const std::string_view perm_name = WorkspacePermissionName(perm);
  std::vector<PermissionSource> sources = SourcesOf(ctx, s.u, perm);
  Diagnostic& d =
      ctx.diags
          .Error(Code::kAssertionFailed, entry.location,
                 fmt::format("expected '{}' not to be able to {} '{}', but ToolJet's server lets "
                             "them (S4: {} alone lets a builder {} an app, without edit on it; "
                             "{} from {})",
                             s.user->email, entry.name, s.app->name, perm_name, entry.name,
                             perm_name, SourceNames(sources)))
          .Underline(entry.width);
  NoteSources(d, sources, perm_name);
}

bool Listed(const std::optional<std::vector<Ref>>& list, const std::string& name) {
  if (!list) return false;
  return std::any_of(list->begin(), list->end(), [&](const Ref& r) { return r.name == name; });
}

// `public: false` / `true` (R13): whether the app is public, whoever asks.
void EvaluatePublic(Context& ctx, const Assertion& a) {
  const App* app = a.app ? ctx.ws.FindApp(a.app->name) : nullptr;
  if (!app || !a.is_public || *a.is_public == app->is_public) return;
  if (app->is_public) {
    const bool released = ctx.matrix.PublicAccessOf(ctx.AppIndex(app)) == PublicAccess::kUse;
    Diagnostic& d =
        ctx.diags
            .Error(Code::kAssertionFailed, a.public_location,
                   fmt::format("expected app '{}' not to be public, but it is: anyone with its "
                               "link {} without signing in (R13); remove its 'public: true', or "
                               "this assertion if the app is meant to be public",
                               app->name,
                               released ? "opens the released app"
                                        : "will open the released app, once one is released,"))
            .Underline(a.public_width);
    if (app->public_location.valid()) d.Related(app->public_location, "made public here");
    return;
  }
  ctx.diags
      .Error(Code::kAssertionFailed, a.public_location,
             fmt::format("expected app '{}' to be public, but it is not: only the users its "
                         "grants reach open it (R13); add 'public: true' to the app",
                         app->name))
      .Underline(a.public_width)
      .Related(app->location, "the app is defined here");
}

void Evaluate(Context& ctx, const Assertion& a) {
  const Workspace& ws = ctx.ws;
  EvaluatePublic(ctx, a);
  if (!a.user) return;
  Subject s;
  s.user = ws.FindUser(a.user->name);
  if (!s.user) return;
  s.u = ctx.UserIndex(s.user);
  if (a.app) {
    s.app = ws.FindApp(a.app->name);
    if (!s.app) return;
    s.a = ctx.AppIndex(s.app);
  }
  if (a.expect && s.app) {
    std::optional<Explanation> x, on_server;
    for (const ExpectEntry& e : *a.expect) {
      std::optional<size_t> col = ExpectColumn(ws, e);
      if (!col) continue;
      Capability actual = ctx.matrix.At(s.u, s.a, *col);
      if (actual != *e.value) {
        if (!x) x = Explain(ctx.matrix, s.u, s.a);
        ReportExpect(ctx, s, e, *col, actual, *x);
        continue;
      }
      if (!ctx.server) continue;
      actual = ctx.server->At(s.u, s.a, *col);
      if (actual == *e.value) continue;
      if (!on_server) on_server = Explain(*ctx.server, s.u, s.a);
      ReportServerExpect(ctx, s, e, *col, actual, *on_server);
    }
  }
  // An entry in both lists was reported as malformed; one side would fail.
  for (bool expected : {true, false}) {
    const auto& list = expected ? a.can : a.cannot;
    if (!list) continue;
    for (const Ref& entry : *list) {
      if (Listed(expected ? a.cannot : a.can, entry.name)) continue;
      if (s.app) {
        EvaluateAppAction(ctx, s, entry, expected);
        EvaluateAppActionOnServer(ctx, s, entry, expected);
      } else {
        EvaluatePermission(ctx, s, entry, expected);
      }
    }
  }
}

}  // namespace

void EvaluateAssertions(Context& ctx) {
  for (const Assertion& a : ctx.ws.assertions) Evaluate(ctx, a);
}

}  // namespace access_checks_internal
}  // namespace stagegate
