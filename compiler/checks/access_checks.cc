// CheckAccess: the checks that read the effective permission matrix, in a
// fixed order, and the small helpers the families share (access_internal.h).
#include "checks/access_checks.h"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "checks/access_internal.h"
#include "source/parallel.h"
#include "source/wording.h"

namespace stagegate {
namespace access_checks_internal {

std::string GrantName(const GrantSource& grant, std::string_view app) {
  switch (grant.kind) {
    case GrantSource::Kind::kRole:
    case GrantSource::Kind::kGroup:
      return GrantHolderName(grant.kind, grant.name);
    case GrantSource::Kind::kOwner:
      return fmt::format("ownership of '{}' (R6)", app);
    case GrantSource::Kind::kAdmin:
      return "the admin role (R6)";
  }
  return "";
}

std::string ColumnPhrase(const AccessMatrix& matrix, ColumnMask mask) {
  if (mask == 0) return "in no environment";
  if ((mask & matrix.AllColumns()) == matrix.AllColumns()) return "everywhere";
  std::vector<std::string_view> names;
  for (size_t c = 0; c < matrix.column_count(); ++c) {
    if (mask & (1u << c)) names.push_back(matrix.ColumnName(c));
  }
  return "in " + QuoteList(names, names.size());
}

std::string ProfileUserList(const AccessMatrix& matrix, const std::vector<uint32_t>& profiles) {
  // The first few users (by index, as users are sorted) of all the
  // profiles: each profile's users are sorted and no user is in two, so
  // only each profile's first few can be among them.
  std::vector<uint32_t> first;  // sorted, at most kListedNames
  size_t count = 0;
  for (uint32_t p : profiles) {
    const std::vector<uint32_t>& members = matrix.profiles()[p].users;
    count += members.size();
    for (size_t k = 0; k < members.size() && k < kListedNames; ++k) {
      const uint32_t u = members[k];
      if (first.size() == kListedNames && u >= first.back()) break;
      first.insert(std::upper_bound(first.begin(), first.end(), u), u);
      if (first.size() > kListedNames) first.pop_back();
    }
  }
  std::vector<std::string_view> names;
  for (uint32_t u : first) names.push_back(matrix.workspace().users[u].email);
  return QuoteList(names, count);
}

const AppGrant* FindAppGrant(const Workspace& ws, const GrantSource& grant) {
  if (!grant.location.valid()) return nullptr;
  const std::vector<AppGrant>* grants = nullptr;
  if (grant.kind == GrantSource::Kind::kGroup) {
    const Group* group = ws.FindGroup(grant.name);
    if (group) grants = &group->apps;
  } else if (grant.kind == GrantSource::Kind::kRole) {
    std::optional<UserRole> role = ParseRole(grant.name);
    const Role* r = role ? ws.RoleOf(*role) : nullptr;
    if (r) grants = &r->apps;
  }
  if (!grants) return nullptr;
  for (const AppGrant& g : *grants) {
    if (g.location == grant.location) return &g;
  }
  return nullptr;
}

}  // namespace access_checks_internal

void CheckAccess(const AccessMatrix& matrix, Diagnostics& diags) {
  using namespace access_checks_internal;
  // The families only read the matrix: on a large workspace the server's
  // matrix and the comparison with it run on a second thread beside the
  // others (S4, which needs only this matrix, and the grant effects, the
  // largest of them, first); the assertions,
  // which read both matrices, follow. Each family writes its own list; they
  // are joined in the same order either way.
  Diagnostics assertions, before, effects, server_differs, server_permissions, after;
  const Workspace& ws = matrix.workspace();
  // Under the documented rules, the server's matrix (S1-S6): compiled once,
  // for the server-differs warnings and the assertions.
  std::optional<AccessMatrix> server;
  RunBeside(
      ws.users.size() + ws.apps.size() >= kWorthAThread,
      [&] {
        if (matrix.rules() == AccessRules::kDocumented) {
          server = AccessMatrix::Compile(matrix, AccessRules::kServer);
        }
        Context ctx(matrix, server_differs, server ? &*server : nullptr);
        CheckServerDifferences(ctx);
      },
      [&] {
        Context permissions(matrix, server_permissions);
        CheckServerPermissions(permissions);
        Context grants(matrix, effects);
        CheckGrantEffects(grants);
        Context first(matrix, before);
        CheckEscalation(first);
        Context last(matrix, after);
        CheckReach(last);
        CheckUnused(last);
        CheckPublicApps(last);
      });
  Context ctx(matrix, assertions, server ? &*server : nullptr);
  EvaluateAssertions(ctx);
  diags.Append(std::move(assertions));
  diags.Append(std::move(before));
  diags.Append(std::move(effects));
  diags.Append(std::move(server_differs));
  diags.Append(std::move(server_permissions));
  diags.Append(std::move(after));
}

}  // namespace stagegate
