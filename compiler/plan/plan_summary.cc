// The plan's printable parts: step kind names, permission descriptions and
// the summary line renderers show ("2 promotions, 1 release").
#include <algorithm>
#include <string>

#include "plan/plan.h"
#include "source/wording.h"

namespace stagegate {

std::string_view StepKindName(StepKind kind) {
  switch (kind) {
    case StepKind::kCreate:
      return "create";
    case StepKind::kPublish:
      return "publish";
    case StepKind::kPromote:
      return "promote";
    case StepKind::kRelease:
      return "release";
    case StepKind::kDelete:
      return "delete";
  }
  return "create";
}

std::string DescribePermission(const StepPermission& permission, std::string_view app) {
  std::string out;
  if (permission.workspace) {
    out += WorkspacePermissionName(*permission.workspace);
    if (permission.level == Level::kNone) return out;  // S4: the permission alone
    out += " + ";
  }
  out += LevelName(permission.level);
  out += " on '";
  out += app;
  out += "'";
  return out;
}

size_t StepUsers::size() const {
  if (!base_) return 0;
  return base_->size() + (add_ ? 1 : 0) - (remove_ ? 1 : 0);
}

std::vector<uint32_t> StepUsers::Indexes(size_t limit) const {
  std::vector<uint32_t> out;
  if (!base_) return out;
  out.reserve(std::min(limit, size()));
  bool added = !add_;
  for (uint32_t u : *base_) {
    if (out.size() >= limit) return out;
    if (!added && *add_ < u) {
      out.push_back(*add_);
      added = true;
      if (out.size() >= limit) return out;
    }
    if (remove_ && u == *remove_) continue;
    out.push_back(u);
  }
  if (!added && out.size() < limit) out.push_back(*add_);
  return out;
}

std::vector<std::string> StepUsers::Emails(size_t limit) const {
  std::vector<std::string> out;
  for (uint32_t u : Indexes(limit)) out.push_back(ws_->users[u].email);
  return out;
}

size_t PlanSummary::total() const {
  size_t n = 0;
  for (size_t c : counts) n += c;
  return n;
}

std::string PlanSummary::Text() const {
  static constexpr std::string_view kNouns[kStepKindCount][2] = {
      {"creation", "creations"}, {"publication", "publications"}, {"promotion", "promotions"},
      {"release", "releases"},   {"deletion", "deletions"},
  };
  std::string out;
  for (size_t k = 0; k < kStepKindCount; ++k) {
    if (counts[k] == 0) continue;
    if (!out.empty()) out += ", ";
    out += Plural(counts[k], kNouns[k][0], kNouns[k][1]);
  }
  return out.empty() ? "no version changes" : out;
}

}  // namespace stagegate
