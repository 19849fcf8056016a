// The promotion plan (semantics.md P1-P8): the ordered version steps (create,
// publish, promote, release, delete) that take every app from the current
// state to the desired configuration, each with the permission it needs and
// the users who hold it, plus errors for steps that are impossible (P2, P7)
// or blocked (P5, P6). Renderers (text, markdown, json) print a Plan as is.
#ifndef STAGEGATE_PLAN_PLAN_H_
#define STAGEGATE_PLAN_PLAN_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "access/access.h"
#include "model/workspace.h"
#include "source/diagnostic.h"
#include "source/location.h"

namespace stagegate {

// In P8 order: within an app, steps come in this order of kinds.
enum class StepKind : uint8_t { kCreate, kPublish, kPromote, kRelease, kDelete };
inline constexpr size_t kStepKindCount = 5;
std::string_view StepKindName(StepKind kind);  // "create", "publish", ...

// What a step needs (P6): a workspace permission (R9 appPromote, R10
// appRelease; none for create / publish / delete) and a level on the app
// (none: the permission alone, S4 under accessRules: server).
struct StepPermission {
  std::optional<WorkspacePermission> workspace;
  Level level = Level::kEdit;
  std::string_view rule;  // "R9", "R10", "S4" or "P6"
};
// "appPromote + edit on 'payroll'", "edit on 'payroll'", "appPromote" (S4).
std::string DescribePermission(const StepPermission& permission, std::string_view app);

// The enabled users who hold a step's permission for its app, in the order
// of Workspace::users (lower-cased e-mail). A workspace can have tens of
// thousands of editors, so steps share one list of user indexes per distinct
// answer and only the app's owner (R6) is stored per step; e-mails are made
// on demand, e.g. the first few and "and 3,998 more".
class StepUsers {
 public:
  StepUsers() = default;
  // `base` sorted and not null; `add` (not in base) and `remove` (in base)
  // adjust it for the app's owner.
  StepUsers(const Workspace* ws, std::shared_ptr<const std::vector<uint32_t>> base,
            std::optional<uint32_t> add, std::optional<uint32_t> remove)
      : ws_(ws), base_(std::move(base)), add_(add), remove_(remove) {}

  size_t size() const;
  bool empty() const { return size() == 0; }
  // The first `limit` users' e-mails as written, in order.
  std::vector<std::string> Emails(size_t limit = static_cast<size_t>(-1)) const;
  // The first `limit` users as indexes into Workspace::users.
  std::vector<uint32_t> Indexes(size_t limit = static_cast<size_t>(-1)) const;

 private:
  const Workspace* ws_ = nullptr;
  std::shared_ptr<const std::vector<uint32_t>> base_;
  std::optional<uint32_t> add_;
  std::optional<uint32_t> remove_;
};

struct PlanStep {
  StepKind kind = StepKind::kCreate;
  std::string app;
  std::string version;
  // Environments. create: from is empty, to is the first environment (P1);
  // publish and release: from == to; promote: to is the next one after from
  // (P2); delete: from is where the version was, to is empty.
  std::string from;
  std::string to;
  // release only: the version released before, which becomes published (P4);
  // empty when none.
  std::string replaces;
  StepPermission permission;
  // Who holds `permission` for the app in the DESIRED matrix (P6). users()
  // makes every e-mail; holders.size() and holders.Emails(limit) are cheaper
  // where only a count or the first few are shown.
  StepUsers holders;
  std::vector<std::string> users() const { return holders.Emails(); }
  // P5: what `to` lacks, e.g. "data source 'hr-db'", "a value for constant
  // 'API_URL'", "a value for constant 'DB_PASS' (used by data source 'hr-db')".
  std::vector<std::string> missing;
  // An error was reported for this step: `missing` is not empty (P5) or
  // holders is (P6).
  bool blocked = false;
  // In the DESIRED configuration: the version's name; for a delete, the app's
  // name (the version is no longer written anywhere).
  Location location;
};

struct PlanSummary {
  std::array<size_t, kStepKindCount> counts{};  // indexed by StepKind
  size_t blocked = 0;                           // steps with blocked set
  size_t errors = 0;                            // errors ComputePlan reported

  size_t Count(StepKind kind) const { return counts[static_cast<size_t>(kind)]; }
  size_t total() const;
  // "1 creation, 2 promotions, 1 release" (kinds in P8 order, zero counts left
  // out); "no version changes" when there are no steps.
  std::string Text() const;
};

struct Plan {
  // P8 order: apps by name; per app create, publish, promote (versions
  // furthest along first, each version's promotions in pipeline order),
  // release, delete; ties by version name. Steps of one app are contiguous.
  std::vector<PlanStep> steps;
  PlanSummary summary;

  bool empty() const { return steps.empty(); }
};

// The plan from `current` (nullptr: nothing exists yet) to desired.workspace().
// The plan's StepUsers point into desired.workspace(): keep it alive as long.
// Versions are identified by (app name, version name); environments are
// matched by name and ordered as the desired workspace declares them.
//
// Reports errors (at desired locations only; the current configuration's
// files are not the ones printed) for: a version moving back to an earlier
// environment or status (version-moves-back, P2); a step whose target
// environment lacks a data source or constant value (step-blocked, P5); a
// permission nobody holds (step-without-actor, P6, once per version and
// permission); a rename outside the first environment, a released version
// changed without a replacement, a deletion outside the first environment
// under `strict` (forbidden-version-action, P7), and in a workspace that
// does not promote (multiEnvironment: false) a version that would have to
// move to another environment (forbidden-version-action; no step of it is
// planned, and a release may be from any environment). A rename is a version that
// disappears from an environment after the first while a new one appears in
// the same environment of the same app (paired by sorted name).
//
// Not reported (checks already does): versions with a missing name, status
// or unknown environment, drafts outside the first environment, releases
// outside the last one, duplicate names; such versions are skipped. Apps only
// in `current` (removed apps) get no version steps: removing an app is a
// configuration change the diff shows. A current version whose environment
// the desired workspace no longer has is skipped too, and a desired version
// of the same name is not taken as new.
Plan ComputePlan(const Workspace* current, const AccessMatrix& desired, Diagnostics& diags);

}  // namespace stagegate

#endif  // STAGEGATE_PLAN_PLAN_H_
