// Provenance: which grants reach a user for an app (GrantsReaching) and, per
// column, which rule decided the capability and which grants gave the level
// and the column (Explain). Recomputed from the workspace for one (user,
// app), so it costs nothing at Compile time; tests check that it agrees with
// the matrix.
#include <algorithm>
#include <cstdint>

#include "access/access.h"
#include "access/access_internal.h"

namespace stagegate {
namespace {

using access_internal::GrantColumns;
using access_internal::ToLevel;

// Whose grants AddGrants reads, and for whom.
struct GrantReader {
  GrantSource::Kind kind = GrantSource::Kind::kGroup;
  std::string_view holder;  // the role's or the group's name
  bool located = true;      // false: a built-in role, whose grants are in no file
  bool end_user = false;    // R3's default and S6 differ for end-users
};

// The grants of `reader.holder` that name app `app`, each with what it alone
// gives (R3 applied for the user's role).
void AddGrants(const GrantReader& reader, const std::vector<AppGrant>& grants,
               const Workspace& ws, AccessRules rules, std::string_view app,
               std::vector<GrantSource>* out) {
  for (const AppGrant& g : grants) {
    if (!g.level || !GrantNamesApp(g, app)) continue;
    GrantSource s;
    s.kind = reader.kind;
    s.name = std::string(reader.holder);
    if (reader.located) s.location = g.location;
    s.access = Access{ToLevel(*g.level), GrantColumns(ws, g, reader.end_user)};
    s.all_apps = g.all_apps;
    s.environments_defaulted = !g.environments.has_value();
    s.refused = reader.end_user && access_internal::GrantRefused(rules, s.access.level);
    out->push_back(std::move(s));
  }
}

// Sorts rule ids: R rules before S rules, each by number ("R2" < "R10"),
// and drops repeats.
void SortRules(std::vector<std::string>* rules) {
  auto key = [](const std::string& r) { return std::make_pair(r[0], std::stoi(r.substr(1))); };
  std::sort(rules->begin(), rules->end(),
            [&](const std::string& a, const std::string& b) { return key(a) < key(b); });
  rules->erase(std::unique(rules->begin(), rules->end()), rules->end());
}

void AddNote(std::string* note, std::string_view text) {
  if (!note->empty()) *note += "; ";
  *note += text;
}

}  // namespace

std::vector<GrantSource> GrantsReaching(const AccessMatrix& matrix, uint32_t user, uint32_t app) {
  const Workspace& ws = matrix.workspace();
  const Profile& p = matrix.profiles()[matrix.ProfileOf(user)];
  const std::string& app_name = ws.apps[app].name;
  GrantReader reader;
  reader.end_user = !p.no_role && p.role == UserRole::kEndUser;
  std::vector<GrantSource> out;
  if (!p.no_role) {
    if (const Role* role = ws.RoleOf(p.role)) {
      reader.kind = GrantSource::Kind::kRole;
      reader.holder = role->name.name;
      reader.located = role->configured;
      AddGrants(reader, role->apps, ws, matrix.rules(), app_name, &out);
    }
  }
  reader.kind = GrantSource::Kind::kGroup;
  reader.located = true;
  for (uint32_t g : p.groups) {  // group indexes are in name order
    const Group& group = ws.groups[g];
    reader.holder = group.name;
    AddGrants(reader, group.apps, ws, matrix.rules(), app_name, &out);
  }
  return out;
}

namespace {

// What every column of one explanation is decided from: who the user is, and
// what the grants give together.
struct ExplainContext {
  ExplainContext(const AccessMatrix& m, const Profile& p) : matrix(m), profile(p) {}

