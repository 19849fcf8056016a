// Internal to CheckAccess (access_checks.cc): the helpers the matrix-based
// checks share (per-profile cells, user and app indexes, name lists that stay
// short for big organisations) and the check families, one .cc file each.
#ifndef STAGEGATE_CHECKS_ACCESS_INTERNAL_H_
#define STAGEGATE_CHECKS_ACCESS_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "access/access.h"
#include "source/diagnostic.h"

namespace stagegate {
namespace access_checks_internal {

// How many names a message lists before "and N more".
inline constexpr size_t kListedNames = 3;

struct Context {
  Context(const AccessMatrix& matrix, Diagnostics& diags, const AccessMatrix* server = nullptr)
      : matrix(matrix), ws(matrix.workspace()), diags(diags), server(server) {}

  // Indexes into Workspace::users / apps of entities found by lookup.
  uint32_t UserIndex(const User* user) const {
    return static_cast<uint32_t>(user - ws.users.data());
  }
  uint32_t AppIndex(const App* app) const { return static_cast<uint32_t>(app - ws.apps.data()); }

  const AccessMatrix& matrix;
  const Workspace& ws;
  Diagnostics& diags;
  // Under accessRules: documented, the same workspace compiled under the
  // server's rules (S1-S6), compiled once for the checks that compare the
  // two; null under accessRules: server, where `matrix` already is it.
  const AccessMatrix* server = nullptr;
};


// "group 'qa'", "role 'builder'" (GrantHolderName, as every message names a
// role or a group), "ownership of 'payroll' (R6)", "the admin role (R6)".
std::string GrantName(const GrantSource& grant, std::string_view app);

// "in 'staging'", "in 'development' and 'released'", "everywhere" (every
// column), "in no environment": where the columns of `mask` are.
std::string ColumnPhrase(const AccessMatrix& matrix, ColumnMask mask);

// The users of some profiles (indexes into AccessMatrix::profiles, sorted),
// quoted and cut for a message: "'a@x.io', 'b@x.io' and 7 more".
std::string ProfileUserList(const AccessMatrix& matrix, const std::vector<uint32_t>& profiles);

// The role or group entry a grant came from; nullptr for owners, admins and
// built-in roles.
const AppGrant* FindAppGrant(const Workspace& ws, const GrantSource& grant);

// Combined-grant escalation: cells no single grant gives (R2 + R3).
void CheckEscalation(Context& ctx);
// Grants to end-users of apps with no released version, and appPromote /
// appRelease held by groups whose members can edit no app.
void CheckGrantEffects(Context& ctx);
// Enabled users who can open no app, and apps no enabled user can promote or
// release (R9, R10).
void CheckReach(Context& ctx);
// Under accessRules: documented, where ToolJet's server gives other access
// (S1-S3, S5): each grant and ownership it reads differently. Needs
// ctx.server.
void CheckServerDifferences(Context& ctx);
// Under accessRules: documented, appPromote and appRelease letting builders
// promote or release apps they cannot edit on ToolJet's server (S4). Reads
// only the documented matrix.
void CheckServerPermissions(Context& ctx);
// Groups without members, data sources and constants nothing uses.
void CheckUnused(Context& ctx);
// Public apps (R13): anyone with the link opens the released app.
void CheckPublicApps(Context& ctx);
// Every well-formed assertion against the matrix and, under accessRules:
// documented, the server's (ctx.server); a failure under either is an error.
void EvaluateAssertions(Context& ctx);

}  // namespace access_checks_internal
}  // namespace stagegate

#endif  // STAGEGATE_CHECKS_ACCESS_INTERNAL_H_
