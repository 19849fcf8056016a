// Internal to the checks stage: the state every check family shares (the
// workspace, the diagnostics, lazily built name lists for "did you mean")
// and the families themselves, one .cc file each. RunChecks (checks.cc)
// calls them in a fixed order.
#ifndef STAGEGATE_CHECKS_CHECK_CONTEXT_H_
#define STAGEGATE_CHECKS_CHECK_CONTEXT_H_

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "model/workspace.h"
#include "source/diagnostic.h"

namespace stagegate {
namespace checks_internal {

// The name lists a misspelt reference is compared against.
enum class Names {
  kUsers,
  kGroups,
  kApps,
  kDataSources,
  kConstants,
  kEnvironments,
  kColumns,
  kCount
};

class Context {
 public:
  Context(const Workspace& ws, Diagnostics& diags) : ws(ws), diags(diags) {}

  // " (did you mean 'x'?)" or "".
  std::string DidYouMean(Names names, std::string_view name);

  // "unknown <what> '<name>' <relation> <where> (did you mean ...?)" at `ref`.
  void Unknown(const Ref& ref, std::string_view what, std::string_view where, Names names,
               std::string_view relation = "in");

  // True when environment names can be checked (some are declared).
  bool HasEnvironments() const { return !ws.environments.empty(); }

  const Workspace& ws;
  Diagnostics& diags;

 private:
  const std::vector<std::string_view>& List(Names names);

  std::array<std::vector<std::string_view>, static_cast<size_t>(Names::kCount)> lists_;
  std::array<bool, static_cast<size_t>(Names::kCount)> built_{};
  // Suggestions against very large lists are costly; after this many the
  // rest of the run reports without them.
  int large_suggestions_left_ = 200;
};

// Group members, grants (apps, data sources, environments) of groups and
// configured roles, app owners, data sources and constants.
void CheckReferences(Context& ctx);
// Data source environments and options (credentials, templates and their
// kinds) and constants (plaintext secrets, blank values, value length,
// secrets used outside data sources).
void CheckDataSources(Context& ctx);
void CheckConstants(Context& ctx);
// Constants without a value in an environment: an error where a version
// there uses them, otherwise a warning (check_constant_uses.cc).
void CheckConstantUses(Context& ctx);
// "global constant", "secret", or "constant" (no valid type).
std::string ConstantNoun(const Constant& c);
// Version names, environments and statuses (P1, P4).
void CheckVersions(Context& ctx);
// Names as ToolJet takes them: reserved group names, and names ToolJet's
// forms would refuse or that read badly (name-style).
void CheckNames(Context& ctx);
// R5: grants, memberships and ownerships that would let an end-user edit.
void CheckEndUserEdit(Context& ctx);
// Assertions that cannot be evaluated as written.
void CheckAssertions(Context& ctx);

}  // namespace checks_internal
}  // namespace stagegate

#endif  // STAGEGATE_CHECKS_CHECK_CONTEXT_H_