  const AccessMatrix& matrix;
  const Profile& profile;
  bool active = false;    // neither disabled nor without a valid role
  bool admin = false;     // R6 decides alone
  bool end_user = false;  // R5, S3
  bool server = false;    // accessRules: server
  bool released = false;  // the app has a released version (R4)
  // Indexes into the grants, kNoGrant when there is none. (Not optionals:
  // GCC's -O3 takes an inlined optional<size_t> for uninitialised.)
  static constexpr size_t kNoGrant = SIZE_MAX;
  size_t admin_grant = kNoGrant, owner_grant = kNoGrant;
  ColumnMask named = 0;  // the columns the grants' environments name (owner aside)
  Level raw_level = Level::kNone;  // R2, before R5
  bool refused = false;  // an end-user's edit grant was refused (S6)
};

// Whether a grant counts towards the level and the columns.
bool Counts(const GrantSource& g) { return !g.refused && g.access.level != Level::kNone; }

// Every grant that reaches the user on the app: admin and owner first, then
// the role group (a placeholder when it grants nothing here, so a reader sees
// it was considered) and the custom groups; the context's grant indexes are
// set.
std::vector<GrantSource> ExplainGrants(const AccessMatrix& matrix, uint32_t user, uint32_t app,
                                       ExplainContext* ctx) {
  const Workspace& ws = matrix.workspace();
  const Profile& p = ctx->profile;
  const User& u = ws.users[user];
  std::vector<GrantSource> grants;
  const Access everything{Level::kEdit, matrix.AllColumns()};
  if (ctx->admin) {
    GrantSource s;
    s.kind = GrantSource::Kind::kAdmin;
    s.name = u.email;
    s.location = u.role_location;
    s.access = everything;
    s.all_apps = true;
    ctx->admin_grant = grants.size();
    grants.push_back(std::move(s));
  }
  if (matrix.OwnerOf(app) == user) {
    GrantSource s;
    s.kind = GrantSource::Kind::kOwner;
    s.name = u.email;
    s.location = ws.apps[app].owner->location;
    s.access = everything;  // R6 (R5 is applied to the result for end-users)
    ctx->owner_grant = grants.size();
    grants.push_back(std::move(s));
  }
  std::vector<GrantSource> reaching = GrantsReaching(matrix, user, app);
  const Role* role = p.no_role ? nullptr : ws.RoleOf(p.role);
  const bool role_grants = std::any_of(reaching.begin(), reaching.end(), [](const GrantSource& g) {
    return g.kind == GrantSource::Kind::kRole;
  });
  if (role && !role_grants) {  // placeholder: the role group was considered
    GrantSource s;
    s.kind = GrantSource::Kind::kRole;
    s.name = role->name.name;
    if (role->configured) s.location = role->name.location;
    grants.push_back(std::move(s));
  }
  for (GrantSource& g : reaching) grants.push_back(std::move(g));
  return grants;
}

// What the grants give together: the columns they name, the level (R2), a
// refused grant (S6); under the server's rules the owner's entry becomes the
// builder defaults beyond the columns named (S5), not every column.
void TotalGrants(Explanation* e, ExplainContext* ctx) {
  for (const GrantSource& g : e->grants) {
    if (Counts(g) && g.kind != GrantSource::Kind::kOwner) ctx->named |= g.access.columns;
  }
  if (ctx->owner_grant != ExplainContext::kNoGrant && ctx->server) {
    GrantSource& owner = e->grants[ctx->owner_grant];
    owner.access = access_internal::OwnerAccess(ctx->matrix.workspace(), ctx->matrix.rules(),
                                                Access{Level::kNone, ctx->named},
                                                ctx->profile.role);
    owner.access.columns &= static_cast<ColumnMask>(~ctx->named);
  }
  for (const GrantSource& g : e->grants) {
    if (Counts(g)) ctx->raw_level = std::max(ctx->raw_level, g.access.level);
  }
  ctx->refused = std::any_of(e->grants.begin(), e->grants.end(),
                             [](const GrantSource& g) { return g.refused; });
}

// Under accessRules: server, why column `c` is in a user's columns when no
// grant's environments name it (FinishAccess and OwnerAccess add it), and the
// rule that says so; empty when a grant names it or the column is not held.
std::string ServerDefault(const ExplainContext& ctx, const Explanation& e, size_t c,
                          std::string* rule) {
  const AccessMatrix& matrix = ctx.matrix;
  const ColumnMask bit = static_cast<ColumnMask>(1u << c);
  if ((ctx.named & bit) || !(e.access.columns & bit)) return "";
  const bool released = c == matrix.released_column();
  const std::string first(matrix.ColumnName(0));
  if (ctx.owner_grant != ExplainContext::kNoGrant && !ctx.end_user) {
    *rule = "S5";
    return released ? "an owner whose grants name no environment also gets released on "
                      "ToolJet's server"
                    : "an owner always gets " + first + " on ToolJet's server";
  }
  if (ctx.end_user) {
    *rule = "S3";
    return "an end-user opens the released app from any view grant on ToolJet's server";
  }
  if (!released) {
    *rule = "S1";
    return "an edit grant always includes " + first + " on ToolJet's server";
  }
  *rule = "S2";
  return ctx.raw_level == Level::kEdit
             ? "no grant names an environment, so ToolJet's server gives an edit level " + first +
                   " and released"
             : "no grant names an environment, so ToolJet's server gives a view level released "
               "only";
}

bool Lists(const std::vector<size_t>& grants, size_t grant) {
  return grant != ExplainContext::kNoGrant && std::count(grants.begin(), grants.end(), grant) > 0;
}

// A builder's or end-user's column c: which grants gave the level and the
// column, and the rules that decided the capability.
ColumnExplanation ExplainGrantedColumn(const ExplainContext& ctx, const Explanation& e, size_t c) {
  ColumnExplanation col;
  const bool unreleased = c == ctx.matrix.released_column() && !ctx.released;
  col.capability = CapabilityAt(ctx.matrix.workspace(), e.access, c, ctx.released);
  for (size_t i = 0; i < e.grants.size(); ++i) {
    const GrantSource& g = e.grants[i];
    if (!Counts(g)) continue;
    if (g.access.level == ctx.raw_level) col.level_from.push_back(i);
    if ((g.access.columns >> c) & 1u) col.columns_from.push_back(i);
  }
  std::string server_rule;
  if (ctx.server) col.server_default = ServerDefault(ctx, e, c, &server_rule);
  if (ctx.raw_level == Level::kNone) {
    col.rules = {"R2"};
    col.note = "no grant reaches this app";
    if (ctx.refused) {
      col.rules.push_back("S6");
      col.note = "ToolJet's server refuses an end-user's edit grant";
    }
  } else if (!col.server_default.empty()) {
    col.rules = {"R2", "R4", server_rule};
    if (unreleased) col.note = "not released";
  } else if (col.columns_from.empty()) {
    col.rules = {"R3"};
    col.note = "not in the environments of any grant";
  } else if (unreleased) {
    col.rules = {"R4"};
    col.note = "not released";
  } else {
    col.rules = {"R2", "R3", "R4"};
    if (ctx.end_user && ctx.raw_level == Level::kEdit && !ctx.server) {
      col.rules.push_back("R5");
      AddNote(&col.note, "end-users cannot edit");
    }
  }
  if (ctx.refused && ctx.raw_level != Level::kNone) {
    col.rules.push_back("S6");
    AddNote(&col.note, "an edit grant is refused by ToolJet's server");
  }
  if (ctx.owner_grant != ExplainContext::kNoGrant && ctx.server) {
    if (col.capability != Capability::kNone && Lists(col.level_from, ctx.owner_grant)) {
      col.rules.push_back("S5");
      AddNote(&col.note, "owner");
    }
  } else if (Lists(col.level_from, ctx.owner_grant) || Lists(col.columns_from, ctx.owner_grant)) {
    col.rules.push_back("R6");
    AddNote(&col.note, "owner");
  }
  SortRules(&col.rules);
  return col;
}

// Column c of any user: R7 and a missing role decide alone, then R6 for
// admins, else the grants (ExplainGrantedColumn).
ColumnExplanation ExplainColumn(const ExplainContext& ctx, const Explanation& e, size_t c) {
  if (!ctx.active) {
    ColumnExplanation col;
    if (ctx.profile.disabled) col.rules = {"R7"};  // else no rule: a missing role was reported
    col.note = ctx.profile.disabled ? "disabled user" : "no valid role";
    return col;
  }
  if (!ctx.admin) return ExplainGrantedColumn(ctx, e, c);
  ColumnExplanation col;  // R6 decides alone
  col.capability = CapabilityAt(ctx.matrix.workspace(), e.access, c, ctx.released);
  col.level_from = {ctx.admin_grant};
  col.columns_from = {ctx.admin_grant};
  col.rules = {"R4", "R6"};
  col.note = "admin";
  if (c == ctx.matrix.released_column() && !ctx.released) AddNote(&col.note, "not released");
  return col;
}

}  // namespace

Explanation Explain(const AccessMatrix& matrix, uint32_t user, uint32_t app) {
  const Profile& p = matrix.profiles()[matrix.ProfileOf(user)];
  ExplainContext ctx(matrix, p);
  ctx.active = !p.disabled && !p.no_role;
  ctx.admin = !p.no_role && p.role == UserRole::kAdmin;
  ctx.end_user = !p.no_role && p.role == UserRole::kEndUser;
  ctx.server = matrix.rules() == AccessRules::kServer;
  ctx.released = matrix.Released(app);
  Explanation e;
  e.user = user;
  e.app = app;
  e.anyone = matrix.PublicAccessOf(app);  // R13
  e.access = matrix.AccessOf(user, app);
  e.grants = ExplainGrants(matrix, user, app, &ctx);
  TotalGrants(&e, &ctx);
  for (size_t c = 0; c < matrix.column_count(); ++c) e.columns.push_back(ExplainColumn(ctx, e, c));
  return e;
}

}  // namespace stagegate
