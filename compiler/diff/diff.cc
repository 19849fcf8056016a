// ComputeDiff: D1 on the two workspaces, D2 on the two matrices, and the
// summary counts; plus the enum names renderers print.
#include "diff/diff.h"

#include "diff/diff_internal.h"
#include "source/parallel.h"

namespace stagegate {

std::string_view ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAdded: return "added";
    case ChangeKind::kRemoved: return "removed";
    case ChangeKind::kChanged: return "changed";
  }
  return "?";
}

std::string_view DirectionName(Direction direction) {
  return direction == Direction::kGain ? "gain" : "loss";
}

std::string_view EligibilityName(Eligibility e) {
  return e == Eligibility::kPromote ? "promote" : "release";
}

Diff ComputeDiff(const AccessMatrix* current, const AccessMatrix& desired) {
  Diff diff;
  // D1 reads only the workspaces and D2 only the matrices: D1 runs on a
  // second thread while D2 runs here (each about half the time on a large
  // workspace; a small one is not worth a thread). Either way the result is
  // the same.
  const Workspace& ws = desired.workspace();
  RunBeside(
      ws.users.size() + ws.apps.size() >= kWorthAThread,
      [&] {
        diff.entities = diff_internal::DiffEntities(current ? &current->workspace() : nullptr, ws);
      },
      [&] { diff_internal::DiffAccess(current, desired, &diff); });

  DiffSummary& s = diff.summary;
  for (const EntityChange& e : diff.entities) {
    if (e.change == ChangeKind::kAdded) ++s.entities_added;
    else if (e.change == ChangeKind::kRemoved) ++s.entities_removed;
    else ++s.entities_changed;
  }
  auto count = [&](Direction d) { d == Direction::kGain ? ++s.access_gains : ++s.access_losses; };
  for (const auto& c : diff.public_apps) count(c.direction);
  for (const auto& c : diff.cells) count(c.direction);
  for (const auto& c : diff.permissions) count(c.direction);
  for (const auto& c : diff.eligibility) count(c.direction);
  for (const auto& c : diff.data_sources) count(c.direction);
  return diff;
}

}  // namespace stagegate
