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
  std::vector<uint32_t> users;
  size_t count = 0;
  for (uint32_t p : profiles) {
    const std::vector<uint32_t>& members = matrix.profiles()[p].users;
    count += members.size();
    users.insert(users.end(), members.begin(),
                 members.begin() + std::min(members.size(), kListedNames));
  }
  std::sort(users.begin(), users.end());
  std::vector<std::string_view> names;
  for (size_t i = 0; i < users.size() && i < kListedNames; ++i) {
    names.push_back(matrix.workspace().users[users[i]].email);
  }
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
  // others (the grant effects, the largest of them, first); the assertions,
  // which read both matrices, follow. Each family writes its own list; they
  // are joined in the same order either way.
  Diagnostics assertions, before, effects, server_differs, after;
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
  diags.Append(std::move(after));
}

}  // namespace stagegate
